"""One shape for every figure insight shows: a measure over periods, for this authority beside its
region and England, with the count and the denominator behind each percentage.

Every part builds ``Figure`` objects and renders them with the ``insight/_figure.html`` macro,
which shows the chart (trends and comparisons) and, always, a table with the same numbers
(accessible, and what analysts copy). Counts under ``SMALL`` for a named group are suppressed as
DfE suppresses them (``suppress``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

PERCENT = "%"
COUNT = "count"
WEEKS = "weeks"
DAYS = "days"

# DfE never shows a count under 5 for a named group (its suppression rule for small numbers).
SMALL = 5
SUPPRESSED = "c"  # DfE's mark for a suppressed cell


def percent(part: int | None, whole: int | None) -> float | None:
    """100 x part / whole, rounded half-up to one decimal place (INSIGHT.md), or None when there
    is nothing to divide by."""
    if part is None or not whole:
        return None
    value = Decimal(100) * Decimal(part) / Decimal(whole)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def suppress(count: int | None) -> int | str | None:
    """A named group's count as it may be shown: under 5 (but not 0) becomes ``c``."""
    if count is None:
        return None
    return SUPPRESSED if 0 < count < SMALL else count


@dataclass
class Series:
    """One line of a figure (this authority, its region, England), a value per period; for a
    percentage, the count and denominator behind each value where they are known."""

    name: str
    values: list[float | int | str | None]
    counts: list[int | str | None] | None = None
    denominators: list[int | str | None] | None = None
    own: bool = False  # the authority's own series (drawn first, and linked to its children)


@dataclass
class Figure:
    """A measure over periods. ``source`` says where it comes from and how it is counted, in
    plain words (the DfE file and column, or the rule); ``children_url`` lists the children
    behind the authority's latest value, for roles that may see them."""

    key: str
    title: str
    unit: str
    periods: list[str]
    series: list[Series]
    source: str = ""
    description: str = ""
    children_url: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def own(self) -> Series | None:
        return next((s for s in self.series if s.own), None)

    def latest(self, series: Series) -> float | int | str | None:
        return series.values[-1] if series.values else None
