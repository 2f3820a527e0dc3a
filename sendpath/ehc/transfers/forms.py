"""Forms for moving between authorities: the move, the transfer, the import."""

from __future__ import annotations

from django import forms

from sendpath.core.forms import DateField, GovukForm


class MoveForm(GovukForm):
    move_date = DateField(label="Date of the move", help_text="For example, 27 3 2026")
    authority = forms.ChoiceField(label="New authority", choices=())
    learned_on = DateField(
        label="Date you learned of the move", not_in_future=True, help_text="For example, 27 3 2026"
    )
    how_learned = forms.CharField(
        label="How you learned of the move",
        max_length=500,
        help_text="For example, a letter from the family or a call from the new school",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TransferredForm(GovukForm):
    transferred_on = DateField(
        label="Date the plan was transferred",
        not_in_future=True,
        help_text="For example, 27 3 2026",
    )


class ImportForm(GovukForm):
    file = forms.FileField(
        label="Plan transfer file",
        help_text="A sendpath-plan-transfer file (JSON, version 1.0) from the child's old authority",
    )
