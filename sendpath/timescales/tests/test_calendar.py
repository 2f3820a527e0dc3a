"""Counting conventions ("How time is counted") and England working days."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sendpath.timescales.calendar import (
    WorkingDayCalendar,
    add_days,
    add_months,
    add_weeks,
    day_before,
    default_calendar,
    fifth_birthday,
    period_of_days,
    period_of_months,
    weeks_before,
)

CAL = default_calendar()
D = date.fromisoformat


# -- one test per row of the counting table -------------------------------------------------


def test_within_n_weeks() -> None:
    assert add_weeks(D("2026-01-05"), 20) == D("2026-05-25")


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2026-01-31", 1, "2026-02-28"),  # the contract's example: clamp to month end
        ("2028-01-31", 1, "2028-02-29"),  # leap year
        ("2028-02-29", 12, "2029-02-28"),  # leap day + a year
        ("2028-02-29", 48, "2032-02-29"),  # leap day to leap day
        ("2028-02-29", 1, "2028-03-29"),
        ("2026-03-31", 1, "2026-04-30"),
        ("2026-08-31", 6, "2027-02-28"),
        ("2025-12-31", 2, "2026-02-28"),
        ("2026-11-30", 3, "2027-02-28"),
        ("2026-05-22", 12, "2027-05-22"),
        ("2026-01-15", 0, "2026-01-15"),
    ],
)
def test_within_n_months_clamps_to_month_end(start: str, months: int, expected: str) -> None:
    assert add_months(D(start), months) == D(expected)


def test_period_of_days_beginning_with() -> None:
    assert period_of_days(D("2026-03-02"), 15) == D("2026-03-16")
    assert period_of_days(D("2028-02-20"), 15) == D("2028-03-05")  # through 29 Feb 2028


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        # The contract's three examples.
        ("2026-04-10", 3, "2026-07-09"),
        ("2026-08-31", 3, "2026-11-30"),  # no 31 November: the last day of November
        ("2026-11-30", 3, "2027-02-28"),  # no 30 February: the last day of February
        # Corresponding-date rule: the day before X's day-of-month N months later, else the
        # last day of that month.
        ("2026-03-31", 3, "2026-06-30"),
        ("2027-11-30", 3, "2028-02-29"),  # leap year: the last day of February is the 29th
        ("2027-11-29", 3, "2028-02-28"),  # 29 February 2028 exists: the day before it
        ("2026-11-29", 3, "2027-02-28"),  # no 29 February 2027
        ("2026-11-28", 3, "2027-02-27"),
        ("2026-01-01", 3, "2026-03-31"),
        ("2026-01-31", 1, "2026-02-28"),
        ("2026-12-15", 1, "2027-01-14"),  # across the year end
        ("2028-02-29", 12, "2029-02-28"),
    ],
)
def test_period_of_months_beginning_with(start: str, months: int, expected: str) -> None:
    assert period_of_months(D(start), months) == D(expected)


def test_period_of_months_needs_a_month() -> None:
    with pytest.raises(ValueError, match="months"):
        period_of_months(D("2026-01-01"), 0)


def test_at_least_n_weeks_before() -> None:
    assert weeks_before(D("2026-06-19"), 2) == D("2026-06-05")


def test_within_n_days() -> None:
    assert add_days(D("2026-03-02"), 15) == D("2026-03-17")


def test_within_n_working_days_does_not_count_the_day_itself() -> None:
    # Tue 28 Apr 2026: Wed 29, Thu 30, Fri 1 May (Mon 4 May is a bank holiday).
    assert CAL.add_working_days(D("2026-04-28"), 3) == D("2026-05-01")
    # Fri 1 May 2026 + 1: skips the weekend and the early May bank holiday.
    assert CAL.add_working_days(D("2026-05-01"), 1) == D("2026-05-05")
    assert CAL.add_working_days(D("2026-05-01"), 0) == D("2026-05-01")


def test_at_least_n_working_days_before() -> None:
    # The contract's example: mediation Fri 19 June 2026, notice by Fri 12 June.
    assert CAL.working_days_before(D("2026-06-19"), 5) == D("2026-06-12")
    assert CAL.working_days_before(D("2026-06-19"), 0) == D("2026-06-19")


def test_n_working_days_beginning_with() -> None:
    # A working day counts as day 1.
    assert CAL.working_days_beginning_with(D("2026-03-02"), 15) == D("2026-03-20")
    assert CAL.working_days_beginning_with(D("2026-03-02"), 1) == D("2026-03-02")
    # A Saturday does not: day 1 is Monday 2 March.
    assert CAL.working_days_beginning_with(D("2026-02-28"), 15) == D("2026-03-20")
    assert CAL.working_days_beginning_with(D("2026-02-28"), 1) == D("2026-03-02")


def test_before_a_fixed_date() -> None:
    assert day_before(D("2027-02-15")) == D("2027-02-14")
    assert day_before(D("2028-03-01")) == D("2028-02-29")


# -- working days: Easter, Christmas, substitute days ------------------------------------


@pytest.mark.parametrize(
    "day",
    [
        "2026-04-03",  # Good Friday 2026
        "2026-04-06",  # Easter Monday 2026
        "2026-12-25",  # Christmas Day (Friday)
        "2026-12-28",  # Boxing Day falls on Saturday: substitute Monday 28 December
        "2027-12-27",  # 2027: 25 and 26 fall at the weekend: Monday 27 and
        "2027-12-28",  # Tuesday 28 December are the substitute days
        "2027-03-26",  # Good Friday 2027
        "2026-01-01",
        "2026-05-04",
        "2026-05-25",
        "2026-08-31",
        "2022-09-19",  # one-off: the state funeral of Queen Elizabeth II
    ],
)
def test_bank_holidays_are_not_working_days(day: str) -> None:
    assert not CAL.is_working_day(D(day))


@pytest.mark.parametrize(
    "day", ["2026-04-02", "2026-04-07", "2026-12-24", "2026-12-29", "2027-12-29"]
)
def test_days_around_holidays_are_working_days(day: str) -> None:
    assert CAL.is_working_day(D(day))


def test_weekends_are_not_working_days() -> None:
    assert not CAL.is_working_day(D("2026-06-20"))
    assert not CAL.is_working_day(D("2026-06-21"))


def test_working_days_across_easter_2026() -> None:
    # Thu 2 April + 3: Good Friday and Easter Monday skipped -> Tue 7, Wed 8, Thu 9.
    assert CAL.add_working_days(D("2026-04-02"), 3) == D("2026-04-09")
    # Back from Tue 7 April: Mon 6 and Fri 3 skipped -> Thu 2, Wed 1, Tue 31, Mon 30, Fri 27.
    assert CAL.working_days_before(D("2026-04-07"), 5) == D("2026-03-27")
    assert CAL.count_working_days(D("2026-03-30"), D("2026-04-10")) == 8


def test_working_days_across_christmas() -> None:
    # 2026: Christmas Friday, Boxing Day Saturday -> substitute Monday 28.
    assert CAL.add_working_days(D("2026-12-23"), 3) == D("2026-12-30")
    # 2027: both at the weekend -> substitutes Monday 27 and Tuesday 28.
    assert CAL.add_working_days(D("2027-12-23"), 3) == D("2027-12-30")
    assert CAL.add_working_days(D("2027-12-24"), 1) == D("2027-12-29")
    assert CAL.working_days_before(D("2027-12-29"), 1) == D("2027-12-24")
    # Into the new year: Fri 1 Jan 2027 is New Year's Day.
    assert CAL.add_working_days(D("2026-12-30"), 2) == D("2027-01-04")


def test_count_working_days() -> None:
    assert CAL.count_working_days(D("2026-06-15"), D("2026-06-19")) == 5
    assert CAL.count_working_days(D("2026-06-19"), D("2026-06-15")) == 0
    # 2026 has 261 weekdays, 8 of them bank holidays.
    assert CAL.count_working_days(D("2026-01-01"), D("2026-12-31")) == 253


def test_holidays_in_year_uses_the_package() -> None:
    days = CAL.holidays_in(2026)
    assert D("2026-04-03") in days
    assert D("2026-12-28") in days
    assert D("2026-12-26") not in days  # a Saturday: changes nothing, not kept


def test_far_years_are_covered() -> None:
    # Bank holidays are computed for any year, not a hand-typed table.
    assert not CAL.is_working_day(D("2090-12-25"))
    assert CAL.add_working_days(D("2090-12-22"), 1) == D("2090-12-27")


# -- injectable holidays -------------------------------------------------------------------


def test_extra_holiday_is_honoured() -> None:
    extra = WorkingDayCalendar(extra_holidays=[D("2026-06-16")])
    assert not extra.is_working_day(D("2026-06-16"))
    assert extra.add_working_days(D("2026-06-15"), 1) == D("2026-06-17")
    assert extra.working_days_before(D("2026-06-19"), 5) == D("2026-06-11")
    assert CAL.is_working_day(D("2026-06-16"))  # the shared calendar is untouched


def test_custom_holiday_source() -> None:
    calls: list[int] = []

    def source(year: int) -> list[date]:
        calls.append(year)
        return [date(year, 7, 1)]

    cal = WorkingDayCalendar(holiday_source=source)
    assert not cal.is_working_day(D("2026-07-01"))
    assert cal.is_working_day(D("2026-12-25"))
    assert cal.add_working_days(D("2026-06-30"), 1) == D("2026-07-02")
    assert calls == [2026]  # cached per year
    derived = cal.with_extra_holidays([D("2026-07-02")])
    assert derived.add_working_days(D("2026-06-30"), 1) == D("2026-07-03")


class _CountingCalendar(WorkingDayCalendar):
    __slots__ = ("probes",)

    def __init__(self) -> None:
        super().__init__()
        self.probes = 0

    def is_working_day(self, day: date) -> bool:
        self.probes += 1
        return super().is_working_day(day)

    def _holidays_between(self, first: int, last: int) -> int:
        self.probes += 1
        return super()._holidays_between(first, last)


def test_long_spans_do_not_walk_day_by_day() -> None:
    cal = _CountingCalendar()
    far = cal.add_working_days(D("2026-01-01"), 2500)  # about ten years
    assert cal.probes <= 6
    assert cal.count_working_days(D("2026-01-02"), far) == 2500
    cal.probes = 0
    back = cal.working_days_before(far, 2500)
    # 2499 working days lie in [2 Jan 2026, far); 1 Jan is a holiday, so the 2500th is 31 Dec.
    assert back == D("2025-12-31")
    assert cal.probes <= 8


# -- fifth birthday ------------------------------------------------------------------------


def test_fifth_birthday() -> None:
    assert fifth_birthday(D("2021-07-15")) == D("2026-07-15")
    # Born on 29 February: the age is attained on 1 March in a common year.
    assert fifth_birthday(D("2028-02-29")) == D("2033-03-01")


# -- agreement with a naive day-by-day count (independent holiday lookup) -----------------

_NAIVE_HOLIDAYS = holidays.country_holidays("GB", subdiv="ENG", years=range(1995, 2065))


def _naive_working(day: date) -> bool:
    return day.weekday() < 5 and day not in _NAIVE_HOLIDAYS


def _naive_add(start: date, n: int) -> date:
    day = start
    while n:
        day += timedelta(days=1)
        if _naive_working(day):
            n -= 1
    return day


def _naive_before(end: date, n: int) -> date:
    day = end
    while n:
        day -= timedelta(days=1)
        if _naive_working(day):
            n -= 1
    return day


_days = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


@settings(max_examples=300, deadline=None)
@given(start=_days, n=st.integers(min_value=0, max_value=400))
def test_add_working_days_matches_naive_walk(start: date, n: int) -> None:
    assert CAL.add_working_days(start, n) == _naive_add(start, n)


@settings(max_examples=300, deadline=None)
@given(end=_days, n=st.integers(min_value=0, max_value=400))
def test_working_days_before_matches_naive_walk(end: date, n: int) -> None:
    assert CAL.working_days_before(end, n) == _naive_before(end, n)


@settings(max_examples=300, deadline=None)
@given(start=_days, n=st.integers(min_value=1, max_value=60))
def test_beginning_with_matches_naive_walk(start: date, n: int) -> None:
    expected = _naive_add(start, n - 1) if _naive_working(start) else _naive_add(start, n)
    assert CAL.working_days_beginning_with(start, n) == expected


@settings(max_examples=200, deadline=None)
@given(first=_days, span=st.integers(min_value=-5, max_value=800))
def test_count_matches_naive(first: date, span: int) -> None:
    last = first + timedelta(days=span)
    naive = sum(_naive_working(first + timedelta(days=i)) for i in range(span + 1))
    assert CAL.count_working_days(first, last) == naive


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    n=st.integers(min_value=1, max_value=40),
    extra=st.dates(min_value=date(2020, 1, 1), max_value=date(2031, 6, 30)),
)
def test_an_added_holiday_never_makes_working_day_counts_earlier(
    start: date, n: int, extra: date
) -> None:
    more = WorkingDayCalendar(extra_holidays=[extra])
    assert more.add_working_days(start, n) >= CAL.add_working_days(start, n)
    assert more.working_days_beginning_with(start, n) >= CAL.working_days_beginning_with(start, n)
    # Counting back, a holiday can only push the latest compliant day earlier.
    assert more.working_days_before(start, n) <= CAL.working_days_before(start, n)


def test_invalid_counts_are_rejected() -> None:
    with pytest.raises(ValueError, match="n must be"):
        CAL.add_working_days(D("2026-01-01"), -1)
    with pytest.raises(ValueError, match="n must be"):
        CAL.working_days_before(D("2026-01-01"), -1)
    with pytest.raises(ValueError, match="n must be"):
        CAL.working_days_beginning_with(D("2026-01-01"), 0)
