"""Sign-in lockout (django-axes): a user name is locked for one address after five failures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY, authenticate
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # the factories' password


def _sign_in(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password})


def _signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def _lock(client: Client, username: str) -> Any:
    answers = [_sign_in(client, username, "wrong password") for _ in range(5)]
    assert [a.status_code for a in answers[:4]] == [200] * 4  # the form with its error
    return answers[4]


def test_five_wrong_passwords_lock_the_user_name_for_this_address(settings: Any) -> None:
    user = UserFactory()
    client = Client()
    locked = _lock(client, user.username)
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == 30 * 60
    page = locked.content.decode()
    assert "Sign-in paused" in page and "30 minutes" in page
    # The right password does not help now.
    answer = _sign_in(client, user.username, PASSWORD)
    assert answer.status_code == 429 and not _signed_in(client)


def test_the_lockout_touches_neither_other_names_nor_other_addresses() -> None:
    user, other = UserFactory(), UserFactory()
    client = Client()
    _lock(client, user.username)
    assert _sign_in(client, other.username, PASSWORD).status_code == 302
    assert _signed_in(client)
    elsewhere = Client(REMOTE_ADDR="10.7.7.7")
    assert _sign_in(elsewhere, user.username, PASSWORD).status_code == 302
    assert _signed_in(elsewhere)


def test_axes_reset_lifts_the_lockout() -> None:
    user = UserFactory()
    client = Client()
    _lock(client, user.username)
    call_command("axes_reset", verbosity=0)
    assert _sign_in(client, user.username, PASSWORD).status_code == 302
    assert _signed_in(client)


def test_the_lockout_ends_after_the_cool_off() -> None:
    user = UserFactory()
    client = Client()
    _lock(client, user.username)
    attempt = AccessAttempt.objects.get(username=user.username)
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=attempt.attempt_time - timedelta(minutes=31)
    )
    assert _sign_in(client, user.username, PASSWORD).status_code == 302


def test_a_successful_sign_in_forgets_earlier_failures() -> None:
    user = UserFactory()
    client = Client()
    for _ in range(4):
        _sign_in(client, user.username, "wrong password")
    assert _sign_in(client, user.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert _sign_in(client, user.username, "wrong password").status_code == 200


def test_the_admin_sign_in_is_locked_too() -> None:
    user = UserFactory(is_staff=True)
    client = Client()
    url = reverse("admin:login")
    answers = [client.post(url, {"username": user.username, "password": "x"}) for _ in range(5)]
    assert answers[-1].status_code == 429
    assert client.post(url, {"username": user.username, "password": PASSWORD}).status_code == 429


def test_the_lockout_page_is_translated() -> None:
    user = UserFactory()
    client = Client()
    with translation.override("ru"):
        client.cookies["django_language"] = "ru"
        locked = _lock(client, user.username)
    assert locked.status_code == 429
    assert "Sign-in paused" not in locked.content.decode()


def test_attempts_without_a_user_name_are_not_counted() -> None:
    """A sign-in through an identity provider names no user; it cannot lock an address."""
    for _ in range(6):
        request = RequestFactory().get("/accounts/oidc/callback/", REMOTE_ADDR="10.5.5.5")
        request.session = SessionStore()
        assert authenticate(request, code="not-a-valid-code") is None
    assert not AccessAttempt.objects.exists()
    user = UserFactory()
    assert _sign_in(Client(REMOTE_ADDR="10.5.5.5"), user.username, PASSWORD).status_code == 302
