"""Forms for decision notices."""

from __future__ import annotations

from sendpath.core.forms import DateField, GovukForm


class NoticeSentForm(GovukForm):
    sent_on = DateField(
        label="Date the notice was sent",
        not_in_future=True,
        help_text="The family's time limits run from this date. For example, 27 3 2026",
    )
