"""Every public page, reached the way a visitor reaches it: by following links.

A reduced demo is built once for this module (tests/browser/public_site.py),
then an anonymous visitor starts from the public pages and follows every
link that stays on the site, in Kazakh, Russian and English. Each test below
checks one promise over everything the crawl saw: every link opens, no link
sends a visitor to a sign-in wall, the Kazakh and Russian pages carry no
English interface sentence, and no page shows personal data or internal codes.
How long pages take is a benchmark's question, not a test's; the crawl keeps
each page's time so a failure report shows the slow ones.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import polib
import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve
from lxml import html as lxml_html

from atazan_redact import find as find_personal_data
from atazan_redact import is_valid_iin

from browser.public_site import LANGUAGES, PublicSite, build_public_site

#: Pages per language, and distinct pages per view (its other pages look the same).
MAX_PAGES = 400
PER_VIEW = 4
#: The issue's bound on the time to make one page.
SLOW_SECONDS = 1.0
#: Views that answer files, not pages: fetched once, not read for text.
DOWNLOAD = re.compile(
    r"\.(csv|json|ics|zip|xml|txt|md|html?)$|/export/|/download/|/api/v1/(?!docs)"
)
#: PDFs are typeset by WeasyPrint for tens of seconds; tests/constitution and tests/commission
#: make them, the crawl only checks that the links to them are there.
PDF = re.compile(r"\.pdf$|/pdf/$")
SIGN_IN = "/accounts/login/"
#: The site's own addresses (the demo's contact and live-stream hosts).
SITE_DOMAINS = {"example.org"}
IIN = re.compile(r"(?<!\d)\d{12}(?!\d)")
PHONE = re.compile(r"(?<![\w+])(?:\+7|8)[\s(-]*7\d{2}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@([\w-]+\.)+[a-z]{2,}", re.IGNORECASE)
#: Text inside these elements is shown as code on purpose.
CODE_ELEMENTS = ("code", "pre", "kbd", "samp", "script", "style", "noscript", "template")
SNAKE_CASE = re.compile(r"(?<![\w/.-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/-])")
PROVISION_UID = re.compile(r"\bp[0-9a-f]{16}\b")
AUDIT_CODE = re.compile(r"(?<![\w/.@-])[a-z_]+\.[a-z_]+(?![\w/.@-])")
CATALOGS = Path(__file__).resolve().parents[2] / "src" / "atazan" / "locale"

#: The marker asks for the test database; the module's fixture fills it once and rolls it back.
#: Pages are the same on either database: one run, on the embedded one, keeps the suite
#: within its time.
ON_SQLITE_ONLY = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="page checks run once, on the embedded SQLite database",
)

pytestmark = [ON_SQLITE_ONLY, pytest.mark.slow, pytest.mark.django_db]


@dataclass
class Visit:
    """One page as the crawl saw it."""

    path: str
    language: str
    status: int
    seconds: float
    location: str = ""
    text: str = ""
    found_on: str = ""


@dataclass
class Crawl:
    site: PublicSite
    visits: list[Visit] = field(default_factory=list)
    audit_codes: set[str] = field(default_factory=set)
    slugs: set[str] = field(default_factory=set)


def _visible_text(document: Any) -> str:
    """The text a reader sees, without code samples and scripts."""
    body = document.find("body")
    if body is None:
        return ""
    hidden = body.xpath(".//*[@hidden or @aria-hidden='true']") + list(body.iter(*CODE_ELEMENTS))
    for element in hidden:
        if element.getparent() is not None:
            element.drop_tree()
    return " ".join(" ".join(body.itertext()).split())


def _links(document: Any, path: str) -> Iterator[str]:
    """Site-local links of a page, resolved against it, without fragments."""
    document.make_links_absolute(f"http://testserver{path}")
    for element in document.xpath("//a[@href]"):
        url, _fragment = urldefrag(element.get("href"))
        parts = urlsplit(url)
        if parts.netloc != "testserver":
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def _view_name(path: str) -> str:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return "404"


def _timed_get(client: Client, path: str) -> tuple[Any, float]:
    """A response and the time to make it; a slow page is measured twice, the faster counts."""
    start = time.perf_counter()
    response = client.get(path)
    seconds = time.perf_counter() - start
    if seconds > SLOW_SECONDS and not DOWNLOAD.search(path):
        start = time.perf_counter()
        client.get(path)
        seconds = min(seconds, time.perf_counter() - start)
    return response, seconds


def _crawl(client: Client, language: str, starts: list[str], fetched: set[str]) -> list[Visit]:
    """Breadth first from ``starts``, a few pages per view, downloads once for all languages."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    queue: list[tuple[str, str]] = [(path, "") for path in starts]
    seen: set[str] = set()
    per_view: Counter[str] = Counter()
    per_path: Counter[str] = Counter()
    visits: list[Visit] = []
    while queue and len(visits) < MAX_PAGES:
        path, found_on = queue.pop(0)
        plain = urlsplit(path).path
        if path in seen:
            continue
        seen.add(path)
        if PDF.search(plain):
            continue
        if DOWNLOAD.search(plain):
            if plain in fetched:
                continue
            fetched.add(plain)
        view = _view_name(path)
        if plain not in per_path and per_view[view] >= PER_VIEW:
            continue
        if per_path[plain] >= 3:
            continue
        per_path[plain] += 1
        if per_path[plain] == 1:
            per_view[view] += 1
        response, seconds = _timed_get(client, path)
        visit = Visit(path, language, response.status_code, seconds, found_on=found_on)
        visit.location = response.get("Location", "")
        visits.append(visit)
        content_type = response.get("Content-Type", "")
        if response.status_code in (301, 302) and SIGN_IN not in visit.location:
            queue.append((visit.location, path))
        if response.status_code != 200 or not content_type.startswith("text/html"):
            continue
        document = lxml_html.document_fromstring(response.content)
        for link in _links(document, path):
            if link not in seen:
                queue.append((link, path))
        visit.text = _visible_text(document)
    return visits


@pytest.fixture(scope="module")
def crawl(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Crawl]:
    """Build the site once, crawl it in each language, and roll everything back afterwards."""
    from atazan.commission.models import Body
    from atazan.constitution.models import Work
    from atazan.core.models import AuditEntry
    from atazan.proposals import actions as proposal_actions
    from atazan.referendum.models import Referendum

    proposal_actions._SEQUENCES_READY.clear()
    unthrottled = {rule: None for rule in settings.ATAZAN_THROTTLES}
    with (
        django_db_blocker.unblock(),
        override_settings(ATAZAN_THROTTLES=unthrottled, LANGUAGE_CODE="kk"),
        transaction.atomic(),
    ):
        site = build_public_site(tmp_path_factory.mktemp("record"))
        result = Crawl(site)
        result.audit_codes = set(AuditEntry.objects.values_list("action", flat=True))
        result.slugs = {
            slug
            for model in (Work, Body, Referendum)
            for slug in model.objects.values_list("slug", flat=True)
            if "-" in slug or "_" in slug
        }
        fetched: set[str] = set()
        for language in LANGUAGES:
            result.visits += _crawl(Client(), language, site.public_paths(), fetched)
        transaction.set_rollback(True)
    proposal_actions._SEQUENCES_READY.clear()
    yield result


def _report(problems: list[str]) -> str:
    return f"{len(problems)} problems:\n" + "\n".join(problems[:60])


def test_the_crawl_reaches_every_kind_of_public_page_in_every_language(crawl: Crawl) -> None:
    for language in LANGUAGES:
        paths = {urlsplit(v.path).path for v in crawl.visits if v.language == language}
        expected = {urlsplit(p).path for p in crawl.site.public_paths()}
        assert expected <= paths, expected - paths
        assert len(paths) > 2 * len(expected), len(paths)


def test_every_link_a_visitor_is_offered_opens(crawl: Crawl) -> None:
    """200 for pages found by following links (the start list's 404 page is the one exception)."""
    broken = [
        f"{v.language} {v.path} -> {v.status} {v.location} (linked from {v.found_on})"
        for v in crawl.visits
        if v.status not in (200, 301, 302) and not (v.path == "/no-such-page/" and v.status == 404)
    ]
    assert not broken, _report(broken)


def test_no_page_links_an_anonymous_visitor_to_a_sign_in_wall(crawl: Crawl) -> None:
    walled = [
        f"{v.language} {v.path} (linked from {v.found_on})"
        for v in crawl.visits
        if v.status == 302 and "/accounts/login/" in v.location
    ]
    assert not walled, _report(walled)


def _translated_sentences(language: str) -> set[str]:
    """English interface sentences the ``language`` catalog translates into something else."""
    catalog = polib.pofile(str(CATALOGS / language / "LC_MESSAGES" / "django.po"))
    sentences = set()
    for entry in catalog.translated_entries():
        source = entry.msgid
        if entry.msgid_plural or entry.msgstr == source or "%" in source or "{" in source:
            continue
        if "<" in source or len(source.split()) < 3 or len(source) < 16:
            continue
        sentences.add(" ".join(source.split()))
    return sentences


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_kazakh_and_russian_pages_show_no_english_interface_sentence(
    crawl: Crawl, language: str
) -> None:
    sentences = _translated_sentences(language)
    assert sentences, "the catalog has no translated sentence"
    untranslated = sorted(
        {
            f"{v.path}: {sentence!r}"
            for v in crawl.visits
            if v.language == language and v.text
            for sentence in sentences
            if sentence in v.text
        }
    )
    assert not untranslated, _report(untranslated)


def test_no_public_page_shows_personal_data(crawl: Crawl) -> None:
    """Checked IINs, Kazakh mobile numbers, outside e-mail addresses and postal addresses."""
    found: set[str] = set()
    for visit in crawl.visits:
        if not visit.text:
            continue
        page = urlsplit(visit.path).path
        found |= {f"{page}: IIN {v}" for v in IIN.findall(visit.text) if is_valid_iin(v)}
        found |= {f"{page}: phone {m.group(0)}" for m in PHONE.finditer(visit.text)}
        found |= {
            f"{page}: e-mail {m.group(0)}"
            for m in EMAIL.finditer(visit.text)
            if m.group(0).rsplit("@", 1)[-1].lower() not in SITE_DOMAINS
        }
        found |= {
            f"{page}: address {f.value!r}" for f in find_personal_data(visit.text, ("address",))
        }
    assert not found, _report(sorted(found))


def test_no_public_page_shows_internal_codes(crawl: Crawl) -> None:
    shown: set[str] = set()
    for visit in crawl.visits:
        if not visit.text or visit.path.startswith("/api/"):
            continue
        codes = set(SNAKE_CASE.findall(visit.text)) | set(PROVISION_UID.findall(visit.text))
        codes |= {code for code in AUDIT_CODE.findall(visit.text) if code in crawl.audit_codes}
        codes |= {
            slug for slug in crawl.slugs if re.search(rf"(?<![\w/-]){slug}(?![\w/-])", visit.text)
        }
        shown |= {f"{urlsplit(visit.path).path}: {code}" for code in codes}
    assert not shown, _report(sorted(shown))
