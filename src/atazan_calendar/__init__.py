"""Kazakhstan's working-day calendar, for statutory deadlines.

Pure Python, no Django: the same rules run in the web application, the bulk
importer and the tests. See :mod:`atazan_calendar.calendar`.
"""

from atazan_calendar.calendar import (
    KURBAN_AIT,
    DayTransfer,
    Holiday,
    WorkCalendar,
    add_months,
    holidays_of_year,
)

__all__ = [
    "KURBAN_AIT",
    "DayTransfer",
    "Holiday",
    "WorkCalendar",
    "add_months",
    "holidays_of_year",
]
