"""Published proposals for the portal's tests, registered the way citizens send them."""

from __future__ import annotations

from typing import Any

import pytest

from atazan.core.roles import Role
from atazan.proposals import notify
from atazan.proposals.actions import register_proposal
from atazan.proposals.intake import clean_submission
from atazan.proposals.models import Channel, Proposal
from atazan_redact import make_identifier

from factories import UserFactory


def valid_iin(seed: int) -> str:
    value = 90010230012 + seed * 17
    while not make_identifier(f"{value:011d}"):
        value += 1
    return make_identifier(f"{value:011d}")


@pytest.fixture
def quiet_mail(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notify, "after_commit", lambda callback: callback())
    monkeypatch.setattr(notify, "wake_sender", lambda: None)


@pytest.fixture
def send(db: Any, quiet_mail: None) -> Any:
    """Register a proposal from a new citizen; returns the stored proposal."""
    counter = iter(range(1, 10_000))

    def _send(**fields: Any) -> Proposal:
        index = next(counter)
        data = {
            "submitter_type": "citizen",
            "submitter_name": "Әсел Нұрланқызы",
            "iin": valid_iin(index),
            "region": "astana",
            "language": "kk",
            "topic": "parliament",
            "title": "Мәслихат өкілеттігі туралы",
            "text": "Мәслихаттардың жергілікті бюджетті бекіту өкілеттігін кеңейтуді ұсынамын.",
            "consent_publish_text": True,
            "consent_publish_name": False,
            **fields,
        }
        citizen = UserFactory(roles=[Role.CITIZEN])
        case = register_proposal(
            citizen, clean_submission(data), channel=Channel.WEB, external_id=f"p-{index}"
        )
        return case.proposal

    return _send
