"""The SEN Support import's upload form."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.core.forms import GovukForm

from .reading import MAX_BYTES


class SenSupportUploadForm(GovukForm):
    file = forms.FileField(
        label="CSV file",
        help_text="Saved from your spreadsheet as CSV (CSV UTF-8 is best), smaller than 2 MB",
        error_messages={
            "required": "Select the CSV file of pupils on SEN support",
            "empty": "The selected file is empty",
        },
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".txt")):
            raise forms.ValidationError("The selected file must be a CSV file")
        if upload.size and upload.size > MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 2 MB")
        if not upload.size:
            raise forms.ValidationError("The selected file is empty")
        return upload
