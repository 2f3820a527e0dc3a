"""Forms: raising a complaint (staff and family), responding, moving on, arranging disagreement
resolution, the outcome and learning, actions, the response times, and the list's filters."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.core.concurrency import VersionedForm
from sendpath.core.forms import DateField, GovukForm

from ..models.complaints import (
    COMPLAINT_OUTCOMES,
    RESOLUTION_OUTCOMES,
    About,
    Kind,
    Outcome,
    Stage,
)

DATE_HINT = "For example, 27 11 2026"


def _text(label: str, rows: int = 4, *, required: bool = True, help_text: str = "") -> Any:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=5000,
        required=required,
        help_text=help_text,
    )


class RaiseForm(GovukForm):
    """Staff record a complaint, or a request for disagreement resolution, for a family."""

    kind = forms.ChoiceField(
        label="What kind of record",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        help_text="Disagreement resolution is an independent meeting to settle a disagreement "
        "with a school or a health service (SEND Regulations 2014, regulation 54; SEND Code "
        "of Practice 11.6 to 11.10)",
    )
    about = forms.ChoiceField(
        label="What it is about", choices=About.choices, widget=forms.RadioSelect
    )
    about_name = forms.CharField(
        label="Name of the school or health service",
        max_length=200,
        required=False,
        help_text="Needed for a school or a health service",
    )
    summary = _text("What the complaint is about")
    wanted = _text("What the family would like to happen", 3, required=False)
    raised_by = forms.CharField(
        label="Who made it", max_length=200, help_text="For example, the child's mother"
    )
    received_on = DateField(label="Date received", not_in_future=True, help_text=DATE_HINT)


class FamilyRaiseForm(GovukForm):
    """The family's own complaint, in plain words."""

    about = forms.ChoiceField(
        label="Who are you complaining about",
        choices=[
            (About.SEND_SERVICE, "The council's special educational needs team"),
            (About.SCHOOL, "A school or college"),
            (About.HEALTH, "A health service, such as a therapist or a hospital"),
        ],
        widget=forms.RadioSelect,
    )
    about_name = forms.CharField(
        label="Name of the school, college or health service",
        max_length=200,
        required=False,
        help_text="Leave this empty if you are complaining about the council",
    )
    summary = _text("What went wrong", 6, help_text="Tell us what happened and when")
    wanted = _text(
        "What would put it right", 3, required=False, help_text="For example, a meeting or a reply"
    )


class RespondForm(VersionedForm, GovukForm):
    responded_on = DateField(label="Date of the response", not_in_future=True, help_text=DATE_HINT)
    response = _text("What the response said")


class MoveForm(VersionedForm, GovukForm):
    to = forms.ChoiceField(label="Move it to", choices=(), widget=forms.RadioSelect)
    passed_to = forms.CharField(
        label="Who it was passed to",
        max_length=200,
        required=False,
        help_text="Only when passing it on: for example, the school's governing board, or the "
        "NHS complaints team",
    )
    started_on = DateField(
        label="Date it moved",
        not_in_future=True,
        help_text="The day the family asked for the next stage, or it was passed on. " + DATE_HINT,
    )
    due_on = DateField(
        label="Date the Ombudsman wants a reply by",
        required=False,
        help_text="Only for the Ombudsman, if its letter gives a date. Otherwise the reply is due "
        "in the authority's usual number of working days. " + DATE_HINT,
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = choices


class ArrangeForm(VersionedForm, GovukForm):
    arranged_with = forms.CharField(
        label="Who will lead it",
        max_length=200,
        help_text="The independent person or service (not part of the council's SEND team)",
    )
    meeting_on = DateField(label="Date of the meeting", help_text=DATE_HINT)


class CloseForm(VersionedForm, GovukForm):
    outcome = forms.ChoiceField(label="Outcome", choices=(), widget=forms.RadioSelect)
    outcome_on = DateField(label="Date of the outcome", not_in_future=True, help_text=DATE_HINT)
    outcome_notes = _text("What was decided", 3, required=False)
    learning = _text(
        "What the council has learnt",
        3,
        required=False,
        help_text="What will change because of this, for this family and for others",
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = COMPLAINT_OUTCOMES if kind == Kind.COMPLAINT else RESOLUTION_OUTCOMES
        field = self.fields["outcome"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = [(o.value, o.label) for o in allowed]


class ActionForm(GovukForm):
    description = _text("What will be done", 3)
    owner = forms.ChoiceField(label="Who owns it", choices=())
    due_on = DateField(label="Date it is due", help_text=DATE_HINT)

    def __init__(self, *args: Any, owners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = [("", "Choose someone"), *owners]


class ActionDoneForm(GovukForm):
    done_on = DateField(label="Date it was done", not_in_future=True, help_text=DATE_HINT)


class SettingsForm(VersionedForm, GovukForm):
    stage_1_days = forms.IntegerField(
        label="Stage 1: working days to respond", min_value=1, max_value=250
    )
    stage_2_days = forms.IntegerField(
        label="Stage 2: working days to respond", min_value=1, max_value=250
    )
    ombudsman_days = forms.IntegerField(
        label="Ombudsman's enquiry: working days to respond", min_value=1, max_value=250
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.IntegerField):
                field.widget.attrs.update({"inputmode": "numeric", "class": "govuk-input--width-3"})
                label = str(field.label).split(":")[0]
                field.error_messages.update(
                    {
                        "invalid": f"{label}: enter the number of working days as a number",
                        "min_value": f"{label}: the number of working days must be 1 or more",
                        "max_value": f"{label}: the number of working days must be 250 or fewer",
                    }
                )


def _blank(choices: list[tuple[str, str]], text: str) -> list[tuple[str, str]]:
    return [("", text), *choices]


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", required=False, choices=_blank(Kind.choices, "Any"))
    stage = forms.ChoiceField(
        label="Stage", required=False, choices=_blank(Stage.choices, "Any stage")
    )
    about = forms.ChoiceField(
        label="About", required=False, choices=_blank(About.choices, "Anything")
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Open or closed"), ("open", "Open"), ("closed", "Closed")],
    )
    overdue = forms.BooleanField(label="Only those with a response overdue", required=False)
    due_soon = forms.BooleanField(
        label="Only those with a response due in the next 7 days, or overdue", required=False
    )


OUTCOME_LABELS = dict(Outcome.choices)
