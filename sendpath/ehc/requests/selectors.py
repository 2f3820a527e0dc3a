"""Reads for the worklist, the team view and the panel, always scoped to the user."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from sendpath.ehc.cases.selectors import cases_for
from sendpath.ehc.models import Case, Deadline, Stage
from sendpath.people.models import SettingAttendance, User


@dataclass
class WorklistFilters:
    caseworker_id: int | None = None
    stage: str = ""
    family: str = ""
    school_id: str = ""
    overdue: bool = False
    query: str = ""
    extra: dict[str, str] = field(default_factory=dict)


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
        "to_assess": cases.filter(stage=Stage.REQUESTED).order_by("next_due", "received_on", "pk"),
        "to_issue": cases.filter(stage=Stage.ASSESSING).order_by("received_on", "pk"),
    }


def team_caseworkers(user: User) -> QuerySet[User]:
    from sendpath.people.models import Role

    authority = user.authority
    return User.objects.filter(
        is_active=True, role__in=[Role.CASEWORKER, Role.MANAGER], organisation=authority
    ).order_by("last_name", "first_name")
