"""Forms for annual, early and interim reviews and phase transfers."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.core.concurrency import VersionedForm
from sendpath.core.forms import DateField, GovukForm
from sendpath.ehc.presenters import period_of
from sendpath.ehc.reviews.selectors import (
    GROUPS,
    OUTCOMES,
    PFA_SECTIONS,
    REVIEW_KINDS,
    TRANSFER_KINDS,
)


class ReviewFilterForm(GovukForm):
    show = forms.ChoiceField(label="Show", choices=list(GROUPS.items()), required=False)
    school = forms.ChoiceField(
        label="School or setting", choices=[("", "All settings")], required=False
    )


class TransferFilterForm(GovukForm):
    year = forms.TypedChoiceField(label="Year of transfer", coerce=int, choices=[], required=False)


class ScheduleForm(VersionedForm, GovukForm):
    kind = forms.ChoiceField(
        label="Kind of review", choices=list(REVIEW_KINDS.items()), widget=forms.RadioSelect
    )
    meeting_on = DateField(
        label="Date of the meeting",
        help_text=f"Invitations must go out at least {period_of('review_invitations')} before. "
        "For example, 12 3 2027",
    )
    reason = forms.CharField(
        label="Why the review is being held early",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Needed for an early or interim review",
    )
    time = forms.CharField(
        label="Time of the meeting (optional)",
        max_length=40,
        required=False,
        help_text="For example, 10am to 11:30am. Given in the invitations",
    )
    place = forms.CharField(
        label="Where the meeting is (optional)",
        max_length=200,
        required=False,
        help_text="For example, the school's meeting room, or online. Given in the invitations",
    )


class InvitationsForm(VersionedForm, GovukForm):
    sent_on = DateField(
        label="Date the invitations were sent",
        not_in_future=True,
        help_text="Enter today's date to email the invitation now to each professional invited "
        "who has an email address. For invitations already sent another way, enter the date "
        "they were sent: nobody is emailed",
    )
    invitees = forms.MultipleChoiceField(
        label="Who was invited",
        widget=forms.CheckboxSelectMultiple,
        help_text="The family, the young person and every professional involved in the last 12 months",
    )

    def __init__(self, *args: Any, invitees: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["invitees"].choices = list(invitees.items())  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial["invitees"] = list(invitees)


class HeldForm(VersionedForm, GovukForm):
    held_on = DateField(label="Date the meeting was held", not_in_future=True)


class ReportForm(VersionedForm, GovukForm):
    received_on = DateField(label="Date the review report was received", not_in_future=True)
    recommendations = forms.CharField(
        label="Recommendations",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Including any changes to the plan the meeting recommends",
        max_length=10000,
    )
    disagreement = forms.CharField(
        label="Any disagreement",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Where the family, the young person or a professional disagrees with the recommendations",
        max_length=10000,
    )
    employment = forms.CharField(
        label=PFA_SECTIONS["employment"], widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    independent_living = forms.CharField(
        label=PFA_SECTIONS["independent_living"],
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    community = forms.CharField(
        label=PFA_SECTIONS["community"], widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    health = forms.CharField(
        label=PFA_SECTIONS["health"], widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, adulthood: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not adulthood:
            for name in PFA_SECTIONS:
                del self.fields[name]


class ReviewDecisionForm(VersionedForm, GovukForm):
    outcome = forms.ChoiceField(
        label="The authority's decision", choices=list(OUTCOMES.items()), widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label="Reasons for the decision", widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )
    decided_on = DateField(label="Date the family was notified", not_in_future=True)


class TransferForm(VersionedForm, GovukForm):
    kind = forms.ChoiceField(
        label="Kind of transfer", choices=list(TRANSFER_KINDS.items()), widget=forms.RadioSelect
    )
    year = forms.IntegerField(
        label="Year of transfer",
        help_text="The calendar year the child moves, for example 2027 for a move in September 2027",
        error_messages={"invalid": "Year of transfer must be a year in numbers, like 2027"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
    )
