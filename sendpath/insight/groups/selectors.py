"""Reads for "who is over- or under-represented": the authority's children counted by group,
England's published counts, and the authority's 0-25 population where it is entered."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from sendpath.insight import published
from sendpath.insight.models import LocalPopulation
from sendpath.insight.rules import counted_children
from sendpath.people.models import Child, Organisation

from .dimensions import (
    ENGLAND_COLUMN,
    ENGLAND_STEM,
    NEEDS_STEM,
    POPULATIONS,
    Dimension,
    Group,
)


def children(user: Any, population: str | None = None) -> QuerySet[Child]:
    """The children the user counts (their own authority's): those with an EHC plan in force
    (``plans``), with SEN Support (``sen-support``), or all of them (None)."""
    found: QuerySet[Child] = counted_children(user)
    if population is not None:
        found = found.filter(sen_provision=POPULATIONS[population])
    return found


def groups_of(dim: Dimension, population: str | None) -> tuple[Group, ...]:
    if population is None:
        return dim.groups
    provision = POPULATIONS[population]
    return tuple(g for g in dim.groups if provision in g.provisions)


def counts(found: QuerySet[Child], dim: Dimension, groups: tuple[Group, ...]) -> dict[str, int]:
    """How many of ``found`` are in each group of ``dim``, in one query."""
    totals = found.aggregate(**{f"g{i}": Count("pk", filter=g.where) for i, g in enumerate(groups)})
    return {g.key: int(totals[f"g{i}"] or 0) for i, g in enumerate(groups)}


def children_in_group(user: Any, population: str, group: Group) -> QuerySet[Child]:
    """The children behind one group's count, in name order (for the lists managers open)."""
    return (
        children(user, population)
        .filter(group.where)
        .order_by("last_name", "first_name", "date_of_birth", "pk")
    )


def england_period() -> str | None:
    return published.latest_period(ENGLAND_STEM)


def needs_period() -> str | None:
    return published.latest_period(NEEDS_STEM)


def england_counts(dim: Dimension) -> dict[str, float | None] | None:
    """England's EHC plans in each group of ``dim`` in DfE's latest release, or None when DfE
    publishes no such breakdown (or the files are not loaded)."""
    if dim.england_columns:
        period = needs_period()
        if period is None:
            return None
        row = published.find(NEEDS_STEM, time_period=period, level=published.NATIONAL)
        if row is None:
            return None
        return {g.key: _sum(row.get(c) for c in g.england) if g.england else None
                for g in dim.groups}  # fmt: skip
    if not dim.england_topic:
        return None
    period = england_period()
    if period is None:
        return None
    found: dict[str, float | None] = {}
    for g in dim.groups:
        values = [
            published.value(ENGLAND_STEM, ENGLAND_COLUMN, time_period=period,
                            level=published.NATIONAL, topic=dim.england_topic, breakdown=b)
            for b in g.england
        ]  # fmt: skip
        found[g.key] = _sum(values) if g.england else None
    return found if any(v for v in found.values()) else None


def _sum(values: Any) -> float | None:
    numbers = list(values)
    if not numbers or any(v is None for v in numbers):
        return None
    return float(sum(numbers))


def authority_plans_published(la_code: str) -> tuple[float | None, str | None]:
    """DfE's published count of the authority's plans in its latest release (by its 3-digit
    code), and that release's period; None when the code is not in DfE's files."""
    period = england_period()
    if period is None or not la_code:
        return None, period
    return (
        published.value(ENGLAND_STEM, ENGLAND_COLUMN, time_period=period,
                        level=published.AUTHORITY, code=la_code),
        period,
    )  # fmt: skip


def local_population(authority: Organisation | None) -> LocalPopulation | None:
    if authority is None:
        return None
    return LocalPopulation.objects.filter(authority=authority).first()


def population_counts(
    found: LocalPopulation | None, dim: Dimension
) -> dict[str, int | None] | None:
    """The entered 0-25 population in each group of ``dim``, or None when none is entered."""
    if found is None or not dim.population:
        return None
    entered = found.counts.get(dim.key) or {}
    values: dict[str, int | None] = {}
    for g in dim.groups:
        value = entered.get(g.key)
        values[g.key] = value if isinstance(value, int) and not isinstance(value, bool) else None
    return values if any(isinstance(v, int) and v > 0 for v in values.values()) else None
