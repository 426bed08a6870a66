"""Who may do what with proposals and cases, as named predicates.

Role predicates come from ``atazan.core.rules``; the object predicates below
say how a user relates to one case. One test per rule: tests/proposals/test_rules.py.
"""

from __future__ import annotations

from typing import Any

import rules

from atazan.core.rules import (
    is_administrator,
    is_analyst,
    is_citizen,
    is_intake_operator,
    is_superuser,
    is_working_group_lead,
)


@rules.predicate
def is_assignee(user: Any, proposal: Any) -> bool:
    """The case is assigned to this user."""
    return bool(proposal is not None and user is not None and proposal.assignee_id == user.pk)


@rules.predicate
def is_unassigned(user: Any, proposal: Any) -> bool:
    return bool(proposal is not None and proposal.assignee_id is None)


@rules.predicate
def is_submitter(user: Any, proposal: Any) -> bool:
    """The proposal was sent from this user's account."""
    return bool(
        proposal is not None
        and user is not None
        and user.is_authenticated
        and proposal.user_id == user.pk
    )


is_admin = is_administrator | is_superuser
is_case_worker = is_analyst | is_working_group_lead
can_see_cases = is_case_worker | is_intake_operator | is_admin

rules.add_perm("proposals.submit_proposal", is_citizen)
rules.add_perm("proposals.register_proposal", is_intake_operator | is_admin)
rules.add_perm("proposals.import_proposals", is_intake_operator | is_admin)
rules.add_perm("proposals.view_cases", can_see_cases)
rules.add_perm("proposals.view_case", can_see_cases)
rules.add_perm("proposals.view_own_proposal", is_submitter | can_see_cases)
rules.add_perm("proposals.download_attachment", can_see_cases)
rules.add_perm(
    "proposals.work_on_case", is_working_group_lead | (is_analyst & (is_assignee | is_unassigned))
)
rules.add_perm(
    "proposals.answer_case", is_working_group_lead | (is_analyst & (is_assignee | is_unassigned))
)
rules.add_perm("proposals.take_case", is_case_worker & is_unassigned)
rules.add_perm("proposals.assign_case", is_working_group_lead | is_admin)
rules.add_perm("proposals.bulk_answer", is_case_worker)
rules.add_perm("proposals.extend_deadline", is_working_group_lead)
rules.add_perm("proposals.reopen_case", is_working_group_lead)
rules.add_perm("proposals.view_workload", is_case_worker | is_admin)
rules.add_perm("proposals.manage_templates", is_working_group_lead | is_admin)
rules.add_perm("proposals.manage_partners", is_admin)
rules.add_perm("proposals.manage_calendar", is_admin)
