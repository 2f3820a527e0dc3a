"""Reads of a child's SEN support for the SEND team and the Virtual School (read-only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

from sendpath.core import reference
from sendpath.people.models import Child, Organisation, SettingAttendance
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


# ---------------------------------------------------------------------------------------------
# A school's SEND data profile: its SEN register against the authority's schools


ON_REGISTER = ("K", "E")  # SEN support and EHC plans (school census SEN provision)


def _current_pupils(organisations: QuerySet[Any] | list[Any], today: dt.date) -> QuerySet[Child]:
    current = SettingAttendance.objects.filter(
        organisation__in=organisations, start_date__lte=today
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    return Child.objects.filter(pk__in=current.values("child_id"))


@dataclass(frozen=True)
class ProfileRow:
    label: str
    school: int
    school_of: int
    authority: int
    authority_of: int

    @staticmethod
    def _percent(n: int, of: int) -> str:
        return f"{round(100 * n / of)}%" if of else "none on the register"

    @property
    def school_percent(self) -> str:
        return self._percent(self.school, self.school_of)

    @property
    def authority_percent(self) -> str:
        return self._percent(self.authority, self.authority_of)


@dataclass(frozen=True)
class Profile:
    school: Organisation
    authority: Organisation | None
    register: int
    authority_register: int
    provision: list[ProfileRow]
    needs: list[ProfileRow]
    year_groups: list[ProfileRow]
    sex: list[ProfileRow]
    cared_for: list[ProfileRow]


def _counts(children: QuerySet[Child], key: Any) -> dict[Any, int]:
    """``{value: number of children}`` for a field or expression, counted in SQL."""
    rows = children.annotate(key=key).values("key").annotate(n=Count("pk")).order_by()
    return {row["key"]: row["n"] for row in rows}


def _rows(
    school: dict[Any, int],
    authority: dict[Any, int],
    labels: list[tuple[Any, str]],
    school_of: int,
    authority_of: int,
) -> list[ProfileRow]:
    return [
        ProfileRow(label, school.get(key, 0), school_of, authority.get(key, 0), authority_of)
        for key, label in labels
    ]


def _year_label(year: int) -> str:
    if year < 0:
        return "Below Reception"
    if year == 0:
        return "Reception"
    if year > 14:
        return "Year 15 and above"
    return f"Year {year}"


def school_profile(*, school: Organisation, today: dt.date | None = None) -> Profile:
    """The school's SEN register (pupils on roll with SEN support or an EHC plan) by provision,
    primary need, year group, sex and whether cared for, against the registers of every school
    in its authority. Every figure is a count in SQL (one grouped query per breakdown)."""
    today = today or timezone.localdate()
    authority = school.local_authority
    ours = _current_pupils([school], today).filter(sen_provision__in=ON_REGISTER)
    if authority is not None:
        schools = Organisation.objects.filter(local_authority=authority)
        theirs = _current_pupils(schools, today).filter(sen_provision__in=ON_REGISTER)
    else:
        theirs = Child.objects.none()
    register, authority_register = ours.count(), theirs.count()

    def compare(key: Any, labels: list[tuple[Any, str]]) -> list[ProfileRow]:
        return _rows(_counts(ours, key), _counts(theirs, key), labels, register, authority_register)

    # The school year starts in September; a child's cohort is the year they turned 4 on or
    # before 31 August (curriculum year = start of the school year - cohort - 5).
    start = today.year if today.month >= 9 else today.year - 1
    cohort = DbCase(
        When(date_of_birth__month__gte=9, then=ExtractYear("date_of_birth")),
        default=ExtractYear("date_of_birth") - 1,
    )
    year_group = Value(start - 5) - cohort
    school_years, authority_years = _counts(ours, year_group), _counts(theirs, year_group)
    years = sorted(set(school_years) | set(authority_years))
    merged: dict[str, tuple[int, int]] = {}
    for year in years:
        label = _year_label(year)
        a, b = merged.get(label, (0, 0))
        merged[label] = (a + school_years.get(year, 0), b + authority_years.get(year, 0))
    year_rows = [
        ProfileRow(label, a, register, b, authority_register) for label, (a, b) in merged.items()
    ]
    needs = [*reference.NEED_TYPES_CENSUS, ("", "Not recorded")]
    return Profile(
        school=school,
        authority=authority,
        register=register,
        authority_register=authority_register,
        provision=compare(F("sen_provision"), [("K", "SEN support"), ("E", "EHC plan")]),
        needs=[r for r in compare(F("primary_need"), needs) if r.school or r.authority],
        year_groups=year_rows,
        sex=compare(F("sex"), list(reference.SEX)),
        cared_for=compare(F("cared_for"), [(True, "Cared for"), (False, "Not cared for")]),
    )
