"""The figures' dashboard: the authority's own measures (``counting``) over the last five years
its records reach, each beside its region and England as DfE published them
(``sendpath.insight.published``), as ``Figure`` objects for the ``insight/_figure.html`` macro.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sendpath.insight import published
from sendpath.insight.figure import COUNT, PERCENT, Figure, Series
from sendpath.people.models import Organisation

from . import counting

YEARS_SHOWN = 5
# DfE's caseload files are dated by academic year: the census of January 2026 is "202526".
CENSUS_STEMS = frozenset({"caseload", "sen_needs_all_plans"})
SOURCE = "DfE, Education, health and care plans (SEN2), file {stem}.csv, column {column}"


def published_period(stem: str, year: int) -> str:
    """DfE's ``time_period`` for activity ``year`` (or, for the census files, the census of
    January ``year + 1``)."""
    return f"{year}{(year + 1) % 100:02d}" if stem in CENSUS_STEMS else str(year)


def period_label(stem: str, year: int) -> str:
    return f"January {year + 1}" if stem in CENSUS_STEMS else str(year)


@dataclass
class Comparison:
    """Where the authority's published figures are, and what was not found."""

    la_code: str
    region: published.Region | None
    own_row: bool
    loaded: bool

    @property
    def notes(self) -> list[str]:
        if not self.loaded:
            return ["DfE's published figures are not loaded, so no comparison can be shown."]
        notes = []
        if not self.own_row:
            notes.append(
                f"No published authority or regional row was found for LA code {self.la_code}: "
                "only England is shown beside this authority's own figures."
            )
        return notes


@dataclass
class Section:
    key: str
    title: str
    intro: str
    figures: list[Figure] = field(default_factory=list)


def comparison_for(authority: Organisation) -> Comparison:
    code = authority.la_code or ""
    region = published.region_of(code)
    return Comparison(code, region, region is not None, published.loaded("requests"))


def years_for(first: int | None, year: int) -> list[int]:
    """The last five activity years up to ``year`` that the records reach."""
    start = max(first if first is not None else year, year - YEARS_SHOWN + 1)
    return list(range(min(start, year), year + 1))


def _published_note(stem: str, years: list[int]) -> str:
    periods = published.periods(stem)
    if not periods:
        return ""
    first, last = periods[0], periods[-1]

    def label(p: str) -> str:
        return f"January {p[:2]}{p[4:]}" if len(p) == 6 else p

    missing = [y for y in years if published_period(stem, y) not in periods]
    text = (
        f"England and regional figures: DfE's published {stem}.csv, which covers "
        f"{label(first)} to {label(last)} (latest published: {label(last)})."
    )
    if missing:
        text += " No published figure yet for " + ", ".join(period_label(stem, y) for y in missing)
        text += "."
    return text


def _published(stem: str, column: str, years: list[int], level: str, code: str = "") -> list[Any]:
    return [
        published.value(stem, column, time_period=published_period(stem, y), level=level, code=code)
        for y in years
    ]


def _comparison_series(
    stem: str, column: str, years: list[int], cmp: Comparison, authority: Organisation
) -> list[Series]:
    out = []
    if cmp.own_row:
        out.append(
            Series(
                f"{authority.name} as published by DfE",
                _published(stem, column, years, published.AUTHORITY, cmp.la_code),
            )
        )
    if cmp.region is not None:
        out.append(
            Series(
                cmp.region.name,
                _published(stem, column, years, published.REGIONAL, cmp.region.code),
            )
        )
    out.append(Series("England", _published(stem, column, years, published.NATIONAL)))
    return out


Link = Callable[[str, str], str]


@dataclass
class Built:
    years: list[int]
    counts: dict[int, counting.Counts]
    comparison: Comparison
    sections: list[Section]


def trend(
    key: str,
    title: str,
    description: str,
    stem: str,
    column: str,
    *,
    built: tuple[list[int], dict[int, counting.Counts], Comparison, Organisation],
    part: str = "",
    whole: str = "",
    link: Link | None = None,
) -> Figure:
    """One DfE measure over the years: a count (``column``), or a percentage (``column``) with
    its ``part`` and ``whole`` counts."""
    years, counts, cmp, authority = built
    rows = [counts[y].measures[stem] for y in years]
    own = Series(authority.name, [r.get(column) for r in rows], own=True)
    if part:
        own.counts = [_whole_number(r.get(part)) for r in rows]
        own.denominators = [
            _whole_number(r.get(whole)) if whole in r else _sum(r, whole) for r in rows
        ]
    notes = [_published_note(stem, years), *cmp.notes]
    return Figure(
        key=key,
        title=title,
        unit=PERCENT if part else COUNT,
        periods=[period_label(stem, y) for y in years],
        series=[own, *_comparison_series(stem, column, years, cmp, authority)],
        source=SOURCE.format(stem=stem, column=column),
        description=description,
        children_url=link(stem, part or column) if link else "",
        notes=[n for n in notes if n],
    )


def _whole_number(value: Any) -> int | None:
    return None if value is None else int(value)


def _sum(row: dict[str, Any], whole: str) -> int:
    # A denominator DfE does not publish as a column: the decisions counted (+-joined columns).
    return sum(int(row.get(c) or 0) for c in whole.split("+"))
