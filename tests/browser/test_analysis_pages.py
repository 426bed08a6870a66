"""An analyst works through a finished run in a real browser; anyone sees the heat map."""

from __future__ import annotations

import io
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _analysed() -> None:
    from django.core.management import call_command

    from atazan.analysis.actions import run_now
    from atazan.core.actors import SystemActor
    from atazan.proposals import demo as proposals_demo

    call_command("load_demo", only="texts", verbosity=0)
    proposals_demo.load_demo(io.StringIO(), count=300)
    run_now(SystemActor("browser test"))


def test_analyst_confirms_a_link_and_it_leaves_the_list(live_server: Any, page: Any) -> None:
    from atazan.analysis.models import LinkDecision

    _analysed()
    page.goto(f"{live_server.url}/accounts/login/?next=/analysis/")
    page.fill("#id_username", "analyst")
    page.fill("#id_password", "atazan-demo")
    with page.expect_navigation():
        page.click("form button[type=submit], form input[type=submit]")
    # Run numbers come from the database's sequence, which other tests may have moved.
    from atazan.analysis.models import AnalysisRun

    latest = AnalysisRun.objects.latest("pk").pk
    page.click(f"a[href='/analysis/runs/{latest}/']")
    assert page.locator("table.themes tbody tr").count() > 0
    page.click("text=All links to confirm")
    first = page.locator("table.links tbody tr").first
    proposal = first.locator("input[name=proposal]").get_attribute("value")
    with page.expect_navigation():
        first.locator("button[value=confirmed]").click()
    assert "Later runs follow this decision." in page.locator(".messages").inner_text()
    assert LinkDecision.objects.filter(proposal_id=proposal, decision="confirmed").count() == 1


def test_heat_map_shades_articles_and_switches_measure(live_server: Any, page: Any) -> None:
    _analysed()
    page.goto(f"{live_server.url}/analysis/coverage/")
    assert page.locator(".heat-grid li").count() >= 90
    assert page.locator(".heat-grid li.heat-5").count() >= 1
    with page.expect_navigation():
        page.select_option("#measure", "proposals")
    assert "measure=proposals" in page.url
