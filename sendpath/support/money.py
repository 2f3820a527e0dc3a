"""Money in whole pence (integers, never floats), and the cost of a provision.

A provision's cost for a term is its rate times the time it runs, divided among the group:

* by the hour: ``rate x minutes a week x weeks / 60 / group size``;
* by the session: ``rate x sessions a week x weeks / group size``.

The division is done once, at the end, rounding half a penny up, so a group's cost shared by
its size never loses or invents pence along the way. The notional SEN budget threshold: a
school meets the first 6,000 pounds a year of a pupil's additional support from its notional SEN
budget (SEND Code of Practice 6.99; the figure is each authority's to set).
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_THRESHOLD_PENCE = 600_000  # 6,000 pounds a year


def _share(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded to the nearest penny, halves up (both >= 0)."""
    if denominator <= 0:
        raise ValueError("the denominator must be positive")
    if numerator < 0:
        raise ValueError("a cost cannot be negative")
    return (2 * numerator + denominator) // (2 * denominator)


@dataclass(frozen=True)
class Costing:
    """How a provision is paid for: a rate by the hour or by the session."""

    rate_pence: int
    per_session: bool
    minutes_per_week: int  # by the hour: how long it runs each week
    sessions_per_week: int  # by the session: how many a week
    weeks: int
    group_size: int = 1


def term_cost(costing: Costing) -> int:
    """The cost of a provision for one pupil over its weeks, in pence."""
    group = max(costing.group_size, 1)
    if costing.per_session:
        return _share(costing.rate_pence * costing.sessions_per_week * costing.weeks, group)
    return _share(costing.rate_pence * costing.minutes_per_week * costing.weeks, 60 * group)


def pounds(pence: int) -> str:
    """``123456`` -> ``"£1,234.56"``; whole pounds shown without pence (``"£6,000"``)."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}" if part == 0 else f"{sign}£{whole:,}.{part:02d}"


def parse_pounds(text: str) -> int:
    """``"12.50"``, ``"£1,200"`` or ``"7"`` -> pence; ValueError for anything else (no floats)."""
    cleaned = text.strip().replace(",", "").removeprefix("£").strip()
    if not cleaned or cleaned.count(".") > 1:
        raise ValueError("not an amount of money")
    whole, _, part = cleaned.partition(".")
    if not whole:
        whole = "0"
    if not whole.isdigit() or (part and (not part.isdigit() or len(part) > 2)):
        raise ValueError("not an amount of money")
    return int(whole) * 100 + int(part.ljust(2, "0") if part else 0)
