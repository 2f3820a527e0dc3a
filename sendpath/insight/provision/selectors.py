"""Reads for alternative provision oversight and preparing for adulthood.

Every read starts from the children a user may count (``insight.rules.counted_children``: a
leader's own authority's, never named) or see (``Child.objects.visible_to``): another
authority's children are never counted or shown.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from sendpath.core.formatting import age
from sendpath.ehc.models import Case, Stage
from sendpath.insight import published
from sendpath.insight.models import (
    EDUCATION,
    FULL_TIME_HOURS,
    AdulthoodRecord,
    AdultSocialCare,
    Destination,
    Ofsted,
    Outcome,
    Placement,
    Reason,
    open_on,
)
from sendpath.insight.rules import counted_children
from sendpath.localoffer.models import PUBLIC_STATUSES, Service
from sendpath.people.models import (
    EDUCATION_KINDS,
    Child,
    Organisation,
    OrganisationKind,
    SettingAttendance,
)

# Preparing for adulthood counts young people aged 14 to 25 (from Year 9, CoP 8.9, to the end of
# a plan, CFA 2014 s.46), in DfE's caseload age bands where they overlap.
AGE_BANDS = (("14 to 15", 14, 15), ("16 to 19", 16, 19), ("20 to 25", 20, 25))
YEAR = dt.timedelta(days=365)

# ---------------------------------------------------------------------------------------------
# One child's records


def placements_of(child: Child) -> QuerySet[Placement]:
    return Placement.objects.filter(child=child).select_related(
        "provider_organisation", "provider_service", "school"
    )


def placements_in_scope(user: Any) -> QuerySet[Placement]:
    """Placements of the children the user may see."""
    return Placement.objects.filter(child__in=Child.objects.visible_to(user)).select_related(
        "child", "provider_organisation", "provider_service", "school"
    )


def child_id_of_placement(pk: Any) -> Any:
    try:
        return Placement.objects.filter(pk=pk).values_list("child_id", flat=True).first()
    except (ValueError, TypeError):
        return None


def adulthood_of(child: Child) -> AdulthoodRecord | None:
    return AdulthoodRecord.objects.filter(child=child).first()


def has_open_placement(child: Child, on: dt.date) -> bool:
    return Placement.objects.filter(open_on(on), child=child).exists()


def provider_organisations() -> QuerySet[Organisation]:
    """Organisations that may provide alternative provision: settings and voluntary bodies."""
    kinds = (*EDUCATION_KINDS, OrganisationKind.VOLUNTARY)
    return Organisation.objects.filter(kind__in=kinds, is_active=True).order_by(
        "-setting_type", "name"
    )


def schools() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind__in=EDUCATION_KINDS, is_active=True).order_by("name")


def organisation(pk: Any, among: QuerySet[Organisation]) -> Organisation | None:
    try:
        return among.filter(pk=pk).first() if pk else None
    except (ValueError, TypeError):
        return None


def services() -> QuerySet[Service]:
    """Local Offer services open to the public, to name as a provider."""
    return Service.objects.filter(status__in=PUBLIC_STATUSES).order_by("name")


def service(pk: Any) -> Service | None:
    try:
        return services().filter(pk=pk).first() if pk else None
    except (ValueError, TypeError):
        return None


def school_of_record(child: Child, on: dt.date) -> Organisation | None:
    """The school the child is on the roll of: a current full-time or main registration."""
    found = (
        SettingAttendance.objects.filter(child=child, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .exclude(attendance="dual_subsidiary")
        .exclude(organisation__setting_type="alternative_provision")
        .select_related("organisation")
        .order_by("-start_date")
        .first()
    )
    return found.organisation if found else None


# ---------------------------------------------------------------------------------------------
# Alternative provision oversight


@dataclass
class Row:
    """A group's counts: children in AP, part time, review overdue."""

    label: str
    key: str = ""
    children: int = 0
    part_time: int = 0
    overdue: int = 0


@dataclass
class APOverview:
    children: int = 0
    placements: int = 0
    part_time: int = 0
    overdue: int = 0
    ofsted: dict[str, int] = field(default_factory=dict)
    returned: int = 0  # placements ended in the last year with a return to mainstream
    ended: int = 0  # placements ended in the last year
    by_school: list[Row] = field(default_factory=list)
    by_reason: list[Row] = field(default_factory=list)


def open_placements(children: QuerySet[Child], on: dt.date) -> QuerySet[Placement]:
    return Placement.objects.filter(open_on(on), child__in=children)


def flagged(qs: QuerySet[Placement], flag: str, on: dt.date) -> QuerySet[Placement]:
    """Open placements with a flag: part time (under 25 hours), review overdue, provider not
    registered with Ofsted (or not known)."""
    if flag == "part_time":
        return qs.filter(hours_per_week__lt=FULL_TIME_HOURS)
    if flag == "overdue":
        return qs.filter(Q(next_review_on__isnull=True) | Q(next_review_on__lt=on))
    if flag == "not_registered":
        return qs.exclude(ofsted=Ofsted.YES)
    return qs


def filtered(
    qs: QuerySet[Placement],
    *,
    on: dt.date,
    school: str = "",
    provider: str = "",
    reason: str = "",
    flag: str = "",
) -> QuerySet[Placement]:
    if school:
        qs = qs.filter(**{"school_id": school})
    if provider:
        qs = qs.filter(
            Q(provider_organisation_id=provider)
            if provider[:1] != "s"
            else Q(provider_service_id=provider[2:])
        )
    if reason:
        qs = qs.filter(reason=reason)
    return flagged(qs, flag, on)


def _rows(qs: QuerySet[Placement], key: str, labels: dict[str, str], on: dt.date) -> list[Row]:
    part = Q(hours_per_week__lt=FULL_TIME_HOURS)
    late = Q(next_review_on__isnull=True) | Q(next_review_on__lt=on)
    found = (
        qs.values(key)
        .annotate(
            n=Count("child", distinct=True),
            p=Count("child", filter=part, distinct=True),
            o=Count("child", filter=late, distinct=True),
        )
        .order_by("-n", key)
    )
    return [
        Row(labels.get(str(r[key]), "Not recorded"), str(r[key] or ""), r["n"], r["p"], r["o"])
        for r in found
    ]


def ap_overview(user: Any, on: dt.date) -> APOverview:
    """Every count on the oversight page, over the children the user may count."""
    children = counted_children(user)
    current = open_placements(children, on)
    overview = APOverview(
        children=current.values("child").distinct().count(),
        placements=current.count(),
        part_time=flagged(current, "part_time", on).values("child").distinct().count(),
        overdue=flagged(current, "overdue", on).values("child").distinct().count(),
    )
    counts = Counter(current.values_list("ofsted", flat=True))
    overview.ofsted = {str(k): counts.get(str(k), 0) for k in Ofsted.values}
    ended = Placement.objects.filter(child__in=children, end_date__lt=on, end_date__gte=on - YEAR)
    overview.ended = ended.count()
    overview.returned = ended.filter(outcome=Outcome.MAINSTREAM).count()
    schools = dict(
        Organisation.objects.filter(pk__in=current.values("school")).values_list("pk", "name")
    )
    overview.by_school = _rows(current, "school", {str(k): v for k, v in schools.items()}, on)
    overview.by_reason = _rows(current, "reason", dict(Reason.choices), on)
    return overview


def filter_choices(user: Any, on: dt.date) -> dict[str, list[tuple[str, str]]]:
    """The schools and providers the open placements in scope name, for the list's filters."""
    current = open_placements(Child.objects.visible_to(user), on)
    schools = Organisation.objects.filter(pk__in=current.values("school")).order_by("name")
    orgs = Organisation.objects.filter(pk__in=current.values("provider_organisation"))
    found = Service.objects.filter(pk__in=current.values("provider_service"))
    providers = sorted(
        [(str(o.pk), o.name) for o in orgs] + [(f"s-{s.pk}", s.name) for s in found],
        key=lambda c: c[1],
    )
    return {"school": [(str(s.pk), s.name) for s in schools], "provider": providers}


def ap_list(user: Any, on: dt.date, **filters: str) -> QuerySet[Placement]:
    """Open placements of the children a manager may see, named, filtered."""
    current = open_placements(Child.objects.visible_to(user), on)
    return (
        filtered(current, on=on, **filters)
        .select_related("child", "provider_organisation", "provider_service", "school")
        .order_by("child__last_name", "child__first_name", "pk")
    )


def other_settings(placements: list[Placement], on: dt.date) -> dict[Any, list[str]]:
    """The settings each listed child attends today besides the placement (its names)."""
    ids = [p.child_id for p in placements]
    found: dict[Any, list[str]] = {i: [] for i in ids}
    current = (
        SettingAttendance.objects.filter(child_id__in=ids, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .select_related("organisation")
        .order_by("organisation__name")
    )
    for a in current:
        found[a.child_id].append(f"{a.organisation.name} ({a.get_attendance_display().lower()})")
    return found


def returned_list(user: Any, on: dt.date) -> QuerySet[Placement]:
    """Placements that ended in the last year with a return to mainstream (named)."""
    return (
        Placement.objects.filter(
            child__in=Child.objects.visible_to(user),
            end_date__lt=on,
            end_date__gte=on - YEAR,
            outcome=Outcome.MAINSTREAM,
        )
        .select_related("child", "provider_organisation", "provider_service", "school")
        .order_by("-end_date", "pk")
    )


# ---------------------------------------------------------------------------------------------
# Preparing for adulthood


def born_between(on: dt.date, youngest: int, oldest: int) -> Q:
    """Children aged ``youngest`` to ``oldest`` (inclusive) on the day, as a filter."""
    earliest = _years_before(on, oldest + 1) + dt.timedelta(days=1)
    latest = _years_before(on, youngest)
    return Q(date_of_birth__gte=earliest, date_of_birth__lte=latest)


def _years_before(on: dt.date, years: int) -> dt.date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return dt.date(on.year - years, 2, 28)


def with_plan(children: QuerySet[Child], on: dt.date) -> QuerySet[Child]:
    """Young people aged 14 to 25 with a plan in force (an open case whose final plan is
    issued)."""
    in_force = Case.objects.open().filter(stage=Stage.FINAL_ISSUED)
    return children.filter(born_between(on, 14, 25), pk__in=in_force.values("child_id"))


@dataclass
class AdulthoodOverview:
    young_people: int = 0
    by_destination: list[tuple[str, str, int]] = field(default_factory=list)  # key, label, n
    by_band: list[tuple[str, int, dict[str, int]]] = field(default_factory=list)
    education: int = 0
    neet: int = 0
    not_known: int = 0  # recorded as not known, or no destination recorded
    transitions: dict[str, int] = field(default_factory=dict)


NONE_RECORDED = "none"
GROUPS = {
    "education": "In education",
    "neet": "NEET",
    "not_known": "Not known or not recorded",
}


def _group(destination: str) -> str:
    if destination in EDUCATION:
        return "education"
    if destination == Destination.NEET:
        return "neet"
    if destination in (Destination.NOT_KNOWN, NONE_RECORDED):
        return "not_known"
    return "other"


def adulthood_overview(user: Any, on: dt.date) -> AdulthoodOverview:
    young = with_plan(counted_children(user), on)
    rows = list(young.values_list("pk", "date_of_birth", "adulthood__destination"))
    overview = AdulthoodOverview(young_people=len(rows))
    dest = Counter(d or NONE_RECORDED for _, _, d in rows)
    overview.by_destination = [
        (str(k), str(label), dest.get(str(k), 0)) for k, label in Destination.choices
    ] + [(NONE_RECORDED, "No destination recorded", dest.get(NONE_RECORDED, 0))]
    groups = Counter(_group(d) for d in dest.elements())
    overview.education = groups["education"]
    overview.neet = groups["neet"]
    overview.not_known = groups["not_known"]
    for label, low, high in AGE_BANDS:
        band = [d or NONE_RECORDED for _, dob, d in rows if low <= (age(dob, on) or 0) <= high]
        counted = Counter(_group(d) for d in band)
        overview.by_band.append((label, len(band), {k: counted[k] for k in GROUPS}))
    records = AdulthoodRecord.objects.filter(child__in=young)
    overview.transitions = records.aggregate(
        referred=Count("pk", filter=Q(asc_referred_on__isnull=False)),
        assessed=Count("pk", filter=Q(asc_assessed_on__isnull=False)),
        eligible=Count("pk", filter=Q(asc_decision=AdultSocialCare.ELIGIBLE)),
        not_eligible=Count("pk", filter=Q(asc_decision=AdultSocialCare.NOT_ELIGIBLE)),
        health=Count("pk", filter=Q(health_plan_agreed_on__isnull=False)),
    )
    return overview


TRANSITION_FILTERS = {
    "referred": Q(adulthood__asc_referred_on__isnull=False),
    "assessed": Q(adulthood__asc_assessed_on__isnull=False),
    "eligible": Q(adulthood__asc_decision=AdultSocialCare.ELIGIBLE),
    "not_eligible": Q(adulthood__asc_decision=AdultSocialCare.NOT_ELIGIBLE),
    "health": Q(adulthood__health_plan_agreed_on__isnull=False),
}


def adulthood_list(
    user: Any, on: dt.date, *, destination: str = "", group: str = "", transition: str = ""
) -> QuerySet[Child]:
    """The young people behind a count, named (managers)."""
    young = with_plan(Child.objects.visible_to(user), on)
    if destination == NONE_RECORDED:
        young = young.filter(adulthood__isnull=True)
    elif destination:
        young = young.filter(adulthood__destination=destination)
    if group == "education":
        young = young.filter(adulthood__destination__in=EDUCATION)
    elif group == "neet":
        young = young.filter(adulthood__destination=Destination.NEET)
    elif group == "not_known":
        young = young.filter(
            Q(adulthood__isnull=True) | Q(adulthood__destination=Destination.NOT_KNOWN)
        )
    if transition in TRANSITION_FILTERS:
        young = young.filter(TRANSITION_FILTERS[transition])
    return young.select_related("adulthood").order_by("last_name", "first_name", "pk")


# ---------------------------------------------------------------------------------------------
# DfE's published work-based placements, beside the authority's own


WORK_BASED = (
    ("open_supp_intern", Destination.SUPPORTED_INTERNSHIP, "Supported internships"),
    ("open_apprentice", Destination.APPRENTICESHIP, "Apprenticeships"),
    ("open_trainee", Destination.TRAINEESHIP, "Traineeships"),
)
WORK_BASED_STEM = "work_based_placements"


@dataclass
class WorkBased:
    period: str = ""
    authority_found: bool = False
    region: str = ""
    rows: list[tuple[str, int, float | None, float | None, float | None]] = field(
        default_factory=list
    )  # label, ours (records), authority, region, England (published)


def work_based(user: Any, on: dt.date) -> WorkBased:
    """Young people with a plan on each work-based pathway, from the records, beside DfE's
    published open work-based placements (SEN2, latest year) for the authority, its region and
    England."""
    found = WorkBased()
    period = published.latest_period(WORK_BASED_STEM)
    authority = getattr(user, "authority", None)
    code = getattr(authority, "la_code", "") or ""
    region = published.region_of(code)
    young = with_plan(counted_children(user), on)
    ours = Counter(young.values_list("adulthood__destination", flat=True))
    if period:
        found.period = f"{period[:4]} to {period[4:]}" if len(period) == 6 else period
        found.authority_found = (
            published.find(
                WORK_BASED_STEM, time_period=period, level=published.AUTHORITY, code=code
            )
            is not None
        )
        found.region = region.name if region else ""
    for column, destination, label in WORK_BASED:

        def at(level: str, where: str = "", column: str = column) -> float | None:
            if not period:
                return None
            return published.value(
                WORK_BASED_STEM, column, time_period=period, level=level, code=where
            )

        found.rows.append(
            (
                label,
                ours.get(str(destination), 0),
                at(published.AUTHORITY, code) if code else None,
                at(published.REGIONAL, region.code) if region else None,
                at(published.NATIONAL),
            )
        )
    return found
