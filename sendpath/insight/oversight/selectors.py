"""Reads for the oversight pages: the plans' review events, complaints, disagreements and the
decision notices, always of the children the user may count (``insight.rules``). (The named
cases behind a count are read from the stored count: ``sendpath.insight.snapshots.members``.)"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import QuerySet

from sendpath.disputes.complaints.selectors import complaints_counted_for
from sendpath.disputes.models import ComplaintStage, Disagreement, TribunalOrder
from sendpath.ehc.models import Case, CaseEvent
from sendpath.insight.rules import counted_children
from sendpath.people.models import Organisation

from .counting import EVENT_TYPES, Event, Plan

APPEALABLE = "decision_notice_sent"


def _rows(values: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in values]


def counted_cases(user: Any) -> QuerySet[Case]:
    """The cases a user may count: those of the children they may count (a leader: their own
    authority's; never another authority's)."""
    return Case.objects.filter(child__in=counted_children(user))


def authority_cases(authority: Organisation) -> QuerySet[Case]:
    """The cases of the children the authority is responsible for: what its leader counts (the
    stored counts are the authority's, the same for its leaders and managers)."""
    return Case.objects.filter(child__responsible_authority=authority)


def plans_of(cases: QuerySet[Case]) -> list[Plan]:
    """``plans`` of the given cases."""
    events = (
        CaseEvent.objects.filter(case__in=cases, type__in=EVENT_TYPES, superseded_by__isnull=True)
        .order_by("case_id", "date", "id")
        .values_list("case_id", "type", "date", "details")
    )
    by_case: dict[Any, list[Event]] = defaultdict(list)
    for case_id, type_, date, details in events.iterator(chunk_size=5000):
        by_case[case_id].append(Event(type_, date, details or {}))
    if not by_case:
        return []
    found: list[Plan] = []
    rows = (
        Case.objects.filter(pk__in=list(by_case))
        .order_by("reference")
        .values_list("pk", "child_id", "child__date_of_birth", "transfer_year", "transfer_kind")
    )
    for pk, child_id, dob, transfer_year, transfer_kind in rows.iterator(chunk_size=5000):
        found.append(Plan(pk, child_id, dob, by_case[pk], transfer_year, transfer_kind or ""))
    return found


def decision_notices(user: Any) -> list[dt.date]:
    """The dates of the decision notices sent (the appealable decisions) on counted cases."""
    dates = CaseEvent.objects.filter(
        case__in=counted_cases(user),
        type=APPEALABLE,
        superseded_by__isnull=True,
        date__isnull=False,
    ).values_list("date", flat=True)
    return [d for d in dates if d is not None]


def complaints(user: Any) -> list[dict[str, Any]]:
    """The complaints and disagreement resolutions a user may count."""
    return _rows(
        complaints_counted_for(user).values(
            "pk", "kind", "about", "stage", "outcome", "received_on", "outcome_on"
        )
    )


def complaint_stages(user: Any) -> list[dict[str, Any]]:
    """Each stage of those complaints that owed a response: when it started, when the reply was
    due (the authority's own response time) and when it was sent."""
    return _rows(
        ComplaintStage.objects.filter(
            complaint__in=complaints_counted_for(user), due_on__isnull=False
        ).values("complaint__kind", "stage", "started_on", "due_on", "responded_on")
    )


def disagreements(user: Any) -> list[dict[str, Any]]:
    """Mediation and appeals on counted cases."""
    return _rows(
        Disagreement.objects.filter(case__in=counted_cases(user)).values(
            "pk",
            "kind",
            "decision",
            "opened_on",
            "adviser_contacted_on",
            "wants_mediation",
            "certificate_on",
            "requested_on",
            "held_on",
            "mediation_outcome",
            "registered_on",
            "decided_on",
            "appeal_outcome",
            "unopposed",
        )
    )


def orders(user: Any) -> list[dict[str, Any]]:
    """The tribunal's orders on counted cases."""
    return _rows(
        TribunalOrder.objects.filter(disagreement__case__in=counted_cases(user)).values(
            "kind", "made_on", "complied_on"
        )
    )
