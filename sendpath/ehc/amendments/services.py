"""Plans in force: amendments and ceasing a plan.

A plan issued as final can change only through an amendment (reg 22) or an annual review. The
authority proposes the changes with its reasons and evidence (``amendment_proposed`` starts the
family's 15 days for representations and the 8 weeks to issue), then issues the amended plan
(``amended_plan_issued``) or decides not to amend (``decided_not_to_amend``). While a proposal is
open the plan's sections can be edited with the services of ``plans/services.py`` (its
``_check_editable`` asks ``cases.selectors.amendment_open``). Every plan issued (the final plan
and each amended plan) is kept as a ``PlanVersion`` snapshot (``plans/versions.py``), and two
versions can be compared section by section (``amendments/compare.py``).

Ceasing (CFA s.45, reg 31) is a local step, ``plan_ceased``, recorded with the SEN2 reason, the
consultation done, and the notice with appeal rights (``decision_notice_sent``, which starts the
family's appeal deadline). The plan stays maintained until the appeal period ends, so the case is
not closed here.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest

from sendpath.core.formatting import govuk_date
from sendpath.ehc.amendments.selectors import CEASE_REASONS, can_amend, ceased_event
from sendpath.ehc.cases import services
from sendpath.ehc.cases.selectors import amendment_open
from sendpath.ehc.cases.stages import STEP_STAGES, Step
from sendpath.ehc.documents import services as documents
from sendpath.ehc.models import Case, CaseEvent, Deadline, Plan, PlanVersion
from sendpath.ehc.plans import selectors as plan_selectors
from sendpath.ehc.plans.versions import version_record
from sendpath.ehc.presenters import period_of
from sendpath.people.models import User


def _lock(case: Case) -> tuple[Case, Plan]:
    case = Case.objects.select_for_update().select_related("child").get(pk=case.pk)
    plan = Plan.objects.select_for_update().get(pk=plan_selectors.plan_for(case).pk)
    return case, plan


def _check_in_force(case: Case, plan: Plan) -> None:
    if not can_amend(case, plan):
        if ceased_event(case) is not None:
            raise ValidationError("The authority has decided to cease this plan")
        raise ValidationError(STEP_STAGES[Step.AMEND].refusal)


@transaction.atomic
def amendment_propose(
    *,
    actor: User,
    case: Case,
    proposed_on: dt.date,
    reasons: str,
    changes: str,
    evidence: UploadedFile | None = None,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """Propose amendments to the plan in force: the family has 15 days to comment and the
    amended plan is due within 8 weeks (reg 22)."""
    case, plan = _lock(case)
    _check_in_force(case, plan)
    if amendment_open(case) is not None:
        raise ValidationError(
            "An amendment is already proposed: issue the amended plan or decide not to amend first"
        )
    errors: dict[str, str] = {}
    if not reasons.strip():
        errors["reasons"] = "Enter the reasons for the proposed amendments"
    if not changes.strip():
        errors["changes"] = "Describe the changes proposed to the plan"
    if plan.issued_on and proposed_on < plan.issued_on:
        errors["date"] = (
            f"The date must be on or after {govuk_date(plan.issued_on)}, "
            "the date the final plan was issued"
        )
    if errors:
        raise ValidationError(errors)
    if not plan.versions.exists() and plan.issued_on:
        # A plan issued before versions were kept: keep it as issued before it changes.
        version_record(
            actor=actor,
            plan=plan,
            kind="final",
            issued_on=plan.issued_on,
            event=plan_selectors.latest_event(case, "final_plan_issued"),
            request=request,
        )
    event = services.event_record(
        actor=actor,
        case=case,
        type="amendment_proposed",
        date=proposed_on,
        details={"reasons": reasons.strip(), "changes": changes.strip()},
        request=request,
    )
    if evidence:
        try:
            documents.document_attach(
                actor=actor,
                case=case,
                upload=evidence,
                title="Evidence for proposed amendments",
                event=event,
                request=request,
            )
        except ValidationError as error:
            raise ValidationError({"evidence": error.messages[0]}) from None
    return event


def _open_or_refuse(case: Case) -> CaseEvent:
    proposed = amendment_open(case)
    if proposed is None:
        raise ValidationError("There is no amendment proposed on this plan")
    return proposed


def _not_before(proposed: CaseEvent, on: dt.date) -> None:
    if proposed.date and on < proposed.date:
        raise ValidationError(
            {
                "date": f"The date must be on or after {govuk_date(proposed.date)}, "
                "the date the amendments were proposed"
            }
        )


@transaction.atomic
def amendment_issue(
    *,
    actor: User,
    case: Case,
    issued_on: dt.date,
    early_confirmed: bool = False,
    request: HttpRequest | None = None,
) -> PlanVersion:
    """Issue the amended plan: it becomes the next version."""
    case, plan = _lock(case)
    _check_in_force(case, plan)
    proposed = _open_or_refuse(case)
    _not_before(proposed, issued_on)
    close = Deadline.objects.filter(case=case, key="amendment_representations_close").first()
    if close is not None and issued_on <= close.due and not early_confirmed:
        raise ValidationError(
            {
                "early_confirmed": "The family's "
                f"{period_of('amendment_representations_close')} to comment end on "
                f"{govuk_date(close.due)}. Choose a later date, or tick to confirm the family "
                "have already made their representations"
            }
        )
    event = services.event_record(
        actor=actor,
        case=case,
        type="amended_plan_issued",
        date=issued_on,
        details={"proposed_on": proposed.date.isoformat() if proposed.date else None},
        request=request,
    )
    version = version_record(
        actor=actor, plan=plan, kind="amended", issued_on=issued_on, event=event, request=request
    )
    return version


@transaction.atomic
def amendment_decline(
    *,
    actor: User,
    case: Case,
    decided_on: dt.date,
    reasons: str,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """Decide not to amend the plan after all (the family must be told, with reasons)."""
    case, plan = _lock(case)
    _check_in_force(case, plan)
    proposed = _open_or_refuse(case)
    if not reasons.strip():
        raise ValidationError({"reasons": "Enter the reasons for deciding not to amend"})
    _not_before(proposed, decided_on)
    return services.event_record(
        actor=actor,
        case=case,
        type="decided_not_to_amend",
        date=decided_on,
        details={"reasons": reasons.strip()},
        request=request,
    )


@transaction.atomic
def cease_plan(
    *,
    actor: User,
    case: Case,
    decided_on: dt.date,
    reason: str,
    consultation: str,
    notice_sent_on: dt.date,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """Decide to cease the plan: the reason (SEN2), the consultation done (reg 31) and the notice
    with appeal rights. The plan stays maintained until the appeal period ends."""
    case, plan = _lock(case)
    _check_in_force(case, plan)
    if amendment_open(case) is not None:
        raise ValidationError(
            "An amendment is proposed: issue the amended plan or decide not to amend first"
        )
    errors: dict[str, str] = {}
    if reason not in CEASE_REASONS:
        errors["reason"] = "Select the reason for ceasing the plan"
    if not consultation.strip():
        errors["consultation"] = (
            "Enter the consultation done with the family, the young person and the setting"
        )
    if plan.issued_on and decided_on < plan.issued_on:
        errors["date"] = (
            f"The date must be on or after {govuk_date(plan.issued_on)}, "
            "the date the final plan was issued"
        )
    if notice_sent_on < decided_on:
        errors["notice_sent_on"] = "The notice must be sent on or after the date of the decision"
    if errors:
        raise ValidationError(errors)
    label = CEASE_REASONS[reason]
    event = services.event_record(
        actor=actor,
        case=case,
        type="plan_ceased",
        date=decided_on,
        details={
            "reason": reason,
            "reason_label": label,
            "kind_label": label,
            "consultation": consultation.strip(),
            "notice_sent_on": notice_sent_on.isoformat(),
        },
        request=request,
    )
    try:
        services.event_record(
            actor=actor,
            case=case,
            type="decision_notice_sent",
            date=notice_sent_on,
            details={
                "notice": "plan_ceased",
                "kind_label": "Notice of the decision to cease the plan, with the right to appeal",
            },
            request=request,
        )
    except ValidationError as error:
        messages = error.message_dict.get("date") if hasattr(error, "error_dict") else None
        raise ValidationError({"notice_sent_on": (messages or error.messages)[0]}) from None
    return event
