"""Forms: the family's agreement to the school's request, and the follow-up meeting after a
decision not to assess."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.core.forms import DateField, GovukForm


class SchoolRequestForm(GovukForm):
    family_agrees = forms.BooleanField(
        label="The parent or carer agrees to this request",
        help_text="A school can only ask for an assessment with the agreement of the parent or "
        "carer (or the young person) (Children and Families Act 2014, section 36(1))",
    )
    family_agreed_by = forms.CharField(
        label="Who agreed",
        max_length=200,
        help_text="The parent's or carer's name, and how they are related to the child",
    )
    family_agreed_on = DateField(
        label="Date they agreed", not_in_future=True, help_text="For example, 27 11 2026"
    )
    reason = forms.CharField(
        label="Why the school is asking now",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="What has been tried, and what more the pupil needs. The record below is sent "
        "with it: there is no need to copy it here",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["family_agrees"].error_messages["required"] = (
            "Confirm that the parent or carer agrees to this request"
        )


class FollowUpRequestForm(GovukForm):
    to_discuss = forms.CharField(
        label="What the school would like to discuss (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class FollowUpRecordForm(GovukForm):
    held_on = DateField(
        label="Date of the meeting", not_in_future=True, help_text="For example, 27 11 2026"
    )
    attended = forms.CharField(
        label="Who attended",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text="For example: the parent, the SENCO, the class teacher, the SEND caseworker",
    )
    agreed = forms.CharField(
        label="What was agreed",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="The next steps for the school's support, and who will do what",
    )
