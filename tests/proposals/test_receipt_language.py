"""The registration receipt reaches the submitter in the submitter's language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
import pytest
from proposal_helpers import submission

from atazan.proposals.actions import register_proposal
from atazan.proposals.models import Channel, Notification

LOCALE = Path(__file__).resolve().parents[2] / "src" / "atazan" / "locale"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("kk", "тіркелді"), ("ru", "зарегистрировано"), ("en", "was registered on")],
)
def test_receipt_body_is_written_in_the_proposals_language(
    citizen: Any, language: str, expected: str
) -> None:
    case = register_proposal(
        citizen, submission(language=language), channel=Channel.WEB, external_id=f"r-{language}"
    )
    kept = Notification.objects.get(proposal=case.proposal)
    assert expected in kept.body
    if language != "en":
        assert "was registered on" not in kept.body
        assert "Follow it at" not in kept.body


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_no_catalog_message_id_carries_a_python_escape_that_never_matches(language: str) -> None:
    """A ``\\u201c`` escape in source reaches the catalog as six characters, not one quote."""
    catalog = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    escaped = [entry.msgid for entry in catalog if "\\u" in entry.msgid or "\\x" in entry.msgid]
    assert escaped == []
