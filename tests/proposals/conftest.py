from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from atazan.core.roles import Role
from atazan.proposals import actions, api, notify, selectors
from atazan.proposals.actions import create_partner

from factories import SYSTEM, UserFactory


def _root_urls_importable() -> bool:
    try:
        importlib.import_module("atazan.urls")
    except ImportError:
        return False
    return True


ROOT_URLS_OK = _root_urls_importable()


@pytest.fixture(autouse=True)
def _proposal_settings(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run inside a transaction that never commits: deliver e-mail at once.
    monkeypatch.setattr(notify, "after_commit", lambda callback: callback())
    # No task worker runs in tests: the outbox is swept at once.
    monkeypatch.setattr(notify, "wake_sender", notify.deliver_pending)
    selectors.forget_calendar()
    actions._SEQUENCES_READY.clear()  # a sequence made inside a rolled-back test is gone
    api._partners.clear()
    settings.ATAZAN_ATTACHMENT_ROOT = str(tmp_path / "attachments")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    if not ROOT_URLS_OK:
        settings.ROOT_URLCONF = "proposal_fallback_urls"
    mail.outbox = []


@pytest.fixture
def citizen(db: Any) -> Any:
    return UserFactory(roles=[Role.CITIZEN])


@pytest.fixture
def operator(db: Any) -> Any:
    return UserFactory(roles=[Role.INTAKE_OPERATOR])


@pytest.fixture
def analyst(db: Any) -> Any:
    return UserFactory(roles=[Role.ANALYST])


@pytest.fixture
def analyst2(db: Any) -> Any:
    return UserFactory(roles=[Role.ANALYST])


@pytest.fixture
def lead(db: Any) -> Any:
    return UserFactory(roles=[Role.WORKING_GROUP_LEAD])


@pytest.fixture
def partner_key(db: Any) -> tuple[Any, str]:
    return create_partner(SYSTEM, "e-Otinish test", "eotinish")
