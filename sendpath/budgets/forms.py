"""Forms for personal budgets and direct payments (GOV.UK components)."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.core.concurrency import VersionedForm
from sendpath.core.forms import DateField, GovukForm

from .models import AskedBy, AskedWhen, BudgetStatus, Holding
from .money import parse_pounds

MONITORING = [("", "Any"), ("due", "Due in the next 30 days"), ("overdue", "Overdue")]


class FilterForm(GovukForm):
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any"), *BudgetStatus.choices], required=False
    )
    holding = forms.ChoiceField(
        label="How it is held", choices=[("", "Any"), *Holding.choices], required=False
    )
    monitoring = forms.ChoiceField(label="Monitoring", choices=MONITORING, required=False)


class AmountField(forms.CharField):
    """An amount in pounds and pence, cleaned to whole pence."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if text in (None, ""):
            return text
        pence = parse_pounds(str(text))
        if pence is None or pence <= 0:
            raise forms.ValidationError(
                f"{self.label} must be an amount in pounds, like 1250 or 1250.50"
            )
        return pence


class RequestForm(GovukForm):
    asked_by = forms.ChoiceField(
        label="Who asked", choices=AskedBy.choices, widget=forms.RadioSelect
    )
    asked_when = forms.ChoiceField(
        label="When they asked", choices=AskedWhen.choices, widget=forms.RadioSelect
    )
    requested_on = DateField(label="Date they asked", not_in_future=True)
    what_for = forms.CharField(
        label="What they would like it for",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ElementForm(GovukForm):
    provision = forms.ChoiceField(
        label="Provision in the plan",
        help_text="From sections F, G and H of the plan",
        widget=forms.RadioSelect,
    )
    amount = AmountField(label="Amount a year", help_text="In pounds, for example 1250.00")
    holding = forms.ChoiceField(
        label="How this part is held",
        choices=[c for c in Holding.choices if c[0] != Holding.MIX],
        widget=forms.RadioSelect,
    )
    third_party = forms.CharField(
        label="Third party",
        required=False,
        max_length=200,
        help_text="Only if a third party holds this part",
    )
    premises = forms.ChoiceField(
        label="School or college where it is used",
        required=False,
        help_text="Only if the provision happens on a school's or college's premises: its "
        "written agreement is needed before direct payments pay for it (reg 10)",
    )
    school_place = forms.BooleanField(
        label="This pays for the school or college place",
        required=False,
        help_text="A personal budget never includes the funding of a place",
    )


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("agree", "Agree the budget"), ("refuse", "Refuse")],
        widget=forms.RadioSelect,
    )
    decided_on = DateField(label="Date of the decision", not_in_future=True)
    reason = forms.CharField(
        label="Reasons for a refusal",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed for a refusal: the family is told them and may ask for a review (reg 8)",
    )


class ReviewRequestForm(GovukForm):
    on = DateField(label="Date the family asked for a review", not_in_future=True)


class DirectPaymentForm(VersionedForm, GovukForm):
    recipient = forms.CharField(label="Who receives the payments", max_length=200)
    account_last4 = forms.CharField(
        label="Last 4 digits of the account number",
        max_length=4,
        help_text="Never record the full number",
    )
    account_only_for_payments = forms.BooleanField(
        label="The account is separate and used only for these payments", required=False
    )
    not_excluded = forms.BooleanField(
        label="The recipient is not one of the people who may not receive direct payments",
        required=False,
        help_text="For example, people under certain orders about drugs or alcohol "
        "(the Regulations, reg 7 and the Schedule)",
    )
    monitoring_every_months = forms.IntegerField(
        label="Monitoring every (months)", min_value=1, max_value=12
    )
    next_monitoring_due = DateField(label="First monitoring check due")


class ConsentForm(GovukForm):
    on = DateField(label="Date", not_in_future=True)


class AgreementForm(GovukForm):
    on = DateField(label="Date of the school's or college's written agreement", not_in_future=True)


class PaymentForm(GovukForm):
    due_on = DateField(label="Payment date")
    amount = AmountField(label="Amount")
    paid = forms.BooleanField(label="Already paid on this date", required=False)


class PaidForm(GovukForm):
    paid_on = DateField(label="Date paid", not_in_future=True)


class MonitoringForm(GovukForm):
    on = DateField(label="Date of the check", not_in_future=True)
    note = forms.CharField(
        label="What the check found", max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class WithdrawForm(GovukForm):
    confirm = forms.BooleanField(
        label="I want to stop the direct payments",
        help_text="Payments stop straight away",
    )
