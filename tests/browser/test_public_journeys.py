"""The public site used by people in a real browser, with a screenshot of each step.

A citizen sends a proposal and follows it to its answer; an analyst answers
a batch of cases at once; a visitor compares the draft with the text in
force and asks why an article changed; the referendum results show their
chart. Screenshots land in var/screenshots/ (kept by CI as artefacts).
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

from browser.public_site import ADDED_PARAGRAPH, build_public_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, base_url: str, username: str, then: str) -> None:
    page.goto(f"{base_url}/accounts/login/?next={then}")
    page.fill("#id_username", username)
    page.fill("#id_password", "atazan-demo")
    with page.expect_navigation():
        page.click("main form button[type=submit], main form input[type=submit]")


def _demo_cases(count: int) -> None:
    """The demo accounts, answer templates and routing, and ``count`` proposals."""

    from atazan.portal.management.commands.load_demo import Command
    from atazan.proposals import demo as proposals_demo

    Command(stdout=io.StringIO()).load_accounts()
    proposals_demo.load_demo(io.StringIO(), count=count)


def _valid_iin(seed: int) -> str:
    from atazan_redact import make_identifier

    value = 90010230012 + seed * 17
    while not make_identifier(f"{value:011d}"):
        value += 1
    return str(make_identifier(f"{value:011d}"))


def _fresh_cases(count: int) -> None:
    """Proposals registered just now, waiting for an analyst (the demo's are past their time)."""
    from atazan.core.roles import Role
    from atazan.proposals.actions import register_proposal
    from atazan.proposals.intake import clean_submission
    from atazan.proposals.models import Channel

    from factories import UserFactory

    citizen = UserFactory(roles=[Role.CITIZEN])
    for index in range(count):
        data = {
            "submitter_type": "citizen",
            "submitter_name": "Дана Ержанқызы",
            "iin": _valid_iin(100 + index),
            "region": "astana",
            "language": "kk",
            "topic": "parliament",
            "title": f"Мәслихат туралы ұсыныс {index + 1}",
            "text": "Мәслихаттардың жергілікті бюджетті бекіту өкілеттігін кеңейтуді ұсынамын.",
            "consent_publish_text": True,
            "consent_publish_name": False,
        }
        register_proposal(
            citizen, clean_submission(data), channel=Channel.WEB, external_id=f"fresh-{index}"
        )


def test_a_citizen_follows_a_proposal_from_receipt_to_answer(
    live_server: Any, page: Any, screenshots: Path
) -> None:
    _demo_cases(10)
    _sign_in(page, live_server.url, "citizen", "/proposals/submit/")
    page.fill("#id_submitter_name", "Aliya Serikova")
    if not page.input_value("#id_iin"):
        page.fill("#id_iin", _valid_iin(7))
    page.select_option("#id_language", "en")
    page.fill("#id_title", "Answers in both languages")
    page.fill("#id_text", "Every public service should answer citizens in Kenbeli and Russian.")
    if page.locator("#id_consent_publish_text").count():
        page.check("#id_consent_publish_text")
    page.screenshot(path=screenshots / "citizen-1-form.png", full_page=True)
    with page.expect_navigation():
        page.click("main form.card button[type=submit]")
    number = page.locator(".receipt-number").inner_text().strip()
    secret = page.locator(".secret").inner_text().strip()
    assert re.fullmatch(r"\d{4}-\d{6}", number), number
    assert len(secret) >= 8
    page.screenshot(path=screenshots / "citizen-2-receipt.png", full_page=True)
    page.context.clear_cookies()

    # An analyst answers it from the case page.
    _sign_in(page, live_server.url, "analyst", f"/proposals/cases/{number}/")
    page.select_option("#id_outcome", "accepted")
    page.fill("#id_reason", "The commission takes this up in the amendment to Article 6.")
    page.screenshot(path=screenshots / "citizen-3-case.png", full_page=True)
    with page.expect_navigation():
        page.click("button[name=action][value=answer]")
    page.context.clear_cookies()

    # The citizen finds the answer among their proposals ...
    _sign_in(page, live_server.url, "citizen", "/proposals/mine/")
    row = page.locator("main tr", has_text=number)
    assert "amendment to Article 6" in row.inner_text()
    page.screenshot(path=screenshots / "citizen-4-mine.png", full_page=True)
    page.context.clear_cookies()
    # ... and, signed out, with the number and the secret on the track page.
    page.goto(f"{live_server.url}/proposals/track/")
    page.fill("#id_number", number)
    page.fill("#id_secret", secret)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "amendment to Article 6" in page.locator("main").inner_text()
    page.screenshot(path=screenshots / "citizen-5-track.png", full_page=True)


def test_an_analyst_answers_a_batch_of_cases_from_the_list(
    live_server: Any, page: Any, screenshots: Path
) -> None:
    from atazan.proposals.models import Proposal, Status

    _demo_cases(40)
    _fresh_cases(3)
    _sign_in(page, live_server.url, "analyst", "/proposals/cases/?status=registered")
    boxes = page.locator("input[name=ids]")
    assert boxes.count() >= 3
    chosen = [boxes.nth(i).get_attribute("value") for i in range(3)]
    for i in range(3):
        boxes.nth(i).check()
    template = page.locator("#bulk-template option").nth(1)
    page.select_option("#bulk-template", template.get_attribute("value"))
    page.screenshot(path=screenshots / "analyst-1-batch.png", full_page=True)
    with page.expect_navigation():
        page.click("button[name=action][value=answer]")
    page.screenshot(path=screenshots / "analyst-2-answered.png", full_page=True)
    answered = Proposal.objects.filter(pk__in=chosen)
    assert {p.status for p in answered} == {Status.ANSWERED}, [p.status for p in answered]


def test_a_visitor_compares_the_draft_and_asks_why_an_article_changed(
    live_server: Any, page: Any, screenshots: Path, tmp_path: Path
) -> None:
    site = build_public_site(tmp_path, proposals=30)
    page.goto(f"{live_server.url}/commission/drafts/{site.draft_pk}/")
    with page.expect_navigation():
        page.click("main .toolbar a[href*='/compare/']")
    assert page.locator(".pair.modified ins").count() > 0
    assert ADDED_PARAGRAPH["en"] in page.locator(".pair.modified").first.inner_text()
    page.screenshot(path=screenshots / "visitor-1-compare.png", full_page=True)
    page.go_back()
    with page.expect_navigation():
        page.click(f"main a[href$='/provisions/{site.changed_uid}/']")
    trace = page.locator("main").inner_text()
    assert "A-6" in trace and "Adopted" in trace
    assert ADDED_PARAGRAPH["en"] in trace
    page.screenshot(path=screenshots / "visitor-2-why-changed.png", full_page=True)


def test_the_referendum_results_page_draws_its_chart(
    live_server: Any, page: Any, screenshots: Path, tmp_path: Path
) -> None:
    from atazan.referendum import demo as referendum_demo

    referendum_demo.load_demo(
        io.StringIO(), precincts=12, abroad=1, online_ballots=3, record_dir=tmp_path
    )
    page.goto(f"{live_server.url}/referendum/{referendum_demo.SLUG}/")
    chart = page.locator("main svg[aria-labelledby]").first
    assert chart.is_visible()
    title = chart.locator("title").first.text_content() or ""
    assert title.strip()
    page.screenshot(path=screenshots / "referendum-results.png", full_page=True)
