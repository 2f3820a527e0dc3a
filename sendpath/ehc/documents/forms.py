"""Forms for documents on a case (the upload field's messages are shared with advice)."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.core.forms import GovukForm

FILE_HINT = "PDF, Word (DOC or DOCX), PNG or JPG, up to 20 MB"


class FileMessages:
    """GOV.UK's wording for file upload errors."""

    @staticmethod
    def apply(field: forms.Field, *, required: bool) -> None:
        field.error_messages["required"] = "Select a file to upload"
        field.error_messages["empty"] = "The selected file is empty"
        field.error_messages["invalid"] = "The selected file could not be read: try again"
        field.error_messages["missing"] = "Select a file to upload"
        field.error_messages["max_length"] = "The file name must be 255 characters or fewer"
        field.required = required


class DocumentUploadForm(GovukForm):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example: Speech and language therapy report",
    )
    file = forms.FileField(label="File", help_text=FILE_HINT)
    event = forms.ChoiceField(label="Step it belongs to", required=False)

    def __init__(self, *args: Any, steps: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [("", "Not attached to a step"), *steps]  # type: ignore[attr-defined]
        FileMessages.apply(self.fields["file"], required=True)
