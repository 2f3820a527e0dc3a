"""Forms for children, family members, settings and organisations.

Field checks live here so that every message names the field; the services check the same
rules again before saving (nothing reaches the database unchecked).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from sendpath.core import identifiers, reference
from sendpath.core.concurrency import VersionedForm
from sendpath.core.forms import DateField, GovukForm

from .ages import too_old_for_a_record
from .census import CensusFactsForm
from .contact import clean_contact, contact_preference_field, mobile_field
from .models import (
    FLAG_PERIODS,
    AttendanceKind,
    ContactPreference,
    Organisation,
    OrganisationKind,
    Phase,
    Relationship,
    SettingType,
)

_PERIODS = {p.flag: p for p in FLAG_PERIODS}


def _blank(label: str) -> list[tuple[str, str]]:
    return [("", label)]


def authority_choices() -> list[tuple[str, str]]:
    las = Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY, is_active=True)
    return [(str(o.pk), f"{o.name} ({o.la_code})" if o.la_code else o.name) for o in las]


class ChildForm(CensusFactsForm, VersionedForm, GovukForm):
    first_name = forms.CharField(label="First name", max_length=100)
    middle_names = forms.CharField(label="Middle names", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100)
    preferred_name = forms.CharField(
        label="Known as",
        max_length=100,
        required=False,
        help_text="The name the child or young person likes to be called, if different",
    )
    date_of_birth = DateField(
        label="Date of birth", not_in_future=True, help_text="For example, 27 3 2014"
    )
    sex = forms.ChoiceField(label="Sex", choices=reference.SEX, widget=forms.RadioSelect)
    ethnicity = forms.ChoiceField(
        label="Ethnicity",
        required=False,
        choices=_blank("Not recorded") + list(reference.ETHNICITY),
        help_text="DfE ethnicity code, as recorded on the school census",
    )
    upn = forms.CharField(
        label="Unique pupil number (UPN)",
        max_length=20,
        required=False,
        help_text="13 characters, starting with a letter, for example A123456789012",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": False}),
    )
    upn_unknown_reason = forms.ChoiceField(
        label="If there is no UPN, why not",
        required=False,
        choices=_blank("Not applicable") + list(reference.UPN_UNKNOWN),
    )
    uln = forms.CharField(
        label="Unique learner number (ULN)",
        max_length=20,
        required=False,
        help_text="10 digits, given to learners from age 14",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "numeric", "spellcheck": False}
        ),
    )
    nhs_number = forms.CharField(
        label="NHS number",
        max_length=20,
        required=False,
        help_text="10 digits, for example 943 476 5919",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "numeric", "spellcheck": False}
        ),
    )
    address = forms.CharField(
        label="Home address", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        required=False,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "autocomplete": "postal-code"}
        ),
    )
    resident_authority = forms.ChoiceField(
        label="Local authority area the child lives in", required=False
    )
    responsible_authority = forms.ChoiceField(
        label="Local authority responsible for the child's special educational needs",
        required=False,
        help_text="Usually the authority the child lives in. A child placed in your area but "
        "cared for by another authority may be that authority's responsibility",
    )
    confirm_handover = forms.BooleanField(
        label="I understand that choosing another authority hands this record to them, and our "
        "SEND team will no longer see it",
        required=False,
        help_text="Only needed when you choose another authority",
    )
    sen_provision = forms.ChoiceField(
        label="Special educational needs provision",
        choices=[(code, label) for code, label in reference.SEN_PROVISION if code != "E"],
        widget=forms.RadioSelect,
        initial="N",
        help_text=(
            "As recorded on the school census. An EHC plan is not chosen here: the record shows "
            "one from the plan itself, once it is issued or an existing plan is recorded"
        ),
    )
    primary_need = forms.ChoiceField(
        label="Primary type of need",
        required=False,
        choices=_blank("None recorded") + list(reference.NEED_TYPES_CENSUS),
    )
    secondary_need = forms.ChoiceField(
        label="Secondary type of need",
        required=False,
        choices=_blank("None recorded") + list(reference.NEED_TYPES_CENSUS),
    )
    cared_for = forms.BooleanField(
        label="Cared for (looked after by a local authority)", required=False
    )
    looked_after_by = forms.ChoiceField(
        label="Local authority that looks after the child",
        required=False,
        help_text="Only if the child is cared for",
    )
    dynamic_support_register = forms.BooleanField(
        label="On the Dynamic Support Register",
        required=False,
        help_text="The health service's register of people at risk of admission to a mental "
        "health hospital (Tier 4)",
    )
    dynamic_support_register_from = DateField(
        label=_PERIODS["dynamic_support_register"].start_label,
        required=False,
        help_text="If known. For example, 3 2 2025",
    )
    dynamic_support_register_to = DateField(
        label=_PERIODS["dynamic_support_register"].end_label,
        required=False,
        help_text="Leave empty if they are still on the register",
    )
    youth_justice = forms.BooleanField(label="Involved with youth justice services", required=False)
    youth_justice_from = DateField(
        label=_PERIODS["youth_justice"].start_label,
        required=False,
        help_text="If known. For example, 3 2 2025",
    )
    youth_justice_to = DateField(
        label=_PERIODS["youth_justice"].end_label,
        required=False,
        help_text="Leave empty if they are still involved",
    )
    eotas = forms.BooleanField(
        label="Education otherwise than at school (EOTAS)",
        required=False,
        help_text="Provision arranged under section 61 of the Children and Families Act 2014",
    )
    eotas_from = DateField(
        label=_PERIODS["eotas"].start_label,
        required=False,
        help_text="If known. For example, 3 2 2025",
    )
    eotas_to = DateField(
        label=_PERIODS["eotas"].end_label,
        required=False,
        help_text="Leave empty if it continues",
    )
    alternative_provision = forms.BooleanField(label="In alternative provision", required=False)
    first_language = forms.CharField(label="First language", max_length=60, required=False)
    interpreter_needed = forms.BooleanField(label="The family needs an interpreter", required=False)
    interpreter_language = forms.CharField(
        label="Interpreter language", max_length=60, required=False
    )
    preferred_format = forms.CharField(
        label="Preferred format for letters and documents",
        max_length=100,
        required=False,
        help_text="For example: easy read, large print, Braille, British Sign Language",
    )
    communication_notes = forms.CharField(
        label="Communication needs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How the child or young person communicates and how best to involve them",
    )
    # Only for a young person with their own account (removed otherwise, in ``__init__``).
    young_person_contact_preference = contact_preference_field(
        "How the young person wants to hear from us", required=False
    )
    young_person_mobile = mobile_field("The young person's mobile number for text messages")

    def __init__(self, *args: Any, young_person: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.young_person = young_person
        if not young_person:
            del self.fields["young_person_contact_preference"]
            del self.fields["young_person_mobile"]
        las = authority_choices()
        if self.initial.get("sen_provision") == "E":
            # "Has an EHC plan" is derived from the plan records (ADR 0013): shown, not edited.
            field = self.fields["sen_provision"]
            field.choices = reference.SEN_PROVISION  # type: ignore[attr-defined]
            field.disabled = True
            field.help_text = (
                "This child or young person has an EHC plan. That is set from the plan records "
                "and changes only when the plan stops being maintained"
            )
        self.fields["resident_authority"].choices = _blank("Not known") + las  # type: ignore[attr-defined]
        self.fields["responsible_authority"].choices = _blank("Select") + las  # type: ignore[attr-defined]
        self.fields["looked_after_by"].choices = _blank("Not applicable") + las  # type: ignore[attr-defined]

    def clean_upn(self) -> str:
        value = identifiers.normalise(self.cleaned_data["upn"])
        if value and (error := identifiers.check_upn(value)):
            raise forms.ValidationError(error)
        return value

    def clean_uln(self) -> str:
        value = identifiers.normalise(self.cleaned_data["uln"])
        if value and (error := identifiers.check_uln(value)):
            raise forms.ValidationError(error)
        return value

    def clean_nhs_number(self) -> str:
        value = identifiers.normalise(self.cleaned_data["nhs_number"]).replace("-", "")
        if value and (error := identifiers.check_nhs_number(value)):
            raise forms.ValidationError(error)
        return value

    def clean_postcode(self) -> str:
        return " ".join(self.cleaned_data["postcode"].upper().split())

    def clean_date_of_birth(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("date_of_birth")
        # The 0 to 25 rule is for a date of birth being recorded: a record kept past the 26th
        # birthday can still be changed without its date of birth being refused.
        recorded = self.initial.get("date_of_birth")
        if value and value != recorded and too_old_for_a_record(value, timezone.localdate()):
            raise forms.ValidationError(
                "Date of birth must be for someone aged 25 or under: records are for children "
                "and young people aged 0 to 25"
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.young_person:
            preference = data.get("young_person_contact_preference") or ContactPreference.EMAIL
            data["young_person_contact_preference"] = preference
            clean_contact(
                self,
                preference=preference,
                mobile_field_name="young_person_mobile",
                email="",
                address=" ".join(filter(None, [data.get("address"), data.get("postcode")])),
                address_field_name="address",
                require_email=False,
            )
        if data.get("upn") and data.get("upn_unknown_reason"):
            self.add_error("upn_unknown_reason", "Leave this empty when the UPN is known")
        if data.get("sen_provision") in ("K", "E") and not data.get("primary_need"):
            self.add_error(
                "primary_need",
                "Select the primary type of need for a child with SEN support or a plan",
            )
        if data.get("secondary_need"):
            if not data.get("primary_need"):
                self.add_error(
                    "secondary_need", "Record a primary type of need before a secondary one"
                )
            elif data["secondary_need"] == data.get("primary_need"):
                self.add_error(
                    "secondary_need", "The secondary type of need must differ from the primary one"
                )
        if data.get("cared_for") and not data.get("looked_after_by"):
            self.add_error(
                "looked_after_by", "Select the local authority that looks after the child"
            )
        if data.get("looked_after_by") and not data.get("cared_for"):
            self.add_error(
                "looked_after_by", "Leave this empty, or tick that the child is cared for"
            )
        dob = data.get("date_of_birth")
        for period in FLAG_PERIODS:
            if not data.get(period.flag):
                # A flag's dates are kept only while it is set: unticking it clears them.
                data[period.start] = data[period.end] = None
                for name in (period.start, period.end):
                    self.errors.pop(name, None)  # hidden with the unticked flag: ignored
                continue
            start, end = data.get(period.start), data.get(period.end)
            if start and dob and start < dob:
                self.add_error(
                    period.start, f"{period.start_label} must be on or after the date of birth"
                )
            elif start and end and end < start:
                self.add_error(
                    period.end,
                    f"{period.end_label} must be the same as or after the "
                    f"{period.start_label[0].lower()}{period.start_label[1:]}",
                )
        chosen, current = (
            data.get("responsible_authority"),
            self.initial.get("responsible_authority"),
        )
        if chosen and current and chosen != current and not data.get("confirm_handover"):
            self.add_error(
                "confirm_handover",
                "Confirm that you are handing the record to another authority: your SEND team "
                "will no longer see it",
            )
        if data.get("interpreter_needed") and not data.get("interpreter_language"):
            self.add_error("interpreter_language", "Enter the language the interpreter must speak")
        return data


class ChildSearchForm(GovukForm):
    q = forms.CharField(
        label="Name or UPN",
        required=False,
        max_length=100,
        help_text="Part of a first or last name, or a full UPN",
    )
    dob = DateField(label="Date of birth", required=False, help_text="For example, 27 3 2014")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["q"] = " ".join((data.get("q") or "").split())
        return data


class FamilyMemberForm(VersionedForm, GovukForm):
    full_name = forms.CharField(label="Full name", max_length=200)
    relationship = forms.ChoiceField(
        label="Relationship to the child", choices=_blank("Select") + list(Relationship.choices)
    )
    parental_responsibility = forms.BooleanField(
        label="Has parental responsibility", required=False
    )
    lives_with_child = forms.BooleanField(label="Lives with the child", required=False)
    main_contact = forms.BooleanField(label="Main contact", required=False)
    telephone = forms.CharField(
        label="Telephone",
        max_length=30,
        required=False,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-20", "autocomplete": "tel", "type": "tel"}
        ),
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": False}),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    address = forms.CharField(
        label="Address",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Leave empty if the same as the child's",
    )
    contact_preference = contact_preference_field("How they want to hear from us", required=False)
    mobile = mobile_field()
    plan_read_access = forms.BooleanField(
        label="Give read access to the plan",
        required=False,
        help_text="Only for a foster or kinship carer of a cared-for child, as the authority "
        "decides: once their account is linked they see the child's name and plan, nothing else",
    )

    def __init__(self, *args: Any, child_address: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.child_address = child_address

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["contact_preference"] = data.get("contact_preference") or ContactPreference.EMAIL
        clean_contact(
            self,
            preference=data["contact_preference"],
            mobile_field_name="mobile",
            email=data.get("email") or "",
            address=(data.get("address") or "").strip() or self.child_address,
            email_field_name="email",
            address_field_name="address",
            require_email=False,
        )
        return data

    def clean_telephone(self) -> str:
        value = self.cleaned_data["telephone"].strip()
        digits = [c for c in value if c.isdigit()]
        if value and (len(digits) < 10 or any(c not in "0123456789 +()-" for c in value)):
            raise forms.ValidationError(
                "Enter a telephone number, like 01632 960 001 or 07700 900 982"
            )
        return value


class SettingAttendanceForm(GovukForm):
    organisation = forms.ChoiceField(label="School, college or setting")
    start_date = DateField(label="Start date", help_text="For example, 1 9 2025")
    end_date = DateField(
        label="End date", required=False, help_text="Leave empty if they still attend"
    )
    attendance = forms.ChoiceField(
        label="Attendance",
        choices=AttendanceKind.choices,
        widget=forms.RadioSelect,
        initial=AttendanceKind.FULL_TIME,
    )

    def __init__(self, *args: Any, date_of_birth: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.date_of_birth = date_of_birth
        settings = Organisation.objects.filter(
            kind__in=[
                OrganisationKind.SCHOOL,
                OrganisationKind.EARLY_YEARS,
                OrganisationKind.COLLEGE,
            ],
            is_active=True,
        )
        self.fields["organisation"].choices = _blank("Select a setting") + [  # type: ignore[attr-defined]
            (str(o.pk), f"{o.name} ({o.identifier})" if o.identifier else o.name) for o in settings
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and self.date_of_birth and start < self.date_of_birth:
            self.add_error("start_date", "Start date must be on or after the date of birth")
        if start and end and end < start:
            self.add_error("end_date", "End date must be the same as or after the start date")
        return data


class OrganisationForm(VersionedForm, GovukForm):
    kind = forms.ChoiceField(
        label="Type of organisation", choices=OrganisationKind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(label="Name", max_length=200)
    la_code = forms.CharField(
        label="LA code",
        max_length=3,
        required=False,
        help_text="Local authorities only: the 3-digit DfE code, like 355",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )
    ons_code = forms.CharField(
        label="ONS code",
        max_length=9,
        required=False,
        help_text="Local authorities only: like E08000006",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    urn = forms.CharField(
        label="URN",
        max_length=6,
        required=False,
        help_text="Schools and settings: the unique reference number, up to 6 digits",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )
    ukprn = forms.CharField(
        label="UKPRN",
        max_length=8,
        required=False,
        help_text="Colleges and providers: the 8-digit UK provider reference number",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )
    phase = forms.ChoiceField(
        label="Phase", required=False, choices=_blank("Not applicable") + list(Phase.choices)
    )
    setting_type = forms.ChoiceField(
        label="Type of school or setting",
        required=False,
        choices=_blank("Not applicable") + list(SettingType.choices),
    )
    local_authority = forms.ChoiceField(label="Local authority area", required=False)
    address = forms.CharField(
        label="Address", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    telephone = forms.CharField(label="Telephone", max_length=30, required=False)
    is_active = forms.BooleanField(label="Open (still operating)", required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].choices = _blank("Not known") + authority_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        for name, check in (
            ("la_code", identifiers.check_la_code),
            ("urn", identifiers.check_urn),
            ("ukprn", identifiers.check_ukprn),
        ):
            value = identifiers.normalise(data.get(name) or "")
            data[name] = value
            if value and (error := check(value)):
                self.add_error(name, error)
        if kind == OrganisationKind.LOCAL_AUTHORITY and not data.get("la_code"):
            self.add_error("la_code", "Enter the local authority's 3-digit LA code")
        if kind != OrganisationKind.LOCAL_AUTHORITY and data.get("la_code"):
            self.add_error("la_code", "Only local authorities have an LA code: leave this empty")
        if kind == OrganisationKind.SCHOOL and not data.get("urn"):
            self.add_error("urn", "Enter the school's URN")
        if kind == OrganisationKind.COLLEGE and not (data.get("ukprn") or data.get("urn")):
            self.add_error("ukprn", "Enter the college's UKPRN")
        if kind in (
            OrganisationKind.SCHOOL,
            OrganisationKind.EARLY_YEARS,
            OrganisationKind.COLLEGE,
        ) and not data.get("setting_type"):
            self.add_error("setting_type", "Select the type of school or setting")
        return data


class EndSettingForm(GovukForm):
    end_date = DateField(label="Last day at the setting", help_text="For example, 22 7 2026")


class ProfessionalLinkForm(GovukForm):
    user = forms.ChoiceField(label="Professional")
    reason = forms.CharField(
        label="Their role with the child",
        max_length=200,
        required=False,
        help_text="For example: speech and language therapist, allocated social worker",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .models import Role, User

        super().__init__(*args, **kwargs)
        professionals = User.objects.filter(role=Role.PROFESSIONAL, is_active=True).select_related(
            "organisation"
        )
        self.fields["user"].choices = _blank("Select a professional") + [  # type: ignore[attr-defined]
            (
                str(u.pk),
                f"{u.display_name()}, {u.organisation.name if u.organisation else 'no organisation'}",
            )
            for u in professionals.order_by("last_name", "first_name")
        ]
