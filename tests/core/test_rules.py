"""One test per permission rule: who may, and who may not."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from atazan.constitution.models import Version, VersionStatus, Work
from atazan.core import rules as r
from atazan.core.roles import Role

from factories import UserFactory

pytestmark = pytest.mark.django_db

ROLE_PREDICATES = {
    Role.CITIZEN: r.is_citizen,
    Role.INTAKE_OPERATOR: r.is_intake_operator,
    Role.ANALYST: r.is_analyst,
    Role.WORKING_GROUP_LEAD: r.is_working_group_lead,
    Role.COMMISSION_MEMBER: r.is_commission_member,
    Role.COMMISSION_SECRETARY: r.is_commission_secretary,
    Role.ELECTION_OFFICIAL: r.is_election_official,
    Role.TRUSTEE: r.is_trustee,
    Role.OBSERVER: r.is_observer,
    Role.ADMINISTRATOR: r.is_administrator,
}


@pytest.mark.parametrize("role", list(Role))
def test_role_predicate_holds_only_for_users_with_that_role(role: Role) -> None:
    holder = UserFactory(roles=[role])
    others = [p for other, p in ROLE_PREDICATES.items() if other != role]
    assert ROLE_PREDICATES[role].test(holder)
    assert not any(p.test(holder) for p in others)
    assert not ROLE_PREDICATES[role].test(AnonymousUser())


def test_role_predicate_is_false_for_a_deactivated_user() -> None:
    user = UserFactory(roles=[Role.ANALYST], is_active=False)
    assert not r.is_analyst.test(user)


def _users_allowed(perm: str, obj: object = None) -> set[Role]:
    allowed = set()
    for role in Role:
        if UserFactory(roles=[role]).has_perm(perm, obj):
            allowed.add(role)
    return allowed


def test_only_secretary_and_administrator_may_import_texts() -> None:
    assert _users_allowed("constitution.import_text") == {
        Role.COMMISSION_SECRETARY,
        Role.ADMINISTRATOR,
    }
    assert not AnonymousUser().has_perm("constitution.import_text")


def test_only_secretary_and_administrator_may_publish_a_version() -> None:
    assert _users_allowed("constitution.publish_version") == {
        Role.COMMISSION_SECRETARY,
        Role.ADMINISTRATOR,
    }


def test_everyone_may_view_a_published_version() -> None:
    work = Work.objects.create(slug="kenbel")
    version = Version.objects.create(work=work, label="1998", status=VersionStatus.IN_FORCE)
    assert AnonymousUser().has_perm("constitution.view_version", version)
    assert _users_allowed("constitution.view_version", version) == set(Role)


def test_an_unpublished_draft_is_visible_only_to_the_reform_staff() -> None:
    work = Work.objects.create(slug="kenbel")
    draft = Version.objects.create(work=work, label="draft", status=VersionStatus.DRAFT)
    assert not AnonymousUser().has_perm("constitution.view_version", draft)
    assert _users_allowed("constitution.view_version", draft) == {
        Role.ANALYST,
        Role.WORKING_GROUP_LEAD,
        Role.COMMISSION_MEMBER,
        Role.COMMISSION_SECRETARY,
        Role.ADMINISTRATOR,
    }


def test_everyone_may_compare_versions() -> None:
    assert AnonymousUser().has_perm("constitution.compare_versions")


def test_only_administrators_may_assign_roles() -> None:
    assert _users_allowed("core.assign_roles") == {Role.ADMINISTRATOR}


def test_observers_secretaries_and_administrators_may_view_the_audit_log() -> None:
    assert _users_allowed("core.view_audit_log") == {
        Role.OBSERVER,
        Role.COMMISSION_SECRETARY,
        Role.ADMINISTRATOR,
    }
    assert not AnonymousUser().has_perm("core.view_audit_log")


def test_a_superuser_may_manage_texts_without_a_role() -> None:
    user = UserFactory(is_superuser=True)
    assert user.has_perm("constitution.import_text")
