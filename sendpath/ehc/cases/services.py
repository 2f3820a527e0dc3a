"""Writes shared by every workflow: every step is an event; deadlines are refreshed with it.

``event_record`` is the one way anything happens to a case. It checks the new event against the
whole timeline with the timescales engine (so an impossible history, such as a decision dated
before the request, is refused with the engine's reason), saves it, rebuilds the case's
``Deadline`` rows and derived fields, and writes the audit entry: all in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction
from sendpath.core.signals import announce, case_step_recorded, deadlines_refreshed
from sendpath.ehc.cases import holders
from sendpath.ehc.cases.deadlines import (
    DEADLINE_FIELDS,
    compute_case,
    engine_input_for,
    plan_dates,
)
from sendpath.ehc.cases.deadlines import ENGINE_FIELDS as ENGINE_FIELDS  # shared names
from sendpath.ehc.cases.deadlines import ENGINE_TYPES as ENGINE_TYPES
from sendpath.ehc.cases.deadlines import FAMILY_LIMITS as FAMILY_LIMITS
from sendpath.ehc.cases.deadlines import REVIEW_KEYS as REVIEW_KEYS
from sendpath.ehc.cases.deadlines import engine_event as engine_event
from sendpath.ehc.cases.refresh import BATCH_SIZE, Refreshed, refresh_open_cases
from sendpath.ehc.cases.stages import Step, TimelineEvent, require_step
from sendpath.ehc.models import Case, CaseEvent, Deadline, Plan, RequestSource
from sendpath.ehc.presenters import EVENT_LABELS
from sendpath.people.models import Child, Organisation, User
from sendpath.timescales import TimescalesInputError, compute
from sendpath.timescales.validation import COMPLETES

# Steps sendpath records that the engine does not count (they carry no statutory clock).
LOCAL_TYPES = frozenset(
    {
        "caseworker_assigned",
        "existing_advice_agreed",
        "placement_named",
        "note",
        "request_withdrawn",
        "panel_reasons",
        "plan_ceased",
        # What a family or young person sends from their own pages (portal): kept on the
        # timeline for the caseworker, with no clock of their own.
        "family_representations",
        "family_meeting_requested",
        "family_placement_preference",
        "family_personal_budget_requested",
        "family_document",
        "family_concern",
        "family_review_contribution",
        # The tribunal decided an appeal (recorded with the disagreement, disputes): its
        # ``outcome`` is upheld, partly, dismissed, conceded or withdrawn.
        "appeal_decided",
        # A complaint or a request for disagreement resolution about the child (disputes,
        # complaints; SEND Regulations 2014 reg 54; SEND Code of Practice 11.6-11.10):
        # details carry the complaint's id, its ``kind`` (complaint or resolution), ``about``,
        # ``stage`` and, when closed, ``outcome``; never what the complaint says.
        "complaint_received",
        "complaint_stage_started",
        "complaint_responded",
        "complaint_closed",
        # Personal budgets and direct payments (budgets; CFA 2014 s.49, consent s.49(4); the
        # SEND (Personal Budgets) Regulations 2014 regs 4 and 8; SEND Code of Practice
        # 9.95-9.124):
        # details carry the budget's id and, when agreed, its amount a year and how it is held;
        # never the reasons for a refusal.
        "personal_budget_requested",
        "personal_budget_agreed",
        "personal_budget_refused",
        "personal_budget_review_requested",
        "direct_payments_set_up",
        "direct_payment_consent_withdrawn",
    }
)

# An appeal against ceasing a plan that ends with these outcomes leaves the decision to cease
# standing (the family's appeal failed or was withdrawn): the case may then close.
CEASE_STANDS = frozenset({"dismissed", "withdrawn"})


# Steps whose date is an appointment that may lie ahead (TIMESCALES.md: the date of a
# review_meeting_scheduled or mediation_scheduled event is the meeting's date).
FUTURE_DATED = frozenset({"review_meeting_scheduled", "mediation_scheduled"})


def effective_events(case: Case) -> list[CaseEvent]:
    """The timeline as it now stands: every event not superseded by a correction."""
    events = list(case.events.select_related("recorded_by").order_by("date", "recorded_at", "id"))
    superseded = {e.supersedes_id for e in events if e.supersedes_id}
    return [e for e in events if e.pk not in superseded]


def engine_input(case: Case, events: Sequence[TimelineEvent], as_of: dt.date) -> dict[str, Any]:
    return engine_input_for(case.child.date_of_birth, events, as_of)


def _today() -> dt.date:
    return timezone.localdate()


def deadline_rows(case: Case, events: Sequence[TimelineEvent], as_of: dt.date) -> list[Deadline]:
    """The engine's deadlines for a timeline as unsaved rows, and the case's derived fields
    set on ``case`` (unsaved): the one definition (``deadlines.compute_case``) that the app,
    the nightly refresh and bulk loaders share."""
    computed = compute_case(case.child.date_of_birth, events, as_of)
    rows = [
        Deadline(case=case, **dict(zip(DEADLINE_FIELDS, row, strict=True))) for row in computed.rows
    ]
    if computed.received_on is not None:
        case.received_on = computed.received_on
    case.stage = computed.stage
    case.next_due = computed.next_due
    case.next_key = computed.next_key
    case.week20_exception = computed.week20_exception
    case.review_due = computed.review_due
    case.review_pending = computed.review_pending
    case.review_report_pending = computed.review_report_pending
    case.review_decision_pending = computed.review_decision_pending
    case.transfer_year = computed.transfer_year
    case.transfer_kind = computed.transfer_kind
    return rows


# The fields ``deadline_rows`` sets on the case: saved with every refresh.
DERIVED_FIELDS = (
    "received_on",
    "stage",
    "next_due",
    "next_key",
    "week20_exception",
    "review_due",
    "review_pending",
    "review_report_pending",
    "review_decision_pending",
    "transfer_year",
    "transfer_kind",
)


def deadlines_refresh(
    case: Case, *, events: list[CaseEvent] | None = None, as_of: dt.date | None = None
) -> list[Deadline]:
    """Rebuild the case's deadlines from its timeline and update its derived fields."""
    events = effective_events(case) if events is None else events
    rows = deadline_rows(case, events, as_of or _today())
    Deadline.objects.filter(case=case).delete()
    Deadline.objects.bulk_create(rows)
    case.save(update_fields=[*DERIVED_FIELDS, "modified_at"])
    _sync_plan_dates(case, events)
    return rows


def _sync_plan_dates(case: Case, events: list[CaseEvent]) -> None:
    """The plan's sent and issued dates are copies of the timeline's (corrections included)."""
    dates = plan_dates(events)
    if dates is None:
        return  # nothing to copy: spare the query on the hot path of early steps
    Plan.objects.filter(case=case).update(draft_sent_on=dates[0], issued_on=dates[1])


def _validate_against_timeline(case: Case, events: list[CaseEvent], new: CaseEvent) -> None:
    """Refuse an event that makes the timeline impossible, naming the problem in plain words."""
    if new.type not in ENGINE_TYPES:
        return
    start_type = COMPLETES.get(new.type)
    if start_type and new.date is not None:
        starts = [e.date for e in events if e.type == start_type and e.date is not None]
        if starts and new.date < min(starts):
            started = EVENT_LABELS.get(start_type, start_type.replace("_", " ")).lower()
            raise ValidationError(
                {
                    "date": f"The date must be on or after {min(starts):%-d %B %Y}, the date of the {started}"
                }
            )
    candidate = [*events, new]
    try:
        compute(engine_input(case, candidate, _today()))
    except TimescalesInputError as error:
        engine_events = [e for e in candidate if e.type in ENGINE_TYPES]
        culprit = (
            engine_events[error.index]
            if error.index is not None and error.index < len(engine_events)
            else None
        )
        problem = error.problem
        if culprit is not None and culprit is not new:
            problem = f"this would conflict with the {culprit.type.replace('_', ' ')} recorded on {culprit.date}: {problem}"
        raise ValidationError({"date": f"This cannot be recorded: {problem}"}) from None


@transaction.atomic
def event_record(
    *,
    actor: User,
    case: Case,
    type: str,
    date: dt.date | None,
    details: dict[str, Any] | None = None,
    note: str = "",
    supersedes: CaseEvent | None = None,
    request: HttpRequest | None = None,
) -> CaseEvent:
    if type not in ENGINE_TYPES and type not in LOCAL_TYPES:
        raise ValidationError(f"Unknown kind of step: {type}")
    case = Case.objects.select_for_update().select_related("child").get(pk=case.pk)
    if date is not None and date > _today() and type not in FUTURE_DATED:
        raise ValidationError({"date": "The date must be today or in the past"})
    if type not in ("exception", "phase_transfer") and date is None:
        raise ValidationError({"date": "Enter the date"})
    events = effective_events(case)
    if supersedes is not None:
        if supersedes.case_id != case.pk or supersedes not in events:
            raise ValidationError("Only a current step of this case can be corrected")
        events = [e for e in events if e.pk != supersedes.pk]
    event = CaseEvent(
        case=case,
        type=type,
        date=date,
        details=details or {},
        note=note,
        supersedes=supersedes,
        recorded_by=actor,
    )
    _validate_against_timeline(case, events, event)
    event.save()
    deadlines_refresh(case, events=[*events, event])
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=event,
        child_id=case.child_id,
        summary=(f"Corrected {supersedes.type} with " if supersedes else "Recorded ")
        + f"{type} on case {case.reference}",
        changes={
            "type": type,
            "date": date.isoformat() if date else None,
            "details": details or {},
        },
    )
    # The apps built on ehc (the family's messages) hear of the step once it has committed.
    transaction.on_commit(
        lambda: announce(
            case_step_recorded, sender=CaseEvent, case_id=case.pk, event_id=event.pk, type=type
        )
    )
    return event


def _next_reference(authority: Organisation, year: int) -> str:
    prefix = f"EHC-{year}-"
    count = Case.objects.filter(reference__startswith=prefix).count() + 1
    while Case.objects.filter(reference=f"{prefix}{count:05d}").exists():
        count += 1
    return f"{prefix}{count:05d}"


@transaction.atomic
def case_open(
    *,
    actor: User,
    child: Child,
    source: str,
    received_on: dt.date,
    details: dict[str, Any] | None = None,
    caseworker: User | None = None,
    unassigned: bool = False,
    request: HttpRequest | None = None,
) -> Case:
    """Record a request for an EHC needs assessment, opening the child's statutory case. Its
    caseworker is ``caseworker``, else whoever records it, unless ``unassigned`` (recorded by
    someone outside the SEND team, such as a school: the team assigns it)."""
    if source not in RequestSource.values:
        raise ValidationError({"source": "Select who made the request"})
    if received_on > _today():
        raise ValidationError(
            {"received_on": "The date the request was received must be today or in the past"}
        )
    if received_on < child.date_of_birth:
        raise ValidationError({"received_on": "The request cannot be before the child was born"})
    Child.objects.select_for_update().filter(pk=child.pk).first()
    existing = Case.objects.filter(child=child, closed_at__isnull=True).first()
    if existing is not None:
        error = ValidationError(
            f"{child.full_name} already has an open request ({existing.reference}, received "
            f"{existing.received_on:%-d %B %Y}). Open that case instead of recording a new one"
        )
        error.existing = existing  # type: ignore[attr-defined]
        raise error
    authority = child.responsible_authority
    case = Case(
        child=child,
        authority=authority,
        caseworker=None if unassigned else (caseworker or actor),
        reference=_next_reference(authority, received_on.year),
        request_source=source,
        received_on=received_on,
        created_by=actor,
        modified_by=actor,
    )
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        raise ValidationError(f"{child.full_name} already has an open request") from None
    event_record(
        actor=actor,
        case=case,
        type="request_received",
        date=received_on,
        details={"source": source, **(details or {})},
        request=request,
    )
    Plan.objects.create(case=case, created_by=actor, modified_by=actor)
    case.refresh_from_db()
    return case


@transaction.atomic
def case_assign(
    *, actor: User, case: Case, caseworker: User, request: HttpRequest | None = None
) -> Case:
    if caseworker.authority != case.authority or not caseworker.is_active:
        raise ValidationError({"caseworker": "Choose a caseworker in the same authority"})
    previous = case.caseworker
    case.caseworker = caseworker
    case.modified_by = actor
    case.save(update_fields=["caseworker", "modified_by", "modified_at"])
    event_record(
        actor=actor,
        case=case,
        type="caseworker_assigned",
        date=_today(),
        details={
            "caseworker_id": caseworker.pk,
            "caseworker": caseworker.display_name(),
            "previous": previous.display_name() if previous else "",
        },
        request=request,
    )
    case.refresh_from_db()
    return case


# The deadlines of a plan in force, which end when a ceased plan is no longer kept.
PLAN_IN_FORCE_FAMILIES = (
    *REVIEW_KEYS,
    "review_invitations",
    "review_report",
    "review_decision",
    "phase_transfer_review",
    "transfer_review",
)


def _refuse_close_while_plan_kept(case: Case) -> bool:
    """After a decision to cease, the plan is kept until the time to appeal has passed, or an
    appeal is decided (CFA 2014 s.51(2)(f); SEND Code of Practice 9.211): the case stays open
    until then, so the plan stays in force and on the child's record. True when the plan has
    ceased and is no longer kept."""
    if not case.events.filter(type="plan_ceased").exists():
        return False
    appeal = case.deadlines.filter(key="appeal_deadline").first()
    if appeal is None:
        raise ValidationError(
            "The plan is kept until the family's time to appeal the decision to cease it has "
            "passed. Record that the notice was sent first"
        )
    if appeal.completed_on is not None:
        decided = (
            case.events.filter(type="appeal_decided", date__gte=appeal.completed_on)
            .order_by("-date", "-id")
            .first()
        )
        if decided is None:
            raise ValidationError(
                "The family have appealed the decision to cease the plan: the plan is kept, and "
                "the case stays open, until the tribunal decides"
            )
        if decided.details.get("outcome") not in CEASE_STANDS:
            raise ValidationError(
                "The tribunal's decision means the plan was not ceased as decided: it stays in "
                "force, and the case stays open with its reviews"
            )
        return True  # the appeal failed or was withdrawn: the decision to cease stands
    if appeal.due >= timezone.localdate():
        raise ValidationError(
            f"The plan is kept until {appeal.due:%-d %B %Y}, the last day the family can appeal "
            "the decision to cease it (SEND Code of Practice 9.211). Close the case after that date"
        )
    return True


@transaction.atomic
def case_close(*, actor: User, case: Case, reason: str, request: HttpRequest | None = None) -> Case:
    require_step(case, Step.CLOSE)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the case is being closed"})
    pending = case.deadlines.filter(pending=True, family_limit=False)
    if _refuse_close_while_plan_kept(case):
        # The plan has ceased and the time to appeal has passed: its reviews are no longer due.
        pending = pending.exclude(family__in=PLAN_IN_FORCE_FAMILIES)
    if pending.exists():
        raise ValidationError("A case cannot be closed while it has deadlines still to meet")
    case.closed_at = timezone.now()
    case.closed_reason = reason
    case.save(update_fields=["closed_at", "closed_reason", "modified_at"])
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=case,
        child_id=case.child_id,
        summary=f"Closed case {case.reference}: {reason}",
    )
    holders.sync(
        actor=actor,
        child=case.child,
        why=f"case {case.reference} closed, so its plan is no longer maintained",
        request=request,
    )
    return case


def refresh_all(
    *,
    as_of: dt.date | None = None,
    progress: Callable[[Refreshed], None] | None = None,
    full: bool = False,
    batch_size: int = BATCH_SIZE,
) -> Refreshed:
    """Nightly: bring every open case's deadlines up to date so statuses move with the
    calendar, computing the cases that can have changed (every case when ``full``) and writing
    only what changed (``refresh.refresh_open_cases``, in batches), then mend any child whose
    "has an EHC plan" disagrees with the plan records."""
    done = refresh_open_cases(as_of=as_of, progress=progress, full=full, batch_size=batch_size)
    with transaction.atomic():
        holders.reconcile()
    # The apps built on ehc hear that statuses have moved (the family's "now late" messages).
    day = as_of or _today()
    transaction.on_commit(lambda: announce(deadlines_refreshed, sender=Deadline, as_of=day))
    return done
