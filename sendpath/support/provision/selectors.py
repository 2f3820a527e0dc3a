"""Reads for a pupil's voice ("My Story"), costed provision map and evidence of need, and the
school's spend on SEN support. Every read is scoped by ``Child.objects.visible_to``.

Totals are sums in SQL over ``ProvisionEntry.cost_pence`` (each entry's share for its term,
worked out once by ``money.term_cost`` when it is saved); money is whole pence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from sendpath.core import reference
from sendpath.people.models import Child, Organisation, User

from ..models import (
    EvidenceOfNeed,
    ProvisionEntry,
    PupilVoice,
    SupportSettings,
    Term,
    Wave,
    term_of,
    term_step,
)
from ..money import DEFAULT_THRESHOLD_PENCE, pounds

# ---------------------------------------------------------------------------------------------
# Who and what is in reach


def pupils(*, user: User) -> QuerySet[Child]:
    """The children whose SEN support records ``user`` may open."""
    return Child.objects.visible_to(user)


def my_story(child: Child) -> QuerySet[PupilVoice]:
    """The child's views, newest first: what they said, drew or showed, and how."""
    return PupilVoice.objects.filter(child=child).order_by("-gathered_on", "-created_at")


def evidence_for(child: Child) -> QuerySet[EvidenceOfNeed]:
    return EvidenceOfNeed.objects.filter(child=child).order_by("-recorded_on", "-created_at")


def provision_for(child: Child) -> QuerySet[ProvisionEntry]:
    return ProvisionEntry.objects.filter(child=child)


# ---------------------------------------------------------------------------------------------
# Terms, years and the threshold


def term_label(school_year: int, term: str) -> str:
    """``(2026, "autumn")`` -> ``"Autumn 2026"``; spring and summer fall in the next calendar
    year (``(2026, "spring")`` -> ``"Spring 2027"``)."""
    calendar_year = school_year if term == Term.AUTUMN else school_year + 1
    return f"{Term(term).label} {calendar_year}"


def year_label(school_year: int) -> str:
    """``2026`` -> ``"2026 to 2027"``."""
    return f"{school_year} to {school_year + 1}"


def three_terms(today: dt.date) -> list[tuple[int, str]]:
    """The previous, current and next terms (school year, term)."""
    year, term = term_of(today)
    return [term_step(year, term, step) for step in (-1, 0, 1)]


def threshold_pence(authority: Organisation | None) -> int:
    """The authority's notional SEN budget threshold a year (6,000 pounds unless it set one)."""
    if authority is None:
        return DEFAULT_THRESHOLD_PENCE
    found = (
        SupportSettings.objects.filter(authority=authority)
        .values_list("threshold_pence", flat=True)
        .first()
    )
    return DEFAULT_THRESHOLD_PENCE if found is None else found


def settings_for(authority: Organisation | None) -> SupportSettings | None:
    if authority is None:
        return None
    return SupportSettings.objects.filter(authority=authority).first()


def yearly_cost(child: Child, school_year: int) -> int:
    """What the child's provision costs over one school year (autumn, spring and summer), in
    pence."""
    total = ProvisionEntry.objects.filter(child=child, school_year=school_year).aggregate(
        total=Sum("cost_pence")
    )["total"]
    return int(total or 0)


def above_threshold(child: Child, today: dt.date) -> bool:
    """Whether the child's provision this school year costs more than the authority's
    threshold (exactly at the threshold is not above it)."""
    year, _ = term_of(today)
    return yearly_cost(child, year) > threshold_pence(child.responsible_authority)


def against_threshold(total: int, threshold: int) -> str:
    """``"£250 above the threshold"`` or ``"£1,000 below the threshold"``, in plain words."""
    if total > threshold:
        return f"Above the threshold by {pounds(total - threshold)}"
    if total == threshold:
        return "Exactly at the threshold"
    return f"{pounds(threshold - total)} below the threshold"


# ---------------------------------------------------------------------------------------------
# A pupil's provision map


@dataclass
class TermColumn:
    school_year: int
    term: str
    label: str
    when: str  # "Previous term", "This term", "Next term (planned)"
    entries: list[ProvisionEntry] = field(default_factory=list)
    total_pence: int = 0


@dataclass
class YearTotal:
    school_year: int
    label: str
    total_pence: int
    threshold_pence: int
    above: bool
    against: str


@dataclass
class ProvisionMap:
    terms: list[TermColumn]
    years: list[YearTotal]
    threshold_pence: int
    other_entries: int  # entries in terms outside the three shown


def provision_map(child: Child, today: dt.date) -> ProvisionMap:
    """The child's provision over the previous, current and next terms, with the totals per
    term and per school year against the authority's threshold."""
    shown = three_terms(today)
    whens = ("Previous term", "This term", "Next term (planned)")
    columns = [
        TermColumn(year, term, term_label(year, term), when)
        for (year, term), when in zip(shown, whens, strict=True)
    ]
    by_key = {(c.school_year, c.term): c for c in columns}
    years = sorted({year for year, _ in shown})
    entries = (
        provision_for(child)
        .filter(school_year__in=years)
        .order_by("school_year", "term", "wave", "created_at")
    )
    for entry in entries:
        column = by_key.get((entry.school_year, entry.term))
        if column is not None:
            column.entries.append(entry)
    terms_total = (
        provision_for(child)
        .filter(school_year__in=years)
        .values("school_year", "term")
        .annotate(total=Sum("cost_pence"))
    )
    for row in terms_total:
        column = by_key.get((row["school_year"], row["term"]))
        if column is not None:
            column.total_pence = int(row["total"] or 0)
    year_totals = dict(
        provision_for(child)
        .filter(school_year__in=years)
        .values("school_year")
        .annotate(total=Sum("cost_pence"))
        .values_list("school_year", "total")
    )
    threshold = threshold_pence(child.responsible_authority)
    totals = []
    for year in years:
        total = int(year_totals.get(year) or 0)
        totals.append(
            YearTotal(
                year,
                year_label(year),
                total,
                threshold,
                total > threshold,
                against_threshold(total, threshold),
            )
        )
    other = provision_for(child).count() - sum(len(c.entries) for c in columns)
    return ProvisionMap(columns, totals, threshold, other)


# ---------------------------------------------------------------------------------------------
# The whole school


@dataclass
class SpendRow:
    key: str
    label: str
    total_pence: int


@dataclass
class SchoolSpend:
    school_year: int
    total_pence: int
    by_need: list[SpendRow]
    by_wave: list[SpendRow]


NEED_LABELS: dict[str, str] = dict(reference.NEED_TYPES_CENSUS)


def school_spend(*, school: Organisation, school_year: int) -> SchoolSpend:
    """The school's spend on provision over a school year: the total, by the pupils' primary
    need and by wave (sums in SQL)."""
    entries = ProvisionEntry.objects.filter(school=school, school_year=school_year)
    total = int(entries.aggregate(total=Sum("cost_pence"))["total"] or 0)
    need_rows = (
        entries.values("child__primary_need")
        .annotate(total=Sum("cost_pence"))
        .order_by("-total", "child__primary_need")
    )
    by_need = [
        SpendRow(
            row["child__primary_need"] or "",
            NEED_LABELS.get(row["child__primary_need"] or "", "No primary need recorded"),
            int(row["total"] or 0),
        )
        for row in need_rows
    ]
    wave_totals = dict(
        entries.values("wave").annotate(total=Sum("cost_pence")).values_list("wave", "total")
    )
    by_wave = [
        SpendRow(str(wave.value), str(wave.label), int(wave_totals[wave.value]))
        for wave in Wave
        if wave.value in wave_totals
    ]
    return SchoolSpend(school_year, total, by_need, by_wave)


def pupils_above_threshold(*, user: User, school: Organisation, school_year: int) -> QuerySet[Any]:
    """The pupils in ``user``'s reach whose provision at ``school`` this school year costs more
    than their authority's threshold, most costly first; each annotated with ``year_total`` and
    ``threshold``."""
    entries = ProvisionEntry.objects.filter(
        child=OuterRef("pk"), school=school, school_year=school_year
    )
    year_total = Subquery(
        entries.values("child").annotate(total=Sum("cost_pence")).values("total")[:1],
        output_field=IntegerField(),
    )
    threshold = Coalesce(
        Subquery(
            SupportSettings.objects.filter(authority=OuterRef("responsible_authority")).values(
                "threshold_pence"
            )[:1],
            output_field=IntegerField(),
        ),
        Value(DEFAULT_THRESHOLD_PENCE),
        output_field=IntegerField(),
    )
    return (
        pupils(user=user)
        .annotate(year_total=Coalesce(year_total, Value(0)), threshold=threshold)
        .filter(year_total__gt=threshold)
        .order_by("-year_total", "last_name", "first_name", "pk")
    )
