"""Ballot-core tests: small elections built in memory, no Django."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from ballot_setup import Setup, build


@pytest.fixture(autouse=True)
def _isolated_cache() -> None:
    """The root conftest's fixture needs pytest-django's ``settings``; these tests run without it."""


@pytest.fixture
def make_setup() -> Callable[..., Setup]:
    return build


@pytest.fixture
def setup() -> Setup:
    return build()
