"""One test per permission rule on proposals: who may, and who may not."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from atazan.core.roles import Role
from atazan.proposals import rules as r
from atazan.proposals.models import Proposal

from factories import UserFactory

pytestmark = pytest.mark.django_db


def allowed(perm: str, obj: Any = None) -> set[Role]:
    return {role for role in Role if UserFactory(roles=[role]).has_perm(perm, obj)}


def case(assignee: Any = None, user: Any = None) -> Proposal:
    return Proposal(pk=1, assignee=assignee, user=user)


def test_is_assignee_holds_only_for_the_assigned_user() -> None:
    a, b = UserFactory(), UserFactory()
    assert r.is_assignee.test(a, case(assignee=a))
    assert not r.is_assignee.test(b, case(assignee=a))


def test_is_unassigned_holds_for_a_case_without_analyst() -> None:
    assert r.is_unassigned.test(UserFactory(), case())
    assert not r.is_unassigned.test(UserFactory(), case(assignee=UserFactory()))


def test_is_submitter_holds_for_the_account_that_sent_it() -> None:
    owner = UserFactory()
    assert r.is_submitter.test(owner, case(user=owner))
    assert not r.is_submitter.test(UserFactory(), case(user=owner))
    assert not r.is_submitter.test(AnonymousUser(), case(user=None))


def test_only_citizens_submit_through_the_web_form() -> None:
    assert allowed("proposals.submit_proposal") == {Role.CITIZEN}
    assert not AnonymousUser().has_perm("proposals.submit_proposal")


def test_operators_and_administrators_register_letters() -> None:
    assert allowed("proposals.register_proposal") == {Role.INTAKE_OPERATOR, Role.ADMINISTRATOR}


def test_operators_and_administrators_import_files() -> None:
    assert allowed("proposals.import_proposals") == {Role.INTAKE_OPERATOR, Role.ADMINISTRATOR}


STAFF = {Role.ANALYST, Role.WORKING_GROUP_LEAD, Role.INTAKE_OPERATOR, Role.ADMINISTRATOR}


def test_the_case_list_is_for_the_secretariat() -> None:
    assert allowed("proposals.view_cases") == STAFF
    assert not AnonymousUser().has_perm("proposals.view_cases")


def test_a_case_page_is_for_the_secretariat() -> None:
    assert allowed("proposals.view_case", case()) == STAFF


def test_a_submitter_sees_their_own_proposal() -> None:
    owner = UserFactory(roles=[Role.CITIZEN])
    assert owner.has_perm("proposals.view_own_proposal", case(user=owner))
    assert not UserFactory(roles=[Role.CITIZEN]).has_perm(
        "proposals.view_own_proposal", case(user=owner)
    )


def test_attachments_are_downloaded_only_by_the_secretariat() -> None:
    assert allowed("proposals.download_attachment", case()) == STAFF


def test_analysts_work_on_their_own_or_unassigned_cases_and_leads_on_any() -> None:
    mine = UserFactory(roles=[Role.ANALYST])
    other = UserFactory(roles=[Role.ANALYST])
    assert mine.has_perm("proposals.work_on_case", case(assignee=mine))
    assert mine.has_perm("proposals.work_on_case", case())
    assert not other.has_perm("proposals.work_on_case", case(assignee=mine))
    assert UserFactory(roles=[Role.WORKING_GROUP_LEAD]).has_perm(
        "proposals.work_on_case", case(assignee=mine)
    )


def test_answering_follows_the_same_rule() -> None:
    mine = UserFactory(roles=[Role.ANALYST])
    assert mine.has_perm("proposals.answer_case", case(assignee=mine))
    assert not UserFactory(roles=[Role.ANALYST]).has_perm(
        "proposals.answer_case", case(assignee=mine)
    )
    assert allowed("proposals.answer_case", case()) == {Role.ANALYST, Role.WORKING_GROUP_LEAD}


def test_only_unassigned_cases_can_be_taken() -> None:
    assert allowed("proposals.take_case", case()) == {Role.ANALYST, Role.WORKING_GROUP_LEAD}
    assert allowed("proposals.take_case", case(assignee=UserFactory())) == set()


def test_leads_and_administrators_assign() -> None:
    assert allowed("proposals.assign_case") == {Role.WORKING_GROUP_LEAD, Role.ADMINISTRATOR}


def test_analysts_and_leads_answer_in_bulk() -> None:
    assert allowed("proposals.bulk_answer") == {Role.ANALYST, Role.WORKING_GROUP_LEAD}


def test_only_a_lead_extends_a_deadline() -> None:
    assert allowed("proposals.extend_deadline", case()) == {Role.WORKING_GROUP_LEAD}


def test_only_a_lead_reopens_an_answered_case() -> None:
    assert allowed("proposals.reopen_case", case()) == {Role.WORKING_GROUP_LEAD}


def test_workload_is_seen_by_case_workers_and_administrators() -> None:
    assert allowed("proposals.view_workload") == {
        Role.ANALYST,
        Role.WORKING_GROUP_LEAD,
        Role.ADMINISTRATOR,
    }


def test_leads_and_administrators_manage_answer_templates() -> None:
    assert allowed("proposals.manage_templates") == {Role.WORKING_GROUP_LEAD, Role.ADMINISTRATOR}


def test_only_administrators_manage_partner_keys() -> None:
    assert allowed("proposals.manage_partners") == {Role.ADMINISTRATOR}


def test_only_administrators_enter_transfers_of_days_off() -> None:
    assert allowed("proposals.manage_calendar") == {Role.ADMINISTRATOR}
