"""Reads for SEN support's pupils and cycles: every one starts from ``Child.objects.visible_to``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from sendpath.people.models import Child, User

from ..models import Cycle, RegisterChange, SupportRecord, Target, TargetResult

# A cycle is listed as due when its review date is this close, or past (CoP 6.17, 6.65).
DUE_WITHIN_DAYS = 14
# The review date suggested for a new cycle: usually 6 to 8 weeks after it starts.
SUGGESTED_WEEKS = 7
# Targets carried into the next cycle.
CARRIED_RESULTS = (TargetResult.NOT_MET, TargetResult.PARTLY)


def pupils_in_scope(user: User) -> QuerySet[Child]:
    return Child.objects.visible_to(user)


def pupils_on_support(*, user: User, q: str = "") -> QuerySet[Child]:
    """Pupils on SEN support (K) or with a plan (E) the user may see, with their current cycle.
    A search by name finds every pupil in scope, so one can be put on SEN support."""
    latest = Cycle.objects.filter(child=OuterRef("pk")).order_by("-number")
    children = pupils_in_scope(user)
    if not q.strip():
        children = children.filter(sen_provision__in=("K", "E"))
    children = (
        children.select_related("support_record")
        .annotate(
            cycle_number=Subquery(latest.values("number")[:1]),
            cycle_review_due=Subquery(latest.values("review_due")[:1]),
            cycle_reviewed_on=Subquery(latest.values("reviewed_on")[:1]),
        )
        .order_by("last_name", "first_name", "pk")
    )
    for word in q.split():
        children = children.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(preferred_name__icontains=word)
        )
    return children


def reviews_due(*, user: User, today: dt.date | None = None) -> QuerySet[Cycle]:
    """Cycles not yet reviewed whose review date is within two weeks, or past."""
    today = today or timezone.localdate()
    return (
        Cycle.objects.filter(
            child__in=pupils_in_scope(user),
            reviewed_on__isnull=True,
            review_due__lte=today + dt.timedelta(days=DUE_WITHIN_DAYS),
        )
        .select_related("child")
        .order_by("review_due", "child__last_name")
    )


def cycles_for(child: Child) -> QuerySet[Cycle]:
    return Cycle.objects.filter(child=child).order_by("-number")


def last_cycle(child: Child) -> Cycle | None:
    return cycles_for(child).first()


def register_history(child: Child) -> QuerySet[RegisterChange]:
    return RegisterChange.objects.filter(child=child).select_related("school", "created_by")


def support_record(child: Child) -> SupportRecord | None:
    return SupportRecord.objects.filter(child=child).first()


def targets_to_carry(cycle: Cycle | None) -> list[Target]:
    if cycle is None:
        return []
    return list(cycle.targets.filter(result__in=CARRIED_RESULTS).order_by("position", "created_at"))


def suggested_review(started_on: dt.date) -> dt.date:
    return started_on + dt.timedelta(weeks=SUGGESTED_WEEKS)


def cycle_context(cycle: Cycle) -> dict[str, Any]:
    return {
        "targets": list(cycle.targets.select_related("carried_from__cycle")),
        "advice": list(cycle.advice.all()),
        "notes": list(cycle.notes.all()),
        "previous": cycle.previous,
    }
