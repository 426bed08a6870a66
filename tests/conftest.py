from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture
def shared_data() -> Path:
    """The real public data beside the repository, when there is one."""
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip("../shared/data is not present in this checkout")
    return data


@pytest.fixture(autouse=True)
def _isolated_cache(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"test-{os.getpid()}-{id(settings)}"}}
