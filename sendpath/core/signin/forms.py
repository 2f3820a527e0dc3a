"""The forms of the password reset pages and the unlock button."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": False}),
    )


class NewPasswordForm(SetPasswordForm):
    error_messages = {
        "password_mismatch": "The passwords do not match. Enter the same password twice"
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label = "New password"
        first.help_text = ""
        first.error_messages["required"] = "Enter a new password"
        first.widget.attrs.pop("autofocus", None)
        second.label = "Confirm new password"
        second.help_text = ""
        second.error_messages["required"] = "Enter the new password again"


class UnlockForm(forms.Form):
    username = forms.CharField(max_length=255, widget=forms.HiddenInput)
