"""Forms for joint working (GOV.UK components, errors naming the field)."""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.core.forms import DateField, GovukForm


class MeetingForm(GovukForm):
    held_on = DateField(label="Date of the meeting")


class ItemForm(GovukForm):
    title = forms.CharField(label="Item", max_length=200)
    detail = forms.CharField(label="Details", required=False, widget=forms.Textarea)
    child = forms.ChoiceField(label="Child or young person", required=False)


class DiscussionForm(GovukForm):
    discussion = forms.CharField(label="Discussion notes", widget=forms.Textarea)


class ActionForm(GovukForm):
    description = forms.CharField(label="Action", widget=forms.Textarea)
    owner = forms.ChoiceField(label="Owner", required=False)
    owner_name = forms.CharField(
        label="Owner's name, if not listed",
        max_length=200,
        required=False,
        help_text="For example, someone in another authority",
    )
    due_on = DateField(label="Due date")
    item = forms.ChoiceField(label="Agenda item", required=False)


class DoneForm(GovukForm):
    done_on = DateField(label="Date it was done", not_in_future=True)


class EscalationForm(GovukForm):
    child = forms.ChoiceField(label="Child or young person")
    reason = forms.CharField(label="Reason for the escalation", widget=forms.Textarea)
    level = forms.ChoiceField(label="Level", widget=forms.RadioSelect)
    owner = forms.ChoiceField(label="Owner", required=False)
    owner_name = forms.CharField(
        label="Owner's name, if not listed", max_length=200, required=False
    )
    other_authority = forms.ChoiceField(label="Other authority involved", required=False)
    raised_on = DateField(label="Date raised", not_in_future=True)
    review_by = DateField(label="Review-by date")


class LevelUpForm(GovukForm):
    level = forms.ChoiceField(label="New level", widget=forms.RadioSelect)
    date = DateField(label="Date escalated", not_in_future=True)
    review_by = DateField(label="New review-by date")
    note = forms.CharField(label="Why it was escalated", required=False, widget=forms.Textarea)


class ResolveForm(GovukForm):
    resolved_on = DateField(label="Date resolved", not_in_future=True)
    outcome = forms.CharField(label="Outcome", widget=forms.Textarea)


class OtherDecisionForm(GovukForm):
    child = forms.ChoiceField(label="Child or young person")
    authority = forms.ChoiceField(label="Authority that made the decision")
    decision = forms.ChoiceField(label="Decision", widget=forms.RadioSelect)
    decided_on = DateField(label="Date of the decision", not_in_future=True)
    note = forms.CharField(label="Notes", required=False, widget=forms.Textarea)


class PepForm(GovukForm):
    pep_date = DateField(
        label="Date of the plan", not_in_future=True, help_text="The date of the PEP meeting"
    )
    file = forms.FileField(label="Personal Education Plan document")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages["required"] = "Select the PEP document"
        self.fields["file"].error_messages["empty"] = "The selected file is empty"
