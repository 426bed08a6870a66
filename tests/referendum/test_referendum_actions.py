"""Writes: permission checked, relations enforced, corrections versioned, everything audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from django.core.cache import cache

from atazan.core.audit import verify_chain
from atazan.core.errors import PermissionDeniedError
from atazan.core.models import AuditEntry
from atazan.referendum import actions, selectors
from atazan.referendum.models import (
    ImmutableRowError,
    Precinct,
    Protocol,
    ProtocolVersion,
    Question,
    ReferendumStatus,
)
from atazan_redact.identity import make_identifier
from atazan_results import Figures
from atazan_results.synthetic import SyntheticElection

from factories import SYSTEM

GOOD = Figures(
    registered=1500,
    received=1510,
    issued=1000,
    yes=800,
    no=170,
    invalid=20,
    not_counted=10,
    spoiled=4,
    unused=506,
)


@pytest.fixture
def precinct(question: Question, official: Any) -> Precinct:
    unit = question.referendum.units.get(code="astana")
    return actions.add_precinct(SYSTEM, unit, district_code="astana-01", code="AST-0001")


def test_entering_a_protocol_stores_version_1_and_an_audit_entry(
    precinct: Precinct, question: Question, official: Any
) -> None:
    protocol = actions.enter_protocol(official, precinct, question, GOOD)
    assert protocol.current is not None and protocol.current.number == 1
    assert protocol.current.figures == GOOD
    entry = AuditEntry.objects.filter(action="referendum.enter_protocol").get()
    assert entry.actor_label == "official"
    assert entry.data["figures"]["yes"] == 800


def test_a_protocol_breaking_a_relation_is_refused_with_the_relation_named(
    precinct: Precinct, question: Question, official: Any
) -> None:
    with pytest.raises(actions.ProtocolRefused) as refused:
        actions.enter_protocol(official, precinct, question, replace(GOOD, yes=801))
    assert [b.code for b in refused.value.broken] == ["voted_accounted"]
    assert "issued = yes + no + invalid + not_counted" in str(refused.value)
    assert not ProtocolVersion.objects.exists()
    assert not AuditEntry.objects.filter(action="referendum.enter_protocol").exists()


def test_a_second_entry_for_the_same_precinct_is_refused(
    precinct: Precinct, question: Question, official: Any
) -> None:
    actions.enter_protocol(official, precinct, question, GOOD)
    with pytest.raises(actions.ReferendumError, match="already_entered"):
        actions.enter_protocol(official, precinct, question, GOOD)


def test_a_citizen_may_not_enter_a_protocol(
    precinct: Precinct, question: Question, citizen: Any
) -> None:
    with pytest.raises(PermissionDeniedError):
        actions.enter_protocol(citizen, precinct, question, GOOD)


def test_no_protocol_may_be_entered_once_results_are_final(
    precinct: Precinct, question: Question, official: Any
) -> None:
    actions.set_status(SYSTEM, question.referendum, ReferendumStatus.FINAL)
    precinct.referendum.refresh_from_db()
    with pytest.raises(PermissionDeniedError):
        actions.enter_protocol(official, precinct, question, GOOD)


def test_a_correction_is_a_new_version_and_the_old_one_stays(
    precinct: Precinct, question: Question, official: Any
) -> None:
    protocol = actions.enter_protocol(official, precinct, question, GOOD)
    corrected = replace(GOOD, yes=803, invalid=17)
    version = actions.correct_protocol(
        official, protocol, corrected, "Recount of the invalid ballots"
    )
    assert version.number == 2 and version.reason == "Recount of the invalid ballots"
    versions = list(ProtocolVersion.objects.filter(protocol=protocol).order_by("number"))
    assert [v.figures for v in versions] == [GOOD, corrected]
    assert Protocol.objects.get(pk=protocol.pk).current == version
    entry = AuditEntry.objects.filter(action="referendum.correct_protocol").get()
    assert entry.data["changed"] == {"yes": [800, 803], "invalid": [20, 17]}
    assert entry.data["reason"] == "Recount of the invalid ballots"


def test_a_correction_without_a_reason_is_refused(
    precinct: Precinct, question: Question, official: Any
) -> None:
    protocol = actions.enter_protocol(official, precinct, question, GOOD)
    with pytest.raises(actions.ReferendumError, match="reason_required"):
        actions.correct_protocol(official, protocol, replace(GOOD, yes=801, no=169), "  ")


def test_a_correction_that_changes_nothing_is_refused(
    precinct: Precinct, question: Question, official: Any
) -> None:
    protocol = actions.enter_protocol(official, precinct, question, GOOD)
    with pytest.raises(actions.ReferendumError, match="unchanged"):
        actions.correct_protocol(official, protocol, GOOD, "no change")


def test_a_correction_breaking_a_relation_is_refused(
    precinct: Precinct, question: Question, official: Any
) -> None:
    protocol = actions.enter_protocol(official, precinct, question, GOOD)
    with pytest.raises(actions.ProtocolRefused) as refused:
        actions.correct_protocol(official, protocol, replace(GOOD, unused=0), "typo")
    assert [b.code for b in refused.value.broken] == ["ballots_accounted"]


def test_stored_versions_can_be_neither_changed_nor_deleted(
    precinct: Precinct, question: Question, official: Any
) -> None:
    protocol = actions.enter_protocol(official, precinct, question, GOOD)
    version = protocol.current
    assert version is not None
    version.yes = 999
    with pytest.raises(ImmutableRowError):
        version.save()
    with pytest.raises(ImmutableRowError):
        version.delete()


def test_turnout_is_reported_once_per_time(precinct: Precinct, official: Any) -> None:
    actions.report_turnout(official, precinct, dt.time(10), 150)
    with pytest.raises(actions.ReferendumError, match="already_reported"):
        actions.report_turnout(official, precinct, dt.time(10), 160)


def test_importing_a_count_stores_every_protocol_and_one_audit_entry(
    question: Question, counted: SyntheticElection
) -> None:
    stored = selectors.current_protocols(question)
    assert sorted(stored, key=lambda p: p.precinct) == sorted(
        counted.protocols, key=lambda p: p.precinct
    )
    entry = AuditEntry.objects.filter(action="referendum.import_protocols").get()
    assert entry.data["protocols"] == len(counted.protocols) and len(entry.data["sha256"]) == 64


def test_an_import_with_one_broken_protocol_stores_nothing(
    question: Question, election: SyntheticElection
) -> None:
    bad = list(election.protocols)
    bad[5] = replace(bad[5], figures=replace(bad[5].figures, no=bad[5].figures.no + 1))
    with pytest.raises(actions.ProtocolRefused):
        actions.import_protocols(SYSTEM, question, bad, source="test")
    assert not Protocol.objects.exists() and not Precinct.objects.exists()


def test_results_follow_every_write_without_stale_cache(
    question: Question, counted: SyntheticElection, official: Any
) -> None:
    cache.clear()
    before = selectors.results(question).outcome.figures.yes
    code = counted.protocols[0].precinct
    protocol = Protocol.objects.get(question=question, precinct__code=code)
    f = counted.protocols[0].figures
    actions.correct_protocol(official, protocol, replace(f, yes=f.yes + 1, no=f.no - 1), "recount")
    assert selectors.results(question).outcome.figures.yes == before + 1


def test_the_audit_chain_stays_intact_through_the_referendum_actions(
    precinct: Precinct, question: Question, official: Any
) -> None:
    protocol = actions.enter_protocol(official, precinct, question, GOOD)
    actions.correct_protocol(official, protocol, replace(GOOD, yes=801, no=169), "typo")
    actions.report_turnout(official, precinct, dt.time(12), 400)
    assert verify_chain() is None


def _iin(first_eleven: str) -> str:
    iin = make_identifier(first_eleven)
    assert iin is not None
    return iin


def test_an_eligible_voter_is_added_and_the_audit_log_does_not_name_them(
    precinct: Precinct, official: Any
) -> None:
    iin = _iin("85031540012")
    entry = actions.add_voter(
        official, precinct, iin=iin, full_name="Айгүл Омарова", birth_date=dt.date(1985, 3, 15)
    )
    assert entry.precinct == precinct
    audit = AuditEntry.objects.filter(action="referendum.add_voter").get()
    assert iin not in str(audit.data) and "Омарова" not in str(audit.data)


def test_a_voter_turning_18_after_voting_day_is_refused(precinct: Precinct, official: Any) -> None:
    with pytest.raises(actions.VoterRefused) as refused:
        actions.add_voter(
            official,
            precinct,
            iin=_iin("08031650036"),
            full_name="Әлихан Сейітов",
            birth_date=dt.date(2008, 3, 16),
        )
    assert refused.value.reasons == ["under_age"]


def test_an_invalid_iin_and_a_second_roll_entry_are_refused(
    precinct: Precinct, official: Any
) -> None:
    iin = _iin("90071230045")
    actions.add_voter(
        official, precinct, iin=iin, full_name="Дмитрий Ким", birth_date=dt.date(1990, 7, 12)
    )
    with pytest.raises(actions.VoterRefused) as refused:
        actions.add_voter(
            official, precinct, iin=iin, full_name="Дмитрий Ким", birth_date=dt.date(1990, 7, 12)
        )
    assert refused.value.reasons == ["already_on_a_roll"]
    with pytest.raises(actions.VoterRefused) as refused:
        actions.add_voter(
            official, precinct, iin="123456789012", full_name="X", birth_date=dt.date(1990, 1, 1)
        )
    assert "invalid_iin" in refused.value.reasons


def test_a_court_exclusion_keeps_the_voter_listed_but_not_eligible(
    precinct: Precinct, official: Any
) -> None:
    entry = actions.add_voter(
        official,
        precinct,
        iin=_iin("72110530067"),
        full_name="Бауыржан Есенов",
        birth_date=dt.date(1972, 11, 5),
    )
    actions.exclude_voter(official, entry, "incapable")
    (row,) = selectors.roll_summary(precinct.referendum)
    assert (row.listed, row.eligible) == (1, 0)


def test_a_rule_change_is_audited_with_before_and_after(question: Question) -> None:
    referendum = question.referendum
    actions.configure_rule(
        SYSTEM, referendum, rule_kind="ordinary", yes_above_num=3, yes_above_den=5
    )
    rule = referendum.rule()
    assert rule.unit_quorum is None and rule.national_majority and str(rule.yes_above) == "3/5"
    entry = AuditEntry.objects.filter(action="referendum.configure_rule").get()
    assert entry.data["before"]["rule_kind"] == "constitution"
    with pytest.raises(actions.ReferendumError, match="zero_denominator"):
        actions.configure_rule(SYSTEM, referendum, yes_above_den=0)


def test_a_verified_online_tally_joins_as_one_online_precinct_per_unit(
    question: Question, counted: SyntheticElection, official: Any
) -> None:
    online = actions.record_online_round(
        SYSTEM,
        question,
        record_path="/nonexistent",
        ballots_cast=12,
        ballots_counted=10,
        manifest_hash="m",
        board_head="h",
        tally={
            "astana": {"registered": 6, "voted": 6, "yes": 5, "no": 1},
            "abroad": {"registered": 5, "voted": 4, "yes": 3, "no": 1},
        },
        verified=True,
        verification_report="ok",
    )
    before = selectors.results(question).national
    actions.join_online_tally(official, online)
    after = selectors.results(question).national
    assert after.figures.yes == before.figures.yes + 8
    astana = after.child("astana")
    assert astana is not None
    kinds = [p.kind for p in astana.precincts()]
    assert kinds.count("online") == 1
    with pytest.raises(actions.ReferendumError, match="already_joined"):
        actions.join_online_tally(official, online)


def test_an_unverified_online_round_cannot_join(question: Question, official: Any) -> None:
    online = actions.record_online_round(
        SYSTEM,
        question,
        record_path="/x",
        ballots_cast=1,
        ballots_counted=1,
        manifest_hash="",
        board_head="",
        tally={"astana": {"registered": 1, "voted": 1, "yes": 1, "no": 0}},
        verified=False,
        verification_report="bad proof",
    )
    with pytest.raises(actions.ReferendumError, match="not_verified"):
        actions.join_online_tally(official, online)
