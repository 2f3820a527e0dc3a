"""Forms for the registers: filters, key contacts, belonging entries and plan copies."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.core import reference
from sendpath.core.forms import DateField, GovukForm, set_choices
from sendpath.people.models import Organisation, OrganisationKind

from .models import ContactRole

YEAR_CHOICES = [("", "Any year"), ("0", "Reception")] + [
    (str(y), f"Year {y}") for y in range(1, 15)
]


class SenFilterForm(GovukForm):
    school = forms.ChoiceField(label="School or setting", required=False)
    need = forms.ChoiceField(
        label="Need", required=False, choices=[("", "Any need"), *reference.NEED_TYPES_CENSUS]
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "SEN support or plan"), ("K", "SEN support"), ("E", "EHC plan")],
    )
    year = forms.ChoiceField(label="Year group", required=False, choices=YEAR_CHOICES)
    cared_for = forms.ChoiceField(
        label="Cared for",
        required=False,
        choices=[("", "All children"), ("yes", "Cared for only"), ("no", "Not cared for")],
    )

    def __init__(self, *args: Any, schools: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "school", [("", "Any school or setting"), *schools])


def _authorities() -> list[tuple[str, str]]:
    rows = Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY, is_active=True)
    return [(str(o.pk), o.name) for o in rows.order_by("name")]


def _organisations() -> list[tuple[str, str]]:
    rows = Organisation.objects.filter(is_active=True).exclude(
        kind__in=(OrganisationKind.SCHOOL, OrganisationKind.EARLY_YEARS, OrganisationKind.COLLEGE)
    )
    return [(str(o.pk), o.name) for o in rows.order_by("name")]


class ContactSearchForm(GovukForm):
    q = forms.CharField(label="Name or job title", required=False, max_length=100)
    organisation = forms.ChoiceField(label="Authority or agency", required=False)
    role = forms.ChoiceField(
        label="Role", required=False, choices=[("", "Any role"), *ContactRole.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "organisation", [("", "Any authority or agency"), *_organisations()])


class ContactForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200)
    role = forms.ChoiceField(label="Role", choices=ContactRole.choices, widget=forms.RadioSelect)
    job_title = forms.CharField(label="Job title", max_length=200, required=False)
    organisation = forms.ChoiceField(label="Authority or agency")
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    telephone = forms.CharField(label="Telephone", max_length=30, required=False)
    last_confirmed = DateField(label="Date last confirmed", not_in_future=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self, "organisation", [("", "Choose an authority or agency"), *_organisations()]
        )

    def clean_organisation(self) -> Organisation:
        return Organisation.objects.get(pk=self.cleaned_data["organisation"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("email") and not data.get("telephone"):
            self.add_error("email", "Enter an email address or a telephone number")
        return data


class BelongingForm(GovukForm):
    plan_authority = forms.ChoiceField(
        label="Authority responsible for the plan",
        required=False,
        help_text="Leave blank if it is the child's responsible authority",
    )
    plan_caseworker_name = forms.CharField(
        label="Caseworker at that authority", max_length=200, required=False
    )
    email = forms.EmailField(
        label="Caseworker's email address",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    telephone = forms.CharField(label="Caseworker's telephone", max_length=30, required=False)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "plan_authority", [("", "The responsible authority"), *_authorities()])

    def clean_plan_authority(self) -> Organisation | None:
        value = self.cleaned_data["plan_authority"]
        return Organisation.objects.get(pk=value) if value else None


class PlanCopyForm(GovukForm):
    holding_authority = forms.ChoiceField(label="Authority holding the plan")
    received_on = DateField(label="Date the copy was received", not_in_future=True)
    file = forms.FileField(
        label="Copy of the plan",
        help_text="PDF, Word document, PNG or JPG, smaller than 20 MB",
        error_messages={
            "required": "Select a copy of the plan",
            "empty": "The selected file is empty",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "holding_authority", [("", "Choose an authority"), *_authorities()])
        self.fields["file"].error_messages["required"] = "Select a copy of the plan"

    def clean_holding_authority(self) -> Organisation:
        return Organisation.objects.get(pk=self.cleaned_data["holding_authority"])
