"""Changes to personal budgets and direct payments: each one checked, atomic and audited.

The rules, and where they come from:

- CFA 2014 s.49(1)-(2); the Regulations reg 4: the authority must prepare a personal budget when
  a parent or young person asks, while a plan is being prepared or reviewed (or amended).
- The budget is for provision named in the plan (sections F, G and H), from the non-delegated
  element of the high needs block: the funding of a school or college place is never part of
  it (SEND Code of Practice 9.95-9.124, on personal budgets).
- Direct payments need the recipient's consent, and stop at once when it is withdrawn
  (CFA 2014 s.49(4)); they are paid into a separate account used only for them (a condition
  of the Regulations; DfE principles on personal budgets); they may not be made to the people
  reg 7 and the Schedule name; they may not pay for provision on a school's or college's
  premises without its written agreement (reg 10).
- A refusal gives its reasons, and the family may ask for it to be reviewed (reg 8).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from sendpath.core.audit import audit_record
from sendpath.core.concurrency import check_version
from sendpath.core.models import AuditAction
from sendpath.ehc.cases.services import event_record
from sendpath.ehc.models import Case, CaseEvent, PlanProvision

from .models import (
    AskedBy,
    AskedWhen,
    BudgetElement,
    BudgetStatus,
    DirectPayment,
    Holding,
    Payment,
    PaymentStatus,
    PersonalBudget,
)

PORTAL_REQUEST = "family_personal_budget_requested"

SCHOOL_PLACE_REFUSED = (
    "A personal budget cannot pay for a school or college place: it comes from the "
    "non-delegated high needs block only (SEND Code of Practice 9.95-9.124)"
)
NO_CONSENT = (
    "Payments cannot be made without the recipient's consent in force "
    "(Children and Families Act 2014 s.49(4))"
)


def _audit(request: HttpRequest | None, actor: Any, action: str, obj: Any, summary: str) -> None:
    audit_record(
        request=request,
        action=action,
        obj=obj,
        child_id=obj.audit_child_id,
        summary=summary,
        actor=actor,
    )


def _step(
    request: HttpRequest | None,
    actor: Any,
    budget: PersonalBudget,
    type_: str,
    date: dt.date,
    **details: Any,
) -> None:
    """The step on the case's timeline (ARCHITECTURE.md: the timeline is the truth), in the
    same transaction. Its details never hold the reasons for a refusal or what the budget is
    for in the family's words: the family reads the timeline."""
    event_record(
        actor=actor,
        case=budget.case,
        type=type_,
        date=date,
        details={"budget": str(budget.pk), **details},
        request=request,
    )


def _refresh_totals(budget: PersonalBudget) -> None:
    """The budget's amount and holding, from its elements."""
    elements = list(budget.elements.all())
    budget.amount_pence = sum(e.amount_pence for e in elements)
    holdings = {e.holding for e in elements}
    budget.holding = (
        "" if not holdings else holdings.pop() if len(holdings) == 1 else str(Holding.MIX)
    )
    budget.save(update_fields=["amount_pence", "holding", "modified_at"])


def _locked(budget: PersonalBudget) -> PersonalBudget:
    """The budget as it is now, locked until the change commits: two people deciding at once
    cannot both decide (the second sees the first's decision and is refused)."""
    list(PersonalBudget.objects.select_for_update().filter(pk=budget.pk).values_list("pk"))
    budget.refresh_from_db()
    return budget


def _open_budget(case: Case) -> PersonalBudget | None:
    return case.personal_budgets.filter(status=BudgetStatus.REQUESTED).first()


@transaction.atomic
def record_request(
    *,
    actor: Any,
    case: Case,
    asked_by: str,
    asked_when: str,
    requested_on: dt.date,
    what_for: str = "",
    request_event: CaseEvent | None = None,
    request: HttpRequest | None = None,
) -> PersonalBudget:
    """A parent or young person asks for a personal budget (s.49; reg 4)."""
    if not case.is_open:
        raise ValidationError("A personal budget can only be asked for on an open case")
    if asked_by not in AskedBy.values:
        raise ValidationError({"asked_by": "Select who asked"})
    if asked_when not in AskedWhen.values:
        raise ValidationError({"asked_when": "Select when they asked"})
    if _open_budget(case) is not None:
        raise ValidationError(
            "This case already has a request for a personal budget awaiting a response"
        )
    budget = PersonalBudget.objects.create(
        case=case,
        child=case.child,
        asked_by=asked_by,
        asked_when=asked_when,
        requested_on=requested_on,
        what_for=what_for.strip(),
        request_event=request_event,
        created_by=actor,
        modified_by=actor,
    )
    _step(request, actor, budget, "personal_budget_requested", requested_on, asked_by=asked_by)
    _audit(request, actor, AuditAction.CREATED, budget, "Recorded a request for a personal budget")
    return budget


def _asked_when(case: Case) -> str:
    if case.stage == "final_issued":
        return str(AskedWhen.REVIEW)
    return str(AskedWhen.ASSESSMENT)


@transaction.atomic
def adopt_family_request(event: CaseEvent) -> PersonalBudget | None:
    """The family's request from the portal becomes a request awaiting a response (once)."""
    if event.type != PORTAL_REQUEST or PersonalBudget.objects.filter(request_event=event).exists():
        return None
    case = event.case
    existing = _open_budget(case)
    if existing is not None:  # already asked: link the family's words to it
        if existing.request_event_id is None:
            existing.request_event = event
            existing.what_for = existing.what_for or str(event.details.get("what_for", ""))
            existing.save(update_fields=["request_event", "what_for", "modified_at"])
        return existing
    user = event.recorded_by
    young = bool(user is not None and case.child.young_person_user_id == user.pk)
    budget = PersonalBudget.objects.create(
        case=case,
        child=case.child,
        asked_by=AskedBy.YOUNG_PERSON if young else AskedBy.PARENT,
        asked_when=_asked_when(case),
        requested_on=event.date or event.recorded_at.date(),
        what_for=str(event.details.get("what_for", "")),
        request_event=event,
        created_by=user,
        modified_by=user,
    )
    _audit(None, user, AuditAction.CREATED, budget, "Request for a personal budget from the portal")
    return budget


@transaction.atomic
def add_element(
    *,
    actor: Any,
    budget: PersonalBudget,
    provision: PlanProvision,
    amount_pence: int,
    holding: str,
    school_place: bool = False,
    premises: Any = None,
    third_party: str = "",
    request: HttpRequest | None = None,
) -> BudgetElement:
    """An amount a year for one item of the plan's provision, and how it is held."""
    budget = _locked(budget)
    if budget.status not in (BudgetStatus.REQUESTED, BudgetStatus.AGREED):
        raise ValidationError("This budget can no longer be changed")
    if school_place:
        raise ValidationError({"school_place": SCHOOL_PLACE_REFUSED})
    if provision.plan.case_id != budget.case_id:
        raise ValidationError({"provision": "Select provision from this child's plan"})
    if amount_pence <= 0:
        raise ValidationError({"amount": "Enter an amount a year of more than £0"})
    if holding not in (Holding.DIRECT_PAYMENT, Holding.ARRANGEMENT, Holding.THIRD_PARTY):
        raise ValidationError({"holding": "Select how this part is held"})
    if holding == Holding.THIRD_PARTY and not third_party.strip():
        raise ValidationError({"third_party": "Enter who holds this part for the family"})
    element = BudgetElement.objects.create(
        budget=budget,
        provision=provision,
        section=provision.section,
        description=provision.what[:500],
        amount_pence=amount_pence,
        holding=holding,
        premises=premises,
        third_party=third_party.strip(),
        created_by=actor,
        modified_by=actor,
    )
    _refresh_totals(budget)
    if budget.status == BudgetStatus.AGREED and holding == Holding.DIRECT_PAYMENT:
        DirectPayment.objects.get_or_create(
            budget=budget, defaults={"recipient": "", "created_by": actor}
        )
    _audit(request, actor, AuditAction.UPDATED, budget, "Added a part to a personal budget")
    return element


@transaction.atomic
def agree(
    *, actor: Any, budget: PersonalBudget, decided_on: dt.date, request: HttpRequest | None = None
) -> PersonalBudget:
    budget = _locked(budget)
    if budget.status != BudgetStatus.REQUESTED:
        raise ValidationError("Only a request awaiting a response can be agreed")
    if not budget.elements.exists():
        raise ValidationError("Add at least one part (provision and amount) before agreeing")
    budget.status = BudgetStatus.AGREED
    budget.decided_on = decided_on
    budget.modified_by = actor
    budget.save()
    if budget.elements.filter(holding=Holding.DIRECT_PAYMENT).exists():
        DirectPayment.objects.get_or_create(
            budget=budget, defaults={"recipient": "", "created_by": actor}
        )
    _step(
        request, actor, budget, "personal_budget_agreed", decided_on,
        amount_pence=budget.amount_pence, holding=budget.holding,
    )  # fmt: skip
    _audit(request, actor, AuditAction.UPDATED, budget, "Agreed a personal budget")
    return budget


@transaction.atomic
def refuse(
    *,
    actor: Any,
    budget: PersonalBudget,
    decided_on: dt.date,
    reason: str,
    request: HttpRequest | None = None,
) -> PersonalBudget:
    """A refusal, with its reasons: the family may ask for it to be reviewed (reg 8)."""
    budget = _locked(budget)
    if budget.status != BudgetStatus.REQUESTED:
        raise ValidationError("Only a request awaiting a response can be refused")
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reasons for the refusal"})
    budget.status = BudgetStatus.REFUSED
    budget.decided_on = decided_on
    budget.refusal_reason = reason.strip()
    budget.modified_by = actor
    budget.save()
    _step(request, actor, budget, "personal_budget_refused", decided_on)
    _audit(request, actor, AuditAction.UPDATED, budget, "Refused a personal budget")
    return budget


@transaction.atomic
def record_review_request(
    *, actor: Any, budget: PersonalBudget, on: dt.date, request: HttpRequest | None = None
) -> PersonalBudget:
    """The family asks for the refusal to be reviewed (reg 8)."""
    budget = _locked(budget)
    if budget.status != BudgetStatus.REFUSED:
        raise ValidationError("Only a refusal can be reviewed")
    budget.review_requested_on = on
    budget.save(update_fields=["review_requested_on", "modified_at"])
    _step(request, actor, budget, "personal_budget_review_requested", on)
    _audit(request, actor, AuditAction.UPDATED, budget, "Review of a refusal asked for")
    return budget


@transaction.atomic
def set_up_direct_payment(
    *,
    actor: Any,
    direct_payment: DirectPayment,
    recipient: str,
    account_last4: str,
    account_only_for_payments: bool,
    not_excluded: bool,
    monitoring_every_months: int,
    next_monitoring_due: dt.date,
    today: dt.date,
    based_on: str | None = None,
    request: HttpRequest | None = None,
) -> DirectPayment:
    """Record the direct payment's details; refused (``StaleEditError``) when someone else
    changed them after this page was opened (``based_on``)."""
    direct_payment = DirectPayment.objects.select_for_update().get(pk=direct_payment.pk)
    check_version(direct_payment, based_on)
    if not recipient.strip():
        raise ValidationError({"recipient": "Enter who receives the payments"})
    if not (len(account_last4) == 4 and account_last4.isdigit()):
        raise ValidationError(
            {"account_last4": "Enter the last 4 digits of the account number, like 1234"}
        )
    if not account_only_for_payments:
        raise ValidationError(
            {"account_only_for_payments": "Confirm the account is used only for these payments"}
        )
    if not not_excluded:
        raise ValidationError(
            {
                "not_excluded": "Direct payments cannot be made unless the recipient is not one "
                "of the people the Regulations exclude (reg 7 and the Schedule)"
            }
        )
    if not 1 <= monitoring_every_months <= 12:
        raise ValidationError(
            {"monitoring_every_months": "Monitoring must be every 1 to 12 months"}
        )
    first = direct_payment.eligibility_confirmed_on is None
    direct_payment.recipient = recipient.strip()
    direct_payment.account_last4 = account_last4
    direct_payment.account_only_for_payments = True
    direct_payment.eligibility_confirmed_on = today
    direct_payment.monitoring_every_months = monitoring_every_months
    direct_payment.next_monitoring_due = next_monitoring_due
    direct_payment.modified_by = actor
    direct_payment.save()
    if first:  # a change of account later is not a new step
        _step(request, actor, direct_payment.budget, "direct_payments_set_up", today)
    _audit(request, actor, AuditAction.UPDATED, direct_payment, "Set up a direct payment")
    return direct_payment


@transaction.atomic
def give_consent(
    *, actor: Any, direct_payment: DirectPayment, on: dt.date, request: HttpRequest | None = None
) -> DirectPayment:
    if direct_payment.consent_in_force:
        raise ValidationError("Consent is already recorded")
    if direct_payment.budget.status != BudgetStatus.AGREED:
        raise ValidationError("Consent can only be given to an agreed budget")
    direct_payment.consent_given_on = on
    direct_payment.consent_withdrawn_on = None
    direct_payment.save(update_fields=["consent_given_on", "consent_withdrawn_on", "modified_at"])
    _audit(request, actor, AuditAction.UPDATED, direct_payment, "Consent to direct payments given")
    return direct_payment


@transaction.atomic
def withdraw_consent(
    *, actor: Any, direct_payment: DirectPayment, on: dt.date, request: HttpRequest | None = None
) -> int:
    """Consent withdrawn: every scheduled payment is cancelled at once, and the direct payment
    part of the budget stops. Returns how many payments were cancelled."""
    direct_payment = DirectPayment.objects.select_for_update().get(pk=direct_payment.pk)
    if not direct_payment.consent_in_force:
        raise ValidationError("There is no consent in force to withdraw")
    direct_payment.consent_withdrawn_on = on
    direct_payment.save(update_fields=["consent_withdrawn_on", "modified_at"])
    cancelled = direct_payment.payments.filter(status=PaymentStatus.SCHEDULED).update(
        status=PaymentStatus.CANCELLED, cancelled_reason="Consent withdrawn"
    )
    budget = direct_payment.budget
    if not budget.elements.exclude(holding=Holding.DIRECT_PAYMENT).exists():
        budget.status = BudgetStatus.STOPPED
        budget.stopped_on = on
        budget.stopped_reason = "Consent to direct payments withdrawn"
        budget.save(update_fields=["status", "stopped_on", "stopped_reason", "modified_at"])
    _step(
        request, actor, budget, "direct_payment_consent_withdrawn", on,
        cancelled=cancelled, stopped=budget.status == BudgetStatus.STOPPED,
    )  # fmt: skip
    _audit(
        request,
        actor,
        AuditAction.UPDATED,
        direct_payment,
        f"Consent to direct payments withdrawn: {cancelled} scheduled payments cancelled",
    )
    return cancelled


@transaction.atomic
def record_premises_agreement(
    *,
    actor: Any,
    element: BudgetElement,
    on: dt.date,
    request: HttpRequest | None = None,
) -> BudgetElement:
    """The school's or college's written agreement to provision on its premises (reg 10)."""
    if element.premises_id is None:
        raise ValidationError("This part is not used on a school's or college's premises")
    element.premises_agreed_on = on
    element.save(update_fields=["premises_agreed_on", "modified_at"])
    _audit(request, actor, AuditAction.UPDATED, element, "School's written agreement recorded")
    return element


def payment_blockers(direct_payment: DirectPayment) -> list[str]:
    """Why no payment may be scheduled or made now (empty: it may)."""
    reasons = []
    if not direct_payment.consent_in_force:
        reasons.append(NO_CONSENT)
    if direct_payment.budget.status != BudgetStatus.AGREED:
        reasons.append("The budget is not agreed")
    if not (direct_payment.account_last4 and direct_payment.account_only_for_payments):
        reasons.append("Record the separate account used only for these payments")
    if direct_payment.eligibility_confirmed_on is None:
        reasons.append(
            "Confirm the recipient is not one of the people the Regulations exclude "
            "(reg 7 and the Schedule)"
        )
    for element in direct_payment.budget.elements.select_related("premises"):
        if element.needs_premises_agreement:
            reasons.append(
                f"Record the written agreement of {element.premises} to provision on its "
                "premises (reg 10)"
            )
    return reasons


def _check_can_pay(direct_payment: DirectPayment) -> None:
    blockers = payment_blockers(direct_payment)
    if blockers:
        raise ValidationError(blockers[0])


@transaction.atomic
def schedule_payment(
    *,
    actor: Any,
    direct_payment: DirectPayment,
    due_on: dt.date,
    amount_pence: int,
    paid: bool = False,
    request: HttpRequest | None = None,
) -> Payment:
    """A payment scheduled (or recorded as paid on ``due_on``)."""
    direct_payment = DirectPayment.objects.select_for_update().get(pk=direct_payment.pk)
    _check_can_pay(direct_payment)
    if amount_pence <= 0:
        raise ValidationError({"amount": "Enter an amount of more than £0"})
    payment = Payment.objects.create(
        direct_payment=direct_payment,
        due_on=due_on,
        amount_pence=amount_pence,
        status=PaymentStatus.PAID if paid else PaymentStatus.SCHEDULED,
        paid_on=due_on if paid else None,
        created_by=actor,
        modified_by=actor,
    )
    _audit(
        request,
        actor,
        AuditAction.CREATED,
        payment,
        "Recorded a direct payment" if paid else "Scheduled a direct payment",
    )
    return payment


@transaction.atomic
def mark_paid(
    *, actor: Any, payment: Payment, paid_on: dt.date, request: HttpRequest | None = None
) -> Payment:
    _check_can_pay(DirectPayment.objects.select_for_update().get(pk=payment.direct_payment_id))
    if payment.status != PaymentStatus.SCHEDULED:
        raise ValidationError("Only a scheduled payment can be recorded as paid")
    payment.status = PaymentStatus.PAID
    payment.paid_on = paid_on
    payment.modified_by = actor
    payment.save()
    _audit(request, actor, AuditAction.UPDATED, payment, "Recorded a direct payment as paid")
    return payment


@transaction.atomic
def record_monitoring(
    *,
    actor: Any,
    direct_payment: DirectPayment,
    on: dt.date,
    note: str,
    request: HttpRequest | None = None,
) -> DirectPayment:
    """A check of how the payments were used; the next one is due after the agreed interval."""
    if not note.strip():
        raise ValidationError({"note": "Enter what the check found"})
    months = direct_payment.monitoring_every_months
    year, month = divmod(on.month - 1 + months, 12)
    day = min(on.day, 28)
    direct_payment.last_monitored_on = on
    direct_payment.next_monitoring_due = dt.date(on.year + year, month + 1, day)
    direct_payment.monitoring_note = note.strip()
    direct_payment.save()
    _audit(request, actor, AuditAction.UPDATED, direct_payment, "Recorded a monitoring check")
    return direct_payment
