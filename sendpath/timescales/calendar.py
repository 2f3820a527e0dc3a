"""Date arithmetic for statutory timescales.

Every counting convention of ``TIMESCALES.md`` ("How time is counted") has one function here:

==========================================  =============================================
wording                                     function
==========================================  =============================================
within N weeks of X                         :func:`add_weeks` (X + 7N)
within N days of X                          :func:`add_days` (X + N)
within N months of X                        :func:`add_months` (clamped to month end)
a period of N days beginning with X         :func:`period_of_days` (X + N - 1)
a period of N months beginning with X       :func:`period_of_months` (corresponding date)
at least N weeks before Y                   :func:`weeks_before` (Y - 7N)
before D (a fixed date)                     :func:`day_before` (D - 1)
within N working days of X                  :meth:`WorkingDayCalendar.add_working_days`
at least N working days before Y            :meth:`WorkingDayCalendar.working_days_before`
N working days beginning with X             :meth:`WorkingDayCalendar.working_days_beginning_with`
==========================================  =============================================

A *working day* is Monday to Friday and not a bank holiday in England (Christmas Day and Good
Friday are bank holidays in the ``holidays`` package's ``GB``/``ENG`` calendar, as are the
substitute days when 25/26 December fall at a weekend).  Bank holidays come from the
``holidays`` package, loaded lazily one calendar year at a time and cached, so any year works.

The holiday source is injectable: ``WorkingDayCalendar(holiday_source=..., extra_holidays=...)``
lets tests (and deployments that must honour a one-off bank holiday before the package knows of
it) add days.  Working-day arithmetic never walks day by day: it converts between dates and a
global index of Monday-to-Friday days in O(1), then corrects for the holidays in range with a
bisect over a sorted list of weekday holidays (a couple of iterations at most).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from threading import Lock

import holidays as holidays_pkg

__all__ = [
    "HolidaySource",
    "WorkingDayCalendar",
    "add_days",
    "add_months",
    "add_weeks",
    "day_before",
    "days_in_month",
    "default_calendar",
    "england_bank_holidays",
    "fifth_birthday",
    "period_of_days",
    "period_of_months",
    "weeks_before",
]

HolidaySource = Callable[[int], Iterable[date]]
"""A function giving the bank holidays (any weekday or weekend date) of one calendar year."""

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_ONE_DAY = timedelta(days=1)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    """Number of days in ``month`` (1-12) of ``year``."""
    if month == 2 and _is_leap(year):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def add_days(start: date, days: int) -> date:
    """``within N days of X``: X + N calendar days."""
    return start + timedelta(days=days)


def add_weeks(start: date, weeks: int) -> date:
    """``within N weeks of X``: X + 7N calendar days."""
    return start + timedelta(days=7 * weeks)


def weeks_before(day: date, weeks: int) -> date:
    """``at least N weeks before Y``: the latest compliant day, Y - 7N."""
    return day - timedelta(days=7 * weeks)


def day_before(day: date) -> date:
    """``before D``: the latest compliant day, D - 1."""
    return day - _ONE_DAY


def add_months(start: date, months: int) -> date:
    """``within N months of X``: same day of the month N months later.

    When that day does not exist the result is the last day of that month
    (31 January + 1 month = 28 February, or 29 February in a leap year).
    """
    total = start.month - 1 + months
    year = start.year + total // 12
    month = total % 12 + 1
    last = days_in_month(year, month)
    day = start.day if start.day <= last else last
    return date(year, month, day)


def period_of_days(start: date, days: int) -> date:
    """``a period of N days beginning with X``: X is day 1, the last day is X + (N - 1)."""
    return start + timedelta(days=days - 1)


def period_of_months(start: date, months: int) -> date:
    """``a period of N months beginning with X``: its last day, by the corresponding-date rule.

    The last day is the day before the date with X's day-of-month N months later; where that
    month has no such day, the last day of that month (Dodds v Walker [1980] 1 WLR 1061).  So
    3 months beginning with 10 April end on 9 July, with 31 August on 30 November, and with
    30 November on the last day of February.
    """
    if months < 1:
        raise ValueError("months must be >= 1")
    total = start.month - 1 + months
    year = start.year + total // 12
    month = total % 12 + 1
    last = days_in_month(year, month)
    if start.day > last:
        return date(year, month, last)
    return date(year, month, start.day) - _ONE_DAY


def fifth_birthday(date_of_birth: date) -> date:
    """The day a child attains the age of 5 (Family Law Reform Act 1969 s.9).

    For a child born on 29 February the anniversary does not exist five years later (five years
    after a leap year is never a leap year), so the age is attained on 1 March, the usual
    English reading.
    """
    year = date_of_birth.year + 5
    if date_of_birth.month == 2 and date_of_birth.day == 29 and not _is_leap(year):
        return date(year, 3, 1)
    return date_of_birth.replace(year=year)


def england_bank_holidays(year: int) -> list[date]:
    """Bank holidays in England for ``year``, from the maintained ``holidays`` package.

    Raises ``ValueError`` for a year the package does not cover (it would silently give no
    holidays), rather than treat Christmas as a working day.
    """
    days = holidays_pkg.country_holidays("GB", subdiv="ENG", years=year)
    if not days.start_year <= year <= days.end_year:
        raise ValueError(
            f"bank holidays for {year} are not known (covered: {days.start_year}-{days.end_year})"
        )
    return list(days.keys())


# Ordinal 1 (0001-01-01) is a Monday, so an ordinal's weekday is (ordinal - 1) % 7 (Monday 0).


def _weekdays_before(ordinal: int) -> int:
    """How many Monday-to-Friday days have an ordinal strictly less than ``ordinal``."""
    weeks, rest = divmod(ordinal - 1, 7)
    return weeks * 5 + (rest if rest < 5 else 5)


def _weekday_at(index: int) -> int:
    """The ordinal of the Monday-to-Friday day with 0-based global ``index``."""
    weeks, rest = divmod(index, 5)
    return 1 + weeks * 7 + rest


class WorkingDayCalendar:
    """Working days in England: Monday to Friday, excluding bank holidays.

    ``holiday_source`` gives a year's holidays (default: :func:`england_bank_holidays`);
    ``extra_holidays`` adds fixed days on top (tests use it to add a bank holiday).  Years are
    loaded on first use and cached for the calendar's lifetime.
    """

    __slots__ = ("_extra", "_holiday_set", "_holidays", "_lock", "_source", "_years")

    def __init__(
        self,
        holiday_source: HolidaySource | None = None,
        extra_holidays: Iterable[date] = (),
    ) -> None:
        self._source: HolidaySource = holiday_source or england_bank_holidays
        self._extra: dict[int, set[int]] = {}
        for extra in extra_holidays:
            self._extra.setdefault(extra.year, set()).add(extra.toordinal())
        self._years: set[int] = set()
        # Sorted ordinals of holidays that fall Monday to Friday (weekend ones change nothing).
        self._holidays: list[int] = []
        self._holiday_set: set[int] = set()
        self._lock = Lock()

    def with_extra_holidays(self, extra: Iterable[date]) -> WorkingDayCalendar:
        """A new calendar with the same source plus ``extra`` days."""
        days = [date.fromordinal(o) for ordinals in self._extra.values() for o in ordinals]
        return WorkingDayCalendar(self._source, [*days, *extra])

    # -- holiday loading -------------------------------------------------------------------

    def _load(self, first_year: int, last_year: int) -> None:
        with self._lock:
            missing = [y for y in range(first_year, last_year + 1) if y not in self._years]
            if not missing:
                return
            added: set[int] = set()
            for year in missing:
                ordinals = {d.toordinal() for d in self._source(year) if d.year == year}
                ordinals |= self._extra.get(year, set())
                added |= {o for o in ordinals if (o - 1) % 7 < 5}
            merged = self._holiday_set | added
            self._holidays = sorted(merged)
            self._holiday_set = merged
            self._years.update(missing)

    def _ensure(self, first: int, last: int) -> None:
        """Make sure holidays are loaded for every year spanned by ordinals first..last."""
        years = self._years
        first_year = date.fromordinal(first).year
        last_year = date.fromordinal(last).year
        if first_year not in years or last_year not in years or last_year - first_year > 1:
            self._load(first_year, last_year)

    def _holidays_between(self, first: int, last: int) -> int:
        """Number of weekday holidays with ordinals in [first, last]."""
        hol = self._holidays
        return bisect.bisect_right(hol, last) - bisect.bisect_left(hol, first)

    # -- queries ---------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday and not a bank holiday."""
        ordinal = day.toordinal()
        if (ordinal - 1) % 7 >= 5:
            return False
        self._ensure(ordinal, ordinal)
        return ordinal not in self._holiday_set

    def holidays_in(self, year: int) -> list[date]:
        """The weekday holidays of ``year`` this calendar uses (sorted)."""
        first = date(year, 1, 1).toordinal()
        last = date(year, 12, 31).toordinal()
        self._ensure(first, last)
        hol = self._holidays
        lo = bisect.bisect_left(hol, first)
        hi = bisect.bisect_right(hol, last)
        return [date.fromordinal(o) for o in hol[lo:hi]]

    def count_working_days(self, first: date, last: date) -> int:
        """Working days in the closed range [first, last] (0 if last < first)."""
        a = first.toordinal()
        b = last.toordinal()
        if b < a:
            return 0
        self._ensure(a, b)
        return _weekdays_before(b + 1) - _weekdays_before(a) - self._holidays_between(a, b)

    def add_working_days(self, start: date, n: int) -> date:
        """``within N working days of X``: the Nth working day after X (X not counted).

        ``n == 0`` gives ``start`` itself.
        """
        if n < 0:
            raise ValueError("n must be >= 0")
        if n == 0:
            return start
        first = start.toordinal() + 1
        base = _weekdays_before(first)  # index of the first weekday >= first
        skipped = 0
        candidate = _weekday_at(base + n - 1)
        # Each pass pushes the candidate past the holidays found so far; the sequence only
        # grows and stops at the true answer (holidays are sparse: one or two passes).
        while True:
            self._ensure(first, candidate)
            found = self._holidays_between(first, candidate)
            if found == skipped:
                return date.fromordinal(candidate)
            skipped = found
            candidate = _weekday_at(base + n - 1 + skipped)

    def working_days_before(self, end: date, n: int) -> date:
        """``at least N working days before Y``: the Nth working day counting back from Y.

        Y itself is not counted.  ``n == 0`` gives ``end`` itself.
        """
        if n < 0:
            raise ValueError("n must be >= 0")
        if n == 0:
            return end
        last = end.toordinal() - 1
        top = _weekdays_before(last + 1)  # weekdays with ordinal <= last
        skipped = 0
        candidate = _weekday_at(top - n)
        while True:
            self._ensure(candidate, last)
            found = self._holidays_between(candidate, last)
            if found == skipped:
                return date.fromordinal(candidate)
            skipped = found
            candidate = _weekday_at(top - n - skipped)

    def working_days_beginning_with(self, start: date, n: int) -> date:
        """``N working days beginning with X``: the last of N working days, X being day 1
        when X is a working day (otherwise day 1 is the next working day)."""
        if n < 1:
            raise ValueError("n must be >= 1")
        if self.is_working_day(start):
            return self.add_working_days(start, n - 1)
        return self.add_working_days(start, n)


_DEFAULT: WorkingDayCalendar | None = None


def default_calendar() -> WorkingDayCalendar:
    """The shared England calendar backed by the ``holidays`` package."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = WorkingDayCalendar()
    return _DEFAULT
