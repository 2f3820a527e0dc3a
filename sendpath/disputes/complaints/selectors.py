"""Reads: complaints and disagreement resolution, always scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery

from sendpath.core.roles import EDITOR_ROLES
from sendpath.ehc.models import Case
from sendpath.people.models import Child, Organisation, User
from sendpath.timescales import default_calendar

from ..models.complaints import (
    DEFAULT_DAYS,
    OPEN_STAGES,
    About,
    Complaint,
    ComplaintAction,
    ComplaintSettings,
    ComplaintStage,
    Kind,
    Outcome,
    Stage,
)


def settings_for(authority: Organisation | None) -> ComplaintSettings:
    """The authority's response times, or the defaults (unsaved) until it sets its own."""
    if authority is not None:
        found = ComplaintSettings.objects.filter(authority=authority).first()
        if found is not None:
            return found
    return ComplaintSettings(
        authority=authority,
        stage_1_days=DEFAULT_DAYS[Stage.STAGE_1],
        stage_2_days=DEFAULT_DAYS[Stage.STAGE_2],
        ombudsman_days=DEFAULT_DAYS[Stage.OMBUDSMAN],
    )


def response_due(authority: Organisation | None, stage: str, started_on: dt.date) -> dt.date:
    """A stage's response deadline: the configured number of working days after it started
    (the day it started not counted; weekends and England's bank holidays skipped)."""
    days = settings_for(authority).days_for(stage)
    return default_calendar().add_working_days(started_on, days)


def _with_current(qs: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """Each complaint with its current stage's response deadline, while a response is owed."""
    owed = ComplaintStage.objects.filter(
        complaint=OuterRef("pk"), stage=OuterRef("stage"), responded_on__isnull=True
    ).order_by("-started_on", "-created_at")
    return qs.annotate(current_due=Subquery(owed.values("due_on")[:1]))


def complaints_in_scope(user: User) -> QuerySet[Complaint]:
    """The complaints of the children the user may see (the SEND team: its own authority's)."""
    children = Child.objects.visible_to(user)
    return _with_current(
        Complaint.objects.filter(child__in=children).select_related("child", "authority")
    )


def complaints_counted_for(user: User) -> QuerySet[Complaint]:
    """The complaints a user may count, never see named (a leader: their authority's)."""
    return Complaint.objects.filter(child__in=Child.objects.counted_for(user))


def complaints_for_child(child: Child) -> QuerySet[Complaint]:
    return _with_current(Complaint.objects.filter(child=child))


def family_complaints(child: Child) -> QuerySet[Complaint]:
    """What the family sees on their pages: every complaint and resolution about the child."""
    return complaints_for_child(child).prefetch_related("stages")


def filtered(qs: QuerySet[Complaint], data: dict[str, Any], today: dt.date) -> QuerySet[Complaint]:
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    if data.get("stage"):
        qs = qs.filter(stage=data["stage"])
    if data.get("about"):
        qs = qs.filter(about=data["about"])
    status = data.get("status")
    if status == "open":
        qs = qs.filter(stage__in=OPEN_STAGES)
    elif status == "closed":
        qs = qs.exclude(stage__in=OPEN_STAGES)
    if data.get("overdue"):
        qs = qs.filter(Q(current_due__lt=today))
    if data.get("due_soon"):
        qs = qs.filter(current_due__lte=today + dt.timedelta(days=DUE_SOON_DAYS))  # type: ignore[misc]
    if data.get("overdue") or data.get("due_soon"):
        return qs.order_by("current_due", "received_on", "pk")  # the soonest reply first
    return qs


# A reply due within this many days is shown on the worklist and the front page.
DUE_SOON_DAYS = 7


def overdue_count(qs: QuerySet[Complaint], today: dt.date) -> int:
    return qs.filter(Q(current_due__lt=today)).count()


def due_counts(qs: QuerySet[Complaint], today: dt.date) -> dict[str, int]:
    """Replies owed: overdue, and due in the next ``DUE_SOON_DAYS`` days (one query)."""
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    found = qs.order_by().aggregate(
        overdue=Count("pk", filter=Q(current_due__lt=today)),
        soon=Count("pk", filter=Q(current_due__gte=today, current_due__lte=soon)),
    )
    return {key: int(value or 0) for key, value in found.items()}


def actions_due(user: User, today: dt.date, within_days: int = 14) -> QuerySet[ComplaintAction]:
    """Actions not yet done that are due in the next ``within_days`` days or overdue."""
    return (
        ComplaintAction.objects.filter(
            complaint__child__in=Child.objects.visible_to(user),
            done_on__isnull=True,
            due_on__lte=today + dt.timedelta(days=within_days),
        )
        .select_related("complaint__child", "owner")
        .order_by("due_on")
    )


def _table(qs: QuerySet[Complaint], field: str, labels: dict[str, str]) -> list[dict[str, Any]]:
    found = {row[field]: row["n"] for row in qs.values(field).annotate(n=Count("pk"))}
    return [
        {"value": value, "label": label, "count": found.get(value, 0)}
        for value, label in labels.items()
    ]


def counts(qs: QuerySet[Complaint]) -> dict[str, Any]:
    """Counts by type, outcome, stage and what it is about, for the list and for insight."""
    return {
        "total": qs.count(),
        "open": qs.filter(stage__in=OPEN_STAGES).count(),
        "by_kind": _table(qs, "kind", dict(Kind.choices)),
        "by_about": _table(qs, "about", dict(About.choices)),
        "by_stage": _table(qs, "stage", dict(Stage.choices)),
        "by_outcome": _table(qs.exclude(outcome=""), "outcome", dict(Outcome.choices)),
    }


def counts_for(user: User, *, since: dt.date | None = None) -> dict[str, Any]:
    """The counts a user may see (a leader included): by type, outcome and stage."""
    qs = complaints_counted_for(user)
    if since is not None:
        qs = qs.filter(received_on__gte=since)
    return counts(qs)


def timeline_case(child: Child) -> Case | None:
    """The case whose timeline a complaint about the child is recorded on: the child's open
    case, else the latest; none when the child has no case."""
    return (
        Case.objects.filter(child=child)
        .order_by(F("closed_at").asc(nulls_first=True), "-created_at")
        .first()
    )


def current_stage(complaint: Complaint) -> ComplaintStage | None:
    return (
        complaint.stages.filter(stage=complaint.stage)
        .order_by("-started_on", "-created_at")
        .first()
    )


def staff_choices(authority: Organisation | None) -> QuerySet[User]:
    """Who may own an action: the authority's SEND team."""
    if authority is None:
        return User.objects.none()
    return User.objects.filter(
        Q(organisation=authority) | Q(organisation__local_authority=authority),
        role__in=EDITOR_ROLES,
        is_active=True,
    ).order_by("first_name", "last_name", "username")


def no_complaints() -> QuerySet[Complaint]:
    """Nothing: what someone who may not see complaints at all is searched among."""
    return Complaint.objects.none()
