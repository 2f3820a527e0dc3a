"""Forms of the family's pages: plain words, each field's error naming it (GOV.UK pattern)."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.core.forms import GovukForm
from sendpath.ehc.documents.forms import FILE_HINT, FileMessages

from .services import SETTING_TYPES

LONG = 5000


def _text(label: str, hint: str = "", *, required: bool = True, rows: int = 5) -> forms.Field:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        max_length=LONG,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _required(form: forms.Form, **messages: str) -> None:
    for name, message in messages.items():
        form.fields[name].error_messages["required"] = message
        form.fields[name].error_messages["max_length"] = (
            f"{form.fields[name].label} must be {LONG:,} characters or fewer"
        )


class AssessmentForm(GovukForm):
    why = _text(
        "Why are you asking for an assessment?",
        "Tell us what is hard at school or college, and at home. Write it in your own words.",
    )
    help_now = _text(
        "What help is given now?",
        "For example: extra help in class, speech and language therapy. Write 'none' if there "
        "is none.",
    )
    school = forms.CharField(
        label="School, college or nursery",
        max_length=200,
        help_text="Where they go now. Write 'none' if they do not go to one.",
    )
    evidence = forms.FileField(
        label="Upload a report or letter (optional)",
        required=False,
        help_text=f"For example, a report from a doctor or therapist. {FILE_HINT}.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _required(
            self,
            why="Enter why you are asking for an assessment",
            help_now="Enter what help is given now, or write 'none'",
            school="Enter the school, college or nursery, or write 'none'",
        )
        self.fields["school"].error_messages["max_length"] = (
            "School, college or nursery must be 200 characters or fewer"
        )
        FileMessages.apply(self.fields["evidence"], required=False)


class RepresentationsForm(GovukForm):
    comments = _text(
        "Your comments on the draft plan",
        "Say what you agree with, what is wrong or missing, and what you would change. You can "
        "name the section, for example 'Section F'.",
        rows=8,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _required(self, comments="Enter your comments on the draft plan")


class MeetingForm(GovukForm):
    about = _text("What would you like to talk about?", rows=4)
    times = forms.CharField(
        label="Days and times that suit you (optional)",
        max_length=300,
        required=False,
        help_text="For example: weekday mornings, not Fridays",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _required(self, about="Enter what you would like to talk about")
        self.fields["times"].error_messages["max_length"] = (
            "Days and times must be 300 characters or fewer"
        )


class PlacementForm(GovukForm):
    setting_type = forms.ChoiceField(
        label="What kind of school or college is it?",
        choices=list(SETTING_TYPES.items()),
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label="Name of the school or college",
        max_length=200,
        help_text="For example: Ourshire Primary School",
    )
    reason = _text("Why this school or college? (optional)", required=False, rows=4)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["setting_type"].error_messages["required"] = (
            "Select the kind of school or college"
        )
        self.fields["setting_type"].error_messages["invalid_choice"] = (
            "Select the kind of school or college"
        )
        _required(self, name="Enter the name of the school or college")
        self.fields["name"].error_messages["max_length"] = (
            "Name of the school or college must be 200 characters or fewer"
        )


class PersonalBudgetForm(GovukForm):
    what_for = _text(
        "What would you like the budget for?",
        "For example: to choose your own speech and language therapist, or help to get to college.",
        rows=4,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _required(self, what_for="Enter what you would like the budget for")


class DocumentForm(GovukForm):
    title = forms.CharField(
        label="What is it?",
        max_length=200,
        help_text="For example: letter from the doctor, speech therapy report",
    )
    file = forms.FileField(label="Upload the file", help_text=FILE_HINT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = "Enter what the document is"
        self.fields["title"].error_messages["max_length"] = (
            "What it is must be 200 characters or fewer"
        )
        FileMessages.apply(self.fields["file"], required=True)


class ConcernForm(GovukForm):
    message = _text(
        "What is wrong?",
        "Tell us what has happened and what you would like us to do. Your caseworker will read it.",
        rows=6,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _required(self, message="Enter what is wrong")


class ReviewForm(GovukForm):
    views = _text(
        "Your views for the review",
        "What is going well, what is not, and what you would like to change. Think about home, "
        "school or college, health and friends.",
        rows=8,
    )
    file = forms.FileField(
        label="Upload a report, letter or picture (optional)",
        required=False,
        help_text=FILE_HINT,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _required(self, views="Enter your views for the review")
        FileMessages.apply(self.fields["file"], required=False)
