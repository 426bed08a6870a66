"""The comparison core is Django-free; its tests run with ``-p no:django`` too."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_cache() -> None:
    """Replaces the suite-wide cache fixture, which needs Django settings."""
