"""Forms for advice on an EHC needs assessment."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.core.forms import DateField, GovukForm
from sendpath.ehc.documents.forms import FILE_HINT, FileMessages
from sendpath.ehc.presenters import period_of

EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"


class AdviceRequestForm(GovukForm):
    source = forms.ChoiceField(label="Who the advice is from", widget=forms.RadioSelect)
    author = forms.CharField(label="Name of the person giving the advice", max_length=200)
    organisation = forms.CharField(
        label="Their organisation or role", max_length=200, required=False
    )
    email = forms.EmailField(
        label="Their email address",
        required=False,
        max_length=254,
        help_text="We email a professional the request and the date it is due, then remind "
        "them before and after that date until it arrives. A parent or young person is told "
        "through the family's own messages",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    requested_on = DateField(
        label="Date the advice was requested",
        not_in_future=True,
        help_text=f"They have {period_of('advice')} from this date. For example, 2 3 2026",
    )

    def __init__(self, *args: Any, sources: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = sources  # type: ignore[attr-defined]
        for key in ("required", "invalid_choice"):
            self.fields["source"].error_messages[key] = "Select who the advice is from"
        self.fields["email"].error_messages["invalid"] = EMAIL_FORMAT


class AdviceReceivedForm(GovukForm):
    received_on = DateField(label="Date the advice was received", not_in_future=True)
    title = forms.CharField(
        label="Title of the document",
        max_length=200,
        required=False,
        help_text="For example: Educational psychology report",
    )
    file = forms.FileField(label="Upload the advice", required=False, help_text=FILE_HINT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        FileMessages.apply(self.fields["file"], required=False)


class ExistingAdviceForm(GovukForm):
    source = forms.ChoiceField(
        label="Which advice the existing advice stands in for", widget=forms.RadioSelect
    )
    description = forms.CharField(
        label="The existing advice",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What it is, who wrote it and when. For example: educational psychology "
        "report by Dr A Patel, 3 March 2026",
    )
    authority_agreed_on = DateField(
        label="Date the authority agreed it is sufficient", not_in_future=True
    )
    author_agreed_on = DateField(
        label="Date the person who gave the advice agreed", not_in_future=True
    )
    family_agreed_on = DateField(label="Date the parent or young person agreed", not_in_future=True)

    def __init__(self, *args: Any, sources: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = sources  # type: ignore[attr-defined]
        for key in ("required", "invalid_choice"):
            self.fields["source"].error_messages[key] = (
                "Select which advice the existing advice stands in for"
            )
