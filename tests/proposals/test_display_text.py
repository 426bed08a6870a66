"""Names and titles lose bidirectional overrides and invisible characters at intake."""

from __future__ import annotations

import pytest

from atazan.proposals.intake import InvalidSubmission, clean_submission


def _raw(**overrides: str) -> dict[str, str]:
    data = {
        "submitter_name": "Айгерім Сәдуақасова",
        "language": "kk",
        "title": "Тіл туралы",
        "text": "6-бапты толықтыру керек.",
    }
    data.update(overrides)
    return data


def test_a_bidi_override_in_a_name_or_title_is_removed() -> None:
    cleaned = clean_submission(
        _raw(submitter_name="Айгерім\u202e Сәдуақасова", title="Тіл\u200b туралы\u2066"),
        require_identity=False,
    )
    assert cleaned.submitter_name == "Айгерім Сәдуақасова"
    assert cleaned.title == "Тіл туралы"


def test_a_name_of_invisible_characters_only_is_refused_as_missing() -> None:
    with pytest.raises(InvalidSubmission) as refused:
        clean_submission(_raw(submitter_name="\u200b\u202e\u2060"), require_identity=False)
    assert "submitter_name" in refused.value.errors
