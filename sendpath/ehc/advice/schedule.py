"""When the people asked for advice are reminded (the reasons are in ``reminders.py``): 10
working days before the due date, on it, then every 5 working days until the advice arrives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sendpath.timescales import default_calendar

BEFORE_WORKING_DAYS = 10
LATE_EVERY_WORKING_DAYS = 5


@dataclass(frozen=True)
class Point:
    key: str  # before, due, late-1, late-2, ...
    on: dt.date

    @property
    def label(self) -> str:
        if self.key == "before":
            return f"{BEFORE_WORKING_DAYS} working days before the due date"
        if self.key == "due":
            return "On the due date"
        return "Overdue reminder"


def points(due: dt.date, until: dt.date) -> Iterator[Point]:
    """The reminder points for advice due on ``due``, in order, up to ``until``."""
    cal = default_calendar()
    before = cal.working_days_before(due, BEFORE_WORKING_DAYS)
    for point in (Point("before", before), Point("due", due)):
        if point.on > until:
            return
        yield point
    n, on = 1, due
    while True:
        on = cal.add_working_days(on, LATE_EVERY_WORKING_DAYS)
        if on > until:
            return
        yield Point(f"late-{n}", on)
        n += 1


def due_point(due: dt.date, last_sent: dt.date | None, today: dt.date) -> Point | None:
    """The latest point reached by today and after the last email, if any."""
    latest = None
    for point in points(due, today):
        if last_sent is None or point.on > last_sent:
            latest = point
    return latest


def next_reminder(due: dt.date, last_sent: dt.date | None, today: dt.date) -> Point | None:
    """When the next reminder will go (the daily run sends a point on its date)."""
    horizon = max(today, last_sent or today, due) + dt.timedelta(days=21)
    for point in points(due, horizon):
        if point.on >= today and (last_sent is None or point.on > last_sent):
            return point
    return None
