"""The figures DfE will publish, stored one activity year at a time (``sendpath.insight.snapshots``):
the dashboard reads them, and a year is counted again (``counting.count_years``) only when what
it was counted from has moved:

- the authority's case events dated up to that year's census (the latest day its figures read:
  a step dated later never changes them);
- the number of the authority's children with each primary need (new plans and the caseload are
  counted by need);
- the settings its children attend or attended (the caseload by setting).

``manage.py dfe_figures`` always counts afresh (it is the official number), from the same
``counting`` module.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django_tasks import task

from sendpath.insight import watermarks
from sendpath.insight.snapshots import Kind, Marks, authority_by_pk, get_many, recount
from sendpath.people.models import Organisation

from . import counting


def _compute(authority: Organisation, keys: list[str]) -> dict[str, counting.Counts]:
    counted = counting.count_years(authority, [int(k) for k in keys], breakdowns=True)
    return {str(year): counts for year, counts in counted.items()}


def _serialise(counts: counting.Counts) -> dict[str, Any]:
    return {
        "year": counts.year,
        "census": counts.census.isoformat(),
        "measures": counts.measures,
        "days_to_issue": counts.days_to_issue,
        "by_age": dict(counts.by_age),
        "by_setting": dict(counts.by_setting),
    }


def _deserialise(data: dict[str, Any]) -> counting.Counts:
    return counting.Counts(
        year=int(data["year"]),
        census=dt.date.fromisoformat(data["census"]),
        measures=data["measures"],
        days_to_issue=list(data.get("days_to_issue") or []),
        by_age=Counter(data.get("by_age") or {}),
        by_setting=Counter(data.get("by_setting") or {}),
    )


def _watermarks(authority: Organisation, keys: list[str]) -> dict[str, Marks]:
    cases = counting.authority_cases(authority)
    through: dict[str, dt.date | None] = {k: counting.census_date(int(k) + 1) for k in keys}
    events = watermarks.events(cases, through)
    needs = watermarks.needs(authority)
    attended = watermarks.settings_attended(authority)
    return {k: {"events": events[k], "needs": needs, "settings": attended} for k in keys}


@task()
def recount_figures(authority_id: str, keys: list[str]) -> list[str]:
    """Count the authority's figures for the activity years ``keys`` and store them."""
    authority = authority_by_pk(authority_id)
    if authority is None:
        return []
    return list(recount(authority, FIGURES, keys))


FIGURES: Kind[counting.Counts] = Kind(
    name="figures",
    compute=_compute,
    serialise=_serialise,
    deserialise=_deserialise,
    watermarks=_watermarks,
    task=lambda: recount_figures,
)


@dataclass(frozen=True)
class Read:
    """What the dashboard shows: the counts by year (None while a year is not counted yet),
    when they were counted (the oldest year's count), and whether a recount is under way."""

    counts: dict[int, counting.Counts] | None
    counted_at: dt.datetime | None
    stale: bool


def read(authority: Organisation, years: list[int]) -> Read:
    stored = get_many(authority, FIGURES, [str(y) for y in years])
    if any(s.value is None for s in stored.values()):
        return Read(None, None, stale=True)
    counted = [s.counted_at for s in stored.values() if s.counted_at is not None]
    return Read(
        {int(k): s.value for k, s in stored.items() if s.value is not None},
        min(counted) if counted else None,
        any(s.stale for s in stored.values()),
    )
