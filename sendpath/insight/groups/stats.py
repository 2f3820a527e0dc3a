"""The arithmetic of "who is over- or under-represented": shares, the representation ratio, the
test that says whether a difference is large enough to mean something, and DfE's suppression of
small numbers. Pure functions of counts, so every rule is tested on numbers worked by hand.

The test: a two-sided one-sample z-test of a proportion. A group's share of the authority's
children (observed count ``n`` of ``base``) is compared with the share ``p`` the comparison gives
(England's EHC plans, the 0-25 population, ...), taken as known:
``z = (n - base * p) / sqrt(base * p * (1 - p))``. The difference is flagged when ``|z| >= 1.96``
(5% significance), and the test is made only when the observed count and the expected count
``base * p`` are both at least 5 (the usual condition for the normal approximation), so small
groups are never flagged.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from sendpath.insight.figure import SMALL, SUPPRESSED, percent

Z_CRITICAL = 1.96
OVER, UNDER = "over", "under"


def z_score(observed: int, base: int, share: float) -> float | None:
    """The test's statistic, or None when the test is not made (see the module)."""
    if base <= 0 or not 0 < share < 1:
        return None
    expected = base * share
    if observed < SMALL or expected < SMALL:
        return None
    return (observed - expected) / math.sqrt(base * share * (1 - share))


def flag(z: float | None) -> str:
    if z is None:
        return ""
    if z >= Z_CRITICAL:
        return OVER
    if z <= -Z_CRITICAL:
        return UNDER
    return ""


def suppressed(counts: Mapping[str, int]) -> set[str]:
    """The groups whose counts are not shown: every count of 1 to 4 (DfE's rule for a named
    group), and, when that hides just one group of a table whose total is shown, the next
    smallest group too, so the hidden count cannot be worked out by subtraction."""
    hidden = {k for k, n in counts.items() if 0 < n < SMALL}
    if len(hidden) == 1:
        others = sorted((n, k) for k, n in counts.items() if n > 0 and k not in hidden)
        if others:
            hidden.add(others[0][1])
    return hidden


@dataclass(frozen=True)
class Compared:
    """One group beside one comparison: the comparison's share, the representation ratio (the
    group's share over the comparison's), and the test's verdict (``OVER``, ``UNDER`` or "")."""

    share: float | str | None
    ratio: float | str | None
    flag: str = ""
    z: float | None = None


def compare(
    counts: Mapping[str, int],
    against: Mapping[str, int | float | None],
    *,
    hide: set[str],
    hide_small_comparison: bool = False,
) -> dict[str, Compared]:
    """Each group of ``counts`` beside the comparison's counts ``against`` (a group the
    comparison does not know is None, and is left out of both sides' totals, so shares compare
    like with like). ``hide`` are the groups suppressed on this table; with
    ``hide_small_comparison`` a comparison count of 1 to 4 (the authority's own children in
    another group) has its share suppressed too."""
    known = {k: v for k, v in against.items() if v is not None and k in counts}
    whole = sum(known.values())
    base = sum(counts[k] for k in known)
    found: dict[str, Compared] = {}
    for key, n in counts.items():
        theirs = known.get(key)
        if theirs is None or not whole:
            found[key] = Compared(None, None)
            continue
        share = theirs / whole
        shown_share: float | str | None = percent(int(theirs), int(whole))
        if hide_small_comparison and 0 < theirs < SMALL:
            shown_share = SUPPRESSED
        if key in hide:
            found[key] = Compared(shown_share, SUPPRESSED)
            continue
        ratio = round((n / base) / share, 2) if base and share else None
        z = z_score(n, base, share)
        found[key] = Compared(shown_share, ratio, flag(z), z)
    return found
