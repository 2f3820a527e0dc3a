"""The form that starts an SEN2 return: the collection year and the three header items only
the authority can say (whether its designated officers are in post)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from sendpath.core.forms import GovukForm
from sendpath.insight.models import Officer

from .build import census_day

FIRST_YEAR = 2024
OFFICER_HELP = {
    "dmo": "Designated Medical Officer (SEND Code of Practice 3.45): in post, not in post, "
    "or being recruited",
    "dco": "Designated Clinical Officer (SEND Code of Practice 3.45)",
    "dsco": "Designated Social Care Officer (SEND Code of Practice 3.48; required from the "
    "2026 return)",
}


def year_choices() -> list[tuple[str, str]]:
    today = timezone.localdate()
    last = today.year + 1
    return [
        (str(y), f"{y}: census {census_day(y):%-d %B %Y}, activity in {y - 1}")
        for y in range(last, FIRST_YEAR - 1, -1)
    ]


class Sen2BuildForm(GovukForm):
    year = forms.ChoiceField(label="Collection year", choices=())
    dmo = forms.ChoiceField(
        label="Is a Designated Medical Officer in post?",
        choices=Officer.choices,
        widget=forms.RadioSelect,
        help_text=OFFICER_HELP["dmo"],
    )
    dco = forms.ChoiceField(
        label="Is a Designated Clinical Officer in post?",
        choices=Officer.choices,
        widget=forms.RadioSelect,
        help_text=OFFICER_HELP["dco"],
    )
    dsco = forms.ChoiceField(
        label="Is a Designated Social Care Officer in post?",
        choices=Officer.choices,
        widget=forms.RadioSelect,
        help_text=OFFICER_HELP["dsco"],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = year_choices()
        field.error_messages["required"] = "Select the collection year"
        field.error_messages["invalid_choice"] = "Select a collection year from the list"
        for name, who in (("dmo", "Medical"), ("dco", "Clinical"), ("dsco", "Social Care")):
            messages = self.fields[name].error_messages
            messages["required"] = f"Select whether a Designated {who} Officer is in post"
            messages["invalid_choice"] = messages["required"]
