from __future__ import annotations

import io
from typing import Any

import pytest

from atazan.core.roles import Role
from atazan.proposals import demo as proposals_demo

from factories import SYSTEM, UserFactory


@pytest.fixture
def analyst(db: Any) -> Any:
    return UserFactory(roles=[Role.ANALYST])


@pytest.fixture
def citizen(db: Any) -> Any:
    return UserFactory(roles=[Role.CITIZEN])


@pytest.fixture
def stored_proposals(db: Any) -> int:
    """A small demo consultation: ordinary proposals, campaigns and resubmissions."""
    from atazan.constitution.actions import import_text
    from atazan.portal.management.commands.load_demo import SAMPLES
    from atazan_texts.io import load_document

    source = (SAMPLES / "kenbel-1998.ru.txt").read_bytes()
    import_text(
        SYSTEM,
        load_document(source, "txt", language="ru"),
        work_slug="kenbel",
        version_label="1998",
        language="ru",
        source_format="txt",
        source=source,
        publish=True,
    )
    proposals_demo.load_demo(io.StringIO(), count=400)
    from atazan.proposals.models import Proposal

    return Proposal.objects.count()
