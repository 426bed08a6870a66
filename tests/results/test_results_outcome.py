"""The rules of the law applied to totals, including the official 2022 and 2026 results."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from results_data import OFFICIAL_2022, OFFICIAL_2026, precinct, split_into_units

from atazan_results import (
    ABROAD,
    CONSTITUTION,
    ORDINARY,
    Figures,
    Protocol,
    aggregate,
    decide,
    percent,
    preset,
)
from atazan_results.units import TERRITORIAL_CODES, UNIT_BY_CODE

WEIGHTS_2026 = [UNIT_BY_CODE[code].population_thousands for code in TERRITORIAL_CODES]
WEIGHTS_2022 = [
    1300,
    1100,
    950,
    900,
    880,
    860,
    840,
    800,
    760,
    740,
    720,
    700,
    690,
    680,
    650,
    560,
    1900,
]


def test_replaying_2026_gives_the_official_percentages_and_adoption_in_all_20_units() -> None:
    outcome = decide(aggregate(split_into_units(OFFICIAL_2026, WEIGHTS_2026)), CONSTITUTION)
    assert outcome.figures.registered == 12_482_613
    assert outcome.figures.voted == 9_127_192
    assert outcome.turnout == Decimal("73.12")
    assert outcome.yes == Decimal("87.15")
    assert outcome.valid and outcome.adopted
    assert (outcome.units_with_majority, outcome.units_counted, outcome.units_needed) == (
        20,
        20,
        14,
    )
    assert outcome.reasons == ()


def test_replaying_2022_gives_the_official_percentages_and_adoption_in_all_17_units() -> None:
    outcome = decide(aggregate(split_into_units(OFFICIAL_2022, WEIGHTS_2022)), CONSTITUTION)
    assert outcome.turnout == Decimal("68.05")
    assert outcome.yes == Decimal("77.18")
    assert outcome.valid and outcome.adopted
    assert (outcome.units_with_majority, outcome.units_counted, outcome.units_needed) == (
        17,
        17,
        12,
    )


@pytest.mark.parametrize("official", [OFFICIAL_2022, OFFICIAL_2026])
def test_official_totals_also_pass_as_an_ordinary_question(official: Figures) -> None:
    national = aggregate([Protocol("kz", "kz", "all", official)])
    outcome = decide(national, ORDINARY)
    assert outcome.adopted and outcome.national_majority_yes


def test_official_not_counted_and_invalid_shares_are_of_those_who_voted() -> None:
    outcome = decide(aggregate(split_into_units(OFFICIAL_2026, WEIGHTS_2026)), CONSTITUTION)
    assert outcome.invalid == percent(146_558, 9_127_192) == Decimal("1.61")
    assert outcome.no == Decimal("9.84")


def test_percent_rounds_half_up_exactly() -> None:
    assert percent(1, 8) == Decimal("12.50")
    assert percent(1, 800) == Decimal("0.13")  # 0.125 rounds up
    assert percent(2, 3) == Decimal("66.67")
    assert percent(5, 0) == Decimal("0.00")


def _units(yes_flags: list[bool], registered: int = 1000, voted: int = 600) -> list[Protocol]:
    return [
        precinct(
            f"u{i:02d}", f"p{i:02d}", registered, voted, voted // 2 + 1 if good else voted // 2
        )
        for i, good in enumerate(yes_flags)
    ]


def test_a_constitution_needs_a_majority_in_14_of_20_units() -> None:
    assert decide(aggregate(_units([True] * 14 + [False] * 6)), CONSTITUTION).adopted
    outcome = decide(aggregate(_units([True] * 13 + [False] * 7)), CONSTITUTION)
    assert not outcome.adopted
    assert outcome.reasons == ("too_few_units_with_majority",)


def test_exactly_half_yes_is_not_a_majority() -> None:
    outcome = decide(aggregate([precinct("u", "p", 1000, 600, 300)]), ORDINARY)
    assert not outcome.national_majority_yes
    assert outcome.reasons == ("no_national_majority",)


def test_turnout_of_exactly_half_makes_the_referendum_invalid() -> None:
    outcome = decide(aggregate([precinct("u", "p", 1000, 500, 400)]), ORDINARY)
    assert not outcome.valid and not outcome.adopted
    assert "turnout_not_above_threshold" in outcome.reasons
    assert decide(aggregate([precinct("u", "p", 1000, 501, 400)]), ORDINARY).valid


def test_a_constitution_does_not_need_a_national_majority() -> None:
    # 14 small units say yes narrowly, 6 large units say no heavily.
    protocols = [precinct(f"y{i}", f"py{i}", 100, 60, 31) for i in range(14)]
    protocols += [precinct(f"n{i}", f"pn{i}", 10_000, 6_000, 100) for i in range(6)]
    constitution = decide(aggregate(protocols), CONSTITUTION)
    assert constitution.adopted and not constitution.national_majority_yes
    assert not decide(aggregate(protocols), ORDINARY).adopted


def test_abroad_counts_nationally_but_not_as_a_unit() -> None:
    protocols = _units([True] * 14 + [False] * 6)
    protocols.append(precinct(ABROAD, "abroad-1", 1000, 600, 10, kind="abroad"))
    outcome = decide(aggregate(protocols), CONSTITUTION)
    assert outcome.units_counted == 20
    assert outcome.figures.registered == 21_000
    abroad = next(u for u in outcome.units if u.code == ABROAD)
    assert not abroad.counts_for_rule


def test_abroad_can_be_attached_to_a_unit_by_configuration() -> None:
    protocols = _units([True] * 14 + [False] * 6)
    protocols.append(precinct(ABROAD, "abroad-1", 1000, 600, 10, kind="abroad"))
    rule = CONSTITUTION.with_changes(attach_non_territorial_to="u00")
    outcome = decide(aggregate(protocols), rule)
    assert outcome.units_with_majority == 13 and not outcome.adopted


def test_rule_thresholds_are_configurable() -> None:
    strict = ORDINARY.with_changes(yes_above=Fraction(2, 3), turnout_above=Fraction(3, 5))
    protocols = [precinct("u", "p", 1000, 650, 430)]
    assert decide(aggregate(protocols), ORDINARY).adopted
    assert not decide(aggregate(protocols), strict).adopted
    assert decide(aggregate([precinct("u", "p", 1000, 650, 440)]), strict).adopted


def test_yes_share_can_be_taken_of_valid_ballots_only() -> None:
    protocols = [precinct("u", "p", 1000, 700, 340, invalid=60)]
    assert not decide(aggregate(protocols), ORDINARY).adopted
    assert decide(aggregate(protocols), ORDINARY.with_changes(base="valid")).adopted


def test_unknown_preset_is_refused_with_the_known_names() -> None:
    assert preset("constitution") is CONSTITUTION
    with pytest.raises(ValueError, match="constitution"):
        preset("plebiscite")


def test_outcome_serialises_to_json_ready_data() -> None:
    outcome = decide(aggregate(split_into_units(OFFICIAL_2026, WEIGHTS_2026)), CONSTITUTION)
    data = outcome.as_dict()
    assert data["turnout_percent"] == "73.12"
    assert data["rule"]["unit_quorum"] == "2/3"  # type: ignore[index]
    assert len(data["units"]) == 20  # type: ignore[arg-type]
