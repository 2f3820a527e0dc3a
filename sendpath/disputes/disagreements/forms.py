"""Forms for disagreements: one per step, each naming its field in its errors."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.core.concurrency import VersionedForm
from sendpath.core.forms import DateField, GovukForm

from ..models.disagreements import (
    AppealOutcome,
    Decision,
    DisagreementKind,
    DisagreementStatus,
    MediationOutcome,
    OrderKind,
)

YES_NO = [("yes", "Yes"), ("no", "No")]
EXAMPLE = "For example, 3 9 2026"


def _text(label: str, help_text: str = "", *, required: bool = False, rows: int = 3) -> Any:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _any(choices: Any, everything: str) -> list[tuple[str, str]]:
    return [("", everything), *choices]


class FilterForm(GovukForm):
    kind = forms.ChoiceField(
        label="Type", required=False, choices=_any(DisagreementKind.choices, "All types")
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=_any(DisagreementStatus.choices, "Any status")
    )
    decision = forms.ChoiceField(
        label="Decision disagreed with",
        required=False,
        choices=_any(Decision.choices, "Any decision"),
    )
    caseworker = forms.ChoiceField(label="Caseworker", required=False, choices=[("", "Anyone")])
    response_owed = forms.BooleanField(
        label="Only appeals whose response to the tribunal is still owed", required=False
    )


class OpenForm(GovukForm):
    kind = forms.ChoiceField(
        label="What the family is doing",
        choices=DisagreementKind.choices,
        widget=forms.RadioSelect,
        help_text="Most families must speak to a mediation adviser before they appeal "
        "(Children and Families Act 2014 s.55)",
    )
    decision = forms.ChoiceField(
        label="The decision they disagree with",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        help_text="SEND Code of Practice 11.45 lists the decisions a family may appeal",
    )
    decision_notice_on = DateField(
        label="Date of the decision letter", not_in_future=True, required=False, help_text=EXAMPLE
    )
    opened_on = DateField(label="Date the family told you", not_in_future=True, help_text=EXAMPLE)


class StepForm(VersionedForm, GovukForm):
    """A step: its date (the day it happened)."""

    date = DateField(label="Date", not_in_future=True, help_text=EXAMPLE)


class AdviserForm(StepForm):
    wants_mediation = forms.ChoiceField(
        label="Does the family want mediation?", choices=YES_NO, widget=forms.RadioSelect
    )


class RequestForm(StepForm):
    health_element = forms.BooleanField(
        label="The family wants the health parts mediated too (the health commissioner takes part)",
        required=False,
    )
    social_care_element = forms.BooleanField(
        label="The family wants the social care parts mediated too", required=False
    )


class ArrangeForm(StepForm):
    date = DateField(label="Date of the mediation", help_text=EXAMPLE)
    venue = forms.CharField(label="Venue", max_length=200)
    shorter_notice = forms.BooleanField(
        label="The family agreed to less than 5 working days' notice",
        required=False,
        help_text="Recorded as an exception to the notice deadline (SEND Regulations 2014 reg 37)",
    )


class HeldForm(StepForm):
    attendees = _text("Who attended", required=True)
    child_views_sought = forms.ChoiceField(
        label="Were the child's or young person's views sought?",
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(
        label="Outcome", choices=MediationOutcome.choices, widget=forms.RadioSelect
    )
    health_part = _text("What the health commissioner agreed", "Only if health was mediated")
    social_care_part = _text("What social care agreed", "Only if social care was mediated")


class AppealForm(StepForm):
    response_due_on = DateField(
        label="Date the authority's response is due",
        required=False,
        help_text="The date in the tribunal's letter. It stays on the worklist until the "
        "response is recorded. " + EXAMPLE,
    )
    national_trial = forms.BooleanField(
        label="The appeal asks for health and social care recommendations too (the National "
        "Trial, an extended appeal)",
        required=False,
    )


class ResponseForm(StepForm):
    unopposed = forms.BooleanField(
        label="The authority does not oppose the appeal (it concedes)", required=False
    )


class HearingForm(StepForm):
    date = DateField(label="Date of the hearing", help_text=EXAMPLE)


class DecisionForm(StepForm):
    outcome = forms.ChoiceField(
        label="The tribunal's decision", choices=AppealOutcome.choices, widget=forms.RadioSelect
    )
    recommendations = _text(
        "The tribunal's health and social care recommendations", "Only in an extended appeal"
    )


class OrderForm(StepForm):
    date = DateField(label="Date of the order", not_in_future=True, help_text=EXAMPLE)
    kind = forms.ChoiceField(
        label="What the tribunal ordered", choices=OrderKind.choices, widget=forms.RadioSelect
    )


class CompliedForm(StepForm):
    date = DateField(label="Date the order was met", not_in_future=True, help_text=EXAMPLE)
    order = forms.ChoiceField(label="The order", choices=[], widget=forms.RadioSelect)


class ActionForm(StepForm):
    date = None  # type: ignore[assignment]
    what = forms.CharField(label="What was agreed", max_length=300)
    who = forms.CharField(label="Who does it", max_length=200)
    due = DateField(label="Date it must be done by", help_text=EXAMPLE)


class ActionDoneForm(StepForm):
    date = DateField(label="Date it was done", not_in_future=True, help_text=EXAMPLE)
    action = forms.ChoiceField(label="The action", choices=[], widget=forms.RadioSelect)


class CloseForm(StepForm):
    date = DateField(label="Date it ended", not_in_future=True, help_text=EXAMPLE)


# Each step: its form, the page's title, and the rule it records (shown on the page).
STEPS: dict[str, tuple[type[StepForm], str, str]] = {
    "adviser": (
        AdviserForm,
        "Family contacted the mediation adviser",
        "SEND Regulations 2014 reg 33: the family has 2 months from the decision letter.",
    ),
    "certificate": (
        StepForm,
        "Mediation certificate issued",
        "SEND Regulations 2014 reg 34: within 3 working days of the family saying they do not "
        "want mediation; reg 39 after a mediation.",
    ),
    "request": (
        RequestForm,
        "Family asked for mediation",
        "SEND Regulations 2014 reg 37: mediation within 30 days of the authority being told.",
    ),
    "arrange": (
        ArrangeForm,
        "Mediation arranged",
        "SEND Regulations 2014 reg 37: notice of the date and venue at least 5 working days "
        "before, unless the family agrees otherwise.",
    ),
    "notice": (StepForm, "Notice of the mediation sent", "SEND Regulations 2014 reg 37."),
    "held": (HeldForm, "Mediation held", "SEND Regulations 2014 regs 37-42."),
    "appeal": (
        AppealForm,
        "Appeal registered by the tribunal",
        "HESC Rules 2008 r.20: by the later of 2 months from the decision letter and 1 month "
        "from the mediation certificate.",
    ),
    "response": (
        ResponseForm,
        "The authority's response to the appeal",
        "HESC Rules 2008 r.21: the response by the date the tribunal sets.",
    ),
    "hearing": (HearingForm, "Hearing date", "The tribunal sets the hearing date."),
    "decision": (
        DecisionForm,
        "The tribunal's decision",
        "Children and Families Act 2014 s.51.",
    ),
    "order": (
        OrderForm,
        "The tribunal's order",
        "SEND Regulations 2014 reg 44(2): each order has its time to comply.",
    ),
    "complied": (CompliedForm, "Order met", "SEND Regulations 2014 reg 44(2)."),
    "action": (
        ActionForm,
        "Add an action of the mediated agreement",
        "The dates come from the agreement (SEND Regulations 2014 regs 37-42).",
    ),
    "action_done": (
        ActionDoneForm,
        "Action done",
        "The dates come from the agreement (SEND Regulations 2014 regs 37-42).",
    ),
    "close": (CloseForm, "Close the disagreement", ""),
}
