"""Forms of the quality audit (GOV.UK components)."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.core import reference
from sendpath.core.concurrency import VersionedForm
from sendpath.core.forms import DateField, GovukForm
from sendpath.insight.models import SECTIONS, Agency

from .framework import GRADE_CHOICES

WEIGHTS = [(str(n), str(n)) for n in range(1, 6)]


class CriterionForm(GovukForm, VersionedForm):
    section = forms.ChoiceField(label="Section of the plan", choices=SECTIONS)
    text = forms.CharField(label="What good looks like", max_length=300)
    guidance = forms.CharField(
        label="Guidance for auditors", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    source = forms.CharField(
        label="Source",
        required=False,
        max_length=200,
        help_text="The paragraph of the SEND Code of Practice or regulation it comes from",
    )
    weight = forms.TypedChoiceField(
        label="Weight",
        choices=WEIGHTS,
        coerce=int,
        widget=forms.RadioSelect,
        help_text="How much this criterion counts in the section's grade, from 1 to 5",
    )
    active = forms.BooleanField(
        label="Use this criterion in new samples", required=False, initial=True
    )


class SampleForm(GovukForm):
    title = forms.CharField(label="Name of the audit round", max_length=120)
    size = forms.IntegerField(
        label="Number of plans", min_value=1, max_value=200,
        help_text="Drawn at random from the issued plans that match the theme below",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )  # fmt: skip
    seed = forms.IntegerField(
        label="Seed",
        required=False,
        min_value=1,
        max_value=999_999_999,
        help_text="Leave empty for a new random seed. The same seed draws the same plans again",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}),
    )
    need = forms.ChoiceField(
        label="Primary need",
        required=False,
        choices=[("", "Any"), *reference.NEED_TYPES_CENSUS],
    )
    setting = forms.ChoiceField(label="Setting named in the plan", required=False, choices=[])
    issued_from = DateField(label="Issued on or after", required=False)
    issued_to = DateField(label="Issued on or before", required=False)
    cared_for = forms.BooleanField(label="Cared-for (looked after) children only", required=False)


class AssignForm(GovukForm):
    auditor = forms.ChoiceField(label="Auditor", choices=[])
    agency = forms.ChoiceField(label="Agency", choices=Agency.choices, widget=forms.RadioSelect)


class GradesForm(GovukForm, VersionedForm):
    """A grade and a comment for every criterion of the sample, then an overall comment."""

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"grade_{c.pk}"] = forms.ChoiceField(
                label=f"Section {c.section}: {c.text}",
                choices=GRADE_CHOICES,
                widget=forms.RadioSelect,
                help_text=c.guidance,
                error_messages={"required": f"Select a grade for section {c.section}: {c.text}"},
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=f"Comment on section {c.section}",
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["comment"] = forms.CharField(
            label="Overall comment", required=False, max_length=4000, widget=forms.Textarea
        )
        for c in criteria:  # GovukForm set the required message before these were added
            self.fields[f"grade_{c.pk}"].error_messages["required"] = (
                f"Select a grade for section {c.section}: {c.text}"
            )
            self.fields[f"grade_{c.pk}"].error_messages["invalid_choice"] = (
                f"Select a grade for section {c.section} from the list"  # noqa: S608 - not SQL
            )

    def pairs(self) -> list[tuple[Any, Any, Any]]:
        return [(c, self[f"grade_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def grades(self, data: dict[str, Any]) -> dict[int, tuple[Any, str]]:
        return {
            c.pk: (data.get(f"grade_{c.pk}"), data.get(f"comment_{c.pk}", ""))
            for c in self.criteria
        }


class ModerationForm(GovukForm, VersionedForm):
    points = forms.ChoiceField(
        label="Agreed grade", choices=GRADE_CHOICES, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Why this grade was agreed", max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class FindingsForm(GovukForm, VersionedForm):
    themes = forms.CharField(
        label="Themes",
        required=False,
        max_length=1000,
        help_text="Separate themes with commas, for example: outcomes not measurable, no health advice",
    )
    summary = forms.CharField(
        label="What the audit found", required=False, max_length=4000, widget=forms.Textarea
    )


class ActionForm(GovukForm):
    description = forms.CharField(label="What needs to be done", max_length=300)
    owner = forms.ChoiceField(label="Who will do it", choices=[])
    due_on = DateField(label="Due by")
