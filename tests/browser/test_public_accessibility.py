"""Every public page, in Kazakh, Russian and English, for a screen reader and on a phone.

axe-core (shipped inside axe-playwright-python, no network) checks each page
for serious and critical violations; then the page is opened 390 px wide,
the width of a common phone, where it must not scroll sideways and the
navigation's "Sign in" link must be on screen. A phone screenshot of every
page lands in var/screenshots/phone/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from browser.public_site import LANGUAGES, build_public_site

#: Pages are the same on either database; the embedded one is where the 1 s bound applies
#: and where one run keeps the suite within its time.
ON_SQLITE_ONLY = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="page checks run once, on the embedded SQLite database",
)

pytestmark = [
    ON_SQLITE_ONLY,
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
BLOCKING = {"serious", "critical"}


def _name(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


#: Pages that embed a third-party widget: its markup is checked by its makers, the page
#: around it (layout, navigation, language, headings) by this test. Swagger UI draws the
#: API reference; the same reference is docs/api.md and /api/v1/openapi.json.
THIRD_PARTY_WIDGETS = {"/api/v1/docs": "#swagger-ui"}


def _violations(axe: Any, page: Any, path: str = "") -> list[str]:
    widget = THIRD_PARTY_WIDGETS.get(path)
    context = {"exclude": [[widget]]} if widget else None
    results = axe.run(page, context=context)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(str(node.get("target")) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation.get("impact") in BLOCKING
    ]


def _phone_problems(page: Any) -> list[str]:
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"the page is {width} px wide")
    sign_in = page.locator(".main-nav a[href='/accounts/login/']")
    box = sign_in.bounding_box() if sign_in.count() else None
    if box is None or not sign_in.is_visible():
        problems.append("no visible Sign in link")
    elif box["x"] < 0 or box["x"] + box["width"] > PHONE["width"] or box["y"] > PHONE["height"]:
        problems.append(f"Sign in is off screen at {box}")
    return problems


def test_every_public_page_passes_axe_and_fits_a_phone(
    live_server: Any, browser: Any, screenshots: Path, tmp_path: Path
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    site = build_public_site(tmp_path, proposals=30)
    axe = Axe()
    phone_shots = screenshots / "phone"
    phone_shots.mkdir(exist_ok=True)
    failures: list[str] = []
    for language in LANGUAGES:
        cookie = {"name": "django_language", "value": language, "url": live_server.url}
        desktop = browser.new_context(viewport=DESKTOP, locale="en-US")
        phone = browser.new_context(viewport=PHONE, locale="en-US", is_mobile=True)
        desktop.add_cookies([cookie])
        phone.add_cookies([cookie])
        wide, narrow = desktop.new_page(), phone.new_page()
        for path in site.public_paths():
            wide.goto(live_server.url + path)
            lang = wide.locator("html").get_attribute("lang")
            if lang != language:
                failures.append(f"{language} {path}: <html lang={lang!r}>")
            failures += [f"{language} {path}: axe {v}" for v in _violations(axe, wide, path)]
            narrow.goto(live_server.url + path)
            narrow.screenshot(path=phone_shots / f"{language}-{_name(path)}.png")
            failures += [f"{language} {path}: phone, {p}" for p in _phone_problems(narrow)]
        desktop.close()
        phone.close()
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)
