"""Reads of a child's SEN support for the SEND team and the Virtual School (read-only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.utils import timezone

from sendpath.people.models import Child
from sendpath.support.models import (
    Cycle,
    CycleAdvice,
    ProvisionEntry,
    PupilVoice,
    Target,
    term_of,
)


def children_for_overview(*, user: Any) -> QuerySet[Child]:
    """The children whose SEN support the user may read as a partner: their scope, if the role
    is one that reads it (``support.view_overview``), else none."""
    from sendpath.support.rules import reads_support_as_partner

    if not reads_support_as_partner.test(user):
        return Child.objects.none()
    return Child.objects.visible_to(user)


@dataclass(frozen=True)
class SupportSummary:
    cycles: list[Cycle]
    current_targets: list[Target]
    school_year: int
    provision_pence: int
    provision_entries: int
    voice_count: int

    @property
    def has_support(self) -> bool:
        return bool(self.cycles or self.provision_entries or self.voice_count)


def support_summary(*, child: Child, today: dt.date | None = None) -> SupportSummary:
    """Cycles (newest first), the newest cycle's targets, this school year's provision map
    total and the number of pieces of the pupil's voice."""
    today = today or timezone.localdate()
    year, _term = term_of(today)
    cycles = list(Cycle.objects.filter(child=child).order_by("-number"))
    targets = list(Target.objects.filter(cycle=cycles[0])) if cycles else []
    totals = ProvisionEntry.objects.filter(child=child, school_year=year).aggregate(
        pence=Sum("cost_pence"), entries=Count("pk")
    )
    return SupportSummary(
        cycles=cycles,
        current_targets=targets,
        school_year=year,
        provision_pence=totals["pence"] or 0,
        provision_entries=totals["entries"] or 0,
        voice_count=PupilVoice.objects.filter(child=child).count(),
    )


@dataclass(frozen=True)
class YearTotal:
    school_year: int
    pence: int


def overview(*, child: Child) -> dict[str, Any]:
    """Everything the read-only overview shows: cycles with their targets and advice, the
    provision map by school year and term, and the pupil's voice."""
    cycles = list(
        Cycle.objects.filter(child=child)
        .select_related("school")
        .prefetch_related(
            "targets", Prefetch("advice", queryset=CycleAdvice.objects.order_by("received_on"))
        )
        .order_by("-number")
    )
    provision = list(
        ProvisionEntry.objects.filter(child=child)
        .select_related("school")
        .order_by("-school_year", "term", "created_at")
    )
    years = [
        YearTotal(row["school_year"], row["pence"])
        for row in ProvisionEntry.objects.filter(child=child)
        .values("school_year")
        .annotate(pence=Sum("cost_pence"))
        .order_by("-school_year")
    ]
    voice = list(PupilVoice.objects.filter(child=child).select_related("cycle"))
    return {"cycles": cycles, "provision": provision, "years": years, "voice": voice}
