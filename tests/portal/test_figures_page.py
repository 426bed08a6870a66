"""The charts page: each chart with its figures, the figures adding up, links that open."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from atazan.portal import figures


def test_region_tiles_count_every_proposal_once(send: Any) -> None:
    send(region="astana")
    send(region="almaty_city")
    send(region="abroad")
    tiles = figures.region_tiles()
    assert len(tiles) == 21
    assert sum(t.value for t in tiles) == 3
    assert {t.value for t in tiles if t.url.endswith("region=almaty_city")} == {1}


def test_weekly_counts_leave_no_week_out(send: Any) -> None:
    send()
    send()
    weeks = figures.weekly(dt.date.today())
    assert sum(w.value for w in weeks) == 2
    days = [dt.date.fromisoformat(w.label) for w in weeks]
    assert all((b - a).days == 7 for a, b in zip(days, days[1:], strict=False))


def test_open_cases_are_counted_by_their_deadline(send: Any) -> None:
    proposal = send()
    in_time = figures.deadline_compliance(proposal.deadline)
    overdue = figures.deadline_compliance(proposal.deadline + dt.timedelta(days=1))
    assert (in_time.open_in_time, in_time.open_overdue) == (1, 0)
    assert (overdue.open_in_time, overdue.open_overdue) == (0, 1)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_every_chart_has_a_title_and_a_table_whose_links_open(send: Any, language: str) -> None:
    send(channel="web")
    client = Client()
    client.cookies["django_language"] = language
    page = client.get(reverse("portal:figures"))
    assert page.status_code == 200
    body = page.content.decode()
    charts = re.findall(r'<svg class="chart chart-(\w+)"', body)
    assert {"weeks", "channels", "submitters", "regions", "deadlines"} <= set(charts)
    assert body.count("<table") == len(charts)
    for url in set(re.findall(r'<th scope="row"><a href="([^"]+)"', body)):
        assert client.get(url.replace("&amp;", "&")).status_code == 200
