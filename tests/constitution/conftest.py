from __future__ import annotations

from typing import Any

import pytest

from atazan.constitution.models import Expression

from sample_charters import BASE_EN, BASE_KK, BASE_RU, DRAFT_EN, store


@pytest.fixture
def lakes(db: Any) -> dict[str, Expression]:
    """The small Lake Cantons charter in three languages and its English draft."""
    return {
        "base_en": store(BASE_EN, "en"),
        "base_ru": store(BASE_RU, "ru"),
        "base_kk": store(BASE_KK, "kk"),
        "draft_en": store(DRAFT_EN, "en", based_on="2001", publish=True),
    }
