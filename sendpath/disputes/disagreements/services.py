"""Writes for disagreements: every one keyword-only, atomic, audited.

Each statutory step is recorded on the case's timeline with ``ehc.cases.services.event_record``
(which validates it against the timeline, refreshes the engine's deadlines and audits it); the
facts around it are kept on the ``Disagreement``. A step's form is based on the version of the
record it was opened at (``core.concurrency``): a save over someone else's change is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sendpath.core.audit import audit_record
from sendpath.core.concurrency import check_version
from sendpath.core.models import AuditAction
from sendpath.ehc.cases.services import event_record
from sendpath.ehc.models import Case
from sendpath.people.models import User

from ..models import AgreedAction, Disagreement, TribunalOrder
from ..models.disagreements import (
    AppealOutcome,
    Decision,
    DisagreementKind,
    DisagreementStatus,
    MediationOutcome,
    OrderKind,
    Stage,
)

CLOSED = "This disagreement is closed. Open a new one to record more"


def _today() -> dt.date:
    return timezone.localdate()


def _plain(value: Any) -> Any:
    """A value as the audit log's JSON keeps it."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _not_future(name: str, value: dt.date | None, what: str) -> None:
    if value is not None and value > _today():
        raise ValidationError({name: f"The date {what} must be today or in the past"})


@transaction.atomic
def disagreement_open(
    *,
    actor: User,
    case: Case,
    kind: str,
    decision: str,
    decision_notice_on: dt.date | None,
    opened_on: dt.date,
    request: HttpRequest | None = None,
) -> Disagreement:
    if kind not in DisagreementKind.values:
        raise ValidationError({"kind": "Select mediation or appeal"})
    if decision not in Decision.values:
        raise ValidationError({"decision": "Select the decision the family disagrees with"})
    _not_future("opened_on", opened_on, "the family told you")
    _not_future("decision_notice_on", decision_notice_on, "of the decision letter")
    if decision_notice_on and opened_on < decision_notice_on:
        raise ValidationError(
            {"opened_on": "The date the family told you must be on or after the decision letter"}
        )
    found = Disagreement.objects.create(
        case=case,
        kind=kind,
        decision=decision,
        decision_notice_on=decision_notice_on,
        opened_on=opened_on,
        stage=Stage.OPENED,
        created_by=actor,
        modified_by=actor,
    )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=found,
        child_id=case.child_id,
        summary=f"Recorded a disagreement ({kind}) on case {case.reference}",
        changes={"kind": kind, "decision": decision},
    )
    return found


def _event(
    actor: User,
    d: Disagreement,
    type_: str,
    date: dt.date,
    request: HttpRequest | None,
    **details: Any,
) -> None:
    event_record(
        actor=actor,
        case=d.case,
        type=type_,
        date=date,
        details={"disagreement": str(d.pk), **details},
        request=request,
    )


Handler = Callable[[User, Disagreement, dict[str, Any], HttpRequest | None], str]


def _adviser_contacted(actor: User, d: Disagreement, data: dict[str, Any], request: Any) -> str:
    wants = data["wants_mediation"] == "yes"
    _event(actor, d, "mediation_adviser_contacted", data["date"], request, wants_mediation=wants)
    d.adviser_contacted_on, d.wants_mediation = data["date"], wants
    d.stage = Stage.ADVISER_CONTACTED
    return "Mediation adviser contacted"


def _certificate(actor: User, d: Disagreement, data: dict[str, Any], request: Any) -> str:
    _event(actor, d, "mediation_certificate_issued", data["date"], request)
    d.certificate_on = data["date"]
    d.stage = Stage.CERTIFICATE_ISSUED
    return "Mediation certificate issued"


def _requested(actor: User, d: Disagreement, data: dict[str, Any], request: Any) -> str:
    _event(actor, d, "mediation_requested", data["date"], request)
    d.requested_on = data["date"]
    d.health_element = bool(data.get("health_element"))
    d.social_care_element = bool(data.get("social_care_element"))
    d.kind = d.kind or DisagreementKind.MEDIATION
    d.stage = Stage.MEDIATION_REQUESTED
    return "Mediation requested"


def _arranged(actor: User, d: Disagreement, data: dict[str, Any], request: Any) -> str:
    _event(actor, d, "mediation_scheduled", data["date"], request, venue=data["venue"])
    if data.get("shorter_notice"):
        # "Unless agreed otherwise": the agreement is an exception to the notice deadline
        # (TIMESCALES.md, mediation_notice); the deadline keeps its date.
        event_record(
            actor=actor,
            case=d.case,
            type="exception",
            date=None,
            details={
                "disagreement": str(d.pk),
                "applies_to": "mediation_notice",
                "applies_to_label": "Give notice of the mediation",
                "reason": "The family agreed to shorter notice",
            },
            request=request,
        )
    d.mediation_on, d.venue = data["date"], data["venue"]
    d.stage = Stage.MEDIATION_ARRANGED
    return "Mediation arranged"


def _notice(actor: User, d: Disagreement, data: dict[str, Any], request: Any) -> str:
    _event(actor, d, "mediation_notice_sent", data["date"], request)
    d.notice_sent_on = data["date"]
    return "Notice of the mediation sent"


def _held(actor: User, d: Disagreement, data: dict[str, Any], request: Any) -> str:
    if data["outcome"] not in MediationOutcome.values:
        raise ValidationError({"outcome": "Select the outcome of the mediation"})
    _event(actor, d, "mediation_held", data["date"], request, outcome=data["outcome"])
    d.held_on = data["date"]
    d.attendees = data["attendees"]
    d.child_views_sought = data["child_views_sought"] == "yes"
    d.mediation_outcome = data["outcome"]
    d.health_part = data.get("health_part", "")
    d.social_care_part = data.get("social_care_part", "")
    d.stage = Stage.MEDIATION_HELD
    return "Mediation recorded"


def _appeal(actor: User, d: Disagreement, data: dict[str, Any], request: Any) -> str:
    due = data.get("response_due_on")
    if due is not None and due < data["date"]:
        raise ValidationError(
            {"response_due_on": "The response must be due on or after the appeal's registration"}
        )
    _event(actor, d, "appeal_registered", data["date"], request)
    d.registered_on = data["date"]
    d.response_due_on = due
    d.kind = DisagreementKind.APPEAL
    d.national_trial = bool(data.get("national_trial"))
    d.stage = Stage.APPEAL_REGISTERED
    return "Appeal registered"


def _response(actor: User, d: Disagreement, data: dict[str, Any], request: Any) -> str:
    if d.registered_on is None:
        raise ValidationError({"date": "Record the appeal's registration first"})
    _not_future("date", data["date"], "the response was sent")
    if data["date"] < d.registered_on:
        raise ValidationError(
            {"date": "The response must be on or after the appeal's registration"}
        )
    d.response_on = data["date"]
    d.unopposed = bool(data.get("unopposed"))
    d.stage = Stage.RESPONSE_SENT
    return "The authority's response recorded"


def _hearing(actor: User, d: Disagreement, data: dict[str, Any], request: Any) -> str:
    if d.registered_on is None:
        raise ValidationError({"date": "Record the appeal's registration first"})
    if data["date"] < d.registered_on:
        raise ValidationError({"date": "The hearing must be after the appeal's registration"})
    d.hearing_on = data["date"]
    d.stage = Stage.HEARING_ARRANGED
    return "Hearing date recorded"


def _decided(actor: User, d: Disagreement, data: dict[str, Any], request: Any) -> str:
    if d.registered_on is None:
        raise ValidationError({"date": "Record the appeal's registration first"})
    _not_future("date", data["date"], "of the decision")
    if data["date"] < d.registered_on:
        raise ValidationError(
            {"date": "The decision must be on or after the appeal's registration"}
        )
    if data["outcome"] not in AppealOutcome.values:
        raise ValidationError({"outcome": "Select the tribunal's decision"})
    # On the case's timeline too: the case's own rules read it (a ceased plan is kept until the
    # tribunal decides an appeal against ceasing it).
    _event(actor, d, "appeal_decided", data["date"], request, outcome=data["outcome"])
    d.decided_on = data["date"]
    d.appeal_outcome = data["outcome"]
    d.unopposed = d.unopposed or data["outcome"] == AppealOutcome.CONCEDED
    d.recommendations = data.get("recommendations", "")
    d.stage = Stage.DECIDED
    return "Tribunal's decision recorded"


def _order(actor: User, d: Disagreement, data: dict[str, Any], request: Any) -> str:
    kind = data["kind"]
    if kind not in OrderKind.values:
        raise ValidationError({"kind": "Select what the tribunal ordered"})
    if d.registered_on is None:
        raise ValidationError({"kind": "Record the appeal's registration before its orders"})
    if TribunalOrder.objects.filter(
        disagreement__case=d.case, kind=kind, complied_on__isnull=True
    ).exists():
        raise ValidationError(
            {"kind": "An order of this kind is already waiting to be met on this case"}
        )
    label = OrderKind(kind).label
    _event(actor, d, "tribunal_order", data["date"], request, kind=kind, kind_label=label)
    TribunalOrder.objects.create(
        disagreement=d, kind=kind, made_on=data["date"], created_by=actor, modified_by=actor
    )
    return f"Order recorded: {label}"


def _complied(actor: User, d: Disagreement, data: dict[str, Any], request: Any) -> str:
    order = (
        TribunalOrder.objects.select_for_update()
        .filter(disagreement=d, pk=data["order"], complied_on__isnull=True)
        .first()
    )
    if order is None:
        raise ValidationError({"order": "Select an order still waiting to be met"})
    if data["date"] < order.made_on:
        raise ValidationError({"date": "The date must be on or after the order was made"})
    label = OrderKind(order.kind).label
    _event(actor, d, "order_complied", data["date"], request, kind=order.kind, kind_label=label)
    order.complied_on = data["date"]
    order.modified_by = actor
    order.save(update_fields=["complied_on", "modified_by", "modified_at"])
    return f"Order met: {label}"


def _action_add(actor: User, d: Disagreement, data: dict[str, Any], request: Any) -> str:
    if d.held_on is None or d.mediation_outcome not in (
        MediationOutcome.AGREED,
        MediationOutcome.PARTLY,
    ):
        raise ValidationError({"what": "Record a mediation that reached agreement first"})
    if data["due"] < d.held_on:
        raise ValidationError({"due": "The date must be on or after the mediation"})
    AgreedAction.objects.create(
        disagreement=d,
        what=data["what"],
        who=data["who"],
        due=data["due"],
        created_by=actor,
        modified_by=actor,
    )
    return "Action of the mediated agreement added"


def _action_done(actor: User, d: Disagreement, data: dict[str, Any], request: Any) -> str:
    action = (
        AgreedAction.objects.select_for_update()
        .filter(disagreement=d, pk=data["action"], done_on__isnull=True)
        .first()
    )
    if action is None:
        raise ValidationError({"action": "Select an action still to be done"})
    _not_future("date", data["date"], "it was done")
    action.done_on = data["date"]
    action.modified_by = actor
    action.save(update_fields=["done_on", "modified_by", "modified_at"])
    return "Action marked as done"


def _close(actor: User, d: Disagreement, data: dict[str, Any], request: Any) -> str:
    _not_future("date", data["date"], "it closed")
    if data["date"] < d.opened_on:
        raise ValidationError({"date": "The date must be on or after the disagreement opened"})
    if TribunalOrder.objects.filter(disagreement=d, complied_on__isnull=True).exists():
        raise ValidationError({"date": "An order of the tribunal is still waiting to be met"})
    d.closed_on = data["date"]
    d.status = DisagreementStatus.CLOSED
    d.stage = Stage.CLOSED
    return "Disagreement closed"


HANDLERS: dict[str, Handler] = {
    "adviser": _adviser_contacted,
    "certificate": _certificate,
    "request": _requested,
    "arrange": _arranged,
    "notice": _notice,
    "held": _held,
    "appeal": _appeal,
    "response": _response,
    "hearing": _hearing,
    "decision": _decided,
    "order": _order,
    "complied": _complied,
    "action": _action_add,
    "action_done": _action_done,
    "close": _close,
}


@transaction.atomic
def step_record(
    *,
    actor: User,
    disagreement: Disagreement,
    step: str,
    data: dict[str, Any],
    based_on: str = "",
    request: HttpRequest | None = None,
) -> Disagreement:
    """Record one step of a disagreement (``HANDLERS``): its event on the case's timeline where
    the law gives it a deadline, and its facts on the record."""
    handler = HANDLERS.get(step)
    if handler is None:
        raise ValidationError("Unknown step")
    d = (
        Disagreement.objects.select_for_update()
        .select_related("case", "case__child")
        .get(pk=disagreement.pk)
    )
    check_version(d, based_on)
    if d.status == DisagreementStatus.CLOSED:
        raise ValidationError(CLOSED)
    said = handler(actor, d, data, request)
    d.modified_by = actor
    d.save()
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=d,
        child_id=d.case.child_id,
        summary=f"{said} ({d.get_kind_display().lower()} on case {d.case.reference})",
        changes={"step": step, **{k: _plain(v) for k, v in data.items() if k != "based_on"}},
    )
    return d
