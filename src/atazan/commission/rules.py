"""Who may do what in the commission's work, as named predicates.

Seats matter more than global roles here: the chair of a body opens and
closes its votes, its secretary records attendance and minutes, and only a
member serving on the meeting's day casts a vote, and only their own. The
commission secretariat (global role) may act as the secretary of any body.
One test per permission: tests/commission/test_commission_rules.py.
"""

from __future__ import annotations

from typing import Any

import rules

from atazan.core.rules import (
    is_administrator,
    is_citizen,
    is_commission_member,
    is_commission_secretary,
    is_superuser,
    is_working_group_lead,
)


def _body_of(obj: Any) -> Any:
    """The body a meeting, vote, amendment, agenda item or draft belongs to."""
    if obj is None:
        return None
    for path in ("body", "meeting.body"):
        current = obj
        for part in path.split("."):
            current = getattr(current, part, None)
            if current is None:
                break
        if current is not None:
            return current
    return obj if hasattr(obj, "memberships") else None


def _seat_roles(user: Any, obj: Any) -> set[str]:
    body = _body_of(obj)
    if body is None or not getattr(user, "is_authenticated", False):
        return set()
    return set(body.memberships.filter(user=user).values_list("role", flat=True))


@rules.predicate
def chairs_the_body(user: Any, obj: Any) -> bool:
    """The chair or a deputy chair of the body the object belongs to."""
    return bool(_seat_roles(user, obj) & {"chair", "deputy_chair"})


@rules.predicate
def is_secretary_of_the_body(user: Any, obj: Any) -> bool:
    return "secretary" in _seat_roles(user, obj)


@rules.predicate
def sits_on_the_body(user: Any, obj: Any) -> bool:
    """Holds any seat in the body (whether serving on a given day is checked by the action)."""
    return bool(_seat_roles(user, obj))


@rules.predicate
def is_public_draft(user: Any, draft: Any) -> bool:
    return bool(draft is not None and draft.published_at is not None)


can_administer = is_administrator | is_superuser
runs_the_secretariat = is_commission_secretary | can_administer

rules.add_perm("commission.manage_bodies", runs_the_secretariat)
rules.add_perm("commission.schedule_meeting", runs_the_secretariat | is_secretary_of_the_body)
rules.add_perm("commission.record_attendance", runs_the_secretariat | is_secretary_of_the_body)
rules.add_perm("commission.record_minutes", runs_the_secretariat | is_secretary_of_the_body)
rules.add_perm(
    "commission.run_meeting", chairs_the_body | is_secretary_of_the_body | runs_the_secretariat
)
rules.add_perm("commission.open_vote", chairs_the_body)
rules.add_perm("commission.close_vote", chairs_the_body)
rules.add_perm("commission.cast_vote", sits_on_the_body)
rules.add_perm(
    "commission.propose_amendment",
    sits_on_the_body | is_commission_member | is_working_group_lead | runs_the_secretariat,
)
rules.add_perm("commission.consolidate_draft", runs_the_secretariat)
rules.add_perm("commission.publish_draft", runs_the_secretariat)
rules.add_perm(
    "commission.view_draft", is_public_draft | runs_the_secretariat | is_commission_member
)
rules.add_perm("commission.comment_on_draft", is_citizen & is_public_draft)
rules.add_perm("commission.view_public_record", rules.always_allow)
