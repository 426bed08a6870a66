"""Each role's home page says what the role can do, and every offered page opens."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from atazan.core.roles import Role
from atazan.portal.workspace import tasks_for

from factories import UserFactory

ROLES = [role for role in Role if role != Role.ADMINISTRATOR]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
def test_every_task_on_a_roles_home_opens_for_that_role(role: Role) -> None:
    user = UserFactory(roles=[role])
    client = Client()
    client.force_login(user)
    home = client.get(reverse("portal:home")).content.decode()
    assert str(role.label) in home
    for task in tasks_for(user):
        assert f'href="{task.url}"' in home
        assert client.get(task.url).status_code == 200, task.url


@pytest.mark.django_db
def test_a_citizen_is_offered_sending_and_following_proposals_and_no_case_work() -> None:
    titles = {t.title for t in tasks_for(UserFactory(roles=[Role.CITIZEN]))}
    assert {"Send a proposal", "My proposals"} <= titles
    assert "Cases" not in titles and "Audit log" not in titles


@pytest.mark.django_db
def test_an_analyst_is_offered_cases_and_analysis() -> None:
    titles = {t.title for t in tasks_for(UserFactory(roles=[Role.ANALYST]))}
    assert {"Cases", "Analysis"} <= titles
    assert "Send a proposal" not in titles


def test_a_visitor_gets_no_task_list(db: Any) -> None:
    home = Client().get(reverse("portal:home")).content.decode()
    assert "workspace-title" not in home
