"""Case management: transitions, concurrency, deadlines, assignment, bulk answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from proposal_helpers import submission

from atazan.core.errors import PermissionDeniedError
from atazan.proposals import actions, selectors
from atazan.proposals.actions import CaseChangedError
from atazan.proposals.models import AssignmentRule, Channel, Outcome, Proposal, Status
from atazan.proposals.workflow import TransitionError
from atazan_calendar import add_months

from factories import SYSTEM

pytestmark = pytest.mark.django_db


def new_case(citizen: Any, n: int = 0, **overrides: Any) -> Proposal:
    return actions.register_proposal(
        citizen, submission(**overrides), channel=Channel.WEB, external_id=f"c{n}"
    ).proposal


@pytest.fixture
def case(citizen: Any) -> Proposal:
    return new_case(citizen)


def test_review_then_answer_notifies_and_publishes_the_reason(case: Proposal, analyst: Any) -> None:
    case = actions.start_review(analyst, case, case.version)
    assert case.status == Status.IN_REVIEW and case.assignee == analyst
    mail.outbox.clear()
    case = actions.answer(
        analyst,
        case,
        outcome=Outcome.PARTLY_ACCEPTED,
        reason="Ішінара ескерілді. Сұрақтар бойынша: 8 701 000 11 22.",
        expected_version=case.version,
    )
    assert case.status == Status.ANSWERED and case.outcome == Outcome.PARTLY_ACCEPTED
    assert "000 11 22" not in case.public_answer
    assert len(mail.outbox) == 1 and case.number in mail.outbox[0].subject
    assert [n.kind for n in case.notifications.all()] == ["registered", "answered"]


def test_an_answered_case_cannot_be_answered_again(case: Proposal, analyst: Any) -> None:
    case = actions.answer(
        analyst,
        case,
        outcome=Outcome.REJECTED,
        reason="Заңмен реттеледі.",
        expected_version=case.version,
    )
    with pytest.raises(TransitionError, match="already been answered"):
        actions.answer(
            analyst, case, outcome=Outcome.ACCEPTED, reason="x", expected_version=case.version
        )
    with pytest.raises(TransitionError, match="cannot become"):
        actions.start_review(analyst, case, case.version)


def test_an_answer_needs_a_reason_and_a_target_for_merge_or_forward(
    case: Proposal, analyst: Any
) -> None:
    with pytest.raises(TransitionError, match="reason"):
        actions.answer(
            analyst, case, outcome=Outcome.REJECTED, reason=" ", expected_version=case.version
        )
    with pytest.raises(TransitionError, match="merged into"):
        actions.answer(
            analyst, case, outcome=Outcome.MERGED, reason="x", expected_version=case.version
        )
    with pytest.raises(TransitionError, match="forwarded"):
        actions.answer(
            analyst, case, outcome=Outcome.FORWARDED, reason="x", expected_version=case.version
        )
    with pytest.raises(TransitionError, match="itself"):
        actions.answer(
            analyst,
            case,
            outcome=Outcome.MERGED,
            reason="x",
            merged_into=case,
            expected_version=case.version,
        )


def test_merging_into_another_proposal(case: Proposal, citizen: Any, analyst: Any) -> None:
    other = new_case(citizen, 1)
    case = actions.answer(
        analyst,
        case,
        outcome=Outcome.MERGED,
        reason="Ұқсас.",
        merged_into=other,
        expected_version=case.version,
    )
    assert case.merged_into == other
    assert other.number in mail.outbox[-1].body


def test_two_analysts_answering_the_same_case_one_wins(
    case: Proposal, analyst: Any, lead: Any
) -> None:
    seen_by_first = Proposal.objects.get(pk=case.pk)
    seen_by_second = Proposal.objects.get(pk=case.pk)
    actions.answer(
        analyst,
        seen_by_first,
        outcome=Outcome.ACCEPTED,
        reason="Қабылданды.",
        expected_version=seen_by_first.version,
    )
    with pytest.raises(CaseChangedError, match="changed by someone else"):
        actions.answer(
            lead,
            seen_by_second,
            outcome=Outcome.REJECTED,
            reason="Қабылданбады.",
            expected_version=seen_by_second.version,
        )
    stored = Proposal.objects.get(pk=case.pk)
    assert stored.outcome == Outcome.ACCEPTED and stored.answered_by == analyst


def test_a_stale_form_is_refused_even_for_a_different_change(
    case: Proposal, analyst: Any, lead: Any
) -> None:
    stale_version = case.version
    actions.start_review(analyst, case, case.version)
    with pytest.raises(CaseChangedError):
        actions.extend_deadline(
            lead,
            case,
            new_deadline=case.deadline + dt.timedelta(days=5),
            reason="Сараптама.",
            expected_version=stale_version,
        )


def test_another_analysts_case_cannot_be_answered(
    case: Proposal, analyst: Any, analyst2: Any
) -> None:
    case = actions.start_review(analyst, case, case.version)
    with pytest.raises(PermissionDeniedError):
        actions.answer(
            analyst2, case, outcome=Outcome.REJECTED, reason="x", expected_version=case.version
        )


def test_extension_up_to_two_months_with_reason_and_notification(case: Proposal, lead: Any) -> None:
    limit = add_months(case.original_deadline, 2)
    with pytest.raises(TransitionError, match="two months"):
        actions.extend_deadline(
            lead,
            case,
            new_deadline=limit + dt.timedelta(days=1),
            reason="x",
            expected_version=case.version,
        )
    with pytest.raises(TransitionError, match="reason"):
        actions.extend_deadline(
            lead, case, new_deadline=limit, reason="", expected_version=case.version
        )
    mail.outbox.clear()
    case = actions.extend_deadline(
        lead,
        case,
        new_deadline=limit,
        reason="Сарапшылар қорытындысы қажет.",
        expected_version=case.version,
    )
    assert case.deadline == limit and case.is_extended
    assert "Сарапшылар" in mail.outbox[0].body
    assert case.notifications.filter(kind="extended").exists()


def test_a_lead_reopens_an_answered_case(case: Proposal, analyst: Any, lead: Any) -> None:
    case = actions.answer(
        analyst, case, outcome=Outcome.REJECTED, reason="x", expected_version=case.version
    )
    with pytest.raises(PermissionDeniedError):
        actions.reopen(analyst, case, reason="y", expected_version=case.version)
    case = actions.reopen(lead, case, reason="Жаңа дәлелдер.", expected_version=case.version)
    assert case.status == Status.IN_REVIEW and case.outcome == ""


def test_return_to_queue_and_take(case: Proposal, analyst: Any, analyst2: Any) -> None:
    case = actions.start_review(analyst, case, case.version)
    case = actions.return_to_queue(analyst, case, case.version)
    assert case.status == Status.REGISTERED and case.assignee is None
    case = actions.take(analyst2, case, case.version)
    assert case.assignee == analyst2
    with pytest.raises(PermissionDeniedError):
        actions.take(analyst, case, case.version)


def test_assignment_by_hand_and_by_topic_and_region_rules(
    citizen: Any, lead: Any, analyst: Any, analyst2: Any
) -> None:
    parliament = new_case(citizen, 1, topic="parliament", region="abai")
    rights_abai = new_case(citizen, 2, topic="rights", region="abai")
    other = new_case(citizen, 3, topic="courts", region="shymkent")
    assert actions.assign(lead, [other], analyst2) == 1
    with pytest.raises(PermissionDeniedError):
        actions.assign(analyst, [other], analyst)
    AssignmentRule.objects.create(analyst=analyst, topic="parliament")
    AssignmentRule.objects.create(analyst=analyst2, region="abai")
    AssignmentRule.objects.create(analyst=analyst, topic="rights", region="abai")
    assert actions.auto_assign(lead) == 2
    parliament.refresh_from_db()
    rights_abai.refresh_from_db()
    assert parliament.assignee == analyst  # topic rule over nothing
    assert rights_abai.assignee == analyst  # topic and region beats region alone


def test_workload_overdue_and_due_soon(citizen: Any, analyst: Any, lead: Any) -> None:
    today = timezone.localdate()
    late = new_case(citizen, 1)
    soon = new_case(citizen, 2)
    Proposal.objects.filter(pk=late.pk).update(
        deadline=today - dt.timedelta(days=1), assignee=analyst
    )
    Proposal.objects.filter(pk=soon.pk).update(deadline=today, assignee=analyst)
    overdue = selectors.cases(lead, selectors.CaseFilters(queue="overdue"))
    due_soon = selectors.cases(lead, selectors.CaseFilters(queue="due_soon"))
    assert list(overdue) == [late]
    assert list(due_soon) == [soon]
    row = next(w for w in selectors.workload() if w.user == analyst)
    assert (row.open, row.overdue, row.due_soon) == (2, 1, 1)


def test_bulk_answer_in_each_submitters_language(citizen: Any, analyst: Any) -> None:
    cases = [new_case(citizen, i, language=lang) for i, lang in enumerate(["kk", "ru", "en"] * 40)]
    template = actions.save_template(
        SYSTEM,
        name="Заңмен реттеледі",
        outcome=Outcome.REJECTED,
        text_kk="Бұл мәселе заңмен реттеледі.",
        text_ru="Вопрос регулируется законом.",
        text_en="The matter is regulated by law.",
    )
    actions.answer(
        analyst, cases[0], outcome=Outcome.ACCEPTED, reason="x", expected_version=cases[0].version
    )
    stale = cases[0]
    result = actions.bulk_answer(analyst, [stale, *cases[1:]], template)
    assert len(result.answered) == 119
    assert result.refused[0][0] == cases[0].number
    answers = dict(
        Proposal.objects.filter(outcome=Outcome.REJECTED)
        .values_list("language", "answer")
        .distinct()
    )
    assert answers == {
        "kk": "Бұл мәселе заңмен реттеледі.",
        "ru": "Вопрос регулируется законом.",
        "en": "The matter is regulated by law.",
    }


def test_a_template_needs_all_three_languages() -> None:
    with pytest.raises(TransitionError, match="Kazakh, Russian and English"):
        actions.save_template(
            SYSTEM, name="x", outcome=Outcome.REJECTED, text_kk="a", text_ru="", text_en="c"
        )


def test_a_failed_delivery_is_kept_on_the_case(citizen: Any, settings: Any) -> None:
    settings.EMAIL_BACKEND = "proposal_helpers.FailingBackend"
    proposal = new_case(citizen, 9)
    notification = proposal.notifications.get()
    assert notification.sent_at is None and "refused" in notification.error
