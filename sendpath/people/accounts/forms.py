"""Forms for staff accounts; the services check the same rules again before saving."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from sendpath.core.concurrency import VersionedForm
from sendpath.core.forms import GovukForm

from .services import STAFF_ROLES


class StaffChangeForm(VersionedForm, GovukForm):
    role = forms.ChoiceField(label="Role", choices=STAFF_ROLES, widget=forms.RadioSelect)
    organisation = forms.ChoiceField(
        label="Organisation",
        help_text="A SENCO's school or setting, a professional's service, or the council itself",
    )

    def __init__(self, *args: Any, organisations: Any, roles: Any = None, **kwargs: Any) -> None:
        self._organisations = {str(o.pk): o for o in organisations}
        super().__init__(*args, **kwargs)
        if roles is not None:
            cast(forms.ChoiceField, self.fields["role"]).choices = roles
        field = cast(forms.ChoiceField, self.fields["organisation"])
        field.choices = [("", "Select an organisation")] + [
            (pk, f"{o.name} ({o.get_kind_display()})") for pk, o in self._organisations.items()
        ]

    def clean_organisation(self) -> Any:
        return self._organisations[self.cleaned_data["organisation"]]


class StaffInviteForm(StaffChangeForm):
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    email = forms.EmailField(label="Email address", max_length=254)
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="What they type to sign in: letters, numbers and . @ + - _ only",
    )

    field_order = ["first_name", "last_name", "email", "username", "role", "organisation"]

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if not all(c.isalnum() or c in ".@+-_" for c in username):
            raise forms.ValidationError("Username must only contain letters, numbers and . @ + - _")
        return username

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()


class StaffActiveForm(GovukForm):
    """Deactivating or reactivating asks nothing more: the button is the confirmation."""


class ResendInvitationForm(GovukForm):
    """Sending a new invitation asks nothing more: the button is the confirmation."""


class AdviserForm(VersionedForm, GovukForm):
    is_adviser = forms.TypedChoiceField(
        label="Is this a Support Teacher Adviser?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=(
            "A Support Teacher Adviser reads the records of the cared-for children they support "
            "and nothing else, and changes nothing"
        ),
    )
    children = forms.MultipleChoiceField(
        label="Children they support",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Cared-for children the Virtual School works with",
    )

    def __init__(self, *args: Any, children: Any, **kwargs: Any) -> None:
        self._children = {str(c.pk): c for c in children}
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["children"]).choices = [
            (pk, f"{c.full_name}, born {c.date_of_birth:%-d %B %Y}")
            for pk, c in self._children.items()
        ]

    def clean_children(self) -> list[Any]:
        return [self._children[pk] for pk in self.cleaned_data["children"]]
