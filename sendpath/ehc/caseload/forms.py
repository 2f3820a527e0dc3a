"""Forms for bringing in the caseload: uploading an SEN2 return, and an existing plan."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.core.forms import DateField, GovukForm
from sendpath.core.reference import NEED_TYPES
from sendpath.core.uploads import MAX_BYTES
from sendpath.people.models import Organisation

DRY_RUN = "dry_run"
IMPORT = "import"


class Sen2UploadForm(GovukForm):
    file = forms.FileField(
        label="SEN2 return",
        help_text="The XML file (.xml) of the authority's last SEN2 return, as sent to DfE, "
        "up to 20 MB",
    )
    mode = forms.ChoiceField(
        label="What to do",
        choices=[
            (
                DRY_RUN,
                "Dry run: check the return and report what it would bring in, keeping nothing",
            ),
            (IMPORT, "Import: bring in the children and their cases"),
        ],
        widget=forms.RadioSelect,
        initial=DRY_RUN,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages["required"] = "Choose the SEN2 return (an XML file)"
        self.fields["mode"].error_messages["required"] = "Select a dry run or an import"

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and not (upload.name or "").lower().endswith(".xml"):
            raise forms.ValidationError("The selected file must be an XML file (.xml)")
        if upload is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 20 MB")
        return upload


class ExistingPlanForm(GovukForm):
    issued_on = DateField(
        label="Date the plan was first issued",
        not_in_future=True,
        help_text="The date of the first final plan. For example, 14 3 2023",
    )
    last_review = DateField(
        label="Date of the last annual review meeting",
        not_in_future=True,
        required=False,
        help_text="Optional. Leave it empty if the plan has not been reviewed yet: the next annual "
        "review is then due 12 months after the plan was issued",
    )
    placement = forms.ChoiceField(
        label="School, college or setting named in the plan (optional)", required=False
    )
    primary_need = forms.ChoiceField(label="Primary type of need")
    secondary_need = forms.ChoiceField(label="Secondary type of need (optional)", required=False)
    description = forms.CharField(
        label="The needs in a few words (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    old_reference = forms.CharField(
        label="Case reference in the earlier system (optional)", required=False, max_length=60
    )

    def __init__(self, *args: Any, settings: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        needs = [("", "Select a type of need"), *NEED_TYPES]
        self.fields["primary_need"].choices = needs  # type: ignore[attr-defined]
        self.fields["secondary_need"].choices = [  # type: ignore[attr-defined]
            ("", "None"),
            *NEED_TYPES,
        ]
        self.fields["placement"].choices = [  # type: ignore[attr-defined]
            ("", "Not recorded"),
            *((str(o.pk), o.name) for o in settings),
        ]
        self.fields["primary_need"].error_messages["required"] = "Select the primary type of need"
        self.fields["issued_on"].error_messages["required"] = (
            "Enter the date the plan was first issued"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        issued, review = data.get("issued_on"), data.get("last_review")
        if issued and review and review <= issued:
            self.add_error(
                "last_review",
                "The date of the last annual review must be after the date the plan was issued",
            )
        primary, secondary = data.get("primary_need"), data.get("secondary_need")
        if primary and secondary and primary == secondary:
            self.add_error("secondary_need", "The secondary need must differ from the primary need")
        return data
