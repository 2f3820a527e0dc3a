"""Forms for amending and ceasing a plan in force, and for comparing its versions."""

from __future__ import annotations

from django import forms

from sendpath.core.forms import DateField, GovukForm
from sendpath.core.reference import SEN2_CEASE_REASONS
from sendpath.ehc.presenters import period_of


class ProposeForm(GovukForm):
    proposed_on = DateField(
        label="Date the proposed amendments were sent to the family",
        not_in_future=True,
        help_text=f"The family's {period_of('amendment_representations_close')} to comment and the "
        f"{period_of('issue_amended_plan')} to issue start on this date. "
        "For example, 2 3 2026",
    )
    reasons = forms.CharField(
        label="Reasons for the amendments",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="For example, what the annual review found or what has changed",
    )
    changes = forms.CharField(
        label="Changes proposed to the plan",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text="Describe each change, section by section. Once proposed, the plan's "
        "sections can be edited on the plan page",
    )
    evidence = forms.FileField(
        label="Evidence (optional)",
        required=False,
        help_text="PDF, Word or image files up to 20 MB",
    )


class IssueForm(GovukForm):
    issued_on = DateField(
        label="Date the amended plan was issued",
        not_in_future=True,
        help_text="For example, 2 3 2026",
    )
    early_confirmed = forms.BooleanField(
        label="The family have already made their representations", required=False
    )


class DeclineForm(GovukForm):
    decided_on = DateField(
        label="Date of the decision not to amend",
        not_in_future=True,
        help_text="For example, 2 3 2026",
    )
    reasons = forms.CharField(
        label="Reasons for not amending the plan",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="The family must be told of the decision and the reasons",
    )


class CeaseForm(GovukForm):
    decided_on = DateField(
        label="Date of the decision to cease the plan",
        not_in_future=True,
        help_text="For example, 2 3 2026",
    )
    reason = forms.ChoiceField(
        label="Reason for ceasing the plan",
        choices=SEN2_CEASE_REASONS,
        widget=forms.RadioSelect,
        help_text="The reasons reported to the Department for Education in the SEN2 return",
    )
    consultation = forms.CharField(
        label="Consultation done before deciding",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="Who was consulted (the family or young person, the school or college) and "
        "when, as regulation 31 requires",
    )
    notice_sent_on = DateField(
        label="Date the notice of the decision, with the right to appeal, was sent",
        not_in_future=True,
        help_text="The family's limit to appeal is counted from this date. For example, 2 3 2026",
    )


class CompareForm(GovukForm):
    first = forms.ChoiceField(label="Compare version")
    second = forms.ChoiceField(label="With version")

    def clean(self) -> dict[str, str]:
        data = super().clean() or {}
        if data.get("first") and data.get("first") == data.get("second"):
            self.add_error("second", "Choose a different version to compare with")
        return data
