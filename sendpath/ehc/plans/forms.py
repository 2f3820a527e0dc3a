"""Forms for drafting the plan, sending the draft, consultation and issuing the final plan."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.core.concurrency import VersionedForm
from sendpath.core.forms import DateField, GovukForm
from sendpath.ehc.models import ProvisionSection
from sendpath.ehc.plans.reference import NEED_AREAS
from sendpath.ehc.presenters import period_of
from sendpath.people.models import SettingType


class SectionTextForm(VersionedForm, GovukForm):
    text = forms.CharField(
        label="Text", widget=forms.Textarea(attrs={"rows": 10}), required=False, max_length=20000
    )

    def __init__(self, *args: Any, label: str, hint: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].help_text = hint
        self.fields["text"].error_messages["max_length"] = (
            f"{label} must be 20,000 characters or fewer"
        )


class NeedForm(VersionedForm, GovukForm):
    area = forms.ChoiceField(
        label="Area of need",
        choices=[(a, a) for a in NEED_AREAS],
        widget=forms.RadioSelect,
        help_text="The four broad areas of need in the SEND Code of Practice",
    )
    description = forms.CharField(
        label="Description of the need",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the child or young person finds difficult, from the advice gathered",
    )


class _LinkedNeedsForm(GovukForm):
    needs = forms.MultipleChoiceField(
        label="Needs this addresses", widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, needs: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["needs"].choices = needs  # type: ignore[attr-defined]


class OutcomeForm(VersionedForm, _LinkedNeedsForm):
    what = forms.CharField(
        label="Outcome",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the child or young person will be able to do",
    )
    by_when = forms.CharField(
        label="By when",
        max_length=100,
        required=False,
        help_text="For example, by the end of Year 4 (July 2027)",
    )
    how_measured = forms.CharField(
        label="How progress will be measured",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For example, speech and language therapist's assessment each term",
    )
    preparing_for_adulthood = forms.BooleanField(
        label="This outcome is about preparing for adulthood",
        required=False,
        help_text="Employment, independent living, community participation or health (from Year 9)",
    )
    field_order = ["what", "by_when", "how_measured", "needs", "preparing_for_adulthood"]

    def __init__(self, *args: Any, show_pfa: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["needs"].label = "Needs this outcome addresses"
        self.fields["needs"].error_messages["required"] = (
            "Select at least one need this outcome addresses"
        )
        if not show_pfa:
            del self.fields["preparing_for_adulthood"]


class ProvisionForm(VersionedForm, _LinkedNeedsForm):
    section = forms.ChoiceField(
        label="Section of the plan", choices=ProvisionSection.choices, widget=forms.RadioSelect
    )
    what = forms.CharField(
        label="What the provision is",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Specific and detailed, for example: speech and language therapy in a small group of 3 to work on narrative skills",
    )
    who = forms.CharField(
        label="Who will provide it",
        max_length=200,
        required=False,
        help_text="For example, a speech and language therapist, or a teaching assistant trained by them",
    )
    how_often = forms.CharField(
        label="How often",
        max_length=100,
        required=False,
        help_text="In numbers, for example: 3 sessions a week",
    )
    how_long = forms.CharField(
        label="For how long",
        max_length=100,
        required=False,
        help_text="In numbers, for example: 30 minutes each session, for 2 terms",
    )
    field_order = ["section", "what", "who", "how_often", "how_long", "needs"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["needs"].label = "Needs this provision meets"
        self.fields["what"].error_messages["required"] = "Enter what the provision is"
        self.fields["needs"].error_messages["required"] = (
            "Select at least one need this provision meets"
        )


class RemoveForm(GovukForm):
    """A confirmation: the button is the only input."""


class DraftSendForm(GovukForm):
    sent_on = DateField(
        label="Date the draft plan was sent",
        not_in_future=True,
        help_text=f"The family's {period_of('draft_representations_close')} to comment start on "
        "this date. For example, 2 3 2026",
    )
    warnings_checked = forms.BooleanField(
        label="I have checked these warnings and want to send the draft anyway", required=False
    )

    def __init__(self, *args: Any, has_problems: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_problems:
            del self.fields["warnings_checked"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "warnings_checked" in self.fields and not data.get("warnings_checked"):
            self.add_error(
                "warnings_checked",
                "Tick to confirm you have checked the warnings and want to send the draft anyway",
            )
        return data


class ConsultForm(GovukForm):
    organisation = forms.ChoiceField(
        label="School, college or setting",
        help_text="The setting the family asked for, or one the authority is considering",
    )
    consulted_on = DateField(
        label="Date consulted",
        not_in_future=True,
        help_text=f"The setting has {period_of('setting_response')} from this date to respond. "
        "For example, 9 3 2026",
    )

    def __init__(self, *args: Any, settings: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "Select a setting"), *settings]  # type: ignore[attr-defined]


class ResponseForm(GovukForm):
    responded_on = DateField(
        label="Date of the response", not_in_future=True, help_text="For example, 20 3 2026"
    )
    can_meet = forms.ChoiceField(
        label="Can the setting meet the child's needs?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label="Reasons the setting gave",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Required if the setting says it cannot meet the needs",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["can_meet"].error_messages["required"] = (
            "Select whether the setting can meet the child's needs"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("can_meet") == "no" and not (data.get("reasons") or "").strip():
            self.add_error(
                "reasons",
                "Enter the reasons the setting gave for not being able to meet the needs",
            )
        return data


TYPE_ONLY = "type_only"


class PlacementForm(GovukForm):
    placement = forms.ChoiceField(label="Placement to name in section I", widget=forms.RadioSelect)
    setting_type = forms.ChoiceField(
        label="Type of setting",
        required=False,
        help_text="Only if no particular setting is named",
    )
    named_on = DateField(
        label="Date the placement was decided",
        not_in_future=True,
        help_text="For example, 25 3 2026",
    )

    def __init__(self, *args: Any, consulted: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["placement"].choices = [  # type: ignore[attr-defined]
            *consulted,
            (TYPE_ONLY, "No particular setting: name the type of setting only"),
        ]
        self.fields["setting_type"].choices = [  # type: ignore[attr-defined]
            ("", "Select a type of setting"),
            *SettingType.choices,
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("placement") == TYPE_ONLY and not data.get("setting_type"):
            self.add_error("setting_type", "Select the type of setting")
        return data


class FinalIssueForm(GovukForm):
    issued_on = DateField(
        label="Date the final plan was issued",
        not_in_future=True,
        help_text="For example, 20 5 2026",
    )
    early_confirmed = forms.BooleanField(
        label="The family have already made their representations on the draft",
        required=False,
        help_text="Only needed when the plan is issued before the family's "
        f"{period_of('draft_representations_close')} have ended",
    )
