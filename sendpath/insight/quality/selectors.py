"""Reads for the quality audit, always scoped to the user's own authority."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery

from sendpath.core.roles import Role
from sendpath.ehc.models import Case, Plan, PlanVersion
from sendpath.insight.models import (
    Criterion,
    Grade,
    Moderation,
    PlanAudit,
    QualityAction,
    Sample,
    SampledPlan,
    Theme,
)
from sendpath.people.models import Organisation, User

from . import results
from .framework import GRADES

# Who may audit: the authority's own staff and its partners' professionals. School staff and
# families do not (a school's SENCO may be asked for their view through the caseworker).
AUDITOR_ROLES = (
    Role.CASEWORKER,
    Role.MANAGER,
    Role.ADMINISTRATOR,
    Role.VIRTUAL_SCHOOL,
    Role.PROFESSIONAL,
)


def authority_of(user: Any) -> Organisation | None:
    return getattr(user, "authority", None) if user.is_authenticated else None


# ---------------------------------------------------------------------------------------------
# The framework


def criteria(authority: Organisation | None) -> QuerySet[Criterion]:
    return Criterion.objects.filter(authority=authority) if authority else Criterion.objects.none()


def has_framework(authority: Organisation) -> bool:
    return criteria(authority).exists()


# ---------------------------------------------------------------------------------------------
# Drawing a sample: the issued plans of the authority


def latest_versions() -> QuerySet[PlanVersion]:
    return PlanVersion.objects.filter(
        number=Subquery(
            PlanVersion.objects.filter(plan=OuterRef("plan"))
            .values("plan")
            .annotate(last=Max("number"))
            .values("last")[:1]
        )
    )


def issued_plans(
    authority: Organisation | None,
    *,
    need: str = "",
    setting: Organisation | None = None,
    issued_from: dt.date | None = None,
    issued_to: dt.date | None = None,
    cared_for: bool = False,
) -> QuerySet[PlanVersion]:
    """The latest issued version of each plan in force of the authority (a case still open),
    filtered by theme, in case reference order (the order a random draw starts from)."""
    if authority is None:
        return PlanVersion.objects.none()
    found = latest_versions().filter(
        plan__case__authority=authority, plan__case__closed_at__isnull=True
    )
    if need:
        found = found.filter(plan__case__child__primary_need=need)
    if setting is not None:
        found = found.filter(plan__placement=setting)
    if issued_from:
        found = found.filter(issued_on__gte=issued_from)
    if issued_to:
        found = found.filter(issued_on__lte=issued_to)
    if cared_for:
        found = found.filter(plan__case__child__cared_for=True)
    return found.select_related("plan__case").order_by("plan__case__reference", "pk")


def placements(authority: Organisation | None) -> QuerySet[Organisation]:
    """The settings named in the authority's plans (the setting theme's choices)."""
    if authority is None:
        return Organisation.objects.none()
    named = Plan.objects.filter(case__authority=authority, placement__isnull=False)
    return Organisation.objects.filter(pk__in=named.values("placement")).order_by("name")


def organisation(pk: Any) -> Organisation | None:
    return Organisation.objects.filter(pk=pk).first() if pk else None


def eligible_auditors(authority: Organisation | None) -> QuerySet[User]:
    if authority is None:
        return User.objects.none()
    return (
        User.objects.filter(is_active=True, role__in=AUDITOR_ROLES)
        .filter(Q(organisation=authority) | Q(organisation__local_authority=authority))
        .select_related("organisation")
        .order_by("last_name", "first_name", "username")
    )


def staff_of(authority: Organisation | None) -> QuerySet[User]:
    """Who may own an action: the authority's staff and partners (as auditors)."""
    return eligible_auditors(authority)


# ---------------------------------------------------------------------------------------------
# Samples, plans and audits


def samples(authority: Organisation | None) -> QuerySet[Sample]:
    return Sample.objects.filter(authority=authority) if authority else Sample.objects.none()


def sampled_plans(authority: Organisation | None) -> QuerySet[SampledPlan]:
    if authority is None:
        return SampledPlan.objects.none()
    return SampledPlan.objects.filter(sample__authority=authority).select_related(
        "sample", "case", "child", "version"
    )


def plans_of_sample(sample: Sample) -> list[SampledPlan]:
    return list(
        sample.plans.select_related("case", "child", "version").prefetch_related(
            "audits__auditor", "moderations", "themes"
        )
    )


def audits_of(user: Any) -> QuerySet[PlanAudit]:
    """The audits assigned to the user, in their own authority."""
    authority = authority_of(user)
    if authority is None:
        return PlanAudit.objects.none()
    return PlanAudit.objects.filter(auditor=user, plan__sample__authority=authority).select_related(
        "plan__sample", "plan__case", "plan__child", "plan__version"
    )


def audit_child_id(pk: Any) -> Any:
    try:
        return PlanAudit.objects.filter(pk=pk).values_list("plan__child_id", flat=True).first()
    except (ValueError, TypeError):
        return None


def grades_of(audit: PlanAudit) -> dict[int, Grade]:
    return {g.criterion_id: g for g in audit.grades.all()}


def actions_of(plan: SampledPlan) -> list[QualityAction]:
    return list(plan.actions.select_related("owner"))


def themes(authority: Organisation | None) -> QuerySet[Theme]:
    return Theme.objects.filter(authority=authority) if authority else Theme.objects.none()


def moderation(plan: SampledPlan, section: str) -> Moderation | None:
    return plan.moderations.filter(section=section).first()


# ---------------------------------------------------------------------------------------------
# Results


def section_weights(sample: Sample) -> dict[str, int]:
    weights: dict[str, int] = {}
    for c in sample.criteria.all():
        weights[c.section] = weights.get(c.section, 0) + c.weight
    return weights


def _rows(grades: QuerySet[Grade]) -> list[results.GradeRow]:
    return [
        results.GradeRow(str(audit), agency, section, weight, points)
        for audit, agency, section, weight, points in grades.values_list(
            "audit_id", "audit__agency", "criterion__section", "criterion__weight", "points"
        )
    ]


def submitted_grades(authority: Organisation | None, **filters: Any) -> QuerySet[Grade]:
    if authority is None:
        return Grade.objects.none()
    return Grade.objects.filter(
        audit__plan__sample__authority=authority, audit__submitted_at__isnull=False, **filters
    )


def plan_result(plan: SampledPlan) -> results.PlanResult:
    rows = _rows(Grade.objects.filter(audit__plan=plan, audit__submitted_at__isnull=False))
    moderated = dict(plan.moderations.values_list("section", "points"))
    return results.plan_result(rows, section_weights(plan.sample), moderated)


def plan_results(authority: Organisation | None) -> list[tuple[SampledPlan, results.PlanResult]]:
    """Every sampled plan of the authority with at least one submitted audit, and its result."""
    rows = _rows(submitted_grades(authority))
    by_audit: dict[str, list[results.GradeRow]] = {}
    for r in rows:
        by_audit.setdefault(r.auditor, []).append(r)
    found_plans = PlanAudit.objects.filter(pk__in=list(by_audit)).values_list("pk", "plan_id")
    audit_plan = {str(pk): plan_id for pk, plan_id in found_plans}
    per_plan: dict[Any, list[results.GradeRow]] = {}
    for key, found in by_audit.items():
        per_plan.setdefault(audit_plan[key], []).extend(found)
    plans = sampled_plans(authority).filter(pk__in=list(per_plan)).prefetch_related("moderations")
    weights: dict[Any, dict[str, int]] = {}
    out = []
    for plan in plans.order_by("sample__drawn_on", "position"):
        if plan.sample_id not in weights:
            weights[plan.sample_id] = section_weights(plan.sample)
        moderated = {m.section: m.points for m in plan.moderations.all()}
        out.append(
            (plan, results.plan_result(per_plan[plan.pk], weights[plan.sample_id], moderated))
        )
    return out


def agency_results(authority: Organisation | None) -> dict[str, results.Summary]:
    return results.by_agency(_rows(submitted_grades(authority)))


def counts(authority: Organisation | None) -> dict[str, int]:
    audits = PlanAudit.objects.filter(plan__sample__authority=authority)
    return {
        "samples": samples(authority).count(),
        "plans": sampled_plans(authority).count(),
        "audits": audits.count(),
        "submitted": audits.filter(submitted_at__isnull=False).count(),
    }


def case_results(case: Case) -> list[tuple[SampledPlan, results.PlanResult, list[Any]]]:
    """The audits of a case's plan, for its page: each sample's result, themes and actions."""
    found = (
        SampledPlan.objects.filter(case=case)
        .select_related("sample", "version")
        .prefetch_related("themes", "actions__owner")
        .order_by("-sample__drawn_on")
    )
    return [(p, plan_result(p), list(p.actions.all())) for p in found]


def grade_label(points: int | None) -> str:
    return GRADES.get(points or 0, "")
