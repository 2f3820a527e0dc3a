"""The form for the authority's 0-25 population: a count for each group it is compared by
(sex, age band, ethnic group), all optional, with where the figures come from."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from sendpath.core.concurrency import VersionedForm
from sendpath.core.forms import GovukForm

from .dimensions import Dimension, dimensions

# Larger than any authority's 0-25 population: a typing slip, not a count.
MOST = 5_000_000


def population_dimensions() -> tuple[Dimension, ...]:
    return tuple(d for d in dimensions(timezone.localdate()) if d.population)


def field_name(dim: Dimension, group_key: str) -> str:
    return f"{dim.key}-{group_key}"


class PopulationForm(VersionedForm, GovukForm):
    source = forms.CharField(
        label="Where the figures come from",
        max_length=200,
        required=False,
        help_text="For example, Office for National Statistics mid-year population estimates",
    )
    year = forms.CharField(
        label="Year the figures are for",
        max_length=20,
        required=False,
        help_text="For example, mid-2024",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sections: list[tuple[Dimension, list[str]]] = []
        for dim in population_dimensions():
            names = []
            for group in dim.groups:
                if group.key == "unclassified":
                    continue  # a population estimate has no unclassified group
                name = field_name(dim, group.key)
                label = f"{dim.title}: {group.label}"
                self.fields[name] = forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=0,
                    max_value=MOST,
                    widget=forms.TextInput(
                        attrs={
                            "class": "govuk-input--width-10",
                            "inputmode": "numeric",
                            "spellcheck": False,
                        }
                    ),
                    error_messages={
                        "invalid": f"{label} must be a whole number, like 1250",
                        "min_value": f"{label} must be 0 or more",
                        "max_value": f"{label} must be {MOST:,} or fewer",
                    },
                )
                names.append(name)
            self.sections.append((dim, names))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        entered = any(
            isinstance(data.get(name), int) for _, names in self.sections for name in names
        )
        if entered and not (data.get("source") or "").strip():
            self.add_error("source", "Enter where the figures come from")
        return data


def population_initial(found: Any) -> dict[str, Any]:
    """The form's values for a saved population (or an empty form for none)."""
    initial: dict[str, Any] = {"source": "", "year": ""}
    counts: dict[str, Any] = {}
    if found is not None:
        initial.update(source=found.source, year=found.year)
        counts = found.counts or {}
    for dim in population_dimensions():
        for group in dim.groups:
            if group.key != "unclassified":
                initial[field_name(dim, group.key)] = (counts.get(dim.key) or {}).get(group.key)
    return initial
