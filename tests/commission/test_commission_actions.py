"""The commission's actions: meetings, votes, amendments, drafts, comments and the trace.

Built on the small Lake Cantons charter in kk, ru and en (tests/constitution):
a commission of seven meets, votes on amendments, consolidates and publishes
a draft, and a citizen's comment on it enters intake as a proposal.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from atazan.commission import actions, selectors
from atazan.commission.models import (
    AmendmentStatus,
    Ballot,
    BodyKind,
    Choice,
    DraftComment,
    MajorityRule,
    MemberRole,
    Vote,
    VoteOutcome,
)
from atazan.constitution.models import Expression, Version
from atazan.constitution.selectors import document_for
from atazan.core.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    StateError,
)
from atazan.core.models import AuditEntry
from atazan.core.roles import Role
from atazan.proposals.intake import clean_submission
from atazan.proposals.models import Channel, Proposal
from atazan_redact import make_identifier

from factories import SYSTEM, UserFactory

# The Lake Cantons charter lives beside the constitution tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "constitution"))
from sample_charters import BASE_EN, BASE_KK, BASE_RU, store  # noqa: E402

pytest.importorskip("atazan_amend.consolidate")

pytestmark = pytest.mark.django_db

VALID_IIN = next(
    v for v in (make_identifier(f"{n:011d}") for n in range(90010230012, 90010230112)) if v
)

NAMES = [
    "Айгерім Сәдуақасова",
    "Нұрлан Бекұлы",
    "Анна Федорова",
    "Сергей Ким",
    "Дина Қасымова",
    "Ерлан Әбенов",
    "Сәуле Оразбаева",
]
ROLES = [MemberRole.CHAIR, MemberRole.DEPUTY_CHAIR, MemberRole.SECRETARY] + [MemberRole.MEMBER] * 4


@pytest.fixture
def base() -> Version:
    store(BASE_EN, "en")
    store(BASE_RU, "ru")
    return store(BASE_KK, "kk").version


def _uid(version: Version, eid: str) -> str:
    document = document_for(Expression.objects.get(version=version, language="en"))
    return document.by_eid()[eid].uid


@pytest.fixture
def commission() -> dict[str, Any]:
    body = actions.create_body(
        SYSTEM,
        slug="commission",
        kind=BodyKind.COMMISSION,
        names={
            "kk": "Конституциялық комиссия",
            "ru": "Конституционная комиссия",
            "en": "Constitutional Commission",
        },
    )
    seats = []
    for name, role in zip(NAMES, ROLES, strict=True):
        # The commission's secretary comes from the secretariat, which consolidates drafts.
        extra = [Role.COMMISSION_SECRETARY] if role == MemberRole.SECRETARY else []
        user = UserFactory(roles=[Role.COMMISSION_MEMBER, *extra])
        seats.append(
            actions.add_member(
                SYSTEM,
                body,
                user,
                full_name=name,
                role=role,
                represents="Абай облысы",
                term_start=dt.date(2025, 9, 1),
            )
        )
    start = timezone.now()
    meeting = actions.schedule_meeting(
        SYSTEM,
        body,
        titles={"kk": "Бірінші отырыс", "ru": "Первое заседание", "en": "First meeting"},
        starts_at=start,
        ends_at=start + dt.timedelta(hours=4),
        place="Ordatau, Palace of Independence",
        live_url="https://example.org/live",
    )
    return {
        "body": body,
        "seats": seats,
        "meeting": meeting,
        "chair": seats[0].user,
        "secretary": seats[2].user,
    }


def _replace_article_5(base: Version, number: str = "A-1", words: str = "guides") -> dict[str, Any]:
    return {
        "kind": "replace",
        "target": _uid(base, "sec_2__art_5"),
        "texts": {
            "en": {"text": f"The council of elders {words} the government on customs."},
            "ru": {"text": f"Совет старейшин ({words}) консультирует правительство по обычаям."},
            "kk": {
                "text": f"Ақсақалдар кеңесі ({words}) үкіметке әдет-ғұрып бойынша кеңес береді."
            },
        },
    }


def _propose(
    commission: dict[str, Any],
    base: Version,
    number: str,
    edit: dict[str, Any],
    proposals: list[Proposal] | None = None,
) -> Any:
    return actions.propose_amendment(
        commission["seats"][3].user,
        commission["body"],
        base,
        number=number,
        edit=edit,
        rationale={"kk": "Азаматтар ұсынды", "ru": "Предложили граждане", "en": "Citizens asked"},
        proposals=proposals or [],
    )


def _all_present(commission: dict[str, Any], count: int | None = None) -> None:
    seats = commission["seats"]
    marks = {s.pk: i < (count if count is not None else len(seats)) for i, s in enumerate(seats)}
    actions.record_attendance(commission["secretary"], commission["meeting"], marks)


def _vote(commission: dict[str, Any], amendment: Any, choices: list[str]) -> Vote:
    vote = actions.open_vote(commission["chair"], commission["meeting"], amendment)
    for seat, choice in zip(commission["seats"], choices, strict=False):
        actions.cast_vote(seat.user, vote, choice)
    return actions.close_vote(commission["chair"], vote)


def _citizen_proposal(text: str = "Ақсақалдар кеңесін сақтау керек.") -> Proposal:
    from atazan.proposals.actions import register_proposal

    submission = clean_submission(
        {
            "submitter_name": "Нұрлан Бекұлы",
            "iin": VALID_IIN,
            "language": "kk",
            "title": "Ақсақалдар кеңесі",
            "text": text,
            "region": "abai",
        },
        require_identity=False,
    )
    return register_proposal(
        SYSTEM, submission, channel=Channel.IMPORT, source="test", external_id=text[:40]
    ).proposal


# Meetings and quorum ---------------------------------------------------------------


def test_a_meeting_without_quorum_cannot_vote_and_says_why(
    commission: dict[str, Any], base: Version
) -> None:
    amendment = _propose(commission, base, "A-1", _replace_article_5(base))
    actions.start_meeting(commission["secretary"], commission["meeting"])
    _all_present(commission, count=4)  # 4 of 7 is below two thirds (5 needed)
    with pytest.raises(StateError, match="4 of 7") as refused:
        actions.open_vote(commission["chair"], commission["meeting"], amendment)
    assert refused.value.field == "quorum"
    assert not Vote.objects.exists()
    _all_present(commission, count=5)
    assert (
        actions.open_vote(commission["chair"], commission["meeting"], amendment).members_present
        == 5
    )


def test_votes_are_taken_only_while_the_meeting_is_in_progress(
    commission: dict[str, Any], base: Version
) -> None:
    amendment = _propose(commission, base, "A-1", _replace_article_5(base))
    _all_present(commission)
    with pytest.raises(StateError):
        actions.open_vote(commission["chair"], commission["meeting"], amendment)


def test_attendance_of_a_non_member_is_refused(commission: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError) as refused:
        actions.record_attendance(commission["secretary"], commission["meeting"], {999_999: True})
    assert refused.value.field == "attendance"


def test_only_the_secretary_records_attendance(commission: dict[str, Any]) -> None:
    with pytest.raises(PermissionDeniedError):
        actions.record_attendance(
            commission["seats"][4].user, commission["meeting"], {commission["seats"][4].pk: True}
        )


# Votes ---------------------------------------------------------------------------


def test_a_majority_of_those_present_adopts_and_a_tie_rejects(
    commission: dict[str, Any], base: Version
) -> None:
    actions.start_meeting(commission["secretary"], commission["meeting"])
    _all_present(commission, count=6)
    first = _propose(commission, base, "A-1", _replace_article_5(base))
    tie = _vote(commission, first, [Choice.FOR] * 3 + [Choice.AGAINST] * 3)
    assert tie.outcome == VoteOutcome.REJECTED
    first.refresh_from_db()
    assert first.status == AmendmentStatus.REJECTED
    second = _propose(commission, base, "A-2", _replace_article_5(base, words="advises"))
    adopted = _vote(commission, second, [Choice.FOR] * 4 + [Choice.AGAINST, Choice.ABSTAIN])
    assert (adopted.outcome, adopted.votes_for, adopted.not_voted) == (VoteOutcome.ADOPTED, 4, 1)


def test_exactly_two_thirds_of_all_members_adopts_under_that_rule(base: Version) -> None:
    body = actions.create_body(
        SYSTEM,
        slug="assembly",
        kind=BodyKind.COMMISSION,
        majority_rule=MajorityRule.TWO_THIRDS_OF_ALL,
        names={"kk": "Жиын", "ru": "Собрание", "en": "Assembly"},
    )
    seats = [
        actions.add_member(
            SYSTEM,
            body,
            UserFactory(),
            full_name=f"Мүше {i}",
            role=MemberRole.CHAIR if i == 0 else MemberRole.MEMBER,
            term_start=dt.date(2025, 1, 1),
        )
        for i in range(6)
    ]
    start = timezone.now()
    meeting = actions.schedule_meeting(
        SYSTEM,
        body,
        titles={"kk": "О", "ru": "З", "en": "M"},
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        place="Hall",
    )
    actions.start_meeting(SYSTEM, meeting)
    actions.record_attendance(SYSTEM, meeting, {s.pk: True for s in seats})
    context = {"body": body, "seats": seats, "meeting": meeting, "chair": seats[0].user}
    amendment = _propose(
        {**context, "seats": [None, None, None, seats[1]]}, base, "B-1", _replace_article_5(base)
    )
    vote = _vote(context, amendment, [Choice.FOR] * 4 + [Choice.AGAINST] * 2)  # 4 of 6: exactly 2/3
    assert vote.outcome == VoteOutcome.ADOPTED
    other = _propose(
        {**context, "seats": [None, None, None, seats[1]]},
        base,
        "B-2",
        _replace_article_5(base, words="counsels"),
    )
    assert (
        _vote(context, other, [Choice.FOR] * 3 + [Choice.ABSTAIN] * 3).outcome
        == VoteOutcome.REJECTED
    )


def test_a_member_votes_once_only_their_own_vote_and_only_while_open(
    commission: dict[str, Any], base: Version
) -> None:
    actions.start_meeting(commission["secretary"], commission["meeting"])
    _all_present(commission)
    amendment = _propose(commission, base, "A-1", _replace_article_5(base))
    vote = actions.open_vote(commission["chair"], commission["meeting"], amendment)
    member = commission["seats"][4].user
    actions.cast_vote(member, vote, Choice.FOR)
    with pytest.raises(ConflictError):
        actions.cast_vote(member, vote, Choice.AGAINST)
    outsider = UserFactory(roles=[Role.COMMISSION_MEMBER])
    with pytest.raises(PermissionDeniedError):
        actions.cast_vote(outsider, vote, Choice.FOR)
    with pytest.raises(InvalidInputError):
        actions.cast_vote(commission["seats"][5].user, vote, "maybe")
    actions.close_vote(commission["chair"], vote)
    with pytest.raises(StateError):
        actions.cast_vote(commission["seats"][6].user, vote, Choice.FOR)
    assert list(Ballot.objects.values_list("membership__user", "choice")) == [(member.pk, "for")]


def test_a_member_recorded_absent_cannot_vote(commission: dict[str, Any], base: Version) -> None:
    actions.start_meeting(commission["secretary"], commission["meeting"])
    _all_present(commission, count=6)
    vote = actions.open_vote(
        commission["chair"],
        commission["meeting"],
        _propose(commission, base, "A-1", _replace_article_5(base)),
    )
    with pytest.raises(StateError, match="present"):
        actions.cast_vote(commission["seats"][6].user, vote, Choice.FOR)


def test_only_the_chair_opens_and_closes_votes(commission: dict[str, Any], base: Version) -> None:
    actions.start_meeting(commission["secretary"], commission["meeting"])
    _all_present(commission)
    amendment = _propose(commission, base, "A-1", _replace_article_5(base))
    with pytest.raises(PermissionDeniedError):
        actions.open_vote(commission["secretary"], commission["meeting"], amendment)
    vote = actions.open_vote(commission["chair"], commission["meeting"], amendment)
    with pytest.raises(PermissionDeniedError):
        actions.close_vote(commission["seats"][4].user, vote)


def test_the_roll_call_shows_every_member_with_absent_and_silent_ones(
    commission: dict[str, Any], base: Version
) -> None:
    actions.start_meeting(commission["secretary"], commission["meeting"])
    _all_present(commission, count=6)
    vote = _vote(
        commission,
        _propose(commission, base, "A-1", _replace_article_5(base)),
        [Choice.FOR, Choice.FOR, Choice.AGAINST, Choice.ABSTAIN, Choice.FOR],
    )
    choices = {row.membership.full_name: row.choice for row in selectors.roll_call(vote)}
    assert choices[NAMES[0]] == "for" and choices[NAMES[3]] == "abstain"
    assert choices[NAMES[5]] == "not_voted" and choices[NAMES[6]] == "absent"


# Amendments: bad input -------------------------------------------------------------


def test_an_amendment_against_a_missing_provision_is_refused_and_nothing_stored(
    commission: dict[str, Any], base: Version
) -> None:
    edit = _replace_article_5(base)
    edit["target"] = "no-such-provision"
    with pytest.raises(InvalidInputError) as refused:
        _propose(commission, base, "A-1", edit)
    assert "no-such-provision" in refused.value.message
    assert not base.amendments.exists()


def test_an_amendment_missing_a_language_of_the_base_is_refused_naming_it(
    commission: dict[str, Any], base: Version
) -> None:
    edit = _replace_article_5(base)
    del edit["texts"]["kk"]
    with pytest.raises(InvalidInputError) as refused:
        _propose(commission, base, "A-1", edit)
    assert "kk" in refused.value.message and "kk" in (refused.value.field or "")
    assert not base.amendments.exists()


def test_a_rationale_missing_in_kazakh_is_refused(
    commission: dict[str, Any], base: Version
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        actions.propose_amendment(
            commission["chair"],
            commission["body"],
            base,
            number="A-1",
            edit=_replace_article_5(base),
            rationale={"ru": "x", "en": "y"},
        )
    assert refused.value.field == "rationale_kk"


def test_every_accepted_action_is_in_the_audit_log(
    commission: dict[str, Any], base: Version
) -> None:
    actions.start_meeting(commission["secretary"], commission["meeting"])
    _all_present(commission)
    _vote(commission, _propose(commission, base, "A-1", _replace_article_5(base)), [Choice.FOR] * 7)
    logged = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "commission.create_body",
        "commission.add_member",
        "commission.schedule_meeting",
        "commission.start_meeting",
        "commission.record_attendance",
        "commission.propose_amendment",
        "commission.open_vote",
        "commission.cast_vote",
        "commission.close_vote",
    } <= logged


# Drafts, publication, comments, the trace ----------------------------------------------


def _adopt(
    commission: dict[str, Any],
    base: Version,
    edits: list[tuple[str, dict[str, Any]]],
    proposals: list[Proposal] | None = None,
) -> list[Any]:
    actions.start_meeting(commission["secretary"], commission["meeting"])
    _all_present(commission)
    adopted = []
    for number, edit in edits:
        amendment = _propose(commission, base, number, edit, proposals)
        _vote(commission, amendment, [Choice.FOR] * 7)
        adopted.append(amendment)
    return adopted


def test_adopted_amendments_become_a_draft_in_every_language_keeping_uids(
    commission: dict[str, Any], base: Version
) -> None:
    proposal = _citizen_proposal()
    _adopt(commission, base, [("A-1", _replace_article_5(base))], [proposal])
    draft = actions.consolidate_draft(
        commission["secretary"], commission["body"], base, label="2026-draft"
    )
    assert sorted(draft.version.expressions.values_list("language", flat=True)) == [
        "en",
        "kk",
        "ru",
    ]
    article_5 = _uid(base, "sec_2__art_5")
    for language, words in (
        ("en", "council of elders guides"),
        ("ru", "(guides)"),
        ("kk", "(guides)"),
    ):
        located = selectors.drafting.locate(draft.version, article_5, language)
        assert located is not None and words in located.text
    assert _uid(draft.version, "sec_1__art_1") == _uid(base, "sec_1__art_1")


def test_conflicting_amendments_are_reported_naming_both_before_anything_is_stored(
    commission: dict[str, Any], base: Version
) -> None:
    delete = {"kind": "delete", "target": _uid(base, "sec_2__art_5")}
    _adopt(commission, base, [("A-1", _replace_article_5(base)), ("A-2", delete)])
    with pytest.raises(ConflictError) as refused:
        actions.consolidate_draft(
            commission["secretary"], commission["body"], base, label="2026-draft"
        )
    assert "A-1" in refused.value.message and "A-2" in refused.value.message
    assert not Version.objects.filter(label="2026-draft").exists()


def test_the_trace_runs_from_a_changed_article_to_the_proposals_and_back(
    commission: dict[str, Any], base: Version
) -> None:
    proposals = [_citizen_proposal(f"Кеңес туралы ұсыныс {i}") for i in range(3)]
    (amendment,) = _adopt(commission, base, [("A-1", _replace_article_5(base))], proposals)
    draft = actions.consolidate_draft(
        commission["secretary"], commission["body"], base, label="2026-draft"
    )
    trace = selectors.provision_trace(draft, _uid(base, "sec_2__art_5"))
    assert [step.amendment.number for step in trace.steps] == ["A-1"]
    assert trace.steps[0].vote is not None and trace.steps[0].vote.outcome == VoteOutcome.ADOPTED
    assert trace.support.proposals == 3
    assert {p.number for p in trace.proposals} == {p.number for p in proposals}
    untouched = selectors.provision_trace(draft, _uid(base, "sec_1__art_1"))
    assert not untouched.changed
    back = selectors.proposal_outcome(proposals[0])
    assert back.shaped_a_draft
    ((found, how, shaped),) = back.amendments
    assert (found.pk, how) == (amendment.pk, "cited")
    assert shaped[0][0].pk == draft.pk
    assert any(loc.uid == _uid(base, "sec_2__art_5") for loc in shaped[0][1])


def test_a_proposal_that_shaped_nothing_shows_its_public_answer(commission: dict[str, Any]) -> None:
    proposal = _citizen_proposal()
    Proposal.objects.filter(pk=proposal.pk).update(public_answer="Бұл мәселе заңмен реттеледі.")
    proposal.refresh_from_db()
    outcome = selectors.proposal_outcome(proposal)
    assert not outcome.shaped_a_draft and outcome.answer == "Бұл мәселе заңмен реттеледі."


def test_the_draft_summary_counts_articles_sections_and_share_of_text(
    commission: dict[str, Any], base: Version
) -> None:
    _adopt(commission, base, [("A-1", _replace_article_5(base))], [_citizen_proposal()])
    draft = actions.consolidate_draft(
        commission["secretary"], commission["body"], base, label="2026-draft"
    )
    summary = selectors.draft_summary(draft)
    assert (summary.base_articles, summary.touched_articles) == (5, 1)
    assert summary.base_sections == 2 and len(summary.touched_sections) == 1
    assert 0 < summary.share_of_text < 1
    assert (
        summary.touched_words == 10
    )  # "The old council of elders advises the government on customs."


def test_a_comment_on_a_published_draft_enters_intake_once_with_its_anchor(
    commission: dict[str, Any], base: Version
) -> None:
    _adopt(commission, base, [("A-1", _replace_article_5(base))])
    draft = actions.consolidate_draft(
        commission["secretary"], commission["body"], base, label="2026-draft"
    )
    citizen = UserFactory(roles=[Role.CITIZEN])
    uid = _uid(base, "sec_2__art_5")
    submission = clean_submission(
        {
            "submitter_name": "Дина Қасымова",
            "iin": VALID_IIN,
            "language": "kk",
            "text": "Кеңестің құрамын заң белгілесін.",
        },
        require_identity=False,
    )
    with pytest.raises(PermissionDeniedError):
        actions.comment_on_draft(
            citizen, draft, provision_uid=uid, quote="", submission=submission, token="t-1"
        )
    draft = actions.publish_draft(commission["secretary"], draft)
    first = actions.comment_on_draft(
        citizen,
        draft,
        provision_uid=uid,
        quote="council of elders guides",
        submission=submission,
        token="t-1",
    )
    again = actions.comment_on_draft(
        citizen,
        draft,
        provision_uid=uid,
        quote="council of elders guides",
        submission=submission,
        token="t-1",
    )
    assert first.created and not again.created and first.proposal.pk == again.proposal.pk
    assert first.proposal.channel == Channel.DRAFT_COMMENT and first.proposal.deadline
    comment = DraftComment.objects.get()
    assert (comment.provision_uid, comment.quote) == (uid, "council of elders guides")
    with pytest.raises(InvalidInputError):
        actions.comment_on_draft(
            citizen,
            draft,
            provision_uid=uid,
            quote="words not there",
            submission=submission,
            token="t-2",
        )
    with pytest.raises(NotFoundError):
        actions.comment_on_draft(
            citizen, draft, provision_uid="nowhere", quote="", submission=submission, token="t-3"
        )


def test_a_body_cannot_take_the_name_of_a_commission_page() -> None:
    with pytest.raises(InvalidInputError) as refused:
        actions.create_body(
            SYSTEM,
            slug="drafts",
            kind=BodyKind.WORKING_GROUP,
            names={"kk": "Топ", "ru": "Группа", "en": "Group"},
        )
    assert refused.value.field == "slug"
