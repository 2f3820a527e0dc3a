"""Each step of the demo recorded on its own day, as a caseworker would have recorded it (the
services stamp ``recorded_at`` with the time of the load): shared by the demo's disagreements,
personal budgets and complaints (``cases.load`` stamps the statutory cases' steps in bulk)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from sendpath.ehc.models import CaseEvent


def stamp_on_their_day(
    events: QuerySet[CaseEvent], today: dt.date, at: dt.time = dt.time(10, 0)
) -> None:
    """Stamp ``events`` on their own dates (a meeting arranged ahead: today), a minute apart in
    the order they were recorded, and never later than now."""
    zone = timezone.get_current_timezone()
    now = timezone.now()
    rows = events.order_by("id").values_list("pk", "date")
    for index, (pk, date) in enumerate(rows):
        day = min(date or today, today)
        when = dt.datetime.combine(day, at, tzinfo=zone) + dt.timedelta(minutes=index)
        CaseEvent.objects.filter(pk=pk).update(recorded_at=min(when, now))
