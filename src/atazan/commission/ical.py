"""The commission's meetings as an iCalendar feed (RFC 5545), through ``icalendar``.

One VEVENT per meeting. Its UID is made of the body's identifier and the
meeting's number, which never change, so a calendar that subscribed to the
feed updates a moved meeting instead of showing it twice. Times are written
in UTC; the summary is in the language of the request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from atazan.commission.models import Meeting, MeetingStatus

PRODUCT_ID = "-//Atazan//Constitutional commission meetings//EN"


def meeting_uid(meeting: Meeting) -> str:
    """Stable per meeting: the body's slug and the meeting's number are never reused."""
    return f"commission-{meeting.body.slug}-{meeting.number}@atazan"


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC).replace(microsecond=0)


def _description(meeting: Meeting, page_url: str) -> str:
    lines = [f"{meeting.body.name}: {meeting.title}"]
    if meeting.live_url:
        lines.append(_("Live stream: %(url)s") % {"url": meeting.live_url})
    if meeting.recording_url:
        lines.append(_("Recording: %(url)s") % {"url": meeting.recording_url})
    lines.append(_("Meeting page: %(url)s") % {"url": page_url})
    return "\n".join(lines)


def meeting_event(meeting: Meeting, page_url: str, stamp: dt.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", _utc(stamp))
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at))
    event.add("summary", f"{meeting.title} · {meeting.body.name}")
    event.add("location", meeting.place)
    event.add("url", page_url)
    event.add("description", _description(meeting, page_url))
    event.add("status", "CONFIRMED")
    event.add("sequence", max(meeting.version - 1, 0))
    if meeting.status == MeetingStatus.CLOSED and meeting.closed_at is not None:
        event.add("last-modified", _utc(meeting.closed_at))
    return event


def meetings_calendar(
    meetings: Iterable[Meeting],
    *,
    url_of: Callable[[Meeting], str],
    name: str,
    now: dt.datetime | None = None,
) -> bytes:
    """The feed for ``meetings``; ``url_of`` gives each meeting page's absolute address."""
    stamp = now or timezone.now()
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, url_of(meeting), stamp))
    return bytes(calendar.to_ical())
