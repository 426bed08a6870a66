"""Who may do what, as named predicates.

Each rule is a small function of the user (and sometimes an object) with a
name that says what it checks. Views and actions ask ``user.has_perm(...)``;
the rules below decide. One test per rule checks it (tests/core/test_rules.py).
"""

from __future__ import annotations

from typing import Any

import rules

from atazan.core.roles import Role


def _role_predicate(role: Role) -> rules.Predicate:
    @rules.predicate(name=f"has_role_{role.value}")
    def check(user: Any) -> bool:
        return bool(
            user is not None and user.is_authenticated and user.is_active and user.has_role(role)
        )

    return check


is_citizen = _role_predicate(Role.CITIZEN)
is_intake_operator = _role_predicate(Role.INTAKE_OPERATOR)
is_analyst = _role_predicate(Role.ANALYST)
is_working_group_lead = _role_predicate(Role.WORKING_GROUP_LEAD)
is_commission_member = _role_predicate(Role.COMMISSION_MEMBER)
is_commission_secretary = _role_predicate(Role.COMMISSION_SECRETARY)
is_election_official = _role_predicate(Role.ELECTION_OFFICIAL)
is_trustee = _role_predicate(Role.TRUSTEE)
is_observer = _role_predicate(Role.OBSERVER)
is_administrator = _role_predicate(Role.ADMINISTRATOR)


@rules.predicate
def is_superuser(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_superuser)


@rules.predicate
def is_published(user: Any, version: Any) -> bool:
    """A constitution version that has been made public (or any in-force text)."""
    return bool(version is not None and version.is_public)


is_staff_of_reform = (
    is_analyst | is_working_group_lead | is_commission_member | is_commission_secretary
)
can_manage_texts = is_commission_secretary | is_administrator | is_superuser

# Constitution texts
rules.add_perm("constitution.import_text", can_manage_texts)
rules.add_perm("constitution.publish_version", can_manage_texts)
rules.add_perm("constitution.view_version", is_published | is_staff_of_reform | can_manage_texts)
rules.add_perm("constitution.compare_versions", rules.always_allow)

# Accounts and the audit log
rules.add_perm("core.assign_roles", is_administrator | is_superuser)
rules.add_perm(
    "core.view_audit_log", is_observer | is_commission_secretary | is_administrator | is_superuser
)
