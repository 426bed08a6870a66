"""Anomaly flags find planted irregularities and stay quiet on ordinary precincts."""

from __future__ import annotations

import pytest
from results_data import precinct

from atazan_results import TurnoutReport, find_all, turnout_curve
from atazan_results.anomalies import outliers, robust_z, round_numbers, turnout_spikes
from atazan_results.synthetic import REPORT_TIMES, generate


def _unit(n: int = 20) -> list:
    # Turnout about 60-65%, yes about 78-84%: an ordinary unit.
    return [
        precinct(
            "abai",
            f"p{i}",
            1003 + i,
            600 + 5 * (i % 10),
            round((600 + 5 * (i % 10)) * (0.78 + 0.01 * (i % 7))),
            invalid=7,
        )
        for i in range(n)
    ]


def test_robust_z_ignores_a_single_extreme_value() -> None:
    scores = robust_z([1.0, 2.0, 3.0, 4.0, 5.0, 1000.0])
    assert scores[-1] is not None and scores[-1] > 100
    assert all(s is not None and abs(s) < 2 for s in scores[:-1])


def test_robust_z_is_undefined_when_all_values_are_equal() -> None:
    assert robust_z([0.5, 0.5, 0.5]) == [None, None, None]


def test_a_precinct_with_stuffed_turnout_is_flagged_against_its_unit() -> None:
    protocols = _unit()
    protocols.append(precinct("abai", "stuffed", 1000, 985, 980))
    flags = outliers(protocols)
    assert {(a.kind, a.precinct) for a in flags} == {
        ("turnout_outlier", "stuffed"),
        ("yes_outlier", "stuffed"),
    }
    turnout = next(a for a in flags if a.kind == "turnout_outlier")
    assert turnout.params["value"] == 98.5 and turnout.score is not None and turnout.score > 3.5


def test_precincts_are_compared_only_within_their_own_unit() -> None:
    # A high-turnout unit next to a low-turnout one: neither is an outlier.
    high = [precinct("astana", f"a{i}", 1000, 900 + i, 700) for i in range(10)]
    low = [precinct("almaty", f"b{i}", 1000, 400 + i, 300) for i in range(10)]
    assert outliers(high + low) == []


def test_small_units_are_not_judged_by_a_distribution() -> None:
    few = _unit(5) + [precinct("abai", "odd", 1000, 990, 990)]
    assert outliers(few) == []


def test_online_precincts_are_not_compared_with_polling_stations() -> None:
    protocols = _unit() + [precinct("abai", "online", 50, 50, 50, kind="online")]
    assert [a for a in find_all(protocols) if a.precinct == "online"] == []


def test_round_counts_and_round_shares_are_flagged() -> None:
    flags = round_numbers([precinct("abai", "r", 1500, 1200, 1080, invalid=20)])
    assert {a.kind for a in flags} == {"round_counts", "round_shares"}


def test_full_turnout_is_flagged() -> None:
    assert [a.kind for a in round_numbers([precinct("abai", "f", 80, 80, 61)])] == ["full_turnout"]


def test_ordinary_counts_are_not_flagged_as_round() -> None:
    assert round_numbers([precinct("abai", "o", 1213, 887, 771, invalid=13)]) == []


def _reports(code: str, values: list[int]) -> list[TurnoutReport]:
    return [TurnoutReport(code, t, v, "abai") for t, v in zip(REPORT_TIMES, values, strict=True)]


def test_a_late_surge_in_turnout_is_flagged_with_its_interval() -> None:
    protocols = [precinct("abai", f"p{i}", 1000, 700, 600) for i in range(12)]
    reports = []
    for i in range(11):
        reports += _reports(f"p{i}", [120 + i, 270 + i, 420 + i, 540 + i, 640 + i])
    reports += _reports("p11", [100, 200, 250, 300, 650])
    flags = turnout_spikes(protocols, reports)
    assert [(a.kind, a.precinct, a.params["start"], a.params["end"]) for a in flags] == [
        ("turnout_spike", "p11", "16:00", "18:00")
    ]
    assert flags[0].params["points"] == 35.0


def test_a_running_count_that_goes_down_is_flagged() -> None:
    protocols = [precinct("abai", "p", 1000, 700, 600)]
    flags = turnout_spikes(protocols, _reports("p", [100, 300, 250, 500, 650]))
    assert [(a.kind, a.params["time"]) for a in flags] == [("turnout_decrease", "14:00")]


def test_turnout_curve_carries_the_last_report_forward() -> None:
    protocols = [precinct("abai", "a", 1000, 700, 600), precinct("abai", "b", 1000, 600, 500)]
    reports = [
        TurnoutReport("a", "10:00", 100),
        TurnoutReport("a", "12:00", 300),
        TurnoutReport("b", "10:00", 50),
    ]
    assert turnout_curve(protocols, reports, ["10:00", "12:00"]) == [
        ("10:00", 150, 2000),
        ("12:00", 350, 2000),
    ]


@pytest.mark.parametrize("seed", [1, 2026])
def test_every_planted_irregularity_in_a_synthetic_election_is_found(seed: int) -> None:
    election = generate(precincts=400, seed=seed)
    flags = find_all(election.protocols, election.reports)
    found = {a.precinct for a in flags}
    assert {precinct for _kind, precinct in election.planted} <= found
    # Observers get a short list, not a haystack: planted ones plus a few others.
    assert len(found) <= 20


def test_synthetic_elections_are_reproducible_and_consistent() -> None:
    a = generate(precincts=100, seed=7)
    assert a.protocols == generate(precincts=100, seed=7).protocols
    from atazan_results import check

    assert all(check(p.figures) == [] for p in a.protocols)
    assert len({p.precinct for p in a.protocols}) == len(a.protocols)
