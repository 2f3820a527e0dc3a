"""Forms for a pupil's voice, provision map and evidence of need, and the authority's threshold.

Amounts of money are typed in pounds and kept in pence (``money.parse_pounds``): never floats.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from sendpath.core.concurrency import VersionedForm
from sendpath.core.forms import DateField, GovukForm, set_choices

from ..models import CostBasis, EvidenceKind, ProvisionEntry, Term, VoiceMethod, Wave
from ..money import parse_pounds, pounds
from . import selectors

# The largest rate a provision may have (10,000 pounds an hour or a session), so that no cost
# can outgrow the database's whole numbers.
MAX_RATE_PENCE = 1_000_000
MAX_THRESHOLD_PENCE = 100_000_000  # 1,000,000 pounds a year


def _blank(text: str) -> list[tuple[str, str]]:
    return [("", text)]


def _money(text: str, *, label: str, most: int, example: str) -> int:
    try:
        pence = parse_pounds(text)
    except ValueError:
        raise forms.ValidationError(
            f"{label} must be an amount in pounds, like {example}"
        ) from None
    if pence > most:
        raise forms.ValidationError(f"{label} must be {pounds(most)} or less")
    return pence


class VoiceForm(VersionedForm, GovukForm):
    method = forms.ChoiceField(
        label="How the child's views were gathered",
        choices=_blank("Select") + list(VoiceMethod.choices),
    )
    gathered_on = DateField(
        label="Date gathered", not_in_future=True, help_text="For example, 27 3 2026"
    )
    gathered_by = forms.CharField(
        label="Who gathered them",
        max_length=200,
        help_text="Their name and role, for example a teaching assistant or the SENCO",
    )
    communication = forms.CharField(
        label="How the child preferred to communicate",
        max_length=200,
        required=False,
        help_text="For example, talking, drawing, symbols, signing or choosing photographs",
    )
    content = forms.CharField(
        label="What the child said or showed",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        help_text="In the child's own words where you can",
    )
    file = forms.FileField(
        label="A drawing, photograph or document",
        required=False,
        help_text="PDF, Word document, PNG or JPG, smaller than 20 MB",
        error_messages={"empty": "The selected file is empty"},
    )

    @staticmethod
    def initial_for(voice: Any) -> dict[str, Any]:
        return {f: getattr(voice, f) for f in VoiceForm.base_fields if f != "file"}


def term_key(school_year: int, term: str) -> str:
    return f"{school_year}-{term}"


class ProvisionForm(VersionedForm, GovukForm):
    term_key = forms.ChoiceField(label="Term", widget=forms.RadioSelect)
    description = forms.CharField(
        label="Provision",
        max_length=300,
        help_text="What it is, for example a reading intervention or speech and language group",
    )
    wave = forms.ChoiceField(label="Wave", choices=list(Wave.choices), widget=forms.RadioSelect)
    staff = forms.CharField(
        label="Who delivers it",
        max_length=200,
        required=False,
        help_text="For example, a teaching assistant or a specialist teacher",
    )
    cost_basis = forms.ChoiceField(
        label="How it is paid for", choices=list(CostBasis.choices), widget=forms.RadioSelect
    )
    rate = forms.CharField(
        label="Cost per hour or per session",
        max_length=20,
        help_text="In pounds, for example 25 or 12.50",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
    )
    minutes_per_week = forms.IntegerField(
        label="Minutes a week",
        required=False,
        min_value=1,
        max_value=3000,
        help_text="If it is paid by the hour: how long it runs each week, for example 90",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
    )
    sessions_per_week = forms.IntegerField(
        label="Sessions a week",
        required=False,
        min_value=1,
        max_value=50,
        help_text="If it is paid by the session: how many a week",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
    )
    weeks = forms.IntegerField(
        label="Weeks this term",
        min_value=1,
        max_value=16,
        help_text="Usually 12 to 14",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
    )
    group_size = forms.IntegerField(
        label="Group size",
        min_value=1,
        max_value=60,
        initial=1,
        help_text="1 if the pupil has it on their own; the group's cost is shared among its pupils",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
    )

    def __init__(
        self, *args: Any, today: dt.date, entry: ProvisionEntry | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        terms = selectors.three_terms(today)
        whens = ("previous term", "this term", "next term, planned")
        choices = [
            (term_key(y, t), f"{selectors.term_label(y, t)} ({when})")
            for (y, t), when in zip(terms, whens, strict=True)
        ]
        if entry is not None and (entry.school_year, entry.term) not in terms:
            label = selectors.term_label(entry.school_year, entry.term)
            choices.insert(0, (term_key(entry.school_year, entry.term), label))
        set_choices(self, "term_key", choices)
        for name, words in (
            ("minutes_per_week", "Minutes a week"),
            ("sessions_per_week", "Sessions a week"),
            ("weeks", "Weeks this term"),
            ("group_size", "Group size"),
        ):
            field = self.fields[name]
            field.error_messages["invalid"] = f"{words} must be a whole number"
            field.error_messages["min_value"] = f"{words} must be %(limit_value)s or more"
            field.error_messages["max_value"] = f"{words} must be %(limit_value)s or fewer"

    def clean_rate(self) -> int:
        return _money(
            self.cleaned_data["rate"],
            label="Cost per hour or per session",
            most=MAX_RATE_PENCE,
            example="25 or 12.50",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        key = data.get("term_key")
        if key:
            year, _, term = str(key).partition("-")
            data["school_year"], data["term"] = int(year), Term(term)
        if "rate" in data:
            data["rate_pence"] = data["rate"]
        return data

    @staticmethod
    def initial_for(entry: Any) -> dict[str, Any]:
        return {
            "term_key": term_key(entry.school_year, entry.term),
            "description": entry.description,
            "wave": entry.wave,
            "staff": entry.staff,
            "cost_basis": entry.cost_basis,
            "rate": pounds(entry.rate_pence).removeprefix("£").replace(",", ""),
            "minutes_per_week": entry.minutes_per_week or None,
            "sessions_per_week": entry.sessions_per_week or None,
            "weeks": entry.weeks,
            "group_size": entry.group_size,
        }


class EvidenceForm(VersionedForm, GovukForm):
    kind = forms.ChoiceField(
        label="Kind of evidence", choices=list(EvidenceKind.choices), widget=forms.RadioSelect
    )
    recorded_on = DateField(
        label="Date recorded", not_in_future=True, help_text="For example, 27 3 2026"
    )
    summary = forms.CharField(
        label="What it shows",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        help_text=(
            "How the pupil's needs compare with their peers', for example a reading age of 6 "
            "years 2 months at 9 years 4 months"
        ),
    )

    @staticmethod
    def initial_for(evidence: Any) -> dict[str, Any]:
        return {f: getattr(evidence, f) for f in ("kind", "recorded_on", "summary")}


class ThresholdForm(VersionedForm, GovukForm):
    threshold = forms.CharField(
        label="Notional SEN budget threshold a year",
        max_length=20,
        help_text=(
            "In pounds. What a school meets from its notional SEN budget for one pupil in a "
            "year before it may ask for top-up funding, for example 6000"
        ),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
    )

    def clean_threshold(self) -> int:
        return _money(
            self.cleaned_data["threshold"],
            label="Notional SEN budget threshold a year",
            most=MAX_THRESHOLD_PENCE,
            example="6000",
        )

    @staticmethod
    def initial_for(settings: Any) -> dict[str, Any]:
        return {"threshold": pounds(settings.threshold_pence).removeprefix("£").replace(",", "")}
