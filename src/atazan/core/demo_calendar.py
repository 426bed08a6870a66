"""The demo's calendar: one reform told in order, dated back from the day it is loaded.

Proposals come first, then the analysis and the Working Group, the
Commission's meetings, the published draft and the citizens' comments on
it, the meeting that reviews them, and last the referendum, still being
counted. Every date is an offset from today, so the demo always shows a
reform that has just reached its referendum, and each step of the loader
runs "at" its date: records get the timestamps they would have had.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class ReformCalendar:
    """The demo reform's dates, counted back from ``today``."""

    today: dt.date

    @property
    def referendum(self) -> dt.date:
        """Voting day: two days ago, so the count is still coming in."""
        return self.today - dt.timedelta(days=2)

    @property
    def draft_published(self) -> dt.date:
        return self.today - dt.timedelta(days=60)

    @property
    def review_meeting(self) -> dt.date:
        """The Commission's meeting on the comments, once the comment period is over."""
        return self.draft_published + dt.timedelta(days=28)

    @property
    def comments(self) -> tuple[dt.date, dt.date]:
        """The public comment period on the draft."""
        return self.draft_published + dt.timedelta(days=1), self.draft_published + dt.timedelta(
            days=21
        )

    @property
    def proposals_end(self) -> dt.date:
        """The last day proposals were registered before the Working Group sorted them."""
        return self.draft_published - dt.timedelta(days=125)

    @property
    def analysis(self) -> dt.date:
        return self.proposals_end + dt.timedelta(days=3)

    def shift_from(self, planned_draft: dt.date) -> dt.timedelta:
        """How far dates planned around ``planned_draft`` move to fit this calendar."""
        return self.draft_published - planned_draft


def demo_calendar() -> ReformCalendar:
    return ReformCalendar(timezone.localdate())


def moment(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A local time on ``day``, as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@contextmanager
def happening_at(when: dt.datetime) -> Iterator[None]:
    """Run the block as if it were ``when``: actions stamp their records with that time.

    Only the demo loader travels in time; the clock moves on from ``when`` as
    usual, so records made in the block keep their order.
    """
    import time_machine

    with time_machine.travel(when, tick=True):
        yield
