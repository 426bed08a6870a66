"""One test per analysis permission: which roles may, and that anonymous visitors may not."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from atazan.core.roles import Role

from factories import UserFactory

pytestmark = pytest.mark.django_db


def _roles_allowed(permission: str) -> set[Role]:
    return {role for role in Role if UserFactory(roles=[role]).has_perm(permission)}


def test_staff_of_the_reform_and_administrators_read_analysis_runs() -> None:
    assert _roles_allowed("analysis.view_runs") == {
        Role.ANALYST,
        Role.WORKING_GROUP_LEAD,
        Role.COMMISSION_MEMBER,
        Role.COMMISSION_SECRETARY,
        Role.ADMINISTRATOR,
    }
    assert not AnonymousUser().has_perm("analysis.view_runs")


def test_analysts_leads_and_administrators_start_runs() -> None:
    assert _roles_allowed("analysis.start_run") == {
        Role.ANALYST,
        Role.WORKING_GROUP_LEAD,
        Role.ADMINISTRATOR,
    }
    assert not AnonymousUser().has_perm("analysis.start_run")


def test_only_analysts_and_leads_correct_results() -> None:
    assert _roles_allowed("analysis.correct_results") == {Role.ANALYST, Role.WORKING_GROUP_LEAD}
    assert not AnonymousUser().has_perm("analysis.correct_results")


def test_everyone_sees_the_public_coverage_map() -> None:
    assert _roles_allowed("analysis.view_coverage") == set(Role)
    assert AnonymousUser().has_perm("analysis.view_coverage")
