"""A reader opens the comparison page in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_comparison_page_shows_redline_and_figures(live_server: Any, page: Any) -> None:
    from django.core.management import call_command

    call_command("load_demo", only="texts", verbosity=0)
    page.goto(f"{live_server.url}/constitution/kenbel/compare/?base=1998&new=2026-draft&lang=en")
    assert page.locator('[data-figure="articles_changed"]').inner_text().strip().isdigit()
    assert page.locator("#summary").is_visible()
    assert page.locator(".pair.modified ins").count() > 0
    assert page.locator(".pair.modified del").count() > 0
    # Switching to the inline view keeps the redline.
    page.select_option("#mode", "inline")
    with page.expect_navigation():
        page.click("button[type=submit].button")
    assert "mode=inline" in page.url
    assert page.locator(".pair-body.inline ins").count() > 0


def test_interface_language_switch_changes_the_labels(live_server: Any, page: Any) -> None:
    from django.core.management import call_command

    call_command("load_demo", only="texts", verbosity=0)
    page.goto(f"{live_server.url}/constitution/")
    with page.expect_navigation():
        page.select_option("#language-select", "ru")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator(".main-nav").inner_text().startswith("Конституция")
    with page.expect_navigation():
        page.select_option("#language-select", "kk")
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.locator("h1").inner_text() == "Конституция мәтіндері"


def test_identical_articles_hide_and_show_under_the_content_security_policy(
    live_server: Any, page: Any
) -> None:
    from django.core.management import call_command

    call_command("load_demo", only="texts", verbosity=0)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{live_server.url}/constitution/kenbel/compare/?base=1998&new=2026-draft&lang=en")
    identical = page.locator(".pair.identical").first
    assert not identical.is_visible()
    page.uncheck("#hide-identical")
    assert identical.is_visible()
    assert not violations, violations
