"""Working days in Kazakhstan: holidays, moved days off, decrees, deadlines."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from atazan_calendar import DayTransfer, WorkCalendar, add_months, holidays_of_year

D = dt.date


def test_fixed_holidays_of_a_year_include_nauryz_and_constitution_day() -> None:
    days = {h.date: h.name for h in holidays_of_year(2026)}
    assert days[D(2026, 3, 22)] == "Nauryz"
    assert days[D(2026, 8, 30)] == "Constitution Day"
    assert days[D(2026, 5, 27)] == "Kurban Ait"
    assert D(2026, 12, 17) not in days  # only 16 December since 2022


def test_weekends_and_holidays_are_not_working_days() -> None:
    calendar = WorkCalendar()
    assert calendar.is_working_day(D(2026, 3, 20))  # Friday
    assert not calendar.is_working_day(D(2026, 3, 28))  # Saturday
    assert not calendar.is_working_day(D(2026, 3, 23))  # Nauryz, Monday
    assert not calendar.is_working_day(D(2026, 1, 7))  # Orthodox Christmas


def test_a_state_holiday_on_a_weekend_moves_the_day_off_to_the_next_working_day() -> None:
    calendar = WorkCalendar()
    # Nauryz 2026: 21 and 22 March fall on Saturday and Sunday, so 24 and 25 March are off.
    assert not calendar.is_working_day(D(2026, 3, 24))
    assert not calendar.is_working_day(D(2026, 3, 25))
    assert calendar.is_working_day(D(2026, 3, 26))
    # Constitution Day 2026 is a Sunday: Monday 31 August is off.
    assert not calendar.is_working_day(D(2026, 8, 31))


def test_religious_holidays_are_not_moved() -> None:
    calendar = WorkCalendar()
    # 7 January 2024 was a Sunday; Monday the 8th stays a working day.
    assert calendar.is_working_day(D(2024, 1, 8))


def test_independence_day_on_a_weekend_moves_into_the_next_week() -> None:
    calendar = WorkCalendar()
    # 16 December 2023 was a Saturday: Monday the 18th was off.
    assert not calendar.is_working_day(D(2023, 12, 18))


def test_a_transfer_decree_makes_a_saturday_working_and_a_weekday_off() -> None:
    transfer = DayTransfer(working_day=D(2026, 1, 3), day_off=D(2026, 1, 5))
    calendar = WorkCalendar([transfer])
    assert calendar.is_working_day(D(2026, 1, 3))
    assert not calendar.is_working_day(D(2026, 1, 5))
    assert WorkCalendar().is_working_day(D(2026, 1, 5))


def test_the_deadline_is_fifteen_working_days_after_registration() -> None:
    calendar = WorkCalendar()
    # Registered Friday 20 March 2026: Nauryz and its moved days (23-25 March) do not count.
    assert calendar.deadline(D(2026, 3, 20)) == D(2026, 4, 15)
    # An ordinary fortnight: three weeks minus nothing.
    assert calendar.deadline(D(2026, 2, 2)) == D(2026, 2, 23)


def test_a_registration_on_a_day_off_counts_from_the_next_working_day() -> None:
    calendar = WorkCalendar()
    assert calendar.deadline(D(2026, 2, 7)) == calendar.deadline(D(2026, 2, 6))


def test_two_months_later_clamps_to_the_end_of_a_short_month() -> None:
    assert add_months(D(2025, 12, 31), 2) == D(2026, 2, 28)
    assert add_months(D(2026, 11, 15), 2) == D(2027, 1, 15)


@given(
    start=st.dates(min_value=D(2023, 1, 1), max_value=D(2027, 12, 31)),
    count=st.integers(min_value=0, max_value=60),
)
def test_adding_working_days_lands_on_a_working_day_and_counts_back(
    start: dt.date, count: int
) -> None:
    calendar = WorkCalendar()
    end = calendar.add_working_days(start, count)
    assert calendar.working_days_between(start, end) == count
    if count:
        assert calendar.is_working_day(end)
        assert end > start


@given(day=st.dates(min_value=D(2023, 1, 1), max_value=D(2027, 12, 31)))
def test_every_week_has_at_most_five_working_days(day: dt.date) -> None:
    calendar = WorkCalendar()
    week = [day + dt.timedelta(days=i) for i in range(7)]
    assert sum(calendar.is_working_day(d) for d in week) <= 5
