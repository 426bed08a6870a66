from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture
def shared_data() -> Path:
    """The real public data beside the repository, when there is one."""
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip("../shared/data is not present in this checkout")
    return data


@pytest.fixture(autouse=True)
def _isolated_cache(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Each test: its own cache, fast password hashing, and messages in English.

    The interface defaults to Kazakh; tests that check wording read the
    English source strings, and tests/i18n checks the catalogs themselves.
    """
    settings.LANGUAGE_CODE = "en"
    translation.activate("en")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{os.getpid()}-{id(settings)}",
        }
    }
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_number_sequences() -> None:
    """A registration-number sequence made inside a rolled-back test is gone: make it again."""
    from atazan.proposals import actions

    actions._SEQUENCES_READY.clear()
