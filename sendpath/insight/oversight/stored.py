"""The reviews page's counts, stored one calendar year at a time (``sendpath.insight.snapshots``):
the page reads them, and the years are counted again (every plan's review history rebuilt from
its events: ``reviews.history``) only when what they were counted from has moved:

- the review, decision, amendment, phase transfer and plan start and end events of the
  children the authority is responsible for (a late decision can be sent years after its
  meeting, so every such event counts, whatever its date);
- those children (their dates of birth set the early years reviews) and the phase transfers
  stored on their cases (from the year group);
- the day, for a year whose counts still move with the calendar: what is due "by today" counts,
  up to the last review decision of the year, due 4 weeks after a meeting on 31 December
  (reg 20(10)), so up to the end of January of the next year.

Who is behind each list (``reviews.late``: the reviews, decisions and transfers not on time) is
stored with the year's count, from the same history: the manager's list reads it a page at a
time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django_tasks import task

from sendpath.insight import watermarks
from sendpath.insight.snapshots import (
    Kind,
    Marks,
    Member,
    Stored,
    authority_by_pk,
    get_or_count,
    recount,
)
from sendpath.insight.snapshots import get_many as _get_many
from sendpath.people.models import Organisation

from . import reviews, selectors
from .counting import EVENT_TYPES


@dataclasses.dataclass(frozen=True)
class Year:
    """One year's stored counts, with the first year the records reach (the same in each)."""

    first: int | None
    counts: reviews.YearCounts
    # Who is behind each list, from the same history (stored apart: ``FigureMember``).
    late: Sequence[Member] = dataclasses.field(default_factory=list, compare=False)


def keys_for(today: dt.date) -> list[str]:
    """The years the page may show: the last five to today's."""
    return [str(y) for y in range(today.year - reviews.YEARS + 1, today.year + 1)]


def moves_with_the_day(year: int, today: dt.date) -> bool:
    return today < dt.date(year + 1, 2, 1)


def _compute(authority: Organisation, keys: list[str]) -> dict[str, Year]:
    today = timezone.localdate()
    plans = selectors.plans_of(selectors.authority_cases(authority))
    found = reviews.history(plans, today)
    counted = reviews.tally(found)
    return {k: Year(counted.first, counted.year(int(k)), reviews.late(found, int(k))) for k in keys}


def _serialise(year: Year) -> dict[str, Any]:
    return {"first": year.first, "counts": dataclasses.asdict(year.counts)}


def _deserialise(data: dict[str, Any]) -> Year:
    return Year(data.get("first"), reviews.YearCounts(**data["counts"]))


def _watermarks(authority: Organisation, keys: list[str]) -> dict[str, Marks]:
    today = timezone.localdate()
    cases = selectors.authority_cases(authority)
    events = watermarks.events(cases, {"all": None}, types=EVENT_TYPES)["all"]
    common = {
        "events": events,
        "children": watermarks.children(authority),
        "transfers": watermarks.transfers(cases),
    }
    return {
        k: {**common, "day": today.isoformat() if moves_with_the_day(int(k), today) else ""}
        for k in keys
    }


@task()
def recount_reviews(authority_id: str, keys: list[str]) -> list[str]:
    """Count the authority's reviews figures for the years ``keys`` and store them."""
    authority = authority_by_pk(authority_id)
    if authority is None:
        return []
    return list(recount(authority, REVIEWS, keys))


REVIEWS: Kind[Year] = Kind(
    name="reviews",
    compute=_compute,
    serialise=_serialise,
    deserialise=_deserialise,
    watermarks=_watermarks,
    task=lambda: recount_reviews,
    members=lambda year: year.late,
)


def one_year(authority: Organisation, year: int) -> Stored[Year]:
    """One year's stored count (for the lists behind its figures)."""
    return get_or_count(authority, REVIEWS, str(year))


@dataclasses.dataclass(frozen=True)
class Read:
    """What the page shows: the counts (None while nothing is stored yet), when they were
    counted (the oldest year's count), and whether a recount is under way."""

    tally: reviews.Tally | None
    counted_at: dt.datetime | None
    stale: bool


def read(authority: Organisation, today: dt.date) -> Read:
    stored = _get_many(authority, REVIEWS, keys_for(today))
    if any(s.value is None for s in stored.values()):
        return Read(None, None, stale=True)
    years = {int(k): s.value.counts for k, s in stored.items() if s.value is not None}
    firsts = [s.value.first for s in stored.values() if s.value is not None]
    first = min((f for f in firsts if f is not None), default=None)
    counted = [s.counted_at for s in stored.values() if s.counted_at is not None]
    return Read(
        reviews.Tally(first, years),
        min(counted) if counted else None,
        any(s.stale for s in stored.values()),
    )
