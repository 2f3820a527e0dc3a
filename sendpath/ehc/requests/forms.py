"""Forms for requests, panel decisions, exceptions, corrections and reassignment."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.core.forms import DateField, GovukForm
from sendpath.ehc.models import RequestSource
from sendpath.ehc.requests.services import YOUNG_PERSON_ONLY
from sendpath.people.ages import is_young_person
from sendpath.timescales.rules import EXCEPTION_REASONS

EXCEPTION_REASON_LABELS = {
    "school_closure": "The school was closed for 4 weeks or more (reg 5(4)(a), 10(4)(a), 13(3)(a))",
    "exceptional_personal_circumstances": "Exceptional personal circumstances of the child or family",
    "absence_from_area": "The child or family was away from the area for 4 weeks or more",
    "missed_appointment": "The child or family missed an appointment (advice only, reg 8(2))",
}


class RequestForm(GovukForm):
    source = forms.ChoiceField(
        label="Who made the request",
        choices=RequestSource.choices,
        widget=forms.RadioSelect,
        help_text="A young person can ask for themselves from the end of Year 11 (the last Friday "
        "in June of the school year they turn 16) until they turn 25",
    )
    received_on = DateField(
        label="Date the request was received",
        not_in_future=True,
        help_text="The 6-week and 20-week clocks start on this date. For example, 5 1 2026",
    )
    requester_name = forms.CharField(
        label="Name of the person or organisation asking", max_length=200, required=False
    )
    family_agrees = forms.ChoiceField(
        label="Does the family agree to the school making this request?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        required=False,
        help_text="Only for a request from a school, college or setting",
    )
    family_agreed_on = DateField(label="Date the family agreed", not_in_future=True, required=False)
    summary = forms.CharField(
        label="Why the request was made",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="A short summary of the concerns and what has been tried",
    )
    evidence = forms.FileField(
        label="Evidence from the school (optional)",
        required=False,
        help_text="PDF, Word or image files up to 20 MB",
    )

    def __init__(self, *args: Any, date_of_birth: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.date_of_birth = date_of_birth

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source = data.get("source")
        if source == RequestSource.SCHOOL:
            if not data.get("family_agrees"):
                self.add_error(
                    "family_agrees", "Select whether the family agrees to the school's request"
                )
            elif data["family_agrees"] == "no":
                self.add_error(
                    "family_agrees",
                    "A school can only ask with the family's agreement (Children and Families Act 2014 s.36(1)). Record the request once the family agrees",
                )
            elif not data.get("family_agreed_on"):
                self.add_error("family_agreed_on", "Enter the date the family agreed")
        if (
            source == RequestSource.YOUNG_PERSON
            and self.date_of_birth
            and data.get("received_on")
            and not is_young_person(self.date_of_birth, data["received_on"])
        ):
            self.add_error("source", YOUNG_PERSON_ONLY)
        if (
            self.date_of_birth
            and data.get("received_on")
            and data["received_on"] < self.date_of_birth
        ):
            self.add_error("received_on", "The request cannot be before the child was born")
        return data


class DecisionForm(GovukForm):
    outcome = forms.ChoiceField(label="Decision", widget=forms.RadioSelect)
    decided_on = DateField(
        label="Date of the decision", not_in_future=True, help_text="For example, 13 2 2026"
    )
    reasons = forms.CharField(
        label="Reasons",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="These are given to the family in the decision notice",
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = choices  # type: ignore[attr-defined]


class ExceptionForm(GovukForm):
    applies_to = forms.ChoiceField(
        label="Which deadline it excuses",
        help_text="Only the decision whether to assess (regulation 5(4)), advice (regulation "
        "8(2)), the decision whether to issue a plan (regulation 10(4)) and the final plan "
        "(regulation 13(3)) can be excused",
    )
    reason = forms.ChoiceField(
        label="Reason",
        choices=[(r, EXCEPTION_REASON_LABELS.get(r, r)) for r in sorted(EXCEPTION_REASONS)],
        widget=forms.RadioSelect,
    )
    details = forms.CharField(label="What happened", widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(
        label="Evidence (optional)",
        required=False,
        help_text="PDF, Word or image files up to 20 MB",
    )

    def __init__(self, *args: Any, deadlines: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applies_to"].choices = [("", "Select a deadline"), *deadlines]  # type: ignore[attr-defined]
        self.fields["applies_to"].error_messages["invalid_choice"] = (
            "Select a deadline an exception can excuse: the decision whether to assess, advice, "
            "the decision whether to issue a plan or the final plan"
        )


class CorrectionForm(GovukForm):
    date = DateField(label="Correct date", not_in_future=True)
    reason = forms.CharField(label="Why it is being corrected", max_length=300)


class AssignForm(GovukForm):
    caseworker = forms.ChoiceField(label="Caseworker")

    def __init__(self, *args: Any, caseworkers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].choices = [("", "Select a caseworker"), *caseworkers]  # type: ignore[attr-defined]


class WorklistFilterForm(GovukForm):
    q = forms.CharField(label="Name, UPN or case reference", required=False, max_length=100)
    stage = forms.ChoiceField(label="Stage", required=False)
    deadline = forms.ChoiceField(label="Next deadline type", required=False)
    school = forms.ChoiceField(label="School or setting", required=False)
    caseworker = forms.ChoiceField(label="Caseworker", required=False)
    overdue = forms.BooleanField(label="Only cases with an overdue deadline", required=False)


class CloseForm(GovukForm):
    reason = forms.CharField(
        label="Why the case is being closed",
        max_length=200,
        help_text="For example: final plan issued and notice sent; no appeal made",
    )
