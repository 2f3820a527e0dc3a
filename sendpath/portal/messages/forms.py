"""The family's form: how they want to hear from us."""

from __future__ import annotations

from typing import Any

from sendpath.core.concurrency import VersionedForm
from sendpath.core.forms import GovukForm
from sendpath.people.contact import clean_contact, contact_preference_field, mobile_field


class ContactPreferencesForm(VersionedForm, GovukForm):
    contact_preference = contact_preference_field("How do you want to hear from us?")
    mobile = mobile_field("Mobile phone number, for text messages")

    def __init__(self, *args: Any, email: str = "", address: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email
        self.address = address

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        clean_contact(
            self,
            preference=data.get("contact_preference") or "",
            mobile_field_name="mobile",
            email=self.email,
            address=self.address,
        )
        return data
