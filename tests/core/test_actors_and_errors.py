"""Typed actors, the one permission check, and the one error base with stable codes."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.test import RequestFactory

from atazan.core.actions import create_user, grant_role
from atazan.core.actors import SystemActor, UnknownPermissionError, allows, require
from atazan.core.errors import (
    ERROR_CLASSES,
    AtazanError,
    InvalidInputError,
    PermissionDeniedError,
    ThrottledError,
)
from atazan.core.middleware import AtazanErrorMiddleware
from atazan.core.models import AuditEntry
from atazan.core.roles import Role

from factories import SYSTEM, UserFactory

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "atazan"


def test_an_action_refuses_to_run_without_an_actor() -> None:
    with pytest.raises(TypeError, match="needs an actor"):
        require(None, "core.assign_roles")  # type: ignore[arg-type]


@pytest.mark.django_db
def test_an_action_called_with_none_stores_nothing() -> None:
    with pytest.raises(TypeError):
        create_user(None, "ghost", "pw")  # type: ignore[arg-type]
    assert not AuditEntry.objects.filter(action="core.create_user").exists()


def test_a_misspelt_permission_is_a_programming_error_not_a_refusal() -> None:
    with pytest.raises(UnknownPermissionError):
        require(SYSTEM, "core.asign_roles")


def test_a_system_actor_must_say_why_it_acts() -> None:
    with pytest.raises(ValueError):
        SystemActor("  ")


@pytest.mark.django_db
def test_a_system_actor_is_recorded_with_its_reason() -> None:
    user = create_user(SystemActor("nightly roll import"), "aruzhan", None)
    entry = AuditEntry.objects.get(action="core.create_user", target_id=str(user.pk))
    assert entry.actor_label == "system: nightly roll import"
    assert entry.actor_id_value is None


@pytest.mark.django_db
def test_a_user_without_the_permission_is_refused_with_a_stable_code() -> None:
    citizen = UserFactory(roles=[Role.CITIZEN])
    with pytest.raises(PermissionDeniedError) as refused:
        grant_role(citizen, citizen, Role.ADMINISTRATOR)
    assert refused.value.instance_code == "permission_denied"
    assert refused.value.http_status == 403
    assert "core.assign_roles" in refused.value.message
    assert not citizen.has_role(Role.ADMINISTRATOR)


@pytest.mark.django_db
def test_an_anonymous_visitor_is_an_actor_that_is_asked_like_any_user() -> None:
    assert not allows(AnonymousUser(), "core.assign_roles")
    assert allows(AnonymousUser(), "constitution.compare_versions")


def _raising(error: AtazanError) -> Any:
    def view(request: HttpRequest) -> Any:
        raise error

    return view


@pytest.mark.django_db
def test_an_uncaught_refusal_is_answered_as_json_for_api_clients() -> None:
    request = RequestFactory().post("/api/v1/proposals")
    error = InvalidInputError("The date is out of range.", field="received_at")
    response = AtazanErrorMiddleware(_raising(error)).process_exception(request, error)
    assert response is not None and response.status_code == 422
    body = json.loads(response.content)
    assert body == {
        "code": "invalid_input",
        "error": "invalid_input",
        "message": "The date is out of range.",
        "field": "received_at",
    }


@pytest.mark.django_db
def test_an_uncaught_refusal_is_an_error_page_for_people(client: Any) -> None:
    request = RequestFactory().get("/cases/", HTTP_ACCEPT="text/html")
    request.user = AnonymousUser()
    error = PermissionDeniedError("proposals.view_cases")
    response = AtazanErrorMiddleware(_raising(error)).process_exception(request, error)
    assert response is not None and response.status_code == 403
    assert "permission_denied" in response.content.decode()


def test_a_throttled_answer_says_when_to_retry() -> None:
    request = RequestFactory().post("/api/v1/proposals")
    error = ThrottledError(retry_after=17)
    response = AtazanErrorMiddleware(_raising(error)).process_exception(request, error)
    assert response is not None and response.status_code == 429
    assert response["Retry-After"] == "17"


def _load_every_app() -> None:
    import atazan.analysis.actions  # noqa: F401
    import atazan.constitution.actions  # noqa: F401
    import atazan.proposals.actions  # noqa: F401
    import atazan.proposals.importer  # noqa: F401
    import atazan.referendum.actions  # noqa: F401


def test_every_error_code_is_unique_and_documented() -> None:
    _load_every_app()
    documented = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    codes = [cls.code for cls in ERROR_CLASSES.values()]
    assert len(codes) == len(set(codes))
    missing = [code for code in codes if f"`{code}`" not in documented]
    assert not missing, f"docs/errors.md does not list: {missing}"


def test_every_referendum_refusal_code_is_documented() -> None:
    source = (SRC / "referendum" / "actions.py").read_text(encoding="utf-8")
    raised = set(re.findall(r'ReferendumError\("([a-z_]+)"', source))
    raised |= set(re.findall(r'super\(\).__init__\("([a-z_]+)"', source))
    documented = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert raised
    assert not [code for code in sorted(raised) if f"`{code}`" not in documented]


def _permission_names_in(path: Path) -> set[str]:
    """String arguments naming a permission in require/allows/has_perm calls."""
    names: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in {"require", "allows", "has_perm", "_can"}:
            continue
        for arg in node.args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and "." in arg.value:
                names.add(arg.value)
    return names


def test_every_permission_named_in_the_code_is_defined() -> None:
    _load_every_app()
    named: set[str] = set()
    for path in SRC.rglob("*.py"):
        named |= _permission_names_in(path)
    undefined = sorted(n for n in named if not rules.perm_exists(n))
    assert named and not undefined, f"no rule defines: {undefined}"


def test_every_defined_permission_is_exercised_by_a_test() -> None:
    _load_every_app()
    tests_text = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("test_*.py")
    )
    untested = sorted(
        name for name in rules.permissions.permissions if f'"{name}"' not in tests_text
    )
    assert not untested, f"no test names these permissions: {untested}"


@pytest.mark.django_db
def test_letting_an_account_into_the_admin_is_an_audited_action() -> None:
    from atazan.core.actions import set_staff

    user = create_user(SYSTEM, "dana", None)
    with pytest.raises(PermissionDeniedError):
        set_staff(UserFactory(roles=[Role.CITIZEN]), user, staff=True)
    set_staff(SYSTEM, user, staff=True)
    user.refresh_from_db()
    assert user.is_staff and not user.is_superuser
    assert AuditEntry.objects.filter(action="core.set_staff", target_id=str(user.pk)).count() == 1
