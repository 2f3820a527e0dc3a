"""The figures' forms: the year shown, and which figure's children to list."""

from __future__ import annotations

from typing import Any

from django import forms

from . import counting
from .stored import LISTED


class YearForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Year",
        coerce=int,
        help_text="Calendar year of the requests, assessments and plans (the plans in force "
        "are counted at the census of the next January)",
        error_messages={"invalid_choice": "Select a year from the list"},
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        if isinstance(field, forms.TypedChoiceField):
            field.choices = [(y, str(y)) for y in reversed(years)]


class ChildrenForm(forms.Form):
    """Which count of which year: ``stem`` a DfE file, ``column`` one of its count columns that
    the dashboard links to its list of children (``stored.LISTED``)."""

    year = forms.IntegerField(
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": "Enter the year as a number, like 2025"},
    )
    stem = forms.ChoiceField(
        label="Figure",
        choices=[(s, s) for s in counting.STEMS],
        error_messages={"invalid_choice": "Select a figure from the figures page"},
    )
    column = forms.CharField(label="Measure", max_length=60)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        stem, column = data.get("stem"), data.get("column")
        if stem and column and (stem, column) not in LISTED:
            self.add_error("column", "Select a measure from the figures page")
        return data
