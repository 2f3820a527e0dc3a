"""Personal budgets and direct payments for special educational provision.

- Children and Families Act 2014 s.49: a child's parent or a young person may ask for a
  personal budget when an EHC plan is being prepared or reviewed (or amended); the authority
  must prepare one if asked.
- The Special Educational Needs (Personal Budgets) Regulations 2014 ("the Regulations"): reg 7
  and the Schedule (people who may not receive direct payments), reg 8 (a decision not to make
  direct payments: reasons and the right to ask for a review), reg 10 (the school's or college's
  agreement before payments are used for provision on its premises); SEND Code of Practice
  9.95-9.124.

A budget is an amount a year for named provision in the plan (sections F, G and H), met from the
non-delegated element of the high needs block: never the funding of a school or college place.
Money is in whole pence.
"""

from __future__ import annotations

import datetime as dt

from django.db import models

from sendpath.core.models import BaseModel
from sendpath.ehc.models import Case, CaseEvent, PlanProvision
from sendpath.people.models import Child, Organisation


class BudgetStatus(models.TextChoices):
    REQUESTED = "requested", "Awaiting a response"
    AGREED = "agreed", "Agreed"
    REFUSED = "refused", "Refused"
    STOPPED = "stopped", "Stopped"


class AskedBy(models.TextChoices):
    PARENT = "parent", "The child's parent"
    YOUNG_PERSON = "young_person", "The young person"


class AskedWhen(models.TextChoices):
    ASSESSMENT = "assessment", "During the EHC needs assessment or while the plan is drafted"
    REVIEW = "review", "At a review of the plan"
    AMENDMENT = "amendment", "While the plan is being amended"


class Holding(models.TextChoices):
    DIRECT_PAYMENT = "direct_payment", "Direct payment"
    ARRANGEMENT = "arrangement", "Arrangement (a notional budget the council spends)"
    THIRD_PARTY = "third_party", "Third party"
    MIX = "mix", "A mix"


class PersonalBudget(BaseModel):
    """A request for a personal budget and what the authority decided."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="personal_budgets")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="personal_budgets")
    # The family's request from the portal, picked up so the family never asks twice.
    request_event = models.OneToOneField(
        CaseEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_by = models.CharField(max_length=20, choices=AskedBy.choices)
    asked_when = models.CharField(max_length=20, choices=AskedWhen.choices)
    requested_on = models.DateField()
    what_for = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=BudgetStatus.choices, default=BudgetStatus.REQUESTED
    )
    decided_on = models.DateField(null=True, blank=True)
    refusal_reason = models.TextField(blank=True)
    review_requested_on = models.DateField(null=True, blank=True)
    stopped_on = models.DateField(null=True, blank=True)
    stopped_reason = models.CharField(max_length=300, blank=True)
    # Worked out from the elements on every change (filters and counts read them).
    holding = models.CharField(max_length=20, choices=Holding.choices, blank=True)
    amount_pence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-requested_on", "-created_at"]
        indexes = [models.Index(fields=["status", "holding"], name="budget_status_holding")]

    def __str__(self) -> str:
        return f"Personal budget for {self.child}"

    @property
    def audit_child_id(self) -> object:
        return self.child_id


class BudgetElement(BaseModel):
    """An amount a year for one item of provision named in the plan, and how it is held."""

    budget = models.ForeignKey(PersonalBudget, on_delete=models.CASCADE, related_name="elements")
    provision = models.ForeignKey(
        PlanProvision, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    section = models.CharField(max_length=2)  # the plan's section, kept if the item goes
    description = models.TextField()
    amount_pence = models.PositiveIntegerField()
    holding = models.CharField(
        max_length=20, choices=[c for c in Holding.choices if c[0] != Holding.MIX]
    )
    third_party = models.CharField(max_length=200, blank=True)
    # Provision on a school's or college's premises paid by direct payment needs its written
    # agreement first (reg 10).
    premises = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    premises_agreed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["section", "created_at"]

    @property
    def audit_child_id(self) -> object:
        return self.budget.child_id

    @property
    def needs_premises_agreement(self) -> bool:
        return (
            self.holding == Holding.DIRECT_PAYMENT
            and self.premises_id is not None
            and self.premises_agreed_on is None
        )


class DirectPayment(BaseModel):
    """How the direct payment part of a budget is paid and checked."""

    budget = models.OneToOneField(
        PersonalBudget, on_delete=models.CASCADE, related_name="direct_payment"
    )
    recipient = models.CharField(max_length=200)
    consent_given_on = models.DateField(null=True, blank=True)
    consent_withdrawn_on = models.DateField(null=True, blank=True)
    # A separate account used only for the payments: never its number in full.
    account_last4 = models.CharField(max_length=4, blank=True)
    account_only_for_payments = models.BooleanField(default=False)
    # The recipient is not one of the people the Regulations exclude (reg 7 and the Schedule).
    eligibility_confirmed_on = models.DateField(null=True, blank=True)
    monitoring_every_months = models.PositiveSmallIntegerField(default=3)
    next_monitoring_due = models.DateField(null=True, blank=True)
    last_monitored_on = models.DateField(null=True, blank=True)
    monitoring_note = models.TextField(blank=True)

    @property
    def audit_child_id(self) -> object:
        return self.budget.child_id

    @property
    def consent_in_force(self) -> bool:
        return self.consent_given_on is not None and self.consent_withdrawn_on is None

    def monitoring_overdue(self, today: dt.date) -> bool:
        return self.next_monitoring_due is not None and self.next_monitoring_due < today


class PaymentStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    PAID = "paid", "Paid"
    CANCELLED = "cancelled", "Cancelled"


class Payment(BaseModel):
    """One payment into the recipient's account: scheduled, then paid (or cancelled)."""

    direct_payment = models.ForeignKey(
        DirectPayment, on_delete=models.PROTECT, related_name="payments"
    )
    due_on = models.DateField()
    amount_pence = models.PositiveIntegerField()
    status = models.CharField(
        max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.SCHEDULED
    )
    paid_on = models.DateField(null=True, blank=True)
    cancelled_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]

    @property
    def audit_child_id(self) -> object:
        return self.direct_payment.budget.child_id
