"""Display labels of stored choices, built once per language (lists show thousands)."""

from __future__ import annotations

from functools import lru_cache

from django.db import models
from django.utils.html import escape
from django.utils.translation import get_language

from atazan.proposals.models import (
    Channel,
    Language,
    NotificationKind,
    Outcome,
    Region,
    Status,
    SubmitterType,
    Topic,
)

CHOICES: dict[str, type[models.TextChoices]] = {
    "channel": Channel,
    "language": Language,
    "kind": NotificationKind,
    "outcome": Outcome,
    "region": Region,
    "status": Status,
    "submitter_type": SubmitterType,
    "topic": Topic,
}


@lru_cache(maxsize=64)
def _labels(kind: str, language: str | None) -> dict[str, str]:
    return {value: str(text) for value, text in CHOICES[kind].choices}


def choice_label(kind: str, value: str) -> str:
    if not value:
        return ""
    return _labels(kind, get_language()).get(value, value)


def labels_of(kind: str) -> list[tuple[str, str]]:
    """(value, label) pairs of a choice, in their order, in the active language."""
    return list(_labels(kind, get_language()).items())


@lru_cache(maxsize=64)
def _options_html(kind: str, language: str | None) -> str:
    return "".join(
        f'<option value="{escape(value)}">{escape(text)}</option>'
        for value, text in _labels(kind, language).items()
    )


def options_html(kind: str) -> str:
    """The <option> elements of a choice, escaped, built once per language."""
    return _options_html(kind, get_language())
