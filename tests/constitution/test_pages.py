"""Public pages: reading, permalinks, downloads and comparison."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from atazan.constitution.models import Version
from atazan.core.roles import Role

from factories import UserFactory

pytestmark = pytest.mark.django_db


def test_reading_page_has_contents_and_anchors(lakes, client: Client) -> None:  # type: ignore[no-untyped-def]
    url = reverse("constitution:read", kwargs={"work": "lakes", "version": "2001", "lang": "kk"})
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="sec_2__art_3__para_2-1"' in html
    assert 'href="#sec_2__art_4"' in html
    assert "3-бап" in html
    assert "II бөлім" in html


def test_text_language_links_list_every_stored_language(lakes, client: Client) -> None:  # type: ignore[no-untyped-def]
    url = reverse("constitution:read", kwargs={"work": "lakes", "version": "2001", "lang": "ru"})
    html = client.get(url).content.decode()
    for code in ("kk", "ru", "en"):
        assert f'hreflang="{code}"' in html


def test_a_permanent_link_follows_the_provision_to_the_newest_version(
    lakes, client: Client
) -> None:  # type: ignore[no-untyped-def]
    uid = lakes["base_en"].provisions.get(eid="sec_1__art_2").uid
    response = client.get(
        reverse("constitution:permanent", kwargs={"work": "lakes", "uid": uid}) + "?lang=en"
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/lakes/2026-draft/en/sec_3__art_4/")
    page = client.get(response["Location"])
    assert "Tasbulak" in page.content.decode()


@pytest.mark.parametrize(
    ("fmt", "content_type", "marker"),
    [
        ("akn", "application/akn+xml", b"akomaNtoso"),
        ("json", "application/json", b'"sec_2__art_3"'),
        ("html", "text/html", b"sec_2__art_3"),
        ("txt", "text/plain", "Статья 3".encode()),
        ("pdf", "application/pdf", b"%PDF"),
    ],
)
def test_every_export_format_downloads(lakes, client: Client, fmt, content_type, marker) -> None:  # type: ignore[no-untyped-def]
    url = reverse(
        "constitution:export", kwargs={"work": "lakes", "version": "2001", "lang": "ru", "fmt": fmt}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert marker in response.content


def test_an_unpublished_draft_is_hidden_from_the_public(lakes, client: Client) -> None:  # type: ignore[no-untyped-def]
    Version.objects.filter(label="2026-draft").update(published=False)
    url = reverse(
        "constitution:read", kwargs={"work": "lakes", "version": "2026-draft", "lang": "en"}
    )
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(roles=[Role.COMMISSION_MEMBER]))
    assert client.get(url).status_code == 200


def test_comparison_page_shows_figures_and_redline(lakes, client: Client) -> None:  # type: ignore[no-untyped-def]
    url = reverse("constitution:compare", kwargs={"work": "lakes"})
    response = client.get(url, {"base": "2001", "new": "2026-draft", "lang": "en"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-figure="articles_changed"' in html
    assert "<ins>" in html and "<del>" in html
    assert "rel-renumbered" in html and "rel-moved" in html and "rel-deleted" in html


def test_comparison_page_names_an_unknown_version(lakes, client: Client) -> None:  # type: ignore[no-untyped-def]
    url = reverse("constitution:compare", kwargs={"work": "lakes"})
    html = client.get(url, {"base": "1066", "new": "2026-draft"}).content.decode()
    assert "1066" in html
    assert 'data-figure="articles_changed"' not in html


def test_compare_command_prints_the_figures_as_json(lakes, capsys) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    call_command(
        "constitution", "compare", "lakes:2001", "lakes:2026-draft", "--lang", "en", "--json"
    )
    data = json.loads(capsys.readouterr().out)
    for key in (
        "articles_total",
        "articles_changed",
        "sections_total",
        "sections_touched",
        "words_changed_share",
        "chars_changed_share",
        "pairs",
    ):
        assert key in data
    relations = {p["relation"] for p in data["pairs"]}
    assert {"renumbered", "moved", "modified", "deleted"} <= relations


def test_audit_log_page_needs_permission(lakes, client: Client) -> None:  # type: ignore[no-untyped-def]
    url = reverse("core:audit_log")
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(roles=[Role.OBSERVER]))
    response = client.get(url, {"verify": "1"})
    assert response.status_code == 200
    assert "constitution.import_text" in response.content.decode()


def test_home_page_links_to_the_texts(lakes, client: Client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(reverse("portal:home")).content.decode()
    assert "/constitution/lakes/2001/" in html
    assert "/constitution/lakes/compare/" in html
