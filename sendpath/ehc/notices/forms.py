"""Forms for decision notices."""

from __future__ import annotations

from django import forms

from sendpath.core.concurrency import VersionedForm
from sendpath.core.forms import DateField, GovukForm


class NoticeSentForm(GovukForm):
    sent_on = DateField(
        label="Date the notice was sent",
        not_in_future=True,
        help_text="The family's time limits run from this date. For example, 27 3 2026",
    )


class ContactsForm(VersionedForm, GovukForm):
    mediation_name = forms.CharField(
        label="Name of the mediation adviser or service",
        max_length=200,
        help_text="The independent adviser families contact before appealing to the tribunal",
    )
    mediation_address = forms.CharField(
        label="Address (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    mediation_phone = forms.CharField(label="Telephone", required=False, max_length=40)
    mediation_email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    mediation_web = forms.URLField(
        label="Website (optional)",
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={"invalid": "Enter a website address like https://www.example.org"},
    )
    sendiass = forms.CharField(
        label="SENDIASS contact (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The local SEND information, advice and support service: one line each for "
        "its name, telephone and email",
    )
    complaints = forms.CharField(
        label="Complaints team contact (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One line each for the team's name, telephone and email",
    )
