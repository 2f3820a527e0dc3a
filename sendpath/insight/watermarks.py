"""What a stored count was made from (``sendpath.insight.snapshots``): cheap aggregate queries
over the records a count reads, so that a page can tell whether its stored count still holds
without counting again. Each returns JSON-native values (compared with what is stored).

The timeline is immutable (corrections are new events), so the number of a case's events and
the highest event id move with every step recorded, and only then. A count of a past period
reads only the events dated up to a day (``facts_of``: events after it are ignored), so its
watermark counts only those: a step recorded today moves this year's figures, not 2022's, unless
it is dated back into 2022.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from sendpath.ehc.models import Case, CaseEvent
from sendpath.people.models import Child, Organisation, SettingAttendance


def events(
    cases: QuerySet[Case], through: dict[str, dt.date | None], *, types: tuple[str, ...] = ()
) -> dict[str, list[int]]:
    """For each key, [number, highest id] of the cases' events dated on or before its day (all
    events for None; undated events always count), in one query over the events."""
    rows = CaseEvent.objects.filter(case__in=cases)
    if types:
        rows = rows.filter(type__in=types)
    aggregates: dict[str, Any] = {}
    for i, day in enumerate(through.values()):
        dated = Q() if day is None else Q(date__lte=day) | Q(date__isnull=True)
        aggregates[f"n{i}"] = Count("id", filter=dated)
        aggregates[f"m{i}"] = Max("id", filter=dated)
    found = rows.aggregate(**aggregates) if aggregates else {}
    return {key: [found[f"n{i}"] or 0, found[f"m{i}"] or 0] for i, key in enumerate(through.keys())}


def cases_of_children(authority: Organisation) -> QuerySet[Case]:
    """The cases of the children the authority is responsible for (whom a leader counts)."""
    return Case.objects.filter(child__responsible_authority=authority)


def needs(authority: Organisation) -> list[list[Any]]:
    """How many of the authority's children have each primary need: moves when a need is
    recorded or changed, and not when anything else about a child is."""
    rows = (
        Child.objects.filter(responsible_authority=authority)
        .values_list("primary_need")
        .annotate(n=Count("id"))
        .order_by("primary_need")
    )
    return [[need or "", n] for need, n in rows]


def children(authority: Organisation) -> list[Any]:
    """[number, last change] of the authority's children (dates of birth, needs, ...)."""
    found = Child.objects.filter(responsible_authority=authority).aggregate(
        n=Count("id"), at=Max("modified_at")
    )
    return [found["n"], found["at"].isoformat() if found["at"] else ""]


def settings_attended(authority: Organisation) -> list[Any]:
    """[number, last change] of the settings the authority's children attend or attended."""
    found = SettingAttendance.objects.filter(child__responsible_authority=authority).aggregate(
        n=Count("id"), at=Max("modified_at")
    )
    return [found["n"], found["at"].isoformat() if found["at"] else ""]


def transfers(cases: QuerySet[Case]) -> list[list[Any]]:
    """How many cases have each stored phase transfer (year and kind, from the year group)."""
    rows = (
        cases.exclude(transfer_year__isnull=True)
        .values_list("transfer_year", "transfer_kind")
        .annotate(n=Count("id"))
        .order_by("transfer_year", "transfer_kind")
    )
    return [[year, kind, n] for year, kind, n in rows]
