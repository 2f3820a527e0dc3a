"""The page's tables: for plans in force and for SEN Support, each dimension's groups with their
counts, shares and comparisons (``stats``), suppressed as DfE suppresses them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from sendpath.insight.figure import SUPPRESSED, percent

from . import selectors, stats
from .dimensions import PLANS, POPULATION_NAMES, SEN_SUPPORT, Dimension, dimensions


@dataclass
class Row:
    key: str
    label: str
    count: int | str
    share: float | str | None
    compared: list[stats.Compared]
    children_url: str = ""


@dataclass
class Table:
    population: str
    dimension: Dimension
    total: int
    comparisons: list[str]  # each as it reads mid-sentence ("the authority's SEN Support")
    rows: list[Row]
    notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{POPULATION_NAMES[self.population]} by {self.dimension.title.lower()}"

    @property
    def flagged(self) -> list[tuple[Row, str, str]]:
        """(row, comparison, verdict) for every flagged difference."""
        return [
            (row, self.comparisons[i], c.flag)
            for row in self.rows
            for i, c in enumerate(row.compared)
            if c.flag
        ]


def period_label(period: str | None) -> str:
    """DfE's "202425" as "January 2025" (its census of that academic year)."""
    if not period or len(period) != 6 or not period.isdigit():
        return period or ""
    return f"January 20{period[4:]}"


def _table(
    user: Any,
    population: str,
    dim: Dimension,
    *,
    local_population: Any,
    may_list: bool,
) -> Table:
    groups = selectors.groups_of(dim, population)
    ours = selectors.counts(selectors.children(user, population), dim, groups)
    total = sum(ours.values())
    hide = stats.suppressed(ours)
    names: list[str] = []
    columns: list[dict[str, stats.Compared]] = []
    notes: list[str] = []
    if population == PLANS and (dim.england_topic or dim.england_columns):
        england = selectors.england_counts(dim)
        period = selectors.needs_period() if dim.england_columns else selectors.england_period()
        if england is None:
            notes.append("DfE's published figures for England are not loaded.")
        else:
            names.append(f"England's EHC plans, {period_label(period)}")
            columns.append(stats.compare(ours, england, hide=hide))
    if dim.population:
        entered = selectors.population_counts(local_population, dim)
        if entered is None:
            if local_population is not None:
                notes.append("The authority's 0-25 population is not known for this breakdown.")
        else:
            names.append("the authority's 0-25 population")
            columns.append(stats.compare(ours, entered, hide=hide))
    if dim.local:
        if population == PLANS:
            support = selectors.counts(selectors.children(user, SEN_SUPPORT), dim, groups)
            names.append("the authority's SEN Support")
            columns.append(stats.compare(ours, support, hide=hide, hide_small_comparison=True))
        everyone = selectors.counts(selectors.children(user), dim, groups)
        names.append("all the authority's children on record")
        columns.append(stats.compare(ours, everyone, hide=hide, hide_small_comparison=True))
        notes.append(
            "DfE publishes no breakdown of England's EHC plans by this, so the comparison is "
            "with the authority's own children."
        )
    rows = []
    for g in groups:
        n = ours[g.key]
        shown = SUPPRESSED if g.key in hide else n
        url = ""
        if may_list and n and g.key not in hide:
            url = reverse("insight:groups_children", args=[population, dim.key, g.key])
        rows.append(
            Row(
                key=g.key,
                label=g.label,
                count=shown,
                share=SUPPRESSED if g.key in hide else percent(n, total),
                compared=[column[g.key] for column in columns],
                children_url=url,
            )
        )
    return Table(population, dim, total, names, rows, notes)


def tables(user: Any, *, on: dt.date, may_list: bool) -> dict[str, list[Table]]:
    """Every table, by population (plans in force, then SEN Support)."""
    found = selectors.local_population(getattr(user, "authority", None))
    return {
        population: [
            _table(user, population, dim, local_population=found, may_list=may_list)
            for dim in dimensions(on)
        ]
        for population in (PLANS, SEN_SUPPORT)
    }
