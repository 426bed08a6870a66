"""Verifier tests: a small simulated record, made once per session, no Django."""

from __future__ import annotations

from pathlib import Path

import pytest
from record_tools import SEED, make_small_record


@pytest.fixture(autouse=True)
def _isolated_cache() -> None:
    """The root conftest's fixture needs pytest-django's ``settings``; these tests run without it."""


@pytest.fixture(scope="session")
def small_record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_small_record(tmp_path_factory.mktemp("record") / "r", SEED)
