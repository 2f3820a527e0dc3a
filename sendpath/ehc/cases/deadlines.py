"""The one definition of what a case's timeline makes of its ``Deadline`` rows and derived fields.

Both ways of refreshing a case go through :func:`compute_case`: recording an event
(``services.deadlines_refresh``, one case) and the nightly refresh (``refresh``, every open case
in batches), so they store exactly the same rows. It is pure: a date of birth, the effective
events (anything with ``type``, ``date`` and ``details``) and the day to compute as of, in;
plain tuples out.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sendpath.ehc.cases import phase
from sendpath.ehc.cases.stages import TimelineEvent, stage_for
from sendpath.ehc.models import Stage
from sendpath.timescales import EVENT_TYPES, compute, rule_for

ENGINE_TYPES = frozenset(EVENT_TYPES)

# The family's own limits: shown on the case, not on the authority's worklist.
FAMILY_LIMITS = frozenset({"contact_mediation_adviser", "appeal_deadline"})

# Details each engine event type carries into the engine (everything else stays local).
ENGINE_FIELDS: dict[str, tuple[str, ...]] = {
    "request_received": ("source",),
    "decision_to_assess": ("outcome",),
    "advice_requested": ("id", "source"),
    "advice_received": ("id",),
    "setting_consulted": ("id",),
    "setting_responded": ("id",),
    "assessment_outcome": ("outcome",),
    "review_decision_notified": ("outcome",),
    "phase_transfer": ("year", "kind"),
    "move_notified": ("move_date",),
    "transfer_in": ("plan_last_reviewed_or_issued",),
    "mediation_adviser_contacted": ("wants_mediation",),
    "tribunal_order": ("kind",),
    "order_complied": ("kind",),
    "exception": ("applies_to", "reason"),
}

# A Deadline row's stored values, in this order (the key last but one is ``(case, key)``).
DEADLINE_FIELDS = (
    "key",
    "family",
    "due",
    "status",
    "completed_on",
    "exception",
    "source",
    "pending",
    "family_limit",
)
DeadlineValues = tuple[str, str, dt.date, str, dt.date | None, str, str, bool, bool]

# The annual review of a plan in force (the early years review for a child under 5): what the
# reviews list sorts by (CFA 2014 s.44(1); reg 2 and 18).
REVIEW_KEYS = ("annual_review", "early_years_review")


@dataclass(frozen=True, slots=True)
class Computed:
    """A case's deadline rows (in the engine's order) and the derived fields of the ``Case`` row."""

    rows: list[DeadlineValues]
    received_on: dt.date | None  # None: no request on the timeline, leave it as it is
    stage: str
    next_due: dt.date | None
    next_key: str
    week20_exception: bool
    # What the reviews list and phase transfers sort and filter by, stored on the case.
    review_due: dt.date | None
    review_pending: bool
    review_report_pending: bool
    review_decision_pending: bool
    transfer_year: int | None
    transfer_kind: str


def engine_event(event: TimelineEvent) -> dict[str, Any]:
    data: dict[str, Any] = {"type": event.type}
    if event.type not in ("exception", "phase_transfer"):
        data["date"] = event.date.isoformat() if event.date else None
    names = ENGINE_FIELDS.get(event.type, ())
    if names:
        details = event.details
        for name in names:
            if name in details:
                data[name] = details[name]
    return data


def phase_transfers_for(
    date_of_birth: dt.date, events: Sequence[TimelineEvent], stage: str, as_of: dt.date
) -> tuple[list[tuple[int, str]], bool]:
    """The plan's phase transfers (year, kind): those recorded on the timeline and, for a plan
    in force of a child in Year 6 or Year 11, the round's transfer from the year group (reg
    18(1); CoP 9.179), so nobody has to record it by hand. The flag says whether the year
    group's transfer was added (it is not an event on the timeline)."""
    recorded = [
        (int(e.details["year"]), str(e.details.get("kind", "")))
        for e in events
        if e.type == "phase_transfer" and "year" in e.details
    ]
    if stage != Stage.FINAL_ISSUED or any(e.type == "plan_ceased" for e in events):
        return recorded, False
    auto = phase.automatic_transfer(date_of_birth, as_of)
    if auto is None or any(year == auto[0] for year, _ in recorded):
        return recorded, False
    return [*recorded, auto], True


def engine_input_for(
    date_of_birth: dt.date,
    events: Sequence[TimelineEvent],
    as_of: dt.date,
    *,
    automatic: tuple[int, str] | None = None,
) -> dict[str, Any]:
    """The engine's input for a timeline, with the phase transfer the year group gives a plan
    in force (``phase_transfers_for``), which is not an event on the timeline."""
    data: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "date_of_birth": date_of_birth.isoformat(),
        "events": [engine_event(e) for e in events if e.type in ENGINE_TYPES],
    }
    if automatic is None:
        transfers, added = phase_transfers_for(date_of_birth, events, stage_for(events), as_of)
        automatic = transfers[-1] if added else None
    if automatic is not None:
        data["events"].append(
            {"type": "phase_transfer", "year": automatic[0], "kind": automatic[1]}
        )
    return data


@functools.lru_cache(maxsize=4096)
def _rule(key: str) -> tuple[str, str, bool]:
    """A deadline key's family, source, and whether it closes a period (not a duty to act)."""
    rule = rule_for(key)
    return rule.family, rule.source, rule.family.endswith("_representations_close")


def compute_case(
    date_of_birth: dt.date, events: Sequence[TimelineEvent], as_of: dt.date
) -> Computed:
    """The engine's deadlines for a timeline as stored values, and the case's derived fields."""
    stage = stage_for(events)
    transfers, added = phase_transfers_for(date_of_birth, events, stage, as_of)
    automatic = transfers[-1] if added else None
    result = compute(engine_input_for(date_of_birth, events, as_of, automatic=automatic))
    types = {e.type for e in events}
    # On a plan received from another authority, the old authority's duty to send it
    # (transfer_plan_out) is not this authority's deadline: it is left out here.
    received_in = "transfer_in" in types
    # A plan brought in from an earlier system (an SEN2 return, a plan recorded by hand) has no
    # draft on its timeline: once the final plan is issued the local draft target (not a
    # statutory limit) is history, not a step still to take.
    issued = "final_plan_issued" in types
    rows: list[DeadlineValues] = []
    for row in result["deadlines"]:
        family, source, is_period = _rule(row["key"])
        if received_in and family == "transfer_plan_out":
            continue
        completed = row["completed_on"]
        rows.append(
            (
                row["key"],
                family,
                dt.date.fromisoformat(row["due"]),
                row["status"],
                dt.date.fromisoformat(completed) if completed else None,
                row["exception"] or "",
                source,
                completed is None
                and not is_period
                and not (issued and family == "draft_plan_target"),
                family in FAMILY_LIMITS,
            )
        )
    actionable = min(((r[2], r[0]) for r in rows if r[7] and not r[8]), default=None)
    requests = [e.date for e in events if e.type == "request_received" and e.date]
    reviews = [r for r in rows if r[0] in REVIEW_KEYS]
    # The transfer the engine counts: the latest (post-16's 31 March after 15 February).
    latest = max(transfers, key=lambda t: (t[0], t[1] == "post16"), default=None)
    return Computed(
        rows=rows,
        received_on=max(requests) if requests else None,
        stage=stage,
        next_due=actionable[0] if actionable else None,
        next_key=actionable[1] if actionable else "",
        week20_exception=any(r[5] for r in rows if r[1] == "issue_final_plan"),
        review_due=min((r[2] for r in reviews), default=None),
        review_pending=any(r[7] for r in reviews),
        review_report_pending=any(r[7] for r in rows if r[0] == "review_report"),
        review_decision_pending=any(r[7] for r in rows if r[0] == "review_decision"),
        transfer_year=latest[0] if latest else None,
        transfer_kind=latest[1] if latest else "",
    )


def plan_dates(events: Sequence[TimelineEvent]) -> tuple[dt.date | None, dt.date | None] | None:
    """The plan's draft-sent and issued dates as copies of the timeline's (corrections
    included); None when the timeline has neither, and the plan is left as it is."""
    sent = [e.date for e in events if e.type == "draft_plan_sent" and e.date]
    issued = [e.date for e in events if e.type == "final_plan_issued" and e.date]
    if not sent and not issued:
        return None
    return (max(sent) if sent else None, max(issued) if issued else None)
