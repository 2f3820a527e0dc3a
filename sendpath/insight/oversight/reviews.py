"""The reviews page's figures: annual reviews held on time, review decisions within 4 weeks, and
phase transfers met, by calendar year, beside England and the authority's region where DfE
publishes the same figure (``annual_reviews.csv``: calendar years)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sendpath.insight import published
from sendpath.insight.figure import COUNT, PERCENT, Figure, Series, percent, suppress

from .counting import Plan, ReviewDecision, ReviewDue, TransferDue
from .counting import review_decisions as decisions_of
from .counting import reviews_due as reviews_of
from .counting import transfers_due as transfers_of

STEM = "annual_reviews"
YEARS = 5
OUTCOMES = {
    "maintain": "Keep the plan as it is",
    "amend": "Amend the plan",
    "cease": "Stop maintaining the plan",
}

# What the manager's list behind each figure shows (``views.review_children``), and the day each
# one is counted by.
LATE_REVIEWS = "reviews"
LATE_DECISIONS = "decisions"
MISSED_TRANSFERS = "transfers"
MEASURES = {
    LATE_REVIEWS: "Reviews not held by their due date",
    LATE_DECISIONS: "Review decisions not sent within 4 weeks",
    MISSED_TRANSFERS: "Phase transfers not amended by the statutory date",
}
DAY_LABELS = {
    LATE_REVIEWS: "Review due",
    LATE_DECISIONS: "Review meeting",
    MISSED_TRANSFERS: "Amended plan due by",
}


@dataclass
class History:
    reviews: list[ReviewDue]
    decisions: list[ReviewDecision]
    transfers: list[TransferDue]


def history(plans: Iterable[Plan], today: dt.date) -> History:
    found = History([], [], [])
    for plan in plans:
        found.reviews.extend(reviews_of(plan, today))
        found.decisions.extend(decisions_of(plan, today))
        found.transfers.extend(transfers_of(plan, today))
    return found


@dataclass
class YearCounts:
    """One calendar year's counts (what the page shows, and what is stored between views)."""

    reviews_due: int = 0
    reviews_on_time: int = 0
    decisions_sent: int = 0  # notified, on time or late
    decisions_on_time: int = 0
    decisions_owed: int = 0  # still not sent once the 4 weeks were over
    outcomes: dict[str, int] = field(default_factory=dict)  # of the decisions sent
    transfers_due: int = 0
    transfers_met: int = 0


@dataclass
class Tally:
    """The counts by year, and the first year anything was due (where the records reach)."""

    first: int | None
    years: dict[int, YearCounts]

    def year(self, year: int) -> YearCounts:
        return self.years.get(year) or YearCounts()


def tally(found: History) -> Tally:
    """Every item of the history counted into its year (the due date's, the meeting's, the
    transfer's)."""
    years: dict[int, YearCounts] = {}

    def of(year: int) -> YearCounts:
        return years.setdefault(year, YearCounts())

    for r in found.reviews:
        counts = of(r.due.year)
        counts.reviews_due += 1
        counts.reviews_on_time += r.on_time
    for d in found.decisions:
        counts = of(d.meeting.year)
        if d.notified_on is None:
            counts.decisions_owed += 1
            continue
        counts.decisions_sent += 1
        counts.decisions_on_time += d.on_time
        counts.outcomes[d.outcome] = counts.outcomes.get(d.outcome, 0) + 1
    for t in found.transfers:
        counts = of(t.year)
        counts.transfers_due += 1
        counts.transfers_met += t.met
    return Tally(min(years) if years else None, years)


def years_for(first_years: Iterable[int], today: dt.date) -> list[int]:
    """The last five calendar years to ``today``'s, from the first the records reach."""
    reached = [y for y in first_years if y]
    if not reached:
        return []
    start = max(today.year - YEARS + 1, min(reached))
    return list(range(start, today.year + 1))


def labels(years: list[int], today: dt.date) -> list[str]:
    return [f"{y} (to {today:%-d %B})" if y == today.year else str(y) for y in years]


def behind(measure: str, year: int, base: str) -> str:
    return f"{base}?measure={measure}&year={year}" if base else ""


def late(found: History, year: int) -> list[tuple[str, Any, Any, dt.date]]:
    """Who is behind each list's count for a year (for the manager's lists, stored with the
    count): (measure, child id, case id, the day it is counted by: the review's due date, the
    meeting's, the transfer's statutory date). A plan is listed once for each item counted."""
    found_late: list[tuple[str, Any, Any, dt.date]] = [
        (LATE_REVIEWS, r.child_id, r.case_id, r.due)
        for r in found.reviews
        if r.due.year == year and not r.on_time
    ]
    found_late += [
        (LATE_DECISIONS, d.child_id, d.case_id, d.meeting)
        for d in found.decisions
        if d.meeting.year == year and not d.on_time
    ]
    found_late += [
        (MISSED_TRANSFERS, t.child_id, t.case_id, t.due)
        for t in found.transfers
        if t.year == year and not t.met
    ]
    return found_late


def late_count(measure: str, counts: YearCounts) -> int:
    """The count a list stands behind, from the year's counts: the reviews not held by their
    due date, the decisions not sent within 4 weeks (sent late, or still owed), the transfers
    not met."""
    if measure == LATE_REVIEWS:
        return counts.reviews_due - counts.reviews_on_time
    if measure == LATE_DECISIONS:
        return counts.decisions_sent - counts.decisions_on_time + counts.decisions_owed
    if measure == MISSED_TRANSFERS:
        return counts.transfers_due - counts.transfers_met
    return 0


@dataclass
class Comparison:
    """Where the published figures are found for the authority: its region, or why not."""

    la_code: str
    region: published.Region | None
    note: str


def comparison(la_code: str) -> Comparison:
    region = published.region_of(la_code)
    if not published.loaded(STEM):
        note = "DfE's published figures are not loaded, so England and the region are not shown."
    elif region is None:
        note = (
            f"No published comparison is found for the authority's code ({la_code or 'none'}): "
            "England is shown without a region."
        )
    else:
        note = ""
    return Comparison(la_code, region, note)


def _published_series(name: str, years: list[int], level: str, code: str = "") -> Series:
    values: list[float | int | str | None] = []
    counts: list[int | str | None] = []
    wholes: list[int | str | None] = []
    for year in years:
        row = published.find(STEM, time_period=str(year), level=level, code=code)
        within = row.get("number_decsion_4weeks") if row else None
        after = row.get("number_decision_gt_4weeks") if row else None
        values.append(row.get("pc_decsion_4weeks") if row else None)
        counts.append(int(within) if within is not None else None)
        wholes.append(int(within + after) if within is not None and after is not None else None)
    return Series(name, values, counts, wholes)


def _rate(name: str, years: list[int], found: Tally, part: str, whole: str) -> Series:
    values: list[float | int | str | None] = []
    counts: list[int | str | None] = []
    wholes: list[int | str | None] = []
    for year in years:
        these = found.year(year)
        done, total = getattr(these, part), getattr(these, whole)
        values.append(percent(done, total))
        counts.append(done)
        wholes.append(total)
    return Series(name, values, counts, wholes, own=True)


def figures(
    found: Tally, *, today: dt.date, authority: str, where: Comparison, base_url: str = ""
) -> list[Figure]:
    """Every figure of the reviews page, oldest year first, from the counts (``tally``)."""
    years = years_for([found.first] if found.first is not None else [], today)
    if not years:
        return []
    periods = labels(years, today)
    latest = years[-1]
    totals_note = (
        "A yearly total is not a named group of children, so it is shown even when under 5."
    )
    held = Figure(
        key="reviews-on-time",
        title="Annual reviews held on time",
        unit=PERCENT,
        periods=periods,
        series=[
            _rate(authority, years, found, "reviews_on_time", "reviews_due"),
        ],
        description=(
            "Reviews that fell due in the year, and how many had their review meeting on or "
            "before the due date: 12 months after the plan was issued or last reviewed (Children "
            "and Families Act 2014 s.44(1); SEN Regulations 2014 reg 18), or 6 months for a "
            "child under 5 (SEND Code of Practice 9.178)."
        ),
        source=(
            "this authority's case records (review meetings on each plan's timeline). DfE "
            "publishes no figure for review meetings held on time."
        ),
        children_url=behind(LATE_REVIEWS, latest, base_url),
        notes=[
            "Reviews due in each year: "
            + ", ".join(
                f"{label}: {found.year(y).reviews_due}"
                for y, label in zip(years, periods, strict=True)
            )
            + ".",
            totals_note,
        ],
    )
    england = published.value(STEM, "review_expected", time_period="2024", level=published.NATIONAL)
    met = published.value(
        STEM, "total_review_meeting", time_period="2024", level=published.NATIONAL
    )
    if england and met is not None:
        held.notes.append(
            "For context only (not the same measure): DfE's 2024 figures record a review meeting "
            f"for {met:,.0f} of the {england:,.0f} plans in England whose review was expected "
            f"({percent(int(met), int(england))}%), whenever it was held."
        )
    decision_series = [_rate(authority, years, found, "decisions_on_time", "decisions_sent")]
    if where.region is not None:
        decision_series.append(
            _published_series(where.region.name, years, published.REGIONAL, where.region.code)
        )
    decision_series.append(_published_series("England", years, published.NATIONAL))
    decided = Figure(
        key="decisions-within-4-weeks",
        title="Review decisions sent within 4 weeks of the meeting",
        unit=PERCENT,
        periods=periods,
        series=decision_series,
        description=(
            "Of the review decisions sent to the family for meetings held in the year, how many "
            "were sent within 4 weeks of the meeting (SEN Regulations 2014 reg 20(10)): the day "
            "4 weeks (28 days) after the meeting is still on time. This is DfE's measure: "
            "decisions within 4 weeks over all decisions sent."
        ),
        source=(
            "this authority's case records; England and the region from DfE's "
            "annual_reviews.csv (number_decsion_4weeks, pc_decsion_4weeks; calendar years; "
            "2024 is the latest published)."
        ),
        children_url=behind(LATE_DECISIONS, latest, base_url),
        notes=[
            "Decisions still not sent more than 4 weeks after the meeting (not in the "
            "percentage, as DfE counts them apart): "
            + ", ".join(
                f"{label}: {found.year(y).decisions_owed}"
                for y, label in zip(years, periods, strict=True)
            )
            + ".",
            totals_note,
        ],
    )
    if where.note:
        decided.notes.insert(0, where.note)
    outcomes = Figure(
        key="review-outcomes",
        title="What the review decided",
        unit=COUNT,
        periods=periods,
        series=[
            Series(
                label,
                [suppress(found.year(y).outcomes.get(value, 0)) for y in years],
            )
            for value, label in OUTCOMES.items()
        ],
        description="The decisions sent after review meetings held in the year, by outcome.",
        source="this authority's case records (the review decision on each plan's timeline).",
        notes=["Counts from 1 to 4 are shown as c, as DfE does for small groups of children."],
    )
    transfers = Figure(
        key="phase-transfers-met",
        title="Phase transfers: plans amended by the statutory date",
        unit=PERCENT,
        periods=periods,
        series=[_rate(authority, years, found, "transfers_met", "transfers_due")],
        description=(
            "Plans of children moving school in the year, and how many were reviewed and "
            "amended before 15 February (before 31 March for a move from school to post-16 "
            "education), from 1 September of the year before (SEN Regulations 2014 reg 18(1); "
            "SEND Code of Practice 9.179)."
        ),
        source=(
            "this authority's case records (phase transfers recorded on each plan, or from the "
            "child's year group, and the amended plans issued). DfE publishes no comparable "
            "figure for phase transfers, so there is no England or region to show."
        ),
        children_url=behind(MISSED_TRANSFERS, latest, base_url),
        notes=[totals_note],
    )
    return [held, decided, outcomes, transfers]
