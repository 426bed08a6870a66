from __future__ import annotations

from typing import Any

import pytest

from atazan.constitution.actions import import_text
from atazan.constitution.models import Expression
from atazan_texts.io import load_document

from texts import BASE_EN, BASE_KK, BASE_RU, DRAFT_EN


def store(text: str, language: str, **kwargs: Any) -> Expression:
    source = text.encode()
    return import_text(
        None,
        load_document(source, "txt", language=language),
        language=language,
        source_format="txt",
        source=source,
        **kwargs,
    )


@pytest.fixture
def lakes(db: Any) -> dict[str, Expression]:
    """The small Lake Cantons charter in three languages and its English draft."""
    return {
        "base_en": store(BASE_EN, "en"),
        "base_ru": store(BASE_RU, "ru"),
        "base_kk": store(BASE_KK, "kk"),
        "draft_en": store(DRAFT_EN, "en", based_on="2001", publish=True),
    }
