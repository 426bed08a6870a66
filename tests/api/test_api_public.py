"""The public reads of /api/v1: what each returns, and that it shows no more than the pages."""

from __future__ import annotations

from typing import Any

import pytest
from api_seed import HIDDEN_IIN, PUBLISHED_EMAIL, PUBLISHED_IIN, World
from django.test import Client

pytestmark = pytest.mark.django_db


def get(client: Client, url: str, **params: Any) -> Any:
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response


def test_constitutions_list_the_published_versions_and_their_languages(
    seeded: World, client: Client
) -> None:
    page = get(client, "/api/v1/constitution/works").json()
    assert page["page"] == 1 and page["has_next"] is False
    (work,) = page["items"]
    assert work["slug"] == "hills"
    assert [(v["label"], v["languages"]) for v in work["versions"]][0] == (
        "2010",
        ["kk", "ru", "en"],
    )
    versions = get(client, "/api/v1/constitution/works/hills/versions").json()["items"]
    assert "2010" in [v["label"] for v in versions]


def test_a_version_has_its_sections_articles_and_paragraphs_in_the_asked_language(
    seeded: World, client: Client
) -> None:
    text = get(client, "/api/v1/constitution/works/hills/versions/2010", lang="ru").json()
    assert text["language"] == "ru" and text["title"] == "Основной закон Горной страны"
    (section,) = text["provisions"]
    assert section["kind"] == "section"
    article = section["children"][0]
    assert article["kind"] == "article" and article["eid"] == "sec_1__art_1"
    assert [p["text"] for p in article["children"]] == [
        ["Горная страна — правовое государство."],
        ["Власть принадлежит народу."],
    ]
    english = get(client, "/api/v1/constitution/works/hills/versions/2010", lang="en").json()
    assert english["provisions"][0]["children"][0]["uid"] == article["uid"]


def test_a_version_without_lang_is_read_in_the_language_of_the_request(
    seeded: World, client: Client
) -> None:
    response = client.get(
        "/api/v1/constitution/works/hills/versions/2010", HTTP_ACCEPT_LANGUAGE="kk"
    )
    assert response.json()["language"] == "kk"


def test_an_unknown_version_or_language_is_a_json_404(seeded: World, client: Client) -> None:
    assert get(client, "/api/v1/constitution/works/hills/versions/1900").status_code == 404
    missing = get(client, "/api/v1/constitution/works/hills/versions/2010", lang="de")
    assert missing.status_code == 404 and missing.json()["field"] == "lang"
    assert get(client, "/api/v1/constitution/works/nowhere/versions").status_code == 404


def test_only_proposals_published_with_consent_are_listed_and_they_are_masked(
    seeded: World, client: Client
) -> None:
    page = get(client, "/api/v1/proposals").json()
    numbers = [p["number"] for p in page["items"]]
    assert numbers == [seeded.published.number]
    (shown,) = page["items"]
    assert PUBLISHED_IIN not in shown["text"] and PUBLISHED_EMAIL not in shown["text"]
    assert "[IIN/BIN hidden]" in shown["text"]
    assert shown["name"] == ""  # no consent to publish the name
    assert shown["region"] == "karaganda" and shown["region_label"]
    assert get(client, f"/api/v1/proposals/{seeded.published.number}").json() == shown
    hidden = get(client, f"/api/v1/proposals/{seeded.hidden.number}")
    assert hidden.status_code == 404
    assert HIDDEN_IIN not in get(client, "/api/v1/proposals").content.decode()


def test_proposals_are_filtered_and_paged(seeded: World, client: Client) -> None:
    assert get(client, "/api/v1/proposals", region="astana").json()["items"] == []
    assert len(get(client, "/api/v1/proposals", region="karaganda").json()["items"]) == 1
    first = get(client, "/api/v1/proposals", size=1, page=1).json()
    assert first["size"] == 1 and first["has_next"] is False
    assert get(client, "/api/v1/proposals", page=2).json()["items"] == []


@pytest.mark.parametrize("size", ["0", "101", "-1"])
def test_a_page_size_out_of_bounds_is_refused_naming_the_field(client: Client, size: str) -> None:
    response = get(client, "/api/v1/proposals", size=size)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input" and body["field"] == "size"
    assert body["details"]["errors"]["size"]


def test_the_commission_record_is_public_as_on_its_pages(seeded: World, client: Client) -> None:
    bodies = get(client, "/api/v1/commission/bodies").json()["items"]
    assert [b["slug"] for b in bodies] == ["hill-commission"]
    assert bodies[0]["name"] == "Hill Commission"
    members = get(client, "/api/v1/commission/bodies/hill-commission").json()["members"]
    assert len(members) == 3 and all(m["serving"] for m in members)
    meetings = get(client, "/api/v1/commission/meetings").json()["items"]
    assert [m["number"] for m in meetings] == [seeded.meeting.number]
    meeting = get(
        client, f"/api/v1/commission/bodies/hill-commission/meetings/{seeded.meeting.number}"
    ).json()
    (vote,) = meeting["votes"]
    assert vote["votes_for"] == 3 and vote["outcome"] == "adopted"
    assert sorted(row["choice"] for row in vote["roll_call"]) == ["for", "for", "for"]
    assert meeting["quorum"]["met"] is True


def test_amendments_and_drafts_show_the_published_record(seeded: World, client: Client) -> None:
    assert seeded.amendment is not None and seeded.draft is not None
    (listed,) = get(client, "/api/v1/commission/amendments").json()["items"]
    assert listed["number"] == "A-1" and listed["status"] == "adopted"
    assert get(client, "/api/v1/commission/amendments", status="withdrawn").json()["items"] == []
    detail = get(client, f"/api/v1/commission/amendments/{seeded.amendment.pk}").json()
    (cited,) = detail["cited_proposals"]
    assert cited["number"] == seeded.published.number
    assert PUBLISHED_IIN not in cited["title"]
    assert detail["drafts"] == [seeded.draft.pk]
    (draft,) = get(client, "/api/v1/commission/drafts").json()["items"]
    assert draft["version"] == "2026-draft"
    shown = get(client, f"/api/v1/commission/drafts/{seeded.draft.pk}").json()
    assert shown["amendments"] == [seeded.amendment.pk]


def test_an_unpublished_draft_is_not_shown(seeded: World, client: Client) -> None:
    from atazan.commission import actions

    from factories import SYSTEM

    assert seeded.draft is not None
    draft = actions.consolidate_draft(SYSTEM, seeded.body, seeded.version, label="2027-draft")
    assert get(client, f"/api/v1/commission/drafts/{draft.pk}").status_code == 404
    listed = [d["id"] for d in get(client, "/api/v1/commission/drafts").json()["items"]]
    assert draft.pk not in listed


def test_referendum_results_give_the_national_and_unit_figures(
    seeded: World, client: Client
) -> None:
    (listed,) = get(client, "/api/v1/referendums").json()["items"]
    assert listed["slug"] == "hills-2026" and listed["title"] == "Hill referendum"
    results = get(client, "/api/v1/referendums/hills-2026/results").json()
    assert results["question"] == 1
    assert results["figures"]["yes"] == sum(u["figures"]["yes"] for u in results["units"])
    assert results["rule"]["name"] == "constitution"
    assert get(client, "/api/v1/referendums/hills-2026/results", question=2).status_code == 404
    assert get(client, "/api/v1/referendums/none/results").status_code == 404


def test_analysis_figures_are_empty_before_any_run(seeded: World, client: Client) -> None:
    assert get(client, "/api/v1/analysis/themes").json()["items"] == []
    assert get(client, "/api/v1/analysis/campaigns").json()["items"] == []
    assert get(client, "/api/v1/analysis/coverage").json() == {
        "run": None,
        "measure": "supporters",
        "sections": [],
    }
    assert get(client, "/api/v1/analysis/run").status_code == 404


def test_an_unknown_address_under_the_api_is_a_json_404(client: Client) -> None:
    response = get(client, "/api/v1/no/such/thing")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
