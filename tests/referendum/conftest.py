"""Fixtures for the referendum app: a referendum with all 21 units and a small synthetic count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from atazan.core.roles import Role
from atazan.referendum import actions
from atazan.referendum.models import Question, Referendum, ReferendumStatus
from atazan_results.synthetic import SyntheticElection, generate

from factories import SYSTEM, UserFactory

TITLES = {"kk": "Сынақ референдумы", "ru": "Пробный референдум", "en": "Trial referendum"}
QUESTION = {"kk": "Қабылдайсыз ба?", "ru": "Принимаете ли Вы?", "en": "Do you accept?"}


@pytest.fixture
def referendum(db: Any) -> Referendum:
    return actions.create_referendum(
        SYSTEM,
        slug="trial-2026",
        titles=TITLES,
        voting_day=dt.date(2026, 3, 15),
        questions=[QUESTION],
        status=ReferendumStatus.COUNTING,
    )


@pytest.fixture
def question(referendum: Referendum) -> Question:
    return referendum.questions.get(position=1)


@pytest.fixture
def election() -> SyntheticElection:
    """About a hundred precincts over every unit, with planted irregularities."""
    return generate(precincts=120, abroad=8, seed=11)


@pytest.fixture
def counted(question: Question, election: SyntheticElection) -> SyntheticElection:
    """The synthetic count stored: protocols and turnout reports."""
    actions.import_protocols(SYSTEM, question, election.protocols, source="test")
    actions.import_turnout(SYSTEM, question.referendum, election.reports, source="test")
    return election


@pytest.fixture
def official(db: Any) -> Any:
    return UserFactory(username="official", roles=[Role.ELECTION_OFFICIAL])


@pytest.fixture
def observer(db: Any) -> Any:
    return UserFactory(username="observer", roles=[Role.OBSERVER])


@pytest.fixture
def citizen(db: Any) -> Any:
    return UserFactory(username="citizen", roles=[Role.CITIZEN])
