"""Reads for the family's pages, always scoped to what the signed-in family user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from sendpath.ehc.models import Case, CaseEvent, Deadline, Plan, PlanStatus, PlanVersion
from sendpath.ehc.plans.versions import snapshot_plan
from sendpath.people.family import selectors as family_selectors
from sendpath.people.models import Child, Role


def is_family(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.FAMILY)


def children_for(*, user: Any) -> QuerySet[Child]:
    """The children whose case the user may follow: ``Child.objects.visible_to`` (a parent's
    linked children, the 16+ rule applied; a young person's own record). Nobody else's."""
    if not is_family(user):
        return Child.objects.none()
    return Child.objects.visible_to(user).order_by("first_name", "last_name", "pk")


def plan_children_for(*, user: Any) -> QuerySet[Child]:
    """Children whose plan the user may read: their own children, and a carer's cared-for
    children with plan-only access (``people.view_plan_as_carer``)."""
    if not is_family(user):
        return Child.objects.none()
    return family_selectors.family_reach(user=user)


def cases_of(*, child: Child) -> list[Case]:
    """The child's cases, the open one first, then the most recent (the child is in scope)."""
    cases = Case.objects.filter(child=child).select_related("caseworker", "authority")
    return sorted(cases, key=lambda c: (c.closed_at is not None, -c.received_on.toordinal()))


def deadlines_of(*, case: Case) -> list[Deadline]:
    """The stored deadlines (the timescales engine's output, as the caseworker sees them)."""
    return list(Deadline.objects.filter(case=case).order_by("due", "key"))


def events_of(*, case: Case) -> list[CaseEvent]:
    """The case's effective events, oldest first: an event a correction replaced is left out
    (its correction stands in its place)."""
    return list(
        CaseEvent.objects.filter(case=case, superseded_by__isnull=True).order_by(
            "date", "recorded_at", "id"
        )
    )


@dataclass(frozen=True)
class IssuedPlan:
    """The plan in force as it was issued: its case, when, and every section (a snapshot)."""

    case: Case
    issued_on: dt.date
    snapshot: dict[str, Any]
    number: int = 1


def plan_in_force(*, child: Child) -> IssuedPlan | None:
    """The latest issued version of the child's plan in force (final or amended). A plan
    issued before versions were kept (an older or imported plan) has none: while no amendment
    is open it is still as issued, so it is read from the plan itself."""
    version = (
        PlanVersion.objects.filter(plan__case__child=child, plan__case__closed_at__isnull=True)
        .select_related("plan__case__authority", "plan__case__caseworker")
        .order_by("-issued_on", "-number")
        .first()
    )
    if version is not None:
        return IssuedPlan(version.plan.case, version.issued_on, version.snapshot, version.number)
    plan = (
        Plan.objects.filter(
            case__child=child, case__closed_at__isnull=True, status=PlanStatus.FINAL
        )
        .select_related("case__authority", "case__caseworker", "placement")
        .order_by("-case__received_on")
        .first()
    )
    if plan is None or plan.issued_on is None:
        return None
    return IssuedPlan(plan.case, plan.issued_on, snapshot_plan(plan))
