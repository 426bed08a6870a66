"""Working days in Kazakhstan: weekends, public holidays and transfers of days off.

The Labour Code fixes the public holidays. When a state holiday falls on a
Saturday or Sunday, the next working day is a day off; religious holidays
(Orthodox Christmas, the first day of Kurban Ait) are not moved. Each year the
Government may also move days off by decree (a Saturday becomes a working day
so that a bridge day becomes a day off). Those decrees are data, passed in as
:class:`DayTransfer` values, because nobody can know them in advance.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

#: (month, day, name, religious) for the holidays on fixed dates.
FIXED_HOLIDAYS: tuple[tuple[int, int, str, bool], ...] = (
    (1, 1, "New Year", False),
    (1, 2, "New Year", False),
    (1, 7, "Orthodox Christmas", True),
    (3, 8, "International Women's Day", False),
    (3, 21, "Nauryz", False),
    (3, 22, "Nauryz", False),
    (3, 23, "Nauryz", False),
    (5, 1, "Unity Day of the People of Kazakhstan", False),
    (5, 7, "Defender of the Fatherland Day", False),
    (5, 9, "Victory Day", False),
    (7, 6, "Capital Day", False),
    (8, 30, "Constitution Day", False),
    (10, 25, "Republic Day", False),
    (12, 16, "Independence Day", False),
)

#: The first day of Kurban Ait follows the lunar calendar; the Government
#: announces it each year. Years missing here can be given to WorkCalendar.
KURBAN_AIT: dict[int, dt.date] = {
    2023: dt.date(2023, 6, 28),
    2024: dt.date(2024, 6, 16),
    2025: dt.date(2025, 6, 6),
    2026: dt.date(2026, 5, 27),
}


@dataclass(frozen=True)
class Holiday:
    date: dt.date
    name: str
    religious: bool = False


@dataclass(frozen=True)
class DayTransfer:
    """A decree moving a day off: ``working_day`` is worked, ``day_off`` is not."""

    working_day: dt.date
    day_off: dt.date


def holidays_of_year(year: int, movable: dict[int, dt.date] | None = None) -> list[Holiday]:
    """The public holidays of ``year`` on their calendar dates."""
    kurban = {**KURBAN_AIT, **(movable or {})}
    days = [Holiday(dt.date(year, m, d), name, rel) for m, d, name, rel in FIXED_HOLIDAYS]
    if year in kurban:
        days.append(Holiday(kurban[year], "Kurban Ait", True))
    return sorted(days, key=lambda h: h.date)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


class WorkCalendar:
    """Answers "is this a working day?" and counts working days.

    ``weekend`` holds ISO weekday numbers (6 = Saturday, 7 = Sunday).
    """

    def __init__(
        self,
        transfers: Iterable[DayTransfer] = (),
        *,
        extra_holidays: Iterable[dt.date] = (),
        movable: dict[int, dt.date] | None = None,
        weekend: frozenset[int] = frozenset({6, 7}),
    ) -> None:
        self.weekend = weekend
        self.movable = dict(movable or {})
        self.extra_holidays = frozenset(extra_holidays)
        transfers = list(transfers)
        self.extra_working = frozenset(t.working_day for t in transfers)
        self.extra_days_off = frozenset(t.day_off for t in transfers)
        self._year_cache: dict[int, frozenset[dt.date]] = {}

    def days_off_of_year(self, year: int) -> frozenset[dt.date]:
        """Holidays, plus the days off that replace holidays lost to a weekend."""
        cached = self._year_cache.get(year)
        if cached is not None:
            return cached
        # Look at the previous December too: 16 December on a Sunday moves a day.
        holidays = holidays_of_year(year - 1, self.movable)[-1:] + holidays_of_year(
            year, self.movable
        )
        off = {h.date for h in holidays}
        for holiday in holidays:
            if holiday.religious or holiday.date.isoweekday() not in self.weekend:
                continue
            moved = holiday.date + dt.timedelta(days=1)
            while moved.isoweekday() in self.weekend or moved in off:
                moved += dt.timedelta(days=1)
            off.add(moved)
        result = frozenset(d for d in off if d.year == year)
        self._year_cache[year] = result
        return result

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.extra_working:
            return True
        if day in self.extra_days_off or day in self.extra_holidays:
            return False
        if day.isoweekday() in self.weekend:
            return False
        return day not in self.days_off_of_year(day.year)

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        remaining = count
        while remaining:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, otherwise the next one."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(
            1
            for offset in range(1, (end - start).days + 1)
            if self.is_working_day(start + dt.timedelta(days=offset))
        )

    @lru_cache(maxsize=4096)  # noqa: B019 - calendars live as long as the process
    def deadline(self, registered: dt.date, working_days: int = 15) -> dt.date:
        """The last day to answer an appeal registered on ``registered``."""
        return self.add_working_days(registered, working_days)
