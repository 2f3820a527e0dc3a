"""Two facts about a child from the school census: free school meals eligibility and the
first-language code (CBDS, census 2025-26; ``sendpath.core.reference``). The child form shows
them with the census's own wording; the service checks them again before saving."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from sendpath.core import reference
from sendpath.core.forms import DateField

FSM_FIELDS = ("fsm_eligible", "fsm_eligible_from", "first_language_code")

FSM_FROM_AFTER_BIRTH = "Date eligible for free school meals must be on or after the date of birth"


def census_errors(data: dict[str, Any]) -> dict[str, str]:
    """The census facts' rules, by field. A "from" date is kept only for an eligible child:
    any other answer drops it (``data`` is changed in place)."""
    if data.get("fsm_eligible") not in (None, "", *reference.FSM_LABELS):
        return {"fsm_eligible": "Select whether the child is eligible for free school meals"}
    if data.get("first_language_code") not in (None, "", *reference.FIRST_LANGUAGE_LABELS):
        return {"first_language_code": "Select the first language category from the list"}
    if data.get("fsm_eligible") != "Y":
        if "fsm_eligible" in data:
            data["fsm_eligible_from"] = None
        return {}
    since: dt.date | None = data.get("fsm_eligible_from")
    dob: dt.date | None = data.get("date_of_birth")
    if since and dob and since < dob:
        return {"fsm_eligible_from": FSM_FROM_AFTER_BIRTH}
    return {}


class CensusFactsForm(forms.Form):
    """The census facts' fields, mixed into the child form."""

    fsm_eligible = forms.ChoiceField(
        label="Free school meals eligibility",
        required=False,
        choices=[("", "Not known"), *reference.FSM_ELIGIBILITY],
        widget=forms.RadioSelect,
        help_text="As recorded on the school census: eligible on census day, or not",
    )
    fsm_eligible_from = DateField(
        label="Date eligible for free school meals from",
        required=False,
        not_in_future=True,
        help_text="Only if eligible, and if known. For example, 3 9 2024",
    )
    first_language_code = forms.ChoiceField(
        label="First language category on the school census",
        required=False,
        choices=[("", "Not recorded"), *reference.FIRST_LANGUAGE],
        help_text="The language the child was first exposed to and still hears at home or in "
        "the community. Any language other than English counts as other than English",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("fsm_eligible") != "Y":
            self.errors.pop("fsm_eligible_from", None)  # not kept with that answer: ignored
        for name, message in census_errors(data).items():
            self.add_error(name, message)
        return data
