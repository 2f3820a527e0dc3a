"""How a parent, carer or young person wants to hear from us: the form fields and the checks
shared by the staff's pages (a family member, a young person's record) and the family's own
(``portal``). GOV.UK Notify sends text messages to UK mobile numbers only
(``core.notify.uk_mobile``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from sendpath.core.notify import NotifyError, uk_mobile

from .models import ContactPreference


def contact_preference_field(label: str, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=ContactPreference.choices,
        widget=forms.RadioSelect,
        initial=ContactPreference.EMAIL,
        required=required,
        error_messages={"required": "Select how you want to hear from us"},
    )


def mobile_field(label: str = "Mobile number for text messages") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=30,
        required=False,
        help_text="A UK mobile number, like 07700 900 982",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-20", "autocomplete": "tel", "type": "tel"}
        ),
    )


def clean_contact(
    form: forms.Form,
    *,
    preference: str,
    mobile_field_name: str,
    email: str,
    address: str,
    email_field_name: str | None = None,
    address_field_name: str | None = None,
    require_email: bool = True,
) -> None:
    """Check that the chosen way of hearing from us can reach the person, naming the field to
    fill in (GOV.UK Notify sends text messages to UK mobiles only), and keep the mobile number
    as sendpath writes it. Without ``require_email`` (staff recording a parent who has no email
    address) an email preference with no address is allowed: that person gets letters."""
    mobile = (form.cleaned_data.get(mobile_field_name) or "").strip()
    if mobile:
        try:
            form.cleaned_data[mobile_field_name] = uk_mobile(mobile)
        except NotifyError as error:
            form.add_error(mobile_field_name, str(error))
            return
    if preference == ContactPreference.EMAIL_AND_TEXT and not mobile:
        form.add_error(mobile_field_name, "Enter a mobile number to get text messages")
    emailed = (ContactPreference.EMAIL, ContactPreference.EMAIL_AND_TEXT)
    if require_email and preference in emailed and not email:
        message = "Enter an email address to get emails, or choose letters only"
        if email_field_name:
            form.add_error(email_field_name, message)
        else:
            form.add_error("contact_preference", message)
    if preference == ContactPreference.LETTERS and not address:
        message = "Enter a postal address to get letters"
        form.add_error(address_field_name or "contact_preference", message)


def contact_checked(data: dict[str, Any], *, preference: str, mobile: str) -> dict[str, Any]:
    """A way of hearing from us and a mobile number, checked (``ValidationError`` naming the
    field) and written as sendpath keeps them; only the keys present in ``data``."""
    out: dict[str, Any] = {}
    if preference in data:
        if data[preference] not in ContactPreference.values:
            raise ValidationError({preference: "Select how they want to hear from us"})
        out[preference] = data[preference]
    if mobile in data:
        number = (data[mobile] or "").strip()
        try:
            out[mobile] = uk_mobile(number) if number else ""
        except NotifyError as error:
            raise ValidationError({mobile: str(error)}) from None
        chosen = out.get(preference, "")
        if chosen == ContactPreference.EMAIL_AND_TEXT and not out[mobile]:
            raise ValidationError({mobile: "Enter a mobile number to get text messages"})
    return out
