"""Bringing in the caseload: cases whose history happened before sendpath.

``case_from_history`` is the one writer both ways in use: the SEN2 import (``loading``) and
recording an existing plan by hand (``existing_plan_record``). It creates the case, its plan and
needs and its whole timeline at once (one engine run, not one per step), so the deadlines that
follow from that history, such as the next annual review and a phase transfer, are there at
once; then it makes the child's "has an EHC plan" agree (``holders.sync``) and audits.

``in_force_events`` is the one definition of the steps a plan in force brings with it: the
final plan's issue, the last annual review if known, and the phase transfer of the round being
worked on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction
from sendpath.core.reference import NEED_LABELS
from sendpath.ehc.cases import holders, services
from sendpath.ehc.cases.selectors import open_case_for
from sendpath.ehc.models import Case, CaseEvent, Deadline, Plan, PlanNeed, PlanStatus, Stage
from sendpath.ehc.reviews.selectors import TRANSFER_KINDS, curriculum_year, transfer_year
from sendpath.people.models import Child, Organisation, OrganisationKind, User
from sendpath.timescales import TimescalesInputError

# SEN2 type of need -> the broad area of need of SEND Code of Practice 6.28-6.35 (section B).
# OTH (other difficulty) has no broad area: it is kept under its own name.
NEED_AREA = {
    "SPLD": "Cognition and learning",
    "MLD": "Cognition and learning",
    "SLD": "Cognition and learning",
    "PMLD": "Cognition and learning",
    "DS": "Cognition and learning",
    "SEMH": "Social, emotional and mental health",
    "SLCN": "Communication and interaction",
    "ASD": "Communication and interaction",
    "HI": "Sensory and/or physical",
    "VI": "Sensory and/or physical",
    "MSI": "Sensory and/or physical",
    "PD": "Sensory and/or physical",
    "OTH": "Other difficulty",
}

# The year groups that change phase: Year 6 to 7 (school, 15 February) and Year 11 to post-16
# (31 March); SEND Regulations 2014 reg 18(1), Code of Practice 9.179.
TRANSFER_YEAR_GROUPS = {6: "school", 11: "post16"}

# The oldest a young person can hold a plan: to the end of the academic year they turn 25
# (Children and Families Act 2014 s.46; Code of Practice 9.152).
MAX_AGE = 25


@dataclass
class EventDraft:
    """One step of a history being brought in, before it is saved."""

    type: str
    date: dt.date | None
    details: dict[str, Any] = field(default_factory=dict)
    note: str = ""


@dataclass
class NeedDraft:
    code: str  # SEN2 SENtype
    rank: int  # SEN2 SENtypeRank: 1 primary, 2 secondary
    description: str = ""


def _today() -> dt.date:
    return timezone.localdate()


def home_authority(*, actor: User | None = None) -> Organisation:
    """The authority this installation serves (``HOME_LA_CODE``), made if missing, named from
    DfE's list of LA codes, so an import works on a freshly migrated database."""
    from .sen2 import la_names

    code = str(settings.HOME_LA_CODE)
    found = Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY, la_code=code).first()
    if found is not None:
        return found
    authority = Organisation.objects.create(
        kind=OrganisationKind.LOCAL_AUTHORITY,
        name=la_names().get(code, f"Local authority {code}"),
        la_code=code,
        created_by=actor,
        modified_by=actor,
    )
    audit_record(
        request=None,
        actor=actor,
        action=AuditAction.CREATED,
        obj=authority,
        summary=f"Added the authority record of LA {code} ({authority.name})",
    )
    return authority


def phase_transfer_event(date_of_birth: dt.date, today: dt.date) -> EventDraft | None:
    """The phase transfer of the round being worked on, for a child in Year 6 or Year 11 in
    the school year before it (reg 18(1): review and amend by 15 February / 31 March)."""
    year = transfer_year(today)
    group = curriculum_year(date_of_birth, dt.date(year - 1, 9, 1))
    kind = TRANSFER_YEAR_GROUPS.get(group)
    if kind is None:
        return None
    label = f"{TRANSFER_KINDS[kind]}, {year}"
    return EventDraft("phase_transfer", None, {"year": year, "kind": kind, "kind_label": label})


def in_force_events(
    *,
    issued_on: dt.date,
    date_of_birth: dt.date,
    review_meeting: dt.date | None = None,
    review_decided: dt.date | None = None,
    review_outcome: str = "maintain",
    details: dict[str, Any] | None = None,
    today: dt.date | None = None,
) -> list[EventDraft]:
    """The steps of a plan in force brought in from before sendpath.

    The final plan (its issue starts the review cycle: CFA 2014 s.44(1), reg 18); the last
    annual review meeting if known, with its report and decision when the decision is known
    (a review finished before sendpath: reg 20(7), 20(10)), so the next annual review is 12
    months from that meeting; and the phase transfer of the round being worked on.
    """
    today = today or _today()
    events = [EventDraft("final_plan_issued", issued_on, dict(details or {}))]
    if review_meeting is not None:
        earlier = {"before_sendpath": True}
        events.append(EventDraft("review_meeting_held", review_meeting, dict(earlier)))
        if review_decided is not None:
            events.append(EventDraft("review_report_received", review_decided, dict(earlier)))
            events.append(
                EventDraft(
                    "review_decision_notified",
                    review_decided,
                    {**earlier, "outcome": review_outcome},
                )
            )
    transfer = phase_transfer_event(date_of_birth, today)
    if transfer is not None:
        events.append(transfer)
    return events


def _order(event: EventDraft) -> tuple[dt.date, int]:
    # Undated steps (a phase transfer) go last; a day's steps keep the order they were given.
    return (event.date or dt.date.max, 0)


@transaction.atomic
def case_from_history(
    *,
    actor: User | None,
    child: Child,
    authority: Organisation,
    source: str,
    received_on: dt.date,
    events: list[EventDraft],
    placement: Organisation | None = None,
    needs: list[NeedDraft] | None = None,
    warnings: list[str] | None = None,
    closed_reason: str = "",
    why: str,
    request: HttpRequest | None = None,
) -> Case:
    """Create a case with its whole history at once; ``ValidationError`` (on ``events``) if
    the timescales engine finds the history impossible. Warnings become notes on the timeline,
    so whoever opens the case sees them."""
    today = _today()
    caseworker = actor if actor is not None and actor.role in ("caseworker", "manager") else None
    case = Case(
        child=child,
        authority=authority,
        caseworker=caseworker,
        reference=services._next_reference(authority, received_on.year),
        request_source=source,
        received_on=received_on,
        created_by=actor,
        modified_by=actor,
    )
    ordered = sorted(events, key=_order)
    rows = [
        CaseEvent(
            case=case,
            type=e.type,
            date=e.date,
            details=e.details,
            note=e.note,
            recorded_by=actor,
        )
        for e in ordered
    ]
    try:
        deadlines = services.deadline_rows(case, rows, today)
    except TimescalesInputError as error:
        raise ValidationError({"events": error.problem}) from None
    notes = list(warnings or [])
    review_types = {"review_meeting_held"}
    if case.stage == Stage.FINAL_ISSUED and not any(e.type in review_types for e in ordered):
        overdue = [d for d in deadlines if d.key == "annual_review" and d.pending and d.due < today]
        if overdue:
            notes.append(
                f"No annual review is recorded: one was due by {overdue[0].due:%-d %B %Y}, "
                "12 months after the plan was issued. Record the last review (or hold one)"
            )
    for text in notes:
        rows.append(CaseEvent(case=case, type="note", date=today, note=text, recorded_by=actor))
    case.save()
    issued = [e.date for e in ordered if e.type == "final_plan_issued" and e.date]
    plan = Plan.objects.create(
        case=case,
        status=PlanStatus.FINAL if issued else PlanStatus.DRAFT,
        placement=placement,
        issued_on=max(issued) if issued else None,
        created_by=actor,
        modified_by=actor,
    )
    PlanNeed.objects.bulk_create(
        PlanNeed(
            plan=plan,
            area=NEED_AREA.get(n.code, n.code),
            description=n.description
            or f"{NEED_LABELS.get(n.code, n.code)} (SEN2 {n.code}, rank {n.rank})",
            position=n.rank,
            created_by=actor,
            modified_by=actor,
        )
        for n in sorted(needs or [], key=lambda n: n.rank)
    )
    CaseEvent.objects.bulk_create(rows)
    Deadline.objects.bulk_create(deadlines)
    if closed_reason:
        case.closed_at = timezone.now()
        case.closed_reason = closed_reason[:200]
    case.save()
    if case.stage == Stage.FINAL_ISSUED and case.closed_at is None:
        holders.sync(actor=actor, child=child, since=max(issued), why=why, request=request)
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=case,
        child_id=child.pk,
        summary=f"Created case {case.reference} for {child.full_name}: {why}",
        changes={"events": len(rows), "needs": len(needs or []), "closed": bool(closed_reason)},
    )
    return case


def _age_on(date_of_birth: dt.date, on: dt.date) -> int:
    return (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )


@transaction.atomic
def existing_plan_record(
    *,
    actor: User,
    child: Child,
    issued_on: dt.date,
    last_review: dt.date | None,
    placement: Organisation | None,
    primary_need: str,
    secondary_need: str = "",
    description: str = "",
    old_reference: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """A plan the child already has, with no history in sendpath: it joins the review cycle at
    once (the next annual review 12 months from the last review, or from the issue if none:
    CFA 2014 s.44(1), reg 18)."""
    today = _today()
    errors: dict[str, str] = {}
    if issued_on > today:
        errors["issued_on"] = "The date the plan was issued must be today or in the past"
    elif issued_on < child.date_of_birth:
        errors["issued_on"] = "The date the plan was issued must be after the child was born"
    if last_review is not None:
        if last_review > today:
            errors["last_review"] = (
                "The date of the last annual review must be today or in the past"
            )
        elif last_review <= issued_on:
            errors["last_review"] = (
                "The date of the last annual review must be after the date the plan was issued"
            )
    if primary_need not in NEED_AREA:
        errors["primary_need"] = "Select the primary type of need"
    if secondary_need and secondary_need not in NEED_AREA:
        errors["secondary_need"] = "Select the secondary type of need"
    elif secondary_need and secondary_need == primary_need:
        errors["secondary_need"] = "The secondary need must differ from the primary need"
    if errors:
        raise ValidationError(errors)
    if _age_on(child.date_of_birth, today) > MAX_AGE:
        raise ValidationError(
            f"{child.full_name} is over {MAX_AGE}: a plan cannot be maintained past the end of "
            "the academic year a young person turns 25 (Children and Families Act 2014 s.46)"
        )
    Child.objects.select_for_update().filter(pk=child.pk).first()
    existing = open_case_for(child)
    if existing is not None:
        raise ValidationError(
            f"{child.full_name} already has an open case ({existing.reference}, "
            f"{existing.get_stage_display().lower()}). Record the plan on that case instead"
        )
    details: dict[str, Any] = {
        "recorded_by_hand": True,
        "kind_label": "Plan in force before sendpath",
    }
    if old_reference:
        details["old_reference"] = old_reference
        details["reason"] = f"Reference in the earlier system: {old_reference}"
    if placement is not None:
        details["organisation"] = placement.name
    events = in_force_events(
        issued_on=issued_on,
        date_of_birth=child.date_of_birth,
        review_meeting=last_review,
        review_decided=last_review,
        details=details,
        today=today,
    )
    needs = [NeedDraft(primary_need, 1, description)]
    if secondary_need:
        needs.append(NeedDraft(secondary_need, 2))
    child.primary_need = primary_need
    child.secondary_need = secondary_need
    child.modified_by = actor
    child.save(update_fields=["primary_need", "secondary_need", "modified_by", "modified_at"])
    try:
        return case_from_history(
            actor=actor,
            child=child,
            authority=child.responsible_authority,
            source="other",
            received_on=issued_on,
            events=events,
            placement=placement,
            needs=needs,
            why="an existing plan recorded by hand",
            request=request,
        )
    except ValidationError as error:
        raise ValidationError({"issued_on": error.messages[0]}) from None
