"""The figures DfE will publish, stored one activity year at a time (``sendpath.insight.snapshots``):
the dashboard reads them, and a year is counted again (``counting.count_years``) only when what
it was counted from has moved:

- the authority's case events dated up to that year's census (the latest day its figures read:
  a step dated later never changes them);
- the number of the authority's children with each primary need (new plans and the caseload are
  counted by need);
- the settings its children attend or attended (the caseload by setting).

Who is counted in each figure the dashboard links to a list of children (``LISTED``) is stored
with the count, from the same pass (``counting.count_years``'s ``listed``): the manager's list
reads it a page at a time.

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
from sendpath.insight.snapshots import (
    Kind,
    Marks,
    Member,
    Stored,
    authority_by_pk,
    get_many,
    get_or_count,
    recount,
)
from sendpath.people.models import Organisation

from . import counting

# The counts whose children a manager may list (the dashboard links each one), in plain words:
# (DfE file, count column) -> what is counted.
LISTED: dict[tuple[str, str], str] = {
    ("timeliness_20_week", "plans_issued_den"): "plans issued in the year that DfE times",
    ("timeliness_20_week", "plans_issued_den_ex"): (
        "plans issued in the year with no timescale exception"
    ),
    ("timeliness_20_week", "plans_issued_within_20_weeks"): "plans issued within 20 weeks",
    ("timeliness_20_week", "plans_issued_20_weeks_ex"): (
        "plans issued within 20 weeks, with no exception"
    ),
    ("timeliness_20_week", "plans_issued_gt20weeks_ltYear"): (
        "plans issued after 20 weeks but within a year"
    ),
    ("timeliness_20_week", "plans_issued_gt_1_year"): (
        "plans issued a year or more after the request"
    ),
    ("requests", "requests_received_in_year"): "requests received",
    ("requests", "requests_decided_to_assess"): "requests where it was decided to assess",
    ("requests", "requests_decided_not_to_assess"): "requests where it was decided not to assess",
    ("requests", "request_outcome_six_weeks"): "decisions whether to assess made within 6 weeks",
    ("assessments", "assess_in_year"): "assessments",
    ("assessments", "assess_issued"): "assessments ending in a plan",
    ("assessments", "outcome_decision_within_time"): (
        "decisions not to issue a plan made within 16 weeks"
    ),
    ("newplans", "new_ehc_plans"): "new plans",
    ("caseload", "ehcplans"): "plans in force at the census",
    ("ceased_plans", "total_ceased"): "plans that ended",
}


def _compute(authority: Organisation, keys: list[str]) -> dict[str, counting.Counts]:
    counted = counting.count_years(
        authority, [int(k) for k in keys], breakdowns=True, listed=list(LISTED)
    )
    return {str(year): counts for year, counts in counted.items()}


def _members(counts: counting.Counts) -> list[Member]:
    return [
        (figure, child, case, None)
        for figure, found in counts.members.items()
        for child, case in found
    ]


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
    members=_members,
)


def one_year(authority: Organisation, year: int) -> Stored[counting.Counts]:
    """One year's stored count (for the list behind one of its figures)."""
    return get_or_count(authority, FIGURES, str(year))


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
