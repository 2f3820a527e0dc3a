"""Forms for the SEN Register, the support record and the cycles (GOV.UK components)."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.core import reference
from sendpath.core.concurrency import VersionedForm
from sendpath.core.forms import DateField, GovukForm

from ..models import (
    AdviceSource,
    NextStep,
    NoteKind,
    RegisterStatus,
    TargetResult,
    Tier,
)

TEXT = 20000


def _text(label: str, help_text: str = "", *, required: bool = False, rows: int = 4) -> Any:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


NEED_CHOICES = [("", "Select a need"), *reference.NEED_TYPES_CENSUS]


class SearchForm(GovukForm):
    q = forms.CharField(label="Search by name", required=False, max_length=100)


class RegisterForm(VersionedForm, GovukForm):
    status = forms.ChoiceField(
        label="SEN status", choices=RegisterStatus.choices, widget=forms.RadioSelect
    )
    effective_on = DateField(
        label="Date of the change",
        not_in_future=True,
        help_text="Putting a pupil on SEN support starts the clock the readiness check reads. "
        "For example, 3 9 2026",
    )
    primary_need = forms.ChoiceField(
        label="Primary need",
        choices=NEED_CHOICES,
        required=False,
        help_text="School census type of need. Needed for SEN support",
    )
    secondary_need = forms.ChoiceField(
        label="Secondary need", choices=NEED_CHOICES, required=False, help_text="Optional"
    )
    reason = _text("Reason", "Needed when a pupil comes off SEN support")


class RecordForm(VersionedForm, GovukForm):
    tier = forms.ChoiceField(
        label="Tier of support",
        choices=Tier.choices,
        widget=forms.RadioSelect,
        help_text="The tiers proposed for Individual Support Plans",
    )
    about_me = _text("What people like and admire about me")
    what_matters = _text("What is important to me")
    how_to_help = _text("How best to support me")
    communication = _text("How I prefer to communicate")

    @staticmethod
    def values_of(record: Any) -> dict[str, Any]:
        return {
            f: getattr(record, f)
            for f in ("tier", "about_me", "what_matters", "how_to_help", "communication")
        }


class CycleStartForm(GovukForm):
    started_on = DateField(label="Start date", help_text="For example, 3 9 2026")
    review_due = DateField(
        label="Review date",
        help_text="Usually 6 to 8 weeks after the start: 7 weeks is suggested",
    )


class AssessForm(VersionedForm, GovukForm):
    child_views = _text("The child's views")
    family_views = _text("The family's views")
    assessments = _text("Assessments and observations in school")
    attainment_now = _text("Attainment and progress now")
    attainment_before = _text("Attainment and progress before")
    national_comparison = _text("Compared with national data")


class PlanForm(VersionedForm, GovukForm):
    started_on = DateField(label="Start date")
    review_due = DateField(label="Review date", help_text="Usually 6 to 8 weeks after the start")
    adjustments = _text(
        "Adjustments, equipment, support and interventions",
        "Who runs each and when",
        rows=6,
    )


class FamilyForm(VersionedForm, GovukForm):
    family_invited_on = DateField(
        label="Date the family was invited to contribute", required=False, not_in_future=True
    )
    family_contribution = _text("What the family said for the review", rows=6)


class ReviewForm(VersionedForm, GovukForm):
    reviewed_on = DateField(
        label="Date of the review",
        required=False,
        not_in_future=True,
        help_text="Leave blank until the review has been held",
    )
    impact = _text("The impact of the support")
    child_views_at_review = _text("The child's views at the review")
    family_views_at_review = _text("The family's views at the review")
    staff_views = _text("Staff views at the review")
    next_step = forms.ChoiceField(
        label="Next step",
        choices=[("", "Not decided yet"), *NextStep.choices],
        required=False,
    )


class LearnForm(VersionedForm, GovukForm):
    learning = _text(
        "What we learnt, to carry into the next cycle",
        "Shown at the top of the next cycle",
        rows=6,
    )


SECTION_FORMS: dict[str, tuple[type[VersionedForm], str]] = {
    "assess": (AssessForm, "Assess"),
    "plan": (PlanForm, "Plan"),
    "family": (FamilyForm, "Family's contribution"),
    "review": (ReviewForm, "Review"),
    "learn": (LearnForm, "Learn"),
}


class TargetForm(VersionedForm, GovukForm):
    outcome = _text("Target", "Outcome-focused and SMART", required=True, rows=3)
    provision = _text("What will be done, by whom and when")
    success_criteria = _text("How we will know it has worked")
    measure = _text("How progress is measured")


class TargetResultForm(VersionedForm, GovukForm):
    result = forms.ChoiceField(
        label="Result",
        choices=TargetResult.choices,
        widget=forms.RadioSelect,
        help_text="Targets not met or partly met are carried into the next cycle",
    )
    evidence = _text("Evidence of impact", "Against the success criteria")


class AdviceForm(VersionedForm, GovukForm):
    source = forms.ChoiceField(label="Who the advice came from", choices=AdviceSource.choices)
    adviser = forms.CharField(label="Name or team", required=False, max_length=200)
    received_on = DateField(label="Date received", not_in_future=True)
    summary = _text("What they advised", required=True)
    targets_set_from_it = forms.BooleanField(
        label="Targets were set from this advice", required=False
    )


class NoteForm(GovukForm):
    on = DateField(label="Date", not_in_future=True)
    kind = forms.ChoiceField(label="Kind", choices=NoteKind.choices, widget=forms.RadioSelect)
    text = _text("Note", required=True)


class RemoveForm(GovukForm):
    confirm = forms.BooleanField(label="Yes, remove this target", required=True)
