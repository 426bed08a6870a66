"""Fixtures for the API: the seeded public record, a partner key, throttles off by default."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from api_seed import World, world
from django.core import mail

from atazan.proposals import actions, api, notify, selectors
from atazan.proposals.actions import create_partner

from factories import SYSTEM


@pytest.fixture(autouse=True)
def _api_settings(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notify, "after_commit", lambda callback: callback())
    monkeypatch.setattr(notify, "wake_sender", notify.deliver_pending)
    selectors.forget_calendar()
    actions._SEQUENCES_READY.clear()
    api._partners.clear()
    settings.ATAZAN_ATTACHMENT_ROOT = str(tmp_path / "attachments")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []


@pytest.fixture
def seeded(db: Any) -> World:
    return world()


@pytest.fixture
def partner_key(db: Any) -> tuple[Any, str]:
    return create_partner(SYSTEM, "e-Otinish test", "eotinish")
