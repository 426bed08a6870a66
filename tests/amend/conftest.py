"""The amendment core is Django-free: its tests run with ``-p no:django`` too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _isolated_cache() -> Iterator[None]:
    """Replaces the root fixture of that name, which needs Django settings."""
    yield


@pytest.fixture(autouse=True)
def _fresh_number_sequences() -> None:
    """Replaces the root fixture of that name, which needs the proposals app."""
