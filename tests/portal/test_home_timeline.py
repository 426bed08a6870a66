"""The home page shows where the reform stands, each figure linking to its source."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from atazan.core.roles import Role
from atazan.portal.selectors import reform_timeline
from atazan.proposals import notify
from atazan.proposals.actions import register_proposal
from atazan.proposals.intake import clean_submission
from atazan.proposals.models import Channel
from atazan_redact import make_identifier

from factories import UserFactory

TODAY = dt.date(2026, 2, 1)


def _iin(seed: int) -> str:
    value = 90010230012 + seed * 17
    while not make_identifier(f"{value:011d}"):
        value += 1
    return make_identifier(f"{value:011d}")


@pytest.fixture
def two_proposals(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notify, "after_commit", lambda callback: callback())
    monkeypatch.setattr(notify, "wake_sender", lambda: None)
    citizen = UserFactory(roles=[Role.CITIZEN])
    for index, consent in enumerate((True, False)):
        submission = clean_submission(
            {
                "submitter_type": "citizen",
                "submitter_name": "Әсел Нұрланқызы",
                "iin": _iin(index),
                "region": "astana",
                "language": "kk",
                "topic": "parliament",
                "title": "Мәслихат өкілеттігі туралы",
                "text": "Мәслихаттардың жергілікті бюджетті бекіту өкілеттігін кеңейтуді ұсынамын.",
                "consent_publish_text": consent,
                "consent_publish_name": False,
            }
        )
        register_proposal(citizen, submission, channel=Channel.WEB, external_id=f"home-{index}")


def test_an_empty_reform_shows_every_stage_ahead(db: Any) -> None:
    stages = reform_timeline(TODAY)
    assert [s.key for s in stages] == ["proposals", "analysis", "commission", "draft", "referendum"]
    assert {s.state for s in stages} == {"ahead"}


def test_proposal_figures_count_registered_and_published_ones(two_proposals: None) -> None:
    proposals = reform_timeline(TODAY)[0]
    assert proposals.state == "current"
    values = {f.label: f.value for f in proposals.figures}
    assert values["proposals registered"] == 2
    assert values["published with the author's consent"] == 1
    assert all(f.url.startswith(reverse("proposals:public_list")) for f in proposals.figures)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_home_page_links_every_figure_to_a_page_that_opens(
    two_proposals: None, language: str
) -> None:
    client = Client()
    client.cookies["django_language"] = language
    page = client.get(reverse("portal:home"))
    assert page.status_code == 200
    body = page.content.decode()
    assert reverse("proposals:submit") in body
    for stage in reform_timeline(TODAY):
        for figure in stage.figures:
            assert f'href="{figure.url}"' in body.replace("&amp;", "&")
            assert client.get(figure.url).status_code == 200
