"""A rule's period in structured form: how long, and which way of counting time.

A :class:`Period` is a count and a :class:`Kind`, one kind per row of the "How time is counted"
table of ``TIMESCALES.md``.  The same object gives both the arithmetic and the words, so a rule's
due date and the way it is described on pages cannot drift apart:

>>> from datetime import date
>>> six_weeks = Period.weeks(6)
>>> six_weeks.last_day(date(2026, 1, 19))
datetime.date(2026, 3, 2)
>>> six_weeks.phrase("request_received")
'6 weeks from request_received'
>>> f"{Period.days_beginning_with(15):draft_plan_sent}"
'last day of the period of 15 days beginning with draft_plan_sent'
>>> Period.months_beginning_with(3).last_day(date(2026, 8, 31))
datetime.date(2026, 11, 30)

Formatting a period with a format spec gives its phrase with the spec as the anchor (``X`` or
``Y`` of the table); with no spec, just its length ("6 weeks", "1 month", "15 February").  The
rule table (:mod:`.rules`) writes its words as templates of that form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum

from .calendar import (
    WorkingDayCalendar,
    add_months,
    days_in_month,
    default_calendar,
    period_of_months,
)

__all__ = ["Kind", "Period"]

_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class Kind(Enum):
    """A way of counting time; the value is its row's wording in ``TIMESCALES.md``."""

    WEEKS = "within N weeks of X"
    MONTHS = "within N months of X"
    DAYS = "within N days of X"
    WORKING_DAYS = "within N working days of X"
    DAYS_BEGINNING_WITH = "a period of N days beginning with X"
    MONTHS_BEGINNING_WITH = "a period of N months beginning with X"
    WORKING_DAYS_BEGINNING_WITH = "N working days beginning with X"
    WEEKS_BEFORE = "at least N weeks before Y"
    WORKING_DAYS_BEFORE = "at least N working days before Y"
    BEFORE_DATE = "before D (a fixed date)"


# The unit each kind counts in (singular, plural), and its phrase around an anchor.
_UNITS: dict[Kind, tuple[str, str]] = {
    Kind.WEEKS: ("week", "weeks"),
    Kind.MONTHS: ("month", "months"),
    Kind.DAYS: ("day", "days"),
    Kind.WORKING_DAYS: ("working day", "working days"),
    Kind.DAYS_BEGINNING_WITH: ("day", "days"),
    Kind.MONTHS_BEGINNING_WITH: ("month", "months"),
    Kind.WORKING_DAYS_BEGINNING_WITH: ("working day", "working days"),
    Kind.WEEKS_BEFORE: ("week", "weeks"),
    Kind.WORKING_DAYS_BEFORE: ("working day", "working days"),
}
_PHRASES: dict[Kind, str] = {
    Kind.WEEKS: "{length} from {anchor}",
    Kind.MONTHS: "{length} from {anchor}",
    Kind.DAYS: "{length} from {anchor}",
    Kind.WORKING_DAYS: "{length} from {anchor}",
    Kind.DAYS_BEGINNING_WITH: "last day of the period of {length} beginning with {anchor}",
    Kind.MONTHS_BEGINNING_WITH: "last day of the period of {length} beginning with {anchor}",
    Kind.WORKING_DAYS_BEGINNING_WITH: "{length} beginning with {anchor}",
    Kind.WEEKS_BEFORE: "at least {length} before {anchor}",
    Kind.WORKING_DAYS_BEFORE: "at least {length} before {anchor}",
    Kind.BEFORE_DATE: "before {length} of {anchor}",
}
# Kinds counted as a fixed number of calendar days from the anchor: X + offset.
_OFFSET_DAYS = {
    Kind.WEEKS: lambda n: 7 * n,
    Kind.DAYS: lambda n: n,
    Kind.DAYS_BEGINNING_WITH: lambda n: n - 1,
    Kind.WEEKS_BEFORE: lambda n: -7 * n,
}


@dataclass(frozen=True, slots=True)
class Period:
    """``count`` units counted as ``kind`` says.

    For :attr:`Kind.BEFORE_DATE` the period is a fixed day of the year: ``count`` is the day of
    the month and ``month`` the month (``Period.before(15, 2)`` is "before 15 February"); the
    anchor given to :meth:`last_day` only supplies the year.  ``month`` is 0 for every other kind.
    Build periods with the named constructors (``Period.weeks(6)``, ``Period.months(12)``...).
    """

    count: int
    kind: Kind
    month: int = 0
    _offset: timedelta | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind is Kind.BEFORE_DATE:
            if not 1 <= self.month <= 12:
                raise ValueError(f"month must be 1 to 12, not {self.month}")
            # A day every year has (so 29 February is refused).
            if not 1 <= self.count <= days_in_month(2001, self.month):
                raise ValueError(f"{_MONTH_NAMES[self.month - 1]} has no day {self.count}")
        else:
            if self.month:
                raise ValueError(f"only a fixed date has a month, not {self.kind.name}")
            if self.count < 1:
                raise ValueError(f"a period counts at least 1, not {self.count}")
        days = _OFFSET_DAYS.get(self.kind)
        offset = None if days is None else timedelta(days=days(self.count))
        object.__setattr__(self, "_offset", offset)

    # -- constructors, one per row of the table ----------------------------------------------

    @classmethod
    def weeks(cls, n: int) -> Period:
        """within N weeks of X: X + 7N days."""
        return cls(n, Kind.WEEKS)

    @classmethod
    def months(cls, n: int) -> Period:
        """within N months of X: the same day-of-month N months later, clamped to month end."""
        return cls(n, Kind.MONTHS)

    @classmethod
    def days(cls, n: int) -> Period:
        """within N days of X: X + N days."""
        return cls(n, Kind.DAYS)

    @classmethod
    def working_days(cls, n: int) -> Period:
        """within N working days of X: the Nth working day after X."""
        return cls(n, Kind.WORKING_DAYS)

    @classmethod
    def days_beginning_with(cls, n: int) -> Period:
        """a period of N days beginning with X: X is day 1, the last day is X + (N - 1)."""
        return cls(n, Kind.DAYS_BEGINNING_WITH)

    @classmethod
    def months_beginning_with(cls, n: int) -> Period:
        """a period of N months beginning with X: the corresponding-date rule."""
        return cls(n, Kind.MONTHS_BEGINNING_WITH)

    @classmethod
    def working_days_beginning_with(cls, n: int) -> Period:
        """N working days beginning with X: X is day 1 when it is a working day."""
        return cls(n, Kind.WORKING_DAYS_BEGINNING_WITH)

    @classmethod
    def weeks_before(cls, n: int) -> Period:
        """at least N weeks before Y: Y - 7N days."""
        return cls(n, Kind.WEEKS_BEFORE)

    @classmethod
    def working_days_before(cls, n: int) -> Period:
        """at least N working days before Y: the Nth working day counting back from Y."""
        return cls(n, Kind.WORKING_DAYS_BEFORE)

    @classmethod
    def before(cls, day: int, month: int) -> Period:
        """before D: the day before ``day`` ``month`` of the anchor's year."""
        return cls(day, Kind.BEFORE_DATE, month)

    # -- arithmetic ----------------------------------------------------------------------------

    def last_day(self, anchor: date, calendar: WorkingDayCalendar | None = None) -> date:
        """The last day that is in time: counted from X (or back from Y) = ``anchor``.

        ``calendar`` gives the working days (England's by default); only working-day kinds
        read it.
        """
        offset = self._offset
        if offset is not None:
            return anchor + offset
        kind = self.kind
        n = self.count
        if kind is Kind.MONTHS:
            return add_months(anchor, n)
        if kind is Kind.MONTHS_BEGINNING_WITH:
            return period_of_months(anchor, n)
        if kind is Kind.BEFORE_DATE:
            return date(anchor.year, self.month, n) - timedelta(days=1)
        cal = calendar if calendar is not None else default_calendar()
        if kind is Kind.WORKING_DAYS:
            return cal.add_working_days(anchor, n)
        if kind is Kind.WORKING_DAYS_BEGINNING_WITH:
            return cal.working_days_beginning_with(anchor, n)
        if kind is Kind.WORKING_DAYS_BEFORE:
            return cal.working_days_before(anchor, n)
        raise AssertionError(f"no arithmetic for {kind}")  # pragma: no cover

    # -- words ---------------------------------------------------------------------------------

    @property
    def length(self) -> str:
        """The period alone: "6 weeks", "1 month", "15 working days", "15 February"."""
        if self.kind is Kind.BEFORE_DATE:
            return f"{self.count} {_MONTH_NAMES[self.month - 1]}"
        one, many = _UNITS[self.kind]
        return f"{self.count} {one if self.count == 1 else many}"

    def phrase(self, anchor: str) -> str:
        """The period counted from (or before) ``anchor``, in the table's words."""
        return _PHRASES[self.kind].format(length=self.length, anchor=anchor)

    def __format__(self, spec: str) -> str:
        """``f"{period}"`` is the length; ``f"{period:X}"`` the phrase with anchor X."""
        return self.phrase(spec) if spec else self.length

    def __str__(self) -> str:
        return self.length
