"""How reviews, review decisions and phase transfers are counted, year by year, from a plan's
timeline (pure functions: no database).

The timescales engine keeps only a plan's current review cycle in its ``Deadline`` rows; the
years before are worked out here from the same events, with the same periods (read from the
engine's rules, never restated):

- **Annual review** (CFA 2014 s.44(1); SEN Regulations 2014 reg 18): a plan is reviewed within
  12 months of the plan first being issued, then of each review meeting held. Under 5 the
  review is every 6 months (CoP 9.178): the early years period applies when its due date falls
  before the child's fifth birthday, as the engine does. A review is *due* on the last day of
  its period; it is *held on time* when the next review meeting is held on or before that day
  (the due date itself is on time). A plan that stopped (ceased, or transferred to another
  authority) before a review fell due is not counted for it unless a meeting was held.
- **Review decision** (reg 20(10)): the authority tells the family whether it will keep, amend
  or cease the plan within 4 weeks of the review meeting: 28 days later is still on time. The
  decision of a meeting is the first one notified on or after it and before the next meeting.
- **Phase transfer** (reg 18(1); CoP 9.179): a plan is reviewed and amended before 15 February
  of the year of a move of school, before 31 March for a move from school to post-16. It is
  *met* when an amended plan is issued from 1 September of the year before (the start of the
  final school year before the move, as the engine counts) up to the last day before the date.

Only what is due by ``today`` is counted (the current year so far), with what was done early.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sendpath.timescales import RULES_BY_FAMILY
from sendpath.timescales.calendar import fifth_birthday

ANNUAL = RULES_BY_FAMILY["annual_review"].periods["period"]
EARLY_YEARS = RULES_BY_FAMILY["early_years_review"].periods["period"]
DECISION = RULES_BY_FAMILY["review_decision"].periods["period"]
PHASE = dict(RULES_BY_FAMILY["phase_transfer_review"].periods)

PLAN_STARTS = ("final_plan_issued", "transfer_in")
PLAN_ENDS = ("plan_ceased", "plan_transferred")
HELD = "review_meeting_held"
DECIDED = "review_decision_notified"
AMENDED = "amended_plan_issued"
TRANSFER = "phase_transfer"
EVENT_TYPES = (*PLAN_STARTS, *PLAN_ENDS, HELD, DECIDED, AMENDED, TRANSFER)


@dataclass(frozen=True)
class Event:
    type: str
    date: dt.date | None
    details: dict[str, Any]


@dataclass(frozen=True)
class Plan:
    """One case's plan: who, and the timeline events that matter here (in date order)."""

    case_id: Any
    child_id: Any
    date_of_birth: dt.date | None
    events: Sequence[Event]
    transfer_year: int | None = None  # the stored phase transfer (from the year group)
    transfer_kind: str = ""


@dataclass(frozen=True)
class ReviewDue:
    case_id: Any
    child_id: Any
    due: dt.date
    held_on: dt.date | None
    early_years: bool

    @property
    def on_time(self) -> bool:
        return self.held_on is not None and self.held_on <= self.due


@dataclass(frozen=True)
class ReviewDecision:
    case_id: Any
    child_id: Any
    meeting: dt.date
    due: dt.date
    notified_on: dt.date | None
    outcome: str

    @property
    def on_time(self) -> bool:
        return self.notified_on is not None and self.notified_on <= self.due


@dataclass(frozen=True)
class TransferDue:
    case_id: Any
    child_id: Any
    year: int
    kind: str
    due: dt.date
    amended_on: dt.date | None

    @property
    def met(self) -> bool:
        return self.amended_on is not None and self.amended_on <= self.due


def _dates(plan: Plan, types: Iterable[str]) -> list[dt.date]:
    wanted = set(types)
    return sorted(e.date for e in plan.events if e.type in wanted and e.date is not None)


def _span(plan: Plan) -> tuple[dt.date | None, dt.date | None]:
    starts = _dates(plan, PLAN_STARTS)
    if not starts:
        return None, None
    ends = [d for d in _dates(plan, PLAN_ENDS) if d >= starts[0]]
    return starts[0], (ends[0] if ends else None)


def reviews_due(plan: Plan, today: dt.date) -> list[ReviewDue]:
    """Every review cycle of the plan that has fallen due by ``today`` (or was held already)."""
    start, end = _span(plan)
    if start is None:
        return []
    meetings = [d for d in _dates(plan, (HELD,)) if d > start]
    found: list[ReviewDue] = []
    for anchor in [start, *meetings]:
        early = EARLY_YEARS.last_day(anchor)
        dob = plan.date_of_birth
        young = dob is not None and early < fifth_birthday(dob)
        due = early if young else ANNUAL.last_day(anchor)
        held = next((m for m in meetings if m > anchor), None)
        if held is None and (due > today or (end is not None and due > end)):
            continue
        found.append(ReviewDue(plan.case_id, plan.child_id, due, held, young))
    return found


def review_decisions(plan: Plan, today: dt.date) -> list[ReviewDecision]:
    """The decision after each review meeting: notified (on time or late), or still owed once
    its 4 weeks are over."""
    start, _ = _span(plan)
    meetings = [d for d in _dates(plan, (HELD,)) if start is None or d >= start]
    decisions = sorted(
        ((e.date, str(e.details.get("outcome") or "")) for e in plan.events if e.type == DECIDED),
        key=lambda pair: pair[0] or dt.date.min,
    )
    found: list[ReviewDecision] = []
    for i, meeting in enumerate(meetings):
        following = meetings[i + 1] if i + 1 < len(meetings) else None
        due = DECISION.last_day(meeting)
        notified = next(
            (
                (day, outcome)
                for day, outcome in decisions
                if day is not None and day >= meeting and (following is None or day < following)
            ),
            None,
        )
        if notified is None and due >= today:
            continue  # still in time
        found.append(
            ReviewDecision(
                plan.case_id,
                plan.child_id,
                meeting,
                due,
                notified[0] if notified else None,
                notified[1] if notified else "",
            )
        )
    return found


def transfers_due(plan: Plan, today: dt.date) -> list[TransferDue]:
    """The plan's phase transfers (recorded on its timeline, or the stored one from the year
    group), one per year, whose date has passed by ``today`` or that were met already."""
    wanted: dict[int, str] = {}
    if plan.transfer_year and plan.transfer_kind in PHASE:
        wanted[plan.transfer_year] = plan.transfer_kind
    for event in plan.events:
        if event.type != TRANSFER:
            continue
        try:
            year = int(event.details.get("year") or 0)
        except (TypeError, ValueError):
            continue
        kind = str(event.details.get("kind") or "")
        if year and kind in PHASE:
            wanted[year] = kind  # the latest record of a year wins
    amended = _dates(plan, (AMENDED,))
    found: list[TransferDue] = []
    for year, kind in sorted(wanted.items()):
        due = PHASE[kind].last_day(dt.date(year, 1, 1))
        window = dt.date(year - 1, 9, 1)
        done = next((d for d in amended if d >= window), None)
        if due >= today and (done is None or done > due):
            continue  # not yet due, and not met early
        found.append(TransferDue(plan.case_id, plan.child_id, year, kind, due, done))
    return found
