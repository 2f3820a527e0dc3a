"""Reads for cases: the worklist, the team view and the panel, always scoped to the user."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from sendpath.people.models import AUTHORITY_ROLES, Child, SettingAttendance, User

from .models import OPEN_STAGES, Case, CaseEvent, CaseQuerySet, Deadline, Stage


@dataclass
class WorklistFilters:
    caseworker_id: int | None = None
    stage: str = ""
    family: str = ""
    school_id: str = ""
    overdue: bool = False
    query: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def cases_for(user: User) -> CaseQuerySet:
    """Cases the user may see. SEND team staff see the cases their authority holds (served by
    the partial indexes on open cases); everyone else through the children they may see."""
    staff = user.is_authenticated and user.is_active and not user.is_superuser
    if staff and user.role in AUTHORITY_ROLES:
        authority = user.authority
        return Case.objects.filter(authority=authority) if authority else Case.objects.none()
    return Case.objects.visible_to(user)


def worklist(
    *, user: User, filters: WorklistFilters, today: dt.date | None = None
) -> QuerySet[Case]:
    """Open cases ordered by their next deadline (the authority's own, not the family's)."""
    today = today or timezone.localdate()
    cases = cases_for(user).open().select_related("child", "caseworker")
    if filters.caseworker_id:
        cases = cases.filter(caseworker_id=filters.caseworker_id)
    if filters.stage:
        cases = cases.filter(stage=filters.stage)
    if filters.family:
        cases = cases.filter(
            Exists(
                Deadline.objects.filter(case=OuterRef("pk"), family=filters.family, pending=True)
            )
        )
    if filters.school_id:
        attending = SettingAttendance.objects.filter(
            organisation_id=filters.school_id, start_date__lte=today
        ).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        cases = cases.filter(child__in=attending.values("child_id"))
    if filters.overdue:
        cases = cases.filter(next_due__lt=today)
    query = filters.query.strip()
    if query:
        compact = query.replace(" ", "").upper()
        name_match = Q()
        for word in query.split():
            name_match &= Q(child__first_name__istartswith=word) | Q(
                child__last_name__istartswith=word
            )
        cases = cases.filter(name_match | Q(reference__iexact=compact) | Q(child__upn=compact))
    # Cases with no pending deadline last (PostgreSQL's default for ASC; SQLite needs telling).
    return cases.order_by(F("next_due").asc(nulls_last=True), "received_on", "pk")


def worklist_counts(cases: QuerySet[Case], today: dt.date | None = None) -> dict[str, int]:
    """Open, overdue and due-in-the-next-7-days counts, in one query."""
    today = today or timezone.localdate()
    week = today + dt.timedelta(days=7)
    counts = cases.order_by().aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(next_due__lt=today)),
        due_this_week=Count("pk", filter=Q(next_due__gte=today, next_due__lte=week)),
    )
    return {key: int(value or 0) for key, value in counts.items()}


def panel(*, user: User) -> dict[str, QuerySet[Case]]:
    """The weekly panel: requests awaiting a decision to assess, assessments awaiting a
    decision to issue a plan."""
    cases = cases_for(user).open().select_related("child", "caseworker")
    return {
        "to_assess": cases.filter(stage=Stage.REQUESTED).order_by("next_due", "received_on"),
        "to_issue": cases.filter(stage=Stage.ASSESSING).order_by("received_on"),
    }


def case_get(*, user: User, pk: UUID | str) -> Case:
    return cases_for(user).select_related("child", "caseworker", "authority").get(pk=pk)


def timeline(case: Case) -> list[CaseEvent]:
    """Every event, corrections and what they corrected included, oldest first."""
    return list(
        case.events.select_related("recorded_by", "supersedes")
        .prefetch_related("superseded_by", "documents")
        .order_by("date", "recorded_at", "id")
    )


def team_caseworkers(user: User) -> QuerySet[User]:
    from sendpath.people.models import Role

    authority = user.authority
    return User.objects.filter(
        is_active=True, role__in=[Role.CASEWORKER, Role.MANAGER], organisation=authority
    ).order_by("last_name", "first_name")


def open_case_for(child: Child) -> Case | None:
    return Case.objects.filter(child=child, closed_at__isnull=True).first()


__all__ = [
    "OPEN_STAGES",
    "WorklistFilters",
    "case_get",
    "panel",
    "timeline",
    "worklist",
    "worklist_counts",
]
