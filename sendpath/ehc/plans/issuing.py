"""Sending the draft plan to the family and issuing the final plan."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from sendpath.core.audit import diff
from sendpath.core.formatting import govuk_date
from sendpath.core.models import AuditAction
from sendpath.ehc.cases import holders, services
from sendpath.ehc.cases.stages import STEP_STAGES, Step, require_step
from sendpath.ehc.models import (
    Case,
    CaseEvent,
    Plan,
    PlanStatus,
)
from sendpath.ehc.plans.rules import golden_thread_problems
from sendpath.ehc.plans.selectors import (
    draft_sent_on,
    latest_event,
    plan_for,
    representations_close,
)
from sendpath.ehc.plans.services import audit_plan_change, lock_plan
from sendpath.ehc.plans.versions import snapshot_plan, version_record
from sendpath.ehc.presenters import period_of
from sendpath.people.models import User


@transaction.atomic
def draft_send(
    *,
    actor: User,
    case: Case,
    sent_on: dt.date,
    warnings_checked: bool = False,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """Send the draft plan to the family, starting their 15 days for representations."""
    plan, case = lock_plan(plan_for(case, actor))
    require_step(case, Step.SEND_DRAFT)
    outcome = latest_event(case, "assessment_outcome")
    if outcome is not None and outcome.date is not None and sent_on < outcome.date:
        raise ValidationError(
            {
                "date": "The date the draft was sent must be on or after "
                f"{govuk_date(outcome.date)}, the date of the decision to issue a plan"
            }
        )
    problems = golden_thread_problems(plan)
    if problems and not warnings_checked:
        raise ValidationError(
            {
                "warnings_checked": "The plan has golden thread warnings. Tick to confirm you "
                "have checked them and want to send the draft anyway"
            }
        )
    event = services.event_record(
        actor=actor,
        case=case,
        type="draft_plan_sent",
        date=sent_on,
        # The draft as it was sent: what the family's 15 days to comment are about, kept even
        # if the plan is edited afterwards (the family reads this copy).
        details={"warnings": len(problems), "plan_as_sent": snapshot_plan(plan)},
        request=request,
    )
    _set_status(
        actor=actor,
        plan=plan,
        case=case,
        status=PlanStatus.DRAFT_SENT,
        date_field="draft_sent_on",
        on=sent_on,
        summary="Sent the draft plan to the family",
        request=request,
    )
    return event


def _set_status(
    *,
    actor: User,
    plan: Plan,
    case: Case,
    status: str,
    date_field: str,
    on: dt.date,
    summary: str,
    request: HttpRequest | None,
) -> None:
    """Move the plan to a new status on a date (sent, issued) and audit the change."""
    before = {"status": plan.status, date_field: getattr(plan, date_field)}
    plan.status = status
    setattr(plan, date_field, on)
    plan.modified_by = actor
    plan.save(update_fields=["status", date_field, "modified_by", "modified_at"])
    audit_plan_change(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=plan,
        case=case,
        summary=summary,
        changes=diff(before, {"status": plan.status, date_field: on}),
    )


@transaction.atomic
def final_issue(
    *,
    actor: User,
    case: Case,
    issued_on: dt.date,
    early_confirmed: bool = False,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """Issue the final plan: the plan becomes final and the child's SEN provision is 'E'."""
    plan, case = lock_plan(plan_for(case, actor))
    if plan.status == PlanStatus.FINAL:
        raise ValidationError(STEP_STAGES[Step.ISSUE_FINAL].refusal)
    require_step(case, Step.ISSUE_FINAL)
    sent = draft_sent_on(case, plan)
    if sent is not None and issued_on < sent:
        raise ValidationError(
            {
                "date": "The date the final plan was issued must be on or after "
                f"{govuk_date(sent)}, the date the draft was sent"
            }
        )
    named = latest_event(case, "placement_named")
    if named is None:
        raise ValidationError(
            "Name the placement (section I) on the consultation page before issuing the final plan"
        )
    close = representations_close(case)
    if close is not None and issued_on <= close.due and not early_confirmed:
        raise ValidationError(
            {
                "early_confirmed": "The family's "
                f"{period_of('draft_representations_close')} to comment end on "
                f"{govuk_date(close.due)}. Choose a later date, or tick to confirm the family "
                "have already made their representations"
            }
        )
    event = services.event_record(
        actor=actor,
        case=case,
        type="final_plan_issued",
        date=issued_on,
        details={
            "organisation": named.details.get("organisation")
            or named.details.get("kind_label", ""),
            "organisation_id": named.details.get("organisation_id"),
        },
        request=request,
    )
    _set_status(
        actor=actor,
        plan=plan,
        case=case,
        status=PlanStatus.FINAL,
        date_field="issued_on",
        on=issued_on,
        summary="Issued the final plan",
        request=request,
    )

    version_record(
        actor=actor, plan=plan, kind="final", issued_on=issued_on, event=event, request=request
    )
    holders.sync(
        actor=actor,
        child=case.child,
        since=issued_on,
        why=f"final plan issued on case {case.reference}",
        request=request,
    )
    return event
