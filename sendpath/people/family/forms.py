"""Forms for family accounts; the services check the same rules again before saving."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from sendpath.core.concurrency import VersionedForm
from sendpath.core.forms import DateField, GovukForm, set_choices

from ..models import ParentsAccess


class _Form(GovukForm):
    """GOV.UK messages, then each question's own "required" message (its label is a question)."""

    required_messages: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, message in self.required_messages.items():
            self.fields[name].error_messages["required"] = message


class InviteForm(_Form):
    required_messages = {"invitee": "Select who to invite"}
    invitee = forms.ChoiceField(
        label="Who do you want to invite?",
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        help_text="Leave empty to use the address on their record",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": False}),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "invitee", choices)


class UnlinkForm(_Form):
    required_messages = {
        "link": "Select whose access to remove",
        "reason": "Enter why you are removing this account's access",
    }
    link = forms.ChoiceField(
        label="Whose access do you want to remove?",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Why are you removing their access?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "link", choices)


class LinkForm(GovukForm):
    date_of_birth = DateField(
        label="Date of birth",
        help_text="The date of birth of the child or young person, for example 27 3 2015",
        not_in_future=True,
    )
    code = forms.CharField(
        label="Link code",
        max_length=20,
        help_text="The 8 letters and numbers in your email or letter, for example ACDE-FGH3",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "autocomplete": "off", "spellcheck": False}
        ),
        error_messages={"required": "Enter the link code"},
    )


class StopAccessForm(GovukForm):
    """Stopping one's own access asks nothing more: the button is the confirmation."""


class ParentsAccessForm(_Form):
    required_messages = {"decision": "Select whether your parents keep access"}
    decision = forms.ChoiceField(
        label="Do you want your parents to keep access to your record?",
        widget=forms.RadioSelect,
        choices=[
            (ParentsAccess.KEEP.value, "Yes, my parents keep access"),
            (ParentsAccess.STOP.value, "No, stop my parents' access"),
        ],
    )


class CapacityForm(VersionedForm, _Form):
    required_messages = {"lacks_capacity": "Select whether the young person lacks capacity"}
    lacks_capacity = forms.TypedChoiceField(
        label="Does the young person lack the mental capacity to decide whether their parents "
        "keep access to their record?",
        widget=forms.RadioSelect,
        choices=[
            ("yes", "Yes, an assessment found they lack capacity to decide this"),
            ("no", "No, they can decide this themselves"),
        ],
        coerce=lambda value: value == "yes",
    )
    assessed_on = DateField(
        label="Date of the capacity assessment", required=False, not_in_future=True
    )
    note = forms.CharField(
        label="Who assessed capacity and how",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
