"""Recording that a child with a plan moved to another authority, and that the plan was
transferred."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from sendpath.people.models import (
    Organisation,
    OrganisationKind,
    User,
)

from ..cases import services
from ..models import (
    Case,
    CaseEvent,
)


def move_record(
    *,
    actor: User,
    case: Case,
    move_date: dt.date,
    authority: Organisation,
    learned_on: dt.date,
    how_learned: str,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """The child is moving to another authority: the transfer_plan_out deadline starts."""
    if authority.kind != OrganisationKind.LOCAL_AUTHORITY or authority.pk == case.authority_id:
        raise ValidationError({"authority": "Select the authority the child is moving to"})
    if not how_learned.strip():
        raise ValidationError({"how_learned": "Enter how you learned of the move"})
    return services.event_record(
        actor=actor,
        case=case,
        type="move_notified",
        date=learned_on,
        details={
            "move_date": move_date.isoformat(),
            "authority_id": str(authority.pk),
            "authority": authority.name,
            "organisation": authority.name,
            "how_learned": how_learned.strip(),
        },
        request=request,
    )


def transferred_record(
    *, actor: User, case: Case, transferred_on: dt.date, request: HttpRequest | None = None
) -> CaseEvent:
    moves = [e for e in services.effective_events(case) if e.type == "move_notified"]
    if not moves:
        raise ValidationError("Record the move before marking the plan transferred")
    return services.event_record(
        actor=actor,
        case=case,
        type="plan_transferred",
        date=transferred_on,
        details={"organisation": moves[-1].details.get("authority", "")},
        request=request,
    )
