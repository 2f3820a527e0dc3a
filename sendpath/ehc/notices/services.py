"""Recording that a decision notice was sent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sendpath.ehc.cases import services
from sendpath.ehc.models import Case, CaseEvent
from sendpath.ehc.notices.selectors import KINDS, NOTICE_KEY, decision_for, sent_for


@transaction.atomic
def notice_sent_record(
    *,
    actor: Any,
    case: Case,
    kind: str,
    sent_on: dt.date,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """Record that a decision notice was sent; the family's two limits run from that date."""
    case = Case.objects.select_for_update().select_related("child").get(pk=case.pk)
    spec = KINDS.get(kind)
    if spec is None:
        raise ValidationError("There is no such decision notice")
    events = services.effective_events(case)
    decision = decision_for(spec, events)
    if decision is None:
        raise ValidationError(f"The {spec.label.lower()} does not apply to this case")
    if sent_for(spec, decision, events) is not None:
        raise ValidationError(
            "This notice has already been recorded as sent. To change the date, correct it from "
            "the timeline"
        )
    if sent_on > timezone.localdate():
        raise ValidationError(
            {"sent_on": "The date the notice was sent must be today or in the past"}
        )
    if decision.date is not None and sent_on < decision.date:
        raise ValidationError(
            {
                "sent_on": "The date the notice was sent must be on or after "
                f"{decision.date:%-d %B %Y}, the date of the decision"
            }
        )
    try:
        return services.event_record(
            actor=actor,
            case=case,
            type="decision_notice_sent",
            date=sent_on,
            details={NOTICE_KEY: spec.key, "kind_label": spec.label},
            request=request,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "date" in error.error_dict:
            raise ValidationError({"sent_on": error.error_dict["date"][0].messages[0]}) from None
        raise
