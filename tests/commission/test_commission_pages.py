"""The commission's pages: public record, staff controls and their permissions, the trace."""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Callable
from typing import Any

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from atazan.commission import actions, ical, selectors
from atazan.commission.models import (
    Amendment,
    AmendmentStatus,
    Ballot,
    Body,
    Draft,
    Meeting,
    MeetingStatus,
    Membership,
    Vote,
)
from atazan.core.roles import Role
from atazan.proposals.models import Proposal

from factories import SYSTEM, UserFactory

NEEDS_AMEND = pytest.mark.skipif(
    importlib.util.find_spec("atazan_amend") is None,
    reason="atazan_amend is not importable yet: commission.actions.propose_amendment and "
    "consolidate_draft need it to make amendments and drafts",
)
MarkPresent = Callable[[Meeting, list[str]], None]


def client_for(user: Any = None) -> Client:
    """A client reading the English interface, signed in as ``user`` when given."""
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def meeting_url(meeting: Meeting, name: str = "meeting", **extra: Any) -> str:
    return reverse(
        f"commission:{name}", kwargs={"body": meeting.body.slug, "number": meeting.number, **extra}
    )


def html_of(response: Any) -> str:
    return str(response.content.decode())


# Public pages ----------------------------------------------------------------------------


def test_the_index_lists_bodies_live_upcoming_and_past_meetings(
    body: Body, live_meeting: Meeting, past_meeting: Meeting
) -> None:
    response = client_for().get(reverse("commission:index"))
    assert response.status_code == 200
    html = html_of(response)
    assert "Constitutional Commission" in html
    assert reverse("commission:body", kwargs={"body": body.slug}) in html
    # Seven members counted.
    assert '<td class="num">7</td>' in html
    assert "Live now" in html and live_meeting.live_url in html
    assert meeting_url(live_meeting) in html and meeting_url(past_meeting) in html
    assert "First meeting" in html
    assert "No draft has been published yet." in html
    # The main menu links here.
    assert f'href="{reverse("commission:index")}"' in html


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_pages_render_in_kazakh_and_russian(
    language: str, live_meeting: Meeting, past_meeting: Meeting, proposal: Proposal
) -> None:
    client = client_for()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    titles = {"kk": "Мемлекеттің негіздері туралы отырыс", "ru": "Заседание об основах государства"}
    for url in (
        reverse("commission:index"),
        reverse("commission:calendar"),
        reverse("commission:body", kwargs={"body": live_meeting.body.slug}),
        meeting_url(live_meeting),
        meeting_url(past_meeting),
        reverse("commission:proposal", kwargs={"number": proposal.number}),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in html_of(response)
    assert titles[language] in html_of(client.get(meeting_url(live_meeting)))


def test_the_members_page_shows_roles_whom_they_represent_and_terms(
    body: Body, seats: dict[str, Membership], meeting: Meeting
) -> None:
    response = client_for().get(reverse("commission:body", kwargs={"body": body.slug}))
    assert response.status_code == 200
    html = html_of(response)
    for heading in ("Chair", "Secretary", "Members"):
        assert f">{heading}</h2>" in html
    chair_at = html.index("Айгерім Сәдуақасова")
    assert chair_at < html.index("Анна Федорова") < html.index("Нұрлан Бекұлы")
    assert "Астана қаласы" in html and "Адвокаттар алқасы" in html
    seat = seats["member1"]
    assert seat.term_start.isoformat() in html and seat.term_end.isoformat() in html  # type: ignore[union-attr]
    assert meeting_url(meeting) in html
    assert '<th scope="row">' in html


def test_an_unknown_body_meeting_or_proposal_is_not_found(meeting: Meeting) -> None:
    client = client_for()
    assert client.get(reverse("commission:body", kwargs={"body": "nobody"})).status_code == 404
    missing = reverse("commission:meeting", kwargs={"body": meeting.body.slug, "number": 99})
    assert client.get(missing).status_code == 404
    assert (
        client.get(reverse("commission:proposal", kwargs={"number": "1999-000001"})).status_code
        == 404
    )
    assert client.get(reverse("commission:amendment", kwargs={"pk": 999})).status_code == 404
    assert client.get(reverse("commission:draft", kwargs={"pk": 999})).status_code == 404


def test_the_calendar_lists_upcoming_and_past_meetings(
    meeting: Meeting, past_meeting: Meeting
) -> None:
    html = html_of(client_for().get(reverse("commission:calendar")))
    assert html.index("Upcoming meetings") < html.index(meeting.title_en)
    assert html.index("Past meetings") < html.index(past_meeting.title_en)
    assert reverse("commission:calendar_ics") in html


def test_the_ical_feed_has_one_event_per_meeting_in_utc_with_a_stable_uid(
    meeting: Meeting, past_meeting: Meeting
) -> None:
    response = client_for().get(reverse("commission:calendar_ics"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {ical.meeting_uid(meeting), ical.meeting_uid(past_meeting)}
    event = events[ical.meeting_uid(meeting)]
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start.utcoffset() == dt.timedelta(0) and start == meeting.starts_at
    assert end == meeting.ends_at
    assert b"DTSTART:" in response.content and b"Z\r\n" in response.content
    assert "Meeting on the foundations of the state" in str(event["summary"])
    assert str(event["location"]) == meeting.place
    assert str(event["url"]).endswith(meeting_url(meeting))
    assert meeting.live_url in str(event["description"])
    recorded = events[ical.meeting_uid(past_meeting)]
    assert past_meeting.recording_url in str(recorded["description"])
    # The same meeting keeps its UID in a second download, in another language.
    russian = client_for()
    russian.defaults["HTTP_ACCEPT_LANGUAGE"] = "ru"
    again = icalendar.Calendar.from_ical(russian.get(reverse("commission:calendar_ics")).content)
    by_uid = {str(e["uid"]): e for e in again.walk("VEVENT")}
    assert "Заседание об основах государства" in str(by_uid[ical.meeting_uid(meeting)]["summary"])


def test_a_scheduled_meeting_page_shows_time_place_status_and_no_live_banner(
    meeting: Meeting,
) -> None:
    response = client_for().get(meeting_url(meeting))
    assert response.status_code == 200
    html = html_of(response)
    assert "Meeting on the foundations of the state" in html
    assert meeting.place in html and "Scheduled" in html
    assert "live-banner" not in html
    assert "The meeting cannot vote yet: attendance has not been recorded." in html
    assert "The minutes have not been written yet." in html


def test_a_live_meeting_shows_the_banner_with_the_stream_link(live_meeting: Meeting) -> None:
    html = html_of(client_for().get(meeting_url(live_meeting)))
    assert 'class="live-banner"' in html and "Live now" in html
    assert f'href="{live_meeting.live_url}"' in html
    assert "In progress" in html


def test_without_a_quorum_the_page_says_the_meeting_cannot_vote_and_why(
    live_meeting: Meeting,
    seats: dict[str, Membership],
    mark_present: MarkPresent,
) -> None:
    mark_present(live_meeting, ["chair", "secretary", "member1"])
    html = html_of(client_for().get(meeting_url(live_meeting)))
    assert "Present: 3 of 7 members; 5 are needed for a quorum." in html
    assert (
        "The meeting cannot vote: only 3 of 7 members are present, and a quorum needs at "
        "least 5 (2/3 of the members)." in html
    )
    mark_present(live_meeting, ["chair", "secretary", "member1", "member2", "member3"])
    html = html_of(client_for().get(meeting_url(live_meeting)))
    assert "The quorum is met: the meeting can vote." in html


def test_minutes_are_shown_in_the_readers_language_with_pdfs_per_language(
    past_meeting: Meeting,
) -> None:
    html = html_of(client_for().get(meeting_url(past_meeting)))
    assert "The commission adopted its rules of procedure." in html
    assert "Not approved yet" in html
    assert past_meeting.recording_url in html
    for code in ("kk", "ru", "en"):
        assert meeting_url(past_meeting, "minutes_pdf", lang=code) in html
    response = client_for().get(meeting_url(past_meeting, "minutes_pdf", lang="kk"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_minutes_fall_back_to_another_language_marked_with_its_lang(
    live_meeting: Meeting,
) -> None:
    actions.record_minutes(
        SYSTEM, live_meeting, {"kk": "Отырыс ашылды.", "ru": "Заседание открыто."}
    )
    client = client_for()
    html = html_of(client.get(meeting_url(live_meeting)))
    assert '<div class="text" lang="kk"><p>Отырыс ашылды.</p></div>' in html
    assert client.get(meeting_url(live_meeting, "minutes_pdf", lang="en")).status_code == 404
    assert client.get(meeting_url(live_meeting, "minutes_pdf", lang="de")).status_code == 404
    assert client.get(meeting_url(live_meeting, "minutes_pdf", lang="ru")).status_code == 200


# Staff controls and permissions ------------------------------------------------------------

CONTROL_TEXTS = (
    "Start the meeting",
    "End the meeting",
    "Record attendance",
    "Write the minutes",
    "Approve the minutes",
    "Open the vote",
    "Close the vote and count",
    "Cast my vote",
)


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_the_public_sees_no_staff_controls(
    who: str, citizen: Any, live_meeting: Meeting, past_meeting: Meeting
) -> None:
    client = client_for(citizen if who == "citizen" else None)
    for meeting in (live_meeting, past_meeting):
        html = html_of(client.get(meeting_url(meeting)))
        assert not [text for text in CONTROL_TEXTS if text in html]
        assert 'method="post" action="/commission/' not in html


def test_a_citizen_posting_to_the_controls_is_refused_with_403(
    citizen: Any, live_meeting: Meeting, seats: dict[str, Membership]
) -> None:
    client = client_for(citizen)
    for name, data in [
        ("meeting_start", {}),
        ("meeting_end", {}),
        ("meeting_attendance", {f"present_{seats['chair'].pk}": "on"}),
        ("meeting_minutes", {"minutes_kk": "x", "minutes_ru": "y"}),
        ("meeting_approve_minutes", {}),
        ("vote_open", {"amendment": "1"}),
    ]:
        response = client.post(meeting_url(live_meeting, name), data)
        assert response.status_code == 403, name
    live_meeting.refresh_from_db()
    assert live_meeting.status == MeetingStatus.IN_PROGRESS
    assert not live_meeting.minutes_kk
    assert selectors.attendance_of(live_meeting) == {}


def test_an_anonymous_post_is_sent_to_sign_in(live_meeting: Meeting) -> None:
    response = client_for().post(meeting_url(live_meeting, "meeting_end"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    live_meeting.refresh_from_db()
    assert live_meeting.status == MeetingStatus.IN_PROGRESS


def test_controls_are_only_read_from_get(chair: Any, meeting: Meeting) -> None:
    assert client_for(chair).get(meeting_url(meeting, "meeting_start")).status_code == 405


def test_each_seat_sees_the_controls_its_role_allows(
    people: dict[str, Any], live_meeting: Meeting
) -> None:
    chair_html = html_of(client_for(people["chair"]).get(meeting_url(live_meeting)))
    assert "End the meeting" in chair_html
    assert "Open a vote" in chair_html
    assert "Record attendance" not in chair_html and "Write the minutes" not in chair_html
    secretary_html = html_of(client_for(people["secretary"]).get(meeting_url(live_meeting)))
    assert "Record attendance" in secretary_html and "Write the minutes" in secretary_html
    assert "End the meeting" in secretary_html
    assert "Open a vote" not in secretary_html
    member_html = html_of(client_for(people["member1"]).get(meeting_url(live_meeting)))
    assert not [text for text in CONTROL_TEXTS if text in member_html]


def test_the_chair_starts_and_ends_a_meeting(chair: Any, meeting: Meeting) -> None:
    client = client_for(chair)
    response = client.post(meeting_url(meeting, "meeting_start"))
    assert response.status_code == 302 and response["Location"] == meeting_url(meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.IN_PROGRESS
    # Starting twice is refused, and the reason is shown on the page.
    again = client.post(meeting_url(meeting, "meeting_start"))
    assert again.status_code == 409
    assert "Only a scheduled meeting can start." in html_of(again)
    assert client.post(meeting_url(meeting, "meeting_end")).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED


def test_the_secretary_records_attendance_with_one_checkbox_per_member(
    secretary: Any, live_meeting: Meeting, seats: dict[str, Membership]
) -> None:
    client = client_for(secretary)
    html = html_of(client.get(meeting_url(live_meeting)))
    for seat in seats.values():
        assert f'<label for="id_present_{seat.pk}">{seat.full_name}</label>' in html
    present = ["chair", "secretary", "member1", "member2", "member3"]
    response = client.post(
        meeting_url(live_meeting, "meeting_attendance"),
        {f"present_{seats[key].pk}": "on" for key in present},
    )
    assert response.status_code == 302
    marks = selectors.attendance_of(live_meeting)
    assert marks == {seat.pk: key in present for key, seat in seats.items()}
    assert selectors.quorum_state(live_meeting).met


def test_the_secretary_writes_the_minutes_and_a_missing_language_is_refused(
    secretary: Any, live_meeting: Meeting
) -> None:
    client = client_for(secretary)
    refused = client.post(meeting_url(live_meeting, "meeting_minutes"), {"minutes_kk": "Хаттама."})
    assert refused.status_code == 422
    assert "the text in ru is missing" in html_of(refused)
    response = client.post(
        meeting_url(live_meeting, "meeting_minutes"),
        {"minutes_kk": "Хаттама.", "minutes_ru": "Протокол.", "minutes_en": "Minutes."},
    )
    assert response.status_code == 302
    live_meeting.refresh_from_db()
    assert (live_meeting.minutes_kk, live_meeting.minutes_ru) == ("Хаттама.", "Протокол.")


def test_minutes_cannot_be_approved_without_a_quorum_and_the_page_says_so(
    chair: Any,
    live_meeting: Meeting,
    seats: dict[str, Membership],
    mark_present: MarkPresent,
) -> None:
    actions.record_minutes(SYSTEM, live_meeting, {"kk": "Хаттама.", "ru": "Протокол."})
    mark_present(live_meeting, ["chair", "secretary"])
    response = client_for(chair).post(meeting_url(live_meeting, "meeting_approve_minutes"))
    assert response.status_code == 409
    assert "No quorum: 2 of 7 members are present." in html_of(response)
    mark_present(live_meeting, ["chair", "secretary", "member1", "member2", "member3"])
    assert (
        client_for(chair).post(meeting_url(live_meeting, "meeting_approve_minutes")).status_code
        == 302
    )
    live_meeting.refresh_from_db()
    assert live_meeting.minutes_approved_at is not None
    assert "Approved on" in html_of(client_for().get(meeting_url(live_meeting)))


# Votes (need amendments, hence atazan_amend) ------------------------------------------------------


@NEEDS_AMEND
def test_the_chair_opens_a_vote_only_with_a_quorum(
    chair: Any,
    live_meeting: Meeting,
    seats: dict[str, Membership],
    amendment: Amendment,
    mark_present: MarkPresent,
) -> None:
    client = client_for(chair)
    mark_present(live_meeting, ["chair", "secretary", "member1"])
    html = html_of(client.get(meeting_url(live_meeting)))
    assert "No quorum: 3 present, 5 needed." in html
    assert f'<option value="{amendment.pk}">A-1' in html
    refused = client.post(meeting_url(live_meeting, "vote_open"), {"amendment": amendment.pk})
    assert refused.status_code == 409
    assert "No quorum: 3 of 7 members are present, 5 are needed." in html_of(refused)
    assert selectors.open_vote_of(live_meeting) is None
    mark_present(live_meeting, ["chair", "secretary", "member1", "member2", "member3"])
    opened = client.post(meeting_url(live_meeting, "vote_open"), {"amendment": amendment.pk})
    assert opened.status_code == 302
    vote = selectors.open_vote_of(live_meeting)
    assert vote is not None and vote.amendment_id == amendment.pk


@NEEDS_AMEND
def test_a_member_casts_only_their_own_vote(
    people: dict[str, Any],
    citizen: Any,
    live_meeting: Meeting,
    seats: dict[str, Membership],
    amendment: Amendment,
    mark_present: MarkPresent,
) -> None:
    mark_present(live_meeting, ["chair", "secretary", "member1", "member2", "member3"])
    vote = actions.open_vote(SYSTEM, live_meeting, amendment)
    cast_url = meeting_url(live_meeting, "vote_cast", vote=vote.pk)
    member = client_for(people["member1"])
    assert "Cast my vote" in html_of(member.get(meeting_url(live_meeting)))
    # Naming another member in the form changes nothing: the vote is the signed-in member's.
    response = member.post(cast_url, {"choice": "against", "membership": seats["member2"].pk})
    assert response.status_code == 302
    ballots = dict(Ballot.objects.filter(vote=vote).values_list("membership_id", "choice"))
    assert ballots == {seats["member1"].pk: "against"}
    html = html_of(member.get(meeting_url(live_meeting)))
    assert "You voted: Against." in html and "Cast my vote" not in html
    # While the vote is open, the public roll call shows who has voted so far.
    public_open = html_of(client_for().get(meeting_url(live_meeting)))
    assert '<td class="choice-against">Against</td>' in public_open
    assert '<td class="choice-not_voted">Present, not voted yet</td>' in public_open
    again = member.post(cast_url, {"choice": "for"})
    assert again.status_code == 409 and "You have already voted in this vote." in html_of(again)
    # An absent member is told why; a citizen is refused.
    absent = client_for(people["member5"]).post(cast_url, {"choice": "for"})
    assert absent.status_code == 409 and "not recorded as present" in html_of(absent)
    assert client_for(citizen).post(cast_url, {"choice": "for"}).status_code == 403
    # Only the chair may close it; the roll call is public.
    assert (
        client_for(people["member2"])
        .post(meeting_url(live_meeting, "vote_close", vote=vote.pk))
        .status_code
        == 403
    )
    closed = client_for(people["chair"]).post(meeting_url(live_meeting, "vote_close", vote=vote.pk))
    assert closed.status_code == 302
    vote = Vote.objects.get(pk=vote.pk)
    assert vote.outcome == "rejected"
    public = html_of(client_for().get(meeting_url(live_meeting)))
    assert "Rejected" in public and "More than half of the members present" in public
    assert (
        '<th scope="row">Нұрлан Бекұлы</th><td>Member</td><td class="choice-against">Against</td>'
        in public
    )
    assert '<td class="choice-absent">Absent</td>' in public


@NEEDS_AMEND
def test_the_meeting_page_lists_the_vote_with_its_rule_counts_and_roll_call(
    adopted: Amendment, live_meeting: Meeting
) -> None:
    html = html_of(client_for().get(meeting_url(live_meeting)))
    assert "Vote on amendment A-1" in html and "Adopted" in html
    assert "<td>5</td><td>1</td><td>0</td><td>1</td><td>4</td>" in html
    assert '<td class="choice-for">For</td>' in html


@NEEDS_AMEND
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_amendment_draft_and_trace_pages_render_in_kazakh_and_russian(
    language: str, draft: Draft, adopted: Amendment, texts: dict[str, Any]
) -> None:
    client = client_for()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    trace = reverse("commission:provision", kwargs={"pk": draft.pk, "uid": adopted.target_uid})
    for url in (
        reverse("commission:amendment", kwargs={"pk": adopted.pk}),
        reverse("commission:draft", kwargs={"pk": draft.pk}),
        trace,
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in html_of(response)
    html = html_of(client.get(trace))
    assert texts["rationale"][language] in html and texts["new_wording"][language] in html


@NEEDS_AMEND
def test_the_amendment_page_shows_provision_rationale_proposals_votes_and_drafts(
    draft: Draft,
    adopted: Amendment,
    proposal: Proposal,
    texts: dict[str, Any],
) -> None:
    response = client_for().get(reverse("commission:amendment", kwargs={"pk": adopted.pk}))
    assert response.status_code == 200
    html = html_of(response)
    assert "Amendment A-1" in html and "Adopted" in html
    assert "Article 1, paragraph 1" in html
    assert texts["rationale"]["en"] in html
    assert "1 proposal is cited by this amendment." in html
    assert reverse("commission:proposal", kwargs={"number": proposal.number}) in html
    assert reverse("commission:draft", kwargs={"pk": draft.pk}) in html
    assert texts["iin"] not in html and texts["email"] not in html


@NEEDS_AMEND
def test_the_draft_page_summarises_it_in_the_seeds_terms(draft: Draft) -> None:
    response = client_for().get(reverse("commission:draft", kwargs={"pk": draft.pk}))
    assert response.status_code == 200
    html = html_of(response)
    summary = selectors.draft_summary(draft)
    assert summary.touched_articles == 1
    share = summary.share_of_text * 100
    expected = f"{float(share):.1f}"
    assert (
        f"Proposals touched 1 of {summary.base_articles} articles, 1 of "
        f"{summary.base_sections} sections, {expected}% of the text." in html
    )
    compare = reverse("constitution:compare", kwargs={"work": "lakes"})
    assert f"{compare}?base=2001&amp;new=2026-draft" in html
    assert "Karaganda Region" in html and "Citizen" in html
    assert "Open: comment on any provision" in html
    assert reverse("commission:amendment", kwargs={"pk": draft.amendments.get().pk}) in html


@NEEDS_AMEND
def test_an_unpublished_draft_is_hidden_from_the_public_and_published_by_the_secretariat(
    unpublished_draft: Draft, citizen: Any
) -> None:
    url = reverse("commission:draft", kwargs={"pk": unpublished_draft.pk})
    assert client_for().get(url).status_code == 404
    assert client_for(citizen).get(url).status_code == 404
    publish = reverse("commission:draft_publish", kwargs={"pk": unpublished_draft.pk})
    assert client_for(citizen).post(publish).status_code == 403
    secretariat = UserFactory(username="secretariat", roles=[Role.COMMISSION_SECRETARY])
    staff = client_for(secretariat)
    assert "Publish the draft" in html_of(staff.get(url))
    assert staff.post(publish, {"open_comments": "on"}).status_code == 302
    unpublished_draft.refresh_from_db()
    assert unpublished_draft.published_at is not None and unpublished_draft.comments_open
    assert client_for().get(url).status_code == 200


@NEEDS_AMEND
def test_the_provision_trace_explains_the_change(
    draft: Draft, adopted: Amendment, texts: dict[str, Any]
) -> None:
    url = reverse("commission:provision", kwargs={"pk": draft.pk, "uid": adopted.target_uid})
    response = client_for().get(url)
    assert response.status_code == 200
    html = html_of(response)
    assert texts["new_wording"]["en"] in html
    assert "The Lake Cantons are a democratic and secular state." in html
    assert texts["rationale"]["en"] in html
    assert "5 for, 1 against, 0 abstained; 6 of 7 members present." in html
    assert "Sign in to comment" in html


@NEEDS_AMEND
@pytest.mark.parametrize(
    ("page", "status"),
    [
        ("abc", 400),
        ("-1", 400),
        ("1.5", 400),
        ("²", 400),
        ("0", 200),
        ("99999999999999999999", 404),
        ("9" * 5000, 404),
        ("2", 200),
    ],
)
def test_bad_page_numbers_are_refused_or_clamped_never_500(
    draft: Draft, adopted: Amendment, page: str, status: int
) -> None:
    url = reverse("commission:provision", kwargs={"pk": draft.pk, "uid": adopted.target_uid})
    assert client_for().get(url, {"page": page}).status_code == status


@NEEDS_AMEND
def test_an_unknown_provision_is_not_found(draft: Draft) -> None:
    url = reverse("commission:provision", kwargs={"pk": draft.pk, "uid": "no-such-uid"})
    assert client_for().get(url).status_code == 404


@NEEDS_AMEND
def test_a_citizen_comments_on_a_provision_and_gets_a_registration_number(
    draft: Draft,
    adopted: Amendment,
    citizen: Any,
    texts: dict[str, Any],
) -> None:
    url = reverse("commission:provision", kwargs={"pk": draft.pk, "uid": adopted.target_uid})
    client = client_for(citizen)
    html = html_of(client.get(url))
    assert 'name="submission_token"' in html and "Send the comment" in html
    assert '<label for="id_iin">IIN</label>' in html
    form = {
        "submission_token": "token-1",
        "quote": "this is not in the provision",
        "text": "«Әлеуметтік» сөзін қолдаймын.",
        "submitter_name": "Сәуле Оразбаева",
        "iin": texts["iin"],
        "language": "kk",
    }
    refused = client.post(url, form)
    assert refused.status_code == 422
    assert "these words are not in the provision" in html_of(refused)
    form["quote"] = "secular and social"
    response = client.post(url, form)
    assert response.status_code == 302
    comment = draft.comments.get()
    assert comment.provision_uid == adopted.target_uid and comment.quote == "secular and social"
    receipt = html_of(client.get(response["Location"]))
    assert "Your comment is registered" in receipt and comment.proposal.number in receipt
    # The secret is shown once.
    assert "Keep this secret" in receipt
    assert "Keep this secret" not in html_of(client.get(response["Location"]))
    # The identity is remembered: the next comment form shows the IIN, locked.
    again = html_of(client.get(url))
    assert (
        f'<input type="text" name="iin" value="{texts["iin"]}" maxlength="20" required '
        'disabled id="id_iin">' in again
    )


@NEEDS_AMEND
def test_only_signed_in_citizens_may_comment(
    draft: Draft, adopted: Amendment, people: dict[str, Any]
) -> None:
    url = reverse("commission:provision", kwargs={"pk": draft.pk, "uid": adopted.target_uid})
    form = {"submission_token": "t", "text": "Келісемін.", "submitter_name": "А", "iin": "1"}
    anonymous = client_for().post(url, form)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]
    member = client_for(people["member1"])
    assert "Only citizens signed in with their own account can comment." in html_of(member.get(url))
    assert member.post(url, form).status_code == 403
    assert not draft.comments.exists()


@NEEDS_AMEND
def test_the_agenda_links_the_amendment_its_provision_and_counts_proposals(
    live_meeting: Meeting, amendment: Amendment, proposal: Proposal
) -> None:
    actions.add_agenda_item(
        SYSTEM,
        live_meeting,
        titles={
            "kk": "1-бапқа түзету",
            "ru": "Поправка к статье 1",
            "en": "Amendment to Article 1",
        },
        amendment=amendment,
        proposals=[proposal],
    )
    html = html_of(client_for().get(meeting_url(live_meeting)))
    assert "<strong>Amendment to Article 1</strong>" in html
    assert reverse("commission:amendment", kwargs={"pk": amendment.pk}) in html
    assert '<span lang="en">Article 1, paragraph 1</span>' in html
    assert "<li>1 proposal</li>" in html


@NEEDS_AMEND
def test_the_proposal_page_shows_where_it_went(
    draft: Draft, adopted: Amendment, proposal: Proposal
) -> None:
    html = html_of(
        client_for().get(reverse("commission:proposal", kwargs={"number": proposal.number}))
    )
    assert reverse("commission:amendment", kwargs={"pk": adopted.pk}) in html
    assert "The amendment cites this proposal" in html
    assert (
        reverse("commission:provision", kwargs={"pk": draft.pk, "uid": adopted.target_uid}) in html
    )
    assert adopted.status == AmendmentStatus.ADOPTED


# Where a proposal went, and privacy --------------------------------------------------------------


def test_a_proposal_page_shows_only_public_fields(
    proposal: Proposal, texts: dict[str, Any]
) -> None:
    response = client_for().get(reverse("commission:proposal", kwargs={"number": proposal.number}))
    assert response.status_code == 200
    html = html_of(response)
    assert proposal.number in html
    assert "Мемлекеттің әлеуметтік сипаты туралы" in html
    assert "Karaganda Region" in html and "Citizen" in html
    assert "No amendment answers this proposal yet." in html
    assert "Not decided yet" in html
    for personal in (texts["iin"], texts["email"], "Сәуле Оразбаева", "Оразбаева"):
        assert personal not in html
