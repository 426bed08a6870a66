"""The analysis' public figures after a finished run: counts and labels, no member lists."""

from __future__ import annotations

from typing import Any

import pytest
from api_seed import analysed, charter
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_run(db: Any) -> Any:
    charter()
    return analysed()


def test_themes_campaigns_and_coverage_come_from_the_latest_run(
    finished_run: Any, client: Client
) -> None:
    run = client.get("/api/v1/analysis/run").json()
    assert run["id"] == finished_run.pk and run["proposals"] == finished_run.proposals_count
    themes = client.get("/api/v1/analysis/themes", {"size": 100}).json()["items"]
    assert themes and all(t["proposals"] >= 1 for t in themes)
    supporters = [t["supporters"] for t in themes]
    assert supporters == sorted(supporters, reverse=True)
    campaigns = client.get("/api/v1/analysis/campaigns", {"size": 100}).json()["items"]
    assert len(campaigns) == run["campaigns"]
    coverage = client.get("/api/v1/analysis/coverage", {"measure": "proposals"}).json()
    assert coverage["measure"] == "proposals" and coverage["run"]["id"] == finished_run.pk
    levels = [a["level"] for s in coverage["sections"] for a in s["articles"]]
    assert all(0 <= level <= 5 for level in levels)


def test_a_campaign_names_its_representative_only_when_its_text_is_published(
    finished_run: Any, client: Client
) -> None:
    from atazan.analysis import selectors

    stored = {c.key: c for c in selectors.campaigns_of(finished_run, limit=1000)}
    for shown in client.get("/api/v1/analysis/campaigns", {"size": 100}).json()["items"]:
        representative = stored[shown["key"]].representative
        expected = representative.number if representative.consent_publish_text else None
        assert shown["representative"] == expected
