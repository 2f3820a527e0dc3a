"""Reads shared by every workflow on a case: the cases a user may see, one case, its timeline,
the open case of a child, and whether an amendment to the plan in force is open."""

from __future__ import annotations

from django.db.models import QuerySet

from sendpath.ehc.cases import services
from sendpath.ehc.models import Case, CaseEvent, CaseQuerySet
from sendpath.people.models import AUTHORITY_ROLES, Child, User


def cases_for(user: User) -> CaseQuerySet:
    """Cases the user may see. SEND team staff see the cases their authority holds (served by
    the partial indexes on open cases); everyone else through the children they may see."""
    staff = user.is_authenticated and user.is_active and not user.is_superuser
    if staff and user.role in AUTHORITY_ROLES:
        authority = user.authority
        return Case.objects.filter(authority=authority) if authority else Case.objects.none()
    return Case.objects.visible_to(user)


def case_events_for(*, case: Case) -> QuerySet[CaseEvent]:
    """The events on a case's timeline (the case is already in the user's scope)."""
    return CaseEvent.objects.filter(case=case)


def timeline(case: Case) -> list[CaseEvent]:
    """Every event, corrections and what they corrected included, oldest first."""
    return list(
        case.events.select_related("recorded_by", "supersedes")
        .prefetch_related("superseded_by", "documents")
        .order_by("date", "recorded_at", "id")
    )


def open_case_for(child: Child) -> Case | None:
    return Case.objects.filter(child=child, closed_at__isnull=True).first()


# An amendment proposal is closed by one of these events.
CLOSING_TYPES = ("amended_plan_issued", "decided_not_to_amend")


def amendment_open(case: Case) -> CaseEvent | None:
    """The amendment proposal still open: no amended plan issued and no decision not to amend
    recorded after it. While it is open the plan in force can be edited."""
    open_event: CaseEvent | None = None
    for event in services.effective_events(case):
        if event.type == "amendment_proposed":
            open_event = event
        elif event.type in CLOSING_TYPES:
            open_event = None
    return open_event
