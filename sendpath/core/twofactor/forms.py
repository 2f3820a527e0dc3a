"""The code boxes of the two-factor pages."""

from __future__ import annotations

from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=10,
        help_text="The 6-digit code your authenticator app shows for sendpath",
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "max_length": "The code must be 6 digits",
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": False,
                "class": "govuk-input--width-5",
            }
        ),
    )

    def clean_code(self) -> str:
        code = "".join(str(self.cleaned_data["code"]).split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("The code must be 6 digits, like 123456")
        return code


class RecoveryCodeForm(forms.Form):
    recovery_code = forms.CharField(
        label="Recovery code",
        max_length=20,
        help_text="One of the 10 recovery codes you saved when you set up two-factor sign-in",
        error_messages={
            "required": "Enter a recovery code",
            "max_length": "A recovery code has 8 letters and numbers",
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": False, "class": "govuk-input--width-10"}
        ),
    )


class ConfirmForm(forms.Form):
    """A button that asks nothing more."""
