"""Each case as SEN2 sees it: one ``Requests`` with its ``Assessment`` and ``NamedPlan``, as they
stood on a given day. The one reading of the timeline that both the SEN2 return and the
figures DfE will publish are built from (DfE counts from SEN2, so sendpath counts from the same
facts).

The timeline is the truth (ARCHITECTURE.md): every fact comes from the case's effective events
(corrections applied), and only events dated on or before ``as_of`` count, so a year's figures
can be worked out at any later time.

The rules, from ``INSIGHT.md`` and the SEN2 guide items quoted in ``../spec/sen2/RULES.md``:

- **Request** (module 2): ``ReceivedDate`` is the date the request was received. Its outcome is
  Y or N on the date of the decision whether to assess; W when withdrawn before a decision; H
  when the decision was made in an earlier year and its date is not known (a historical plan
  or one transferred in: guide item 2.5); otherwise A (no decision yet on ``as_of``).
- **Assessment** (module 3), for a request decided Y (or H): Y when the final plan was issued,
  dated the day it was issued (SP-4.1b: ``AssessmentOutcomeDate`` and the plan's ``StartDate``
  both mean "plan issued"); N on the date of the decision not to issue a plan; W when the
  request was withdrawn during the assessment; H for a plan made before the records begin or
  transferred in from another authority; otherwise A. ``Week20`` is 1 when a timescale
  exception was recorded against the 20-week limit (reg 13(3)).
- **Plan** (module 4): ``StartDate`` is the date the final plan was issued. ``CeaseDate`` is the
  date the plan ended, not the date of the decision to cease: the plan is kept until the
  family's time to appeal has passed, or an appeal is decided (SEND Code of Practice 9.211;
  DfE's SEN2 guide, item 4.5). So a plan ceases on the last day of the family's time to appeal
  (the engine's ``appeal_deadline``), or on the day the tribunal dismissed the appeal or it was
  withdrawn; a plan read from an SEN2 return keeps the cease date the return gave. A plan passed
  to another authority in England ceases on the day it was transferred, reason 5.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from sendpath.ehc.models import SEN2_REQUEST_SOURCE, Case, CaseEvent, Deadline

CHUNK = 2000
# The outcomes of an appeal against ceasing that leave the decision to cease standing
# (sendpath.ehc.cases.services.CEASE_STANDS: the same rule).
CEASE_STANDS = frozenset({"dismissed", "withdrawn"})
TRANSFER_CEASE_REASON = "5"


@dataclass(frozen=True)
class CaseFacts:
    """One case, as SEN2 describes it on ``as_of``. Codes are SEN2's."""

    case_id: Any
    child_id: Any
    reference: str
    received_on: dt.date | None
    request_source: str  # SEN2 RequestSource 1-5
    young_person_asked: bool  # the young person asked for themselves (SEN2 source 1 covers both)
    rya: bool  # SEN2 RYA: asked while the child was in relevant youth accommodation
    request_outcome: str  # Y, N, W, A or H
    request_outcome_on: dt.date | None
    assessment_outcome: str  # Y, N, W, A, H, or "" when there is no assessment
    assessment_outcome_on: dt.date | None
    week20: bool  # an exception to the 20-week limit was recorded
    plan_start: dt.date | None
    plan_cease: dt.date | None
    cease_reason: str  # SEN2 CeaseReason 1-9, or "" (not ceased, or not recorded)
    transferred_in: bool
    transfer_la: str  # SEN2 TransferLA: the authority the plan came from, when known

    def plan_active_on(self, day: dt.date) -> bool:
        """The plan was in force on ``day``: started on or before it, not ceased by it."""
        return (
            self.plan_start is not None
            and self.plan_start <= day
            and (self.plan_cease is None or self.plan_cease > day)
        )

    @property
    def days_to_issue(self) -> int | None:
        """Calendar days from the request to the plan's issue (timeliness), when both known."""
        if self.assessment_outcome != "Y" or self.received_on is None:
            return None
        if self.assessment_outcome_on is None:
            return None
        return (self.assessment_outcome_on - self.received_on).days


@dataclass(frozen=True)
class _Event:
    type: str
    date: dt.date | None
    details: dict[str, Any]


def _first(events: list[_Event], *types: str) -> _Event | None:
    return next((e for e in events if e.type in types), None)


def _last(events: list[_Event], *types: str) -> _Event | None:
    found = [e for e in events if e.type in types]
    return found[-1] if found else None


def _la_code(text: str) -> str:
    """``LA 123`` (as the SEN2 import keeps TransferLA) -> ``123``."""
    digits = "".join(ch for ch in text if ch.isdigit())
    return digits if len(digits) == 3 else ""


def _cease(
    events: list[_Event], appeal_due: dt.date | None, as_of: dt.date
) -> tuple[dt.date | None, str]:
    ceased = _last(events, "plan_ceased")
    if ceased is not None and ceased.date is not None:
        reason = str(ceased.details.get("reason") or "")
        sen2 = ceased.details.get("sen2") or {}
        if isinstance(sen2, dict) and "CeaseReason" in sen2:
            # Read from an SEN2 return: the return's own cease date and reason (blank when the
            # return gave none: DfE counts it as "not recorded").
            return ceased.date, str(sen2["CeaseReason"] or "")
        appealed = [e for e in events if e.type == "appeal_registered" and e.date]
        appealed = [e for e in appealed if e.date and e.date >= ceased.date]
        if appealed:
            decided = [
                e
                for e in events
                if e.type == "appeal_decided" and e.date is not None and e.date >= appealed[0].date  # type: ignore[operator]
            ]
            if decided and decided[-1].details.get("outcome") in CEASE_STANDS:
                return decided[-1].date, reason
            return None, ""  # kept until the tribunal decides, or kept by its decision
        if appeal_due is not None and appeal_due >= ceased.date and appeal_due <= as_of:
            return appeal_due, reason
        return None, ""  # still kept: the family's time to appeal has not passed
    moved = _last(events, "plan_transferred")
    if moved is not None and moved.date is not None:
        return moved.date, TRANSFER_CEASE_REASON
    return None, ""


def facts_of(
    case: Case | Any,
    events: Iterable[_Event],
    *,
    as_of: dt.date,
    appeal_due: dt.date | None = None,
) -> CaseFacts | None:
    """The case as SEN2 sees it on ``as_of`` (events after it are ignored), or None when no
    request had been received by then."""
    timeline = sorted(
        (e for e in events if e.date is None or e.date <= as_of),
        key=lambda e: e.date or dt.date.min,
    )
    received = _first(timeline, "request_received")
    issued = _first(timeline, "final_plan_issued")
    transfer_in = _first(timeline, "transfer_in")
    if received is None and issued is None:
        return None
    source = getattr(case, "request_source", "") or "other"
    decision = _first(timeline, "decision_to_assess")
    outcome_event = _first(timeline, "assessment_outcome")
    withdrawn = _first(timeline, "request_withdrawn")
    plan_details = issued.details if issued is not None else {}
    from_la = str(plan_details.get("from_authority") or "")
    transferred_in = transfer_in is not None or bool(from_la)
    historical = transferred_in or bool(decision and decision.details.get("date_not_known"))

    # The request (module 2).
    request_outcome, request_on = "A", None
    if historical or (decision is None and issued is not None):
        request_outcome = "H"
    elif decision is not None:
        request_outcome = "Y" if decision.details.get("outcome") == "yes" else "N"
        request_on = decision.date
    elif withdrawn is not None:
        request_outcome, request_on = "W", withdrawn.date

    # The assessment (module 3).
    assessment, assessment_on = "", None
    if request_outcome in ("Y", "H"):
        if issued is not None and (outcome_event is not None or request_outcome == "Y"):
            assessment, assessment_on = "Y", issued.date
        elif issued is not None:
            assessment = "H"  # a plan made before the records begin, or transferred in
        elif outcome_event is not None and outcome_event.details.get("outcome") == "no_plan":
            assessment, assessment_on = "N", outcome_event.date
        elif withdrawn is not None:
            assessment, assessment_on = "W", withdrawn.date
        else:
            assessment = "A"
        if transferred_in and issued is not None:
            assessment, assessment_on = "H", None
    week20 = bool(getattr(case, "week20_exception", False))
    if outcome_event is not None:
        sen2 = outcome_event.details.get("sen2") or {}
        if isinstance(sen2, dict) and sen2.get("Week20") == "1":
            week20 = True

    cease, reason = _cease(timeline, appeal_due, as_of) if issued else (None, "")
    transfer_la = _la_code(from_la)
    if transfer_in is not None and not transfer_la:
        transfer_la = _la_code(str(transfer_in.details.get("from_la_code") or ""))
    request_sen2 = (received.details.get("sen2") if received else None) or {}
    return CaseFacts(
        case_id=case.pk,
        child_id=case.child_id,
        reference=case.reference,
        received_on=received.date if received else None,
        request_source=(
            str(request_sen2.get("RequestSource"))
            if isinstance(request_sen2, dict) and request_sen2.get("RequestSource")
            else SEN2_REQUEST_SOURCE.get(source, "5")
        ),
        young_person_asked=source == "young_person",
        # Relevant youth accommodation (youth custody) is known only from a return that said
        # so: sendpath records youth justice involvement, not custody.
        rya=isinstance(request_sen2, dict) and request_sen2.get("RYA") == "1",
        request_outcome=request_outcome,
        request_outcome_on=request_on,
        assessment_outcome=assessment,
        assessment_outcome_on=assessment_on,
        week20=week20 if assessment == "Y" else False,
        plan_start=issued.date if issued else None,
        plan_cease=cease,
        cease_reason=reason,
        transferred_in=transferred_in,
        transfer_la=transfer_la,
    )


def _events_by_case(case_ids: list[Any]) -> dict[Any, list[_Event]]:
    rows = (
        CaseEvent.objects.filter(case_id__in=case_ids)
        .order_by("case_id", "date", "recorded_at", "id")
        .values_list("id", "case_id", "type", "date", "details", "supersedes_id")
    )
    listed = list(rows)
    superseded = {row[5] for row in listed if row[5]}
    found: dict[Any, list[_Event]] = defaultdict(list)
    for pk, case_id, type_, date, details, _ in listed:
        if pk not in superseded:
            found[case_id].append(_Event(type_, date, details or {}))
    return found


def case_facts(cases: QuerySet[Case], *, as_of: dt.date) -> Iterator[CaseFacts]:
    """The facts of every case in ``cases`` on ``as_of``, read in chunks (memory bounded: one
    chunk of cases and their events at a time)."""
    ordered = cases.order_by("pk").only(
        "pk", "child_id", "reference", "request_source", "week20_exception"
    )
    last = None
    while True:
        chunk_qs = ordered if last is None else ordered.filter(pk__gt=last)
        chunk = list(chunk_qs[:CHUNK])
        if not chunk:
            return
        ids = [c.pk for c in chunk]
        events = _events_by_case(ids)
        appeals = dict(
            Deadline.objects.filter(case_id__in=ids, key="appeal_deadline").values_list(
                "case_id", "due"
            )
        )
        for case in chunk:
            found = facts_of(
                case, events.get(case.pk, []), as_of=as_of, appeal_due=appeals.get(case.pk)
            )
            if found is not None:
                yield found
        last = chunk[-1].pk
