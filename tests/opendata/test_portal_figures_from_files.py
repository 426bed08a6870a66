"""The portal's public figures can be recomputed by anyone from the open-data files alone.

The home page's timeline and the figures page count from the database; here
the same figures are counted from the downloaded CSV files and must agree.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from atazan.portal import figures
from atazan.portal.selectors import reform_timeline
from atazan.proposals.labels import choice_label
from atazan.referendum.models import ReferendumStatus
from conftest import World, answer

pytestmark = pytest.mark.django_db


def table(client: Client, name: str) -> list[dict[str, str]]:
    streamed: Any = client.get(reverse("opendata:download", kwargs={"name": name, "fmt": "csv"}))
    text = b"".join(streamed.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _labelled(counts: Counter[str], field: str) -> dict[str, int]:
    return {choice_label(field, code): n for code, n in counts.items() if code}


def test_the_timeline_and_the_figures_page_add_up_from_the_csv_files(
    world: World, send: Any
) -> None:
    late = send(region="shymkent", channel="meeting")
    answer(late.proposal, "forwarded", "Құзыретті органға жіберілді.")
    client = Client()
    proposals = table(client, "proposals")
    answers = table(client, "answers")
    themes = table(client, "themes")
    campaigns = table(client, "campaigns")
    meetings = table(client, "meetings")
    amendments = table(client, "amendments")
    results = table(client, "referendum-results")
    today = dt.date.fromisoformat(max(p["deadline"] for p in proposals)) - dt.timedelta(days=3)

    # The home page: one stage per step of the reform, each with its figures.
    stages = {stage.key: [f.value for f in stage.figures] for stage in reform_timeline(today)}
    answered = [p for p in proposals if p["status"] == "answered"]
    assert stages["proposals"] == [
        len(proposals),
        sum(p["published"] == "true" for p in proposals),
        len(answered),
    ]
    latest_run = max(int(t["run"]) for t in themes)
    assert stages["analysis"] == [
        sum(int(t["run"]) == latest_run for t in themes),
        sum(int(c["run"]) == latest_run for c in campaigns),
    ]
    assert stages["commission"] == [
        sum(m["status"] == "closed" for m in meetings),
        sum(m["status"] != "closed" for m in meetings),
        sum(a["status"] == "adopted" for a in amendments),
        sum(a["status"] == "rejected" for a in amendments),
    ]
    status = {r["status"] for r in results if r["area"] == "nation"}
    assert stages["referendum"] == [str(ReferendumStatus(status.pop()).label)]

    # The figures page: per channel, submitter type, region and outcome, and deadlines.
    def items(rows: list[Any]) -> dict[str, int]:
        return {item.label: item.value for item in rows}

    assert items(figures.by_choice("channel")) == _labelled(
        Counter(p["channel"] for p in proposals), "channel"
    )
    assert items(figures.by_choice("submitter_type")) == _labelled(
        Counter(p["submitter_type"] for p in proposals), "submitter_type"
    )
    tiles = {tile.url.rsplit("region=", 1)[1]: tile.value for tile in figures.region_tiles()}
    per_region = Counter(p["region"] for p in proposals if p["region"])
    assert {k: v for k, v in tiles.items() if v} == dict(per_region)
    assert items(figures.by_outcome()) == _labelled(
        Counter(a["outcome"] for a in answers), "outcome"
    )
    compliance = figures.deadline_compliance(today)
    open_cases = [p for p in proposals if p["status"] != "answered"]
    assert compliance.on_time == sum(a["on_time"] == "true" for a in answers)
    assert compliance.late == sum(a["on_time"] == "false" for a in answers)
    assert compliance.on_time == sum(p["answered_date"] <= p["deadline"] for p in answered)
    assert compliance.open_in_time == sum(
        dt.date.fromisoformat(p["deadline"]) >= today for p in open_cases
    )
    assert compliance.open_overdue == sum(
        dt.date.fromisoformat(p["deadline"]) < today for p in open_cases
    )
    weekly = {item.label: item.value for item in figures.weekly(today) if item.value}
    by_week: Counter[str] = Counter()
    for p in proposals:
        day = dt.date.fromisoformat(p["registered_date"])
        by_week[(day - dt.timedelta(days=day.weekday())).isoformat()] += 1
    assert weekly == dict(by_week)
