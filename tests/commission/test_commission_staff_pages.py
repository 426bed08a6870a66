"""The staff's screens: meetings, agenda items, amendments, drafts and comments, each for whom it is meant.

Every screen is behind its permission (403 for citizens and observers, sign-in
for anonymous visitors), takes a POST, calls one action, redirects, and shows
the action's refusal beside the form with the field named; every success
leaves its audit entry.
"""

from __future__ import annotations

import datetime as dt
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from atazan.analysis.models import AnalysisRun, RunStatus, ThemeResult
from atazan.commission import actions
from atazan.commission.models import (
    AgendaItem,
    Amendment,
    AmendmentStatus,
    Body,
    Draft,
    Meeting,
    Membership,
)
from atazan.constitution.models import Provision, Version
from atazan.core.models import AuditEntry
from atazan.core.roles import Role
from atazan.proposals.models import Proposal

from factories import SYSTEM, UserFactory

NEW_WORDING = {
    "kk": "Көл кантондары демократиялық, зайырлы және әлеуметтік мемлекет болып табылады.",
    "ru": "Озёрные кантоны являются демократическим, светским и социальным государством.",
    "en": "The Lake Cantons are a democratic, secular and social state.",
}
RATIONALE = {
    "kk": "Азаматтар мемлекеттің әлеуметтік сипатын бекітуді сұрады.",
    "ru": "Граждане просили закрепить социальный характер государства.",
    "en": "Citizens asked to write down that the state is a social one.",
}

TITLES = {
    "title_kk": "Сайлау жүйесі туралы отырыс",
    "title_ru": "Заседание об избирательной системе",
    "title_en": "Meeting on the electoral system",
}
RATIONALE_FIELDS = {f"rationale_{code}": text for code, text in RATIONALE.items()}


def provision_uid(version: Version, eid: str) -> str:
    return str(
        Provision.objects.filter(expression__version=version, eid=eid)
        .values_list("uid", flat=True)
        .get(expression__language="en")
    )


def client_for(user: Any = None) -> Client:
    """A client reading the English interface, signed in as ``user`` when given."""
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def html_of(response: Any) -> str:
    return str(response.content.decode())


def audited(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


def meeting_url(meeting: Meeting, name: str = "meeting") -> str:
    return reverse(
        f"commission:{name}", kwargs={"body": meeting.body.slug, "number": meeting.number}
    )


def new_amendment_url(body: Body, **query: Any) -> str:
    url = reverse("commission:amendment_new", kwargs={"body": body.slug})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


@pytest.fixture
def secretariat(db: Any) -> Any:
    return UserFactory(username="secretariat", roles=[Role.COMMISSION_SECRETARY])


@pytest.fixture
def outsiders(db: Any) -> dict[str, Any]:
    return {
        "citizen": UserFactory(username="outsider-citizen", roles=[Role.CITIZEN]),
        "observer": UserFactory(username="outsider-observer", roles=[Role.OBSERVER]),
    }


@pytest.fixture
def theme(proposal: Proposal) -> ThemeResult:
    """A theme of a finished analysis run (the latest one)."""
    run = AnalysisRun.objects.create(
        status=RunStatus.DONE, started_at=timezone.now(), finished_at=timezone.now()
    )
    return ThemeResult.objects.create(
        run=run,
        key="t-1",
        label="Social state",
        language="en",
        size=1,
        supporters=1,
    )


def _at(days: int, hour: int) -> str:
    day = timezone.localdate() + dt.timedelta(days=days)
    return f"{day.isoformat()}T{hour:02d}:00"


def adopt(meeting: Meeting, amendment: Amendment, seats: dict[str, Membership]) -> Amendment:
    """Put ``amendment`` to the vote at the live ``meeting`` (everyone present) and adopt it."""
    actions.record_attendance(SYSTEM, meeting, {seat.pk: True for seat in seats.values()})
    vote = actions.open_vote(SYSTEM, meeting, amendment)
    for seat in seats.values():
        actions.cast_vote(seat.user, vote, "for")
    actions.close_vote(SYSTEM, vote)
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.ADOPTED
    return amendment


# Who may use the screens --------------------------------------------------------------------


def _screens(
    body: Body, meeting: Meeting, amendment: Amendment, draft: Draft
) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, url, data) for every staff screen."""
    return [
        ("get", reverse("commission:meeting_new", kwargs={"body": body.slug}), {}),
        ("post", reverse("commission:meeting_new", kwargs={"body": body.slug}), TITLES),
        ("post", meeting_url(meeting, "meeting_links"), {"live_url": "https://x.example"}),
        ("get", meeting_url(meeting, "agenda_new"), {}),
        ("post", meeting_url(meeting, "agenda_new"), TITLES),
        ("get", new_amendment_url(body), {}),
        ("post", new_amendment_url(body, kind="delete"), {"number": "X-1"}),
        ("post", reverse("commission:amendment_withdraw", kwargs={"pk": amendment.pk}), {}),
        (
            "post",
            reverse("commission:draft_consolidate", kwargs={"body": body.slug}),
            {"label": "x"},
        ),
        ("post", reverse("commission:draft_comments", kwargs={"pk": draft.pk}), {"open": "0"}),
    ]


@pytest.mark.parametrize("who", ["citizen", "observer"])
def test_citizens_and_observers_are_refused_every_staff_screen(
    who: str,
    outsiders: dict[str, Any],
    body: Body,
    meeting: Meeting,
    draft: Draft,
    adopted: Amendment,
) -> None:
    client = client_for(outsiders[who])
    before = AuditEntry.objects.count()
    for method, url, data in _screens(body, meeting, adopted, draft):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, (method, url)
    assert AuditEntry.objects.count() == before
    draft.refresh_from_db()
    assert draft.comments_open


def test_anonymous_visitors_are_sent_to_sign_in(
    body: Body, meeting: Meeting, draft: Draft, adopted: Amendment
) -> None:
    for method, url, data in _screens(body, meeting, adopted, draft):
        response = getattr(client_for(), method)(url, data)
        assert response.status_code == 302 and reverse("login") in response["Location"], url


def test_the_pages_link_the_screens_only_for_those_allowed(
    people: dict[str, Any],
    secretariat: Any,
    outsiders: dict[str, Any],
    body: Body,
    meeting: Meeting,
) -> None:
    body_url = reverse("commission:body", kwargs={"body": body.slug})
    schedule = reverse("commission:meeting_new", kwargs={"body": body.slug})
    propose = reverse("commission:amendment_new", kwargs={"body": body.slug})
    consolidate = reverse("commission:draft_consolidate", kwargs={"body": body.slug})
    secretary = html_of(client_for(people["secretary"]).get(body_url))
    assert schedule in secretary and propose in secretary and consolidate not in secretary
    member = html_of(client_for(people["member1"]).get(body_url))
    assert schedule not in member and propose in member
    staff = html_of(client_for(secretariat).get(body_url))
    assert schedule in staff and propose in staff and consolidate in staff
    for outsider in [None, *outsiders.values()]:
        html = html_of(client_for(outsider).get(body_url))
        assert schedule not in html and propose not in html and consolidate not in html
    # The meeting page: the agenda for its secretary, the video links for whoever runs it.
    agenda = meeting_url(meeting, "agenda_new")
    links = meeting_url(meeting, "meeting_links")
    secretary_meeting = html_of(client_for(people["secretary"]).get(meeting_url(meeting)))
    assert agenda in secretary_meeting and links in secretary_meeting
    chair_meeting = html_of(client_for(people["chair"]).get(meeting_url(meeting)))
    assert agenda not in chair_meeting and links in chair_meeting
    for outsider in [people["member1"], *outsiders.values()]:
        html = html_of(client_for(outsider).get(meeting_url(meeting)))
        assert agenda not in html and links not in html


# Meetings -------------------------------------------------------------------------------------


def test_the_secretary_schedules_a_meeting(
    people: dict[str, Any], body: Body, seats: dict[str, Membership]
) -> None:
    client = client_for(people["secretary"])
    url = reverse("commission:meeting_new", kwargs={"body": body.slug})
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="title_kk"' in html_of(page) and 'type="datetime-local"' in html_of(page)
    form = {
        **TITLES,
        "starts_at": _at(5, 10),
        "ends_at": _at(5, 12),
        "place": "Астана, Мәжіліс ғимараты",
        "live_url": "https://video.example.kz/live/7",
        "recording_url": "",
    }
    response = client.post(url, form)
    meeting = Meeting.objects.get(body=body)
    assert response.status_code == 302 and response["Location"] == meeting_url(meeting)
    assert (meeting.number, meeting.title_en, meeting.live_url) == (
        1,
        "Meeting on the electoral system",
        "https://video.example.kz/live/7",
    )
    assert timezone.localtime(meeting.starts_at).hour == 10
    assert audited("commission.schedule_meeting") == 1
    assert "Meeting No. 1 is scheduled." in html_of(client.get(response["Location"]))


def test_a_meeting_without_its_kazakh_title_or_ending_first_is_refused(
    people: dict[str, Any], body: Body, seats: dict[str, Membership]
) -> None:
    client = client_for(people["secretary"])
    url = reverse("commission:meeting_new", kwargs={"body": body.slug})
    form = {**TITLES, "title_kk": "", "starts_at": _at(5, 10), "ends_at": _at(5, 12)}
    form["place"] = "Астана"
    refused = client.post(url, form)
    assert refused.status_code == 422
    assert "title: the text in kk is missing" in html_of(refused)
    backwards = client.post(url, {**form, **TITLES, "ends_at": _at(5, 9)})
    assert backwards.status_code == 422
    assert "ends_at: the meeting must end after it starts" in html_of(backwards)
    assert not Meeting.objects.exists() and audited("commission.schedule_meeting") == 0


def test_whoever_runs_the_meeting_edits_its_video_links(chair: Any, meeting: Meeting) -> None:
    client = client_for(chair)
    url = meeting_url(meeting, "meeting_links")
    bad = client.post(url, {"live_url": "not an address", "recording_url": ""})
    assert bad.status_code == 422 and "Enter a valid URL." in html_of(bad)
    response = client.post(
        url,
        {
            "live_url": "https://video.example.kz/live/9",
            "recording_url": "https://rec.example.kz/9",
        },
    )
    assert response.status_code == 302 and response["Location"] == meeting_url(meeting)
    meeting.refresh_from_db()
    assert meeting.live_url == "https://video.example.kz/live/9"
    assert meeting.recording_url == "https://rec.example.kz/9"
    assert audited("commission.set_meeting_links") == 1


# The agenda -----------------------------------------------------------------------------------


def test_the_secretary_adds_an_agenda_item_with_its_amendment_themes_and_proposals(
    people: dict[str, Any],
    meeting: Meeting,
    amendment: Amendment,
    proposal: Proposal,
    theme: ThemeResult,
    base: Version,
) -> None:
    client = client_for(people["secretary"])
    url = meeting_url(meeting, "agenda_new")
    page = html_of(client.get(url))
    assert f'<option value="{amendment.pk}">A-1' in page
    assert "Social state (1)" in page
    article_2 = provision_uid(base, "sec_1__art_2")
    assert f'<option value="{article_2}">Article 2' in page
    response = client.post(
        url,
        {
            "title_kk": "1-бапқа түзету",
            "title_ru": "Поправка к статье 1",
            "title_en": "Amendment to Article 1",
            "amendment": amendment.pk,
            "themes": [theme.pk],
            "proposals": f" {proposal.number}, ",
        },
    )
    assert response.status_code == 302 and response["Location"] == meeting_url(meeting)
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.amendment == amendment and item.provision_uid == amendment.target_uid
    assert list(item.themes.all()) == [theme] and list(item.proposals.all()) == [proposal]
    assert audited("commission.add_agenda_item") == 1
    # An item about a provision alone shows that provision of the text in force.
    client.post(url, {**TITLES, "provision": article_2})
    html = html_of(client.get(meeting_url(meeting)))
    assert "Amendment to Article 1" in html and '<span lang="en">Article 2</span>' in html


def test_unknown_proposal_numbers_are_named_and_nothing_is_stored(
    people: dict[str, Any], meeting: Meeting, proposal: Proposal
) -> None:
    response = client_for(people["secretary"]).post(
        meeting_url(meeting, "agenda_new"),
        {**TITLES, "proposals": f"{proposal.number} 2026-999998;2026-999999"},
    )
    assert response.status_code == 422
    assert "No proposal is registered under 2026-999998, 2026-999999." in html_of(response)
    assert not AgendaItem.objects.exists() and audited("commission.add_agenda_item") == 0


# Amendments -----------------------------------------------------------------------------------


def test_a_member_rewords_a_provision_seeing_its_current_text(
    people: dict[str, Any],
    body: Body,
    base: Version,
    seats: dict[str, Membership],
    proposal: Proposal,
    theme: ThemeResult,
) -> None:
    client = client_for(people["member1"])
    paragraph = provision_uid(base, "sec_1__art_1__para_1")
    first = html_of(client.get(new_amendment_url(body)))
    assert f'<option value="{paragraph}">Article 1, paragraph 1 — The Lake Cantons' in first
    assert "Show its current text" in first
    page = html_of(client.get(new_amendment_url(body, base=base.pk, provision=paragraph)))
    assert "Article 1, paragraph 1 as it reads now" in page
    assert "The Lake Cantons are a democratic and secular state." in page
    assert 'name="text_kk"' in page and 'value="A-1"' in page
    response = client.post(
        new_amendment_url(body, base=base.pk, provision=paragraph),
        {
            "number": "A-1",
            "target": paragraph,
            **{f"text_{code}": text for code, text in NEW_WORDING.items()},
            **RATIONALE_FIELDS,
            "themes": [theme.pk],
            "proposals": proposal.number,
        },
    )
    amendment = Amendment.objects.get(number="A-1")
    assert response.status_code == 302
    assert response["Location"] == reverse("commission:amendment", kwargs={"pk": amendment.pk})
    assert amendment.kind == "replace" and amendment.target_uid == paragraph
    assert amendment.edit["texts"]["en"] == {"text": NEW_WORDING["en"]}
    assert amendment.proposed_by == people["member1"]
    assert list(amendment.themes.all()) == [theme]
    assert list(amendment.proposals.all()) == [proposal]
    assert audited("commission.propose_amendment") == 1


def test_a_missing_kazakh_text_is_refused_naming_the_language(
    people: dict[str, Any], body: Body, base: Version, seats: dict[str, Membership]
) -> None:
    paragraph = provision_uid(base, "sec_1__art_1__para_1")
    response = client_for(people["member1"]).post(
        new_amendment_url(body, provision=paragraph),
        {
            "number": "A-1",
            "target": paragraph,
            "text_kk": "",
            "text_ru": NEW_WORDING["ru"],
            "text_en": NEW_WORDING["en"],
            **RATIONALE_FIELDS,
        },
    )
    assert response.status_code == 422
    html = html_of(response)
    assert "the text in kk is missing" in html
    assert not Amendment.objects.exists() and audited("commission.propose_amendment") == 0


def test_a_missing_kazakh_rationale_is_refused_naming_the_language(
    people: dict[str, Any], body: Body, base: Version, seats: dict[str, Membership]
) -> None:
    article = provision_uid(base, "sec_2__art_4")
    response = client_for(people["member1"]).post(
        new_amendment_url(body, kind="delete"),
        {"number": "A-1", "target": article, **RATIONALE_FIELDS, "rationale_kk": ""},
    )
    assert response.status_code == 422
    assert "rationale: the text in kk is missing" in html_of(response)
    assert not Amendment.objects.exists()


def test_rewording_an_article_keeps_the_identity_of_its_paragraphs(
    people: dict[str, Any], body: Body, base: Version, seats: dict[str, Membership]
) -> None:
    article = provision_uid(base, "sec_1__art_1")
    first = provision_uid(base, "sec_1__art_1__para_1")
    words = {
        "kk": "1. Көл кантондары әлеуметтік мемлекет.\n2. Билік халыққа тиесілі.\n3. Жаңа тармақ.",
        "ru": "1. Озёрные кантоны — социальное государство.\n2. Власть принадлежит народу.\n3. Новый пункт.",
        "en": "1. The Lake Cantons are a social state.\n2. Power belongs to the people.\n3. A new paragraph.",
    }
    response = client_for(people["member1"]).post(
        new_amendment_url(body, provision=article),
        {
            "number": "A-7",
            "target": article,
            **{f"text_{code}": text for code, text in words.items()},
            **RATIONALE_FIELDS,
        },
    )
    assert response.status_code == 302, html_of(response)
    edit = Amendment.objects.get(number="A-7").edit
    children = edit["texts"]["en"]["children"]
    assert [c.get("uid") for c in children][:1] == [first] and "uid" not in children[2]
    assert [c["num"] for c in children] == ["1", "2", "3"]
    assert children[2]["text"] == "A new paragraph."
    assert "text" not in edit["texts"]["en"]  # the article's own (empty) words did not change


def test_a_new_article_is_inserted_after_a_chosen_one_with_its_paragraphs(
    people: dict[str, Any], body: Body, base: Version, seats: dict[str, Membership]
) -> None:
    client = client_for(people["secretary"])
    article_2 = provision_uid(base, "sec_1__art_2")
    page = html_of(client.get(new_amendment_url(body, kind="insert")))
    assert 'name="after"' in page and "Section I. Foundations" in page
    words = {
        "kk": "1. Мемлекеттік тілі — қазақ тілі.\n2. Орыс тілі ресми түрде қолданылады.",
        "ru": "1. Государственный язык — казахский.\n2. Русский язык употребляется официально.",
        "en": "1. The state language is Kazakh.\n2. Russian is used officially\nalongside it.",
    }
    response = client.post(
        new_amendment_url(body, kind="insert"),
        {
            "number": "A-2",
            "after": article_2,
            "num": "2-1",
            **{f"text_{code}": text for code, text in words.items()},
            **RATIONALE_FIELDS,
        },
    )
    assert response.status_code == 302, html_of(response)
    amendment = Amendment.objects.get(number="A-2")
    section = provision_uid(base, "sec_1")
    assert (amendment.kind, amendment.edit["parent"], amendment.edit["after"]) == (
        "insert",
        section,
        article_2,
    )
    assert amendment.edit["texts"]["en"] == {
        "kind": "article",
        "num": "2-1",
        "children": [
            {"kind": "paragraph", "num": "1", "text": "The state language is Kazakh."},
            {"kind": "paragraph", "num": "2", "text": "Russian is used officially\nalongside it."},
        ],
    }


def test_a_heading_in_the_words_of_a_new_article_is_refused_on_its_field(
    people: dict[str, Any], body: Body, base: Version, seats: dict[str, Membership]
) -> None:
    response = client_for(people["secretary"]).post(
        new_amendment_url(body, kind="insert"),
        {
            "number": "A-2",
            "after": provision_uid(base, "sec_1__art_2"),
            "text_kk": "1. Мәтін.",
            "text_ru": "Статья 5\n1. Текст.",
            "text_en": "1. Text.",
            **RATIONALE_FIELDS,
        },
    )
    assert response.status_code == 422
    assert "line 1: “Статья 5” reads as a heading" in html_of(response)
    assert not Amendment.objects.exists()


def test_a_provision_is_deleted_and_a_section_renamed(
    people: dict[str, Any], body: Body, base: Version, seats: dict[str, Membership]
) -> None:
    client = client_for(people["member2"])
    article_4 = provision_uid(base, "sec_2__art_4")
    deleted = client.post(
        new_amendment_url(body, kind="delete"),
        {"number": "A-3", "target": article_4, **RATIONALE_FIELDS},
    )
    assert deleted.status_code == 302
    removal = Amendment.objects.get(number="A-3")
    assert (removal.kind, removal.target_uid, removal.edit["target"]) == (
        "delete",
        article_4,
        article_4,
    )
    section = provision_uid(base, "sec_2")
    page = html_of(client.get(new_amendment_url(body, kind="rename_section")))
    assert f'<option value="{section}">Section II. Rights</option>' in page
    headings = {"kk": "Адам құқықтары", "ru": "Права человека", "en": "Human Rights"}
    renamed = client.post(
        new_amendment_url(body, kind="rename_section"),
        {
            "number": "A-4",
            "target": section,
            **{f"heading_{code}": text for code, text in headings.items()},
            **RATIONALE_FIELDS,
        },
    )
    assert renamed.status_code == 302
    amendment = Amendment.objects.get(number="A-4")
    assert amendment.kind == "rename_section" and amendment.edit["texts"] == headings
    assert audited("commission.propose_amendment") == 2


def test_unknown_proposals_of_an_amendment_are_named(
    people: dict[str, Any], body: Body, base: Version, seats: dict[str, Membership]
) -> None:
    response = client_for(people["member1"]).post(
        new_amendment_url(body, kind="delete"),
        {
            "number": "A-1",
            "target": provision_uid(base, "sec_2__art_4"),
            **RATIONALE_FIELDS,
            "proposals": "2026-424242",
        },
    )
    assert response.status_code == 422
    assert "No proposal is registered under 2026-424242." in html_of(response)
    assert not Amendment.objects.exists()


def test_an_amendment_is_withdrawn_from_its_page(
    people: dict[str, Any], amendment: Amendment
) -> None:
    client = client_for(people["member3"])
    page = html_of(client.get(reverse("commission:amendment", kwargs={"pk": amendment.pk})))
    url = reverse("commission:amendment_withdraw", kwargs={"pk": amendment.pk})
    assert url in page
    response = client.post(url)
    assert response.status_code == 302
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.WITHDRAWN
    assert audited("commission.withdraw_amendment") == 1
    assert url not in html_of(client.get(response["Location"]))
    again = client.post(url)
    assert again.status_code == 409
    assert "Only a proposed amendment can be withdrawn." in html_of(again)


# Drafts -------------------------------------------------------------------------------------


def test_the_secretariat_consolidates_a_draft_from_the_body_page(
    secretariat: Any, body: Body, base: Version, adopted: Amendment
) -> None:
    client = client_for(secretariat)
    page = html_of(client.get(reverse("commission:body", kwargs={"body": body.slug})))
    assert f'<option value="{base.pk}" selected>lakes · 2001' in page
    response = client.post(
        reverse("commission:draft_consolidate", kwargs={"body": body.slug}),
        {"base": base.pk, "label": "2026-draft", "date": "2026-01-30"},
    )
    draft = Draft.objects.get(body=body)
    assert response.status_code == 302
    assert response["Location"] == reverse("commission:draft", kwargs={"pk": draft.pk})
    assert draft.version.label == "2026-draft" and draft.version.date == dt.date(2026, 1, 30)
    assert list(draft.amendments.all()) == [adopted]
    assert audited("commission.consolidate_draft") == 1
    # The body page lists it (for the staff, while it is not published).
    body_page = html_of(client.get(reverse("commission:body", kwargs={"body": body.slug})))
    assert reverse("commission:draft", kwargs={"pk": draft.pk}) in body_page
    assert reverse("commission:draft", kwargs={"pk": draft.pk}) not in html_of(
        client_for().get(reverse("commission:body", kwargs={"body": body.slug}))
    )
    # The label is taken now.
    again = client.post(
        reverse("commission:draft_consolidate", kwargs={"body": body.slug}),
        {"base": base.pk, "label": "2026-draft"},
    )
    assert again.status_code == 409 and "version 2026-draft exists already" in html_of(again)


def test_a_conflict_names_both_amendments_and_stores_nothing(
    secretariat: Any,
    body: Body,
    base: Version,
    live_meeting: Meeting,
    seats: dict[str, Membership],
    adopted: Amendment,
) -> None:
    rival = actions.propose_amendment(
        SYSTEM,
        body,
        base,
        number="A-2",
        edit={
            "kind": "replace",
            "target": adopted.target_uid,
            "texts": {
                "kk": {"text": "Көл кантондары — құқықтық мемлекет."},
                "ru": {"text": "Озёрные кантоны — правовое государство."},
                "en": {"text": "The Lake Cantons are a state under the rule of law."},
            },
        },
        rationale=RATIONALE,
    )
    adopt(live_meeting, rival, seats)
    response = client_for(secretariat).post(
        reverse("commission:draft_consolidate", kwargs={"body": body.slug}),
        {"base": base.pk, "label": "2026-draft"},
    )
    assert response.status_code == 409
    assert "amendments 'A-1' and 'A-2' conflict on paragraph 1" in unescape(html_of(response))
    assert not Draft.objects.exists() and audited("commission.consolidate_draft") == 0
    assert not Version.objects.filter(label="2026-draft").exists()


def test_the_secretariat_closes_and_reopens_comments_on_a_published_draft(
    secretariat: Any, draft: Draft, people: dict[str, Any]
) -> None:
    client = client_for(secretariat)
    url = reverse("commission:draft_comments", kwargs={"pk": draft.pk})
    page = html_of(client.get(reverse("commission:draft", kwargs={"pk": draft.pk})))
    assert url in page and "Close the draft for comments" in page
    assert url not in html_of(
        client_for(people["chair"]).get(reverse("commission:draft", kwargs={"pk": draft.pk}))
    )
    response = client.post(url, {"open": "0"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.comments_open
    assert "Open the draft for comments" in html_of(client.get(response["Location"]))
    client.post(url, {"open": "1"})
    draft.refresh_from_db()
    assert draft.comments_open
    assert audited("commission.set_comments_open") == 2
    assert client_for(people["chair"]).post(url, {"open": "0"}).status_code == 403


def test_an_unpublished_draft_cannot_be_opened_for_comments(
    secretariat: Any, unpublished_draft: Draft
) -> None:
    response = client_for(secretariat).post(
        reverse("commission:draft_comments", kwargs={"pk": unpublished_draft.pk}), {"open": "1"}
    )
    assert response.status_code == 409
    assert "Publish the draft before opening it for comments." in html_of(response)
    unpublished_draft.refresh_from_db()
    assert not unpublished_draft.comments_open


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_staff_screens_render_in_kazakh_and_russian(
    language: str, secretariat: Any, body: Body, base: Version, meeting: Meeting
) -> None:
    client = client_for(secretariat)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    paragraph = provision_uid(base, "sec_1__art_1__para_1")
    for url in (
        reverse("commission:meeting_new", kwargs={"body": body.slug}),
        meeting_url(meeting, "agenda_new"),
        new_amendment_url(body),
        new_amendment_url(body, provision=paragraph),
        new_amendment_url(body, kind="insert"),
        new_amendment_url(body, kind="delete"),
        new_amendment_url(body, kind="rename_section"),
        reverse("commission:body", kwargs={"body": body.slug}),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in html_of(response)
    labels = {"kk": "1-бап, 1-тармақ", "ru": "Статья 1, пункт 1"}
    assert labels[language] in html_of(client.get(new_amendment_url(body)))
