"""The quality audit's pages, under /insight/quality/.

The QA lead (a SEND team manager or administrator) keeps the framework, draws samples, assigns
auditors, moderates and records findings. An auditor reaches only the plans assigned to them:
any other plan is a 404 that looks like a missing page, audited as a refusal. A leader sees the
results as counts and averages only.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendpath.core.access import get_in_scope_or_404, request_user, require
from sendpath.core.audit import audit_many, audit_record
from sendpath.core.forms import set_choices
from sendpath.core.models import AuditAction
from sendpath.core.steps import form_step
from sendpath.core.views import pagination, posted
from sendpath.insight.models import SECTIONS, Criterion, PlanAudit, Sample, SampledPlan

from . import pages, selectors, services
from .forms import (
    ActionForm,
    AssignForm,
    CriterionForm,
    FindingsForm,
    GradesForm,
    ModerationForm,
    SampleForm,
)
from .framework import GRADES, MODERATION_GAP
from .rules import AUDIT, FRAMEWORK, MANAGE, RESULTS

SECTION_LETTERS = {s for s, _ in SECTIONS}


def _authority(request: HttpRequest) -> Any:
    authority = selectors.authority_of(request_user(request))
    if authority is None:
        raise Http404
    return authority


def _manage(request: HttpRequest, what: str, child_id: Any = None) -> Any:
    """The QA lead's pages: anyone else gets a 404 that looks like a missing page, audited."""
    if not request.user.has_perm(MANAGE):
        audit_record(
            request=request, action=AuditAction.DENIED, child_id=child_id,
            summary=f"Refused: {what}",
        )  # fmt: skip
        raise Http404
    return _authority(request)


def _sample(request: HttpRequest, pk: UUID) -> Sample:
    authority = _manage(request, "quality audit sample")
    return get_in_scope_or_404(
        request, selectors.samples(authority), pk, refused="quality audit sample"
    )


def _plan(request: HttpRequest, pk: UUID) -> SampledPlan:
    authority = _manage(request, "audited plan")
    return get_in_scope_or_404(
        request, selectors.sampled_plans(authority), pk, refused="audited plan"
    )


# ---------------------------------------------------------------------------------------------
# The landing page: results, samples, and the user's own audits


@require_http_methods(["GET"])
def landing(request: HttpRequest) -> HttpResponse:
    require(request, "insight.quality_landing", what="the quality audit")
    user = request_user(request)
    authority = selectors.authority_of(user)
    context: dict[str, Any] = {
        "title": "Quality of EHC plans",
        "results": user.has_perm(RESULTS),
        "manage": user.has_perm(MANAGE),
        "mine": list(selectors.audits_of(user).order_by("submitted_at", "created_at")[:50]),
        "gap": MODERATION_GAP,
    }
    if context["results"]:
        context |= pages.overview(authority)
    if context["manage"]:
        page = Paginator(selectors.samples(authority), settings.PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context |= {"page": page, "pagination": pagination(request, page, label="Samples")}
    audit_many(
        request=request,
        action=AuditAction.VIEWED,
        child_ids=[a.plan.child_id for a in context["mine"]],
        summary="Listed the plans assigned to them for the quality audit",
    )
    return render(request, "insight/quality/landing.html", context)


# ---------------------------------------------------------------------------------------------
# The framework


@require_http_methods(["GET"])
def framework(request: HttpRequest) -> HttpResponse:
    require(request, FRAMEWORK, what="the quality framework")
    user = request_user(request)
    authority = _authority(request)
    manage = user.has_perm(MANAGE)
    if manage:
        services.ensure_framework(authority=authority, actor=user)
    found = list(selectors.criteria(authority))
    return render(
        request,
        "insight/quality/framework.html",
        {
            "title": "Quality framework for EHC plans",
            "sections": [(s, label, [c for c in found if c.section == s]) for s, label in SECTIONS],
            "manage": manage,
            "grades": GRADES,
            "gap": MODERATION_GAP,
        },
    )


def _criterion_values(c: Criterion) -> dict[str, Any]:
    return {
        "section": c.section, "text": c.text, "guidance": c.guidance, "source": c.source,
        "weight": str(c.weight), "active": c.active,
    }  # fmt: skip


@require_http_methods(["GET", "POST"])
def criterion(request: HttpRequest, pk: UUID | None = None) -> HttpResponse:
    authority = _manage(request, "changing the quality framework")
    user = request_user(request)
    found = None
    if pk is not None:
        found = get_in_scope_or_404(
            request, selectors.criteria(authority), pk, refused="quality criterion"
        )
    initial = _criterion_values(found) if found else {"weight": "1", "active": True}
    form = CriterionForm(posted(request), initial=initial)
    if found is not None:
        form.track(found, _criterion_values)
    return form_step(
        request,
        form,
        save=lambda d: services.criterion_save(
            actor=user, authority=authority, data=d, criterion=found,
            based_on=d.get("based_on"), request=request,
        ),
        template="insight/quality/form.html",
        context={
            "title": "Change a criterion" if found else "Add a criterion",
            "back": reverse("insight:quality_framework"),
            "intro": "Samples already drawn keep the criteria they were drawn with: a change "
            "here applies to new samples only.",
        },
        next=reverse("insight:quality_framework"),
        success="Criterion saved",
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Samples


@require_http_methods(["GET", "POST"])
def sample_new(request: HttpRequest) -> HttpResponse:
    authority = _manage(request, "drawing a quality audit sample")
    user = request_user(request)
    services.ensure_framework(authority=authority, actor=user)
    form = SampleForm(posted(request))
    set_choices(form, "setting", [("", "Any")] + [
        (str(o.pk), o.name) for o in selectors.placements(authority)[:1000]
    ])  # fmt: skip

    def save(d: dict[str, Any]) -> Sample:
        return services.draw_sample(
            actor=user, authority=authority, title=d["title"], size=d["size"],
            seed=d.get("seed"), need=d.get("need", ""),
            setting=selectors.organisation(d.get("setting")),
            issued_from=d.get("issued_from"), issued_to=d.get("issued_to"),
            cared_for=d.get("cared_for", False), request=request,
        )  # fmt: skip

    return form_step(
        request, form, save=save, template="insight/quality/form.html",
        context={"title": "Draw a sample of plans", "back": reverse("insight:quality"),
                 "intro": "Plans are drawn at random from the authority's issued plans in "
                 "force (the latest issued version of each). Choose a theme to draw only from "
                 "the plans that match it."},
        next=lambda s: reverse("insight:quality_sample", args=[s.pk]),
        success="Sample drawn",
    )  # fmt: skip


@require_http_methods(["GET"])
def sample(request: HttpRequest, pk: UUID) -> HttpResponse:
    found = _sample(request, pk)
    plans = selectors.plans_of_sample(found)
    audit_many(
        request=request,
        action=AuditAction.VIEWED,
        child_ids=[p.child_id for p in plans],
        summary=f"Listed the plans of the quality audit {found.title!r}",
    )
    return render(
        request,
        "insight/quality/sample.html",
        {
            "title": found.title,
            "sample": found,
            "plans": [(p, selectors.plan_result(p)) for p in plans],
            "criteria": list(found.criteria.all()),
            "grade_names": GRADES,
        },
    )


# ---------------------------------------------------------------------------------------------
# One sampled plan: the QA lead's view, auditors, moderation, findings and actions


@require_http_methods(["GET"])
def plan(request: HttpRequest, pk: UUID) -> HttpResponse:
    found = _plan(request, pk)
    return render(
        request,
        "insight/quality/plan.html",
        {"title": f"Audit of case {found.case.reference}", "plan": found, "gap": MODERATION_GAP}
        | pages.plan_page(found),
    )


def _back(found: SampledPlan) -> str:
    return reverse("insight:quality_plan", args=[found.pk])


@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest, pk: UUID) -> HttpResponse:
    found = _plan(request, pk)
    user = request_user(request)
    form = AssignForm(posted(request))
    auditors = selectors.eligible_auditors(found.sample.authority)
    set_choices(form, "auditor", [("", "Choose an auditor")] + [
        (str(u.pk), f"{u.display_name()}, {u.role_label()}"
         + (f" ({u.organisation.name})" if u.organisation else ""))
        for u in auditors[:500]
    ])  # fmt: skip
    return form_step(
        request, form,
        save=lambda d: services.assign(
            actor=user, plan=found, auditor=auditors.get(pk=d["auditor"]),
            agency=d["agency"], request=request,
        ),
        template="insight/quality/form.html",
        context={"title": "Add an auditor", "plan": found, "back": _back(found),
                 "intro": "Auditors may be any of the authority's staff or a health or social "
                 "care professional of its partners. Each sees only the plans assigned to them."},
        next=_back(found), success="Auditor added",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def moderate(request: HttpRequest, pk: UUID, section: str) -> HttpResponse:
    found = _plan(request, pk)
    if section not in SECTION_LETTERS:
        raise Http404
    user = request_user(request)
    current = selectors.moderation(found, section)
    initial = {"points": str(current.points), "note": current.note} if current else {}
    form = ModerationForm(posted(request), initial=initial)
    form.track(found, lambda p: initial, version=services.moderation_version(section))
    page = pages.plan_page(found)
    return form_step(
        request, form,
        save=lambda d: services.moderate(
            actor=user, plan=found, section=section, points=d["points"], note=d["note"],
            based_on=d.get("based_on"), request=request,
        ),
        template="insight/quality/moderate.html",
        context={"title": f"Moderate section {section}", "plan": found, "back": _back(found),
                 "row": next(r for r in page["rows"] if r["letter"] == section),
                 "grades": page["grades"], "grade_names": GRADES, "gap": MODERATION_GAP},
        next=_back(found), success=f"Section {section} moderated",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def findings(request: HttpRequest, pk: UUID) -> HttpResponse:
    found = _plan(request, pk)
    user = request_user(request)

    def values(p: SampledPlan) -> dict[str, Any]:
        return {"themes": ", ".join(t.name for t in p.themes.all()), "summary": p.summary}

    form = FindingsForm(posted(request), initial=values(found))
    form.track(found, values)
    return form_step(
        request, form,
        save=lambda d: services.findings_save(
            actor=user, plan=found, themes=d.get("themes", "").split(","),
            summary=d.get("summary", ""), based_on=d.get("based_on"), request=request,
        ),
        template="insight/quality/form.html",
        context={"title": "Themes and findings", "plan": found, "back": _back(found)},
        next=_back(found), success="Findings saved",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, pk: UUID) -> HttpResponse:
    found = _plan(request, pk)
    user = request_user(request)
    form = ActionForm(posted(request))
    owners = selectors.staff_of(found.sample.authority)
    set_choices(form, "owner", [("", "Choose who")] + [
        (str(u.pk), f"{u.display_name()}, {u.role_label()}") for u in owners[:500]
    ])  # fmt: skip
    return form_step(
        request, form,
        save=lambda d: services.action_add(
            actor=user, plan=found, description=d["description"],
            owner=owners.get(pk=d["owner"]), due_on=d["due_on"], request=request,
        ),
        template="insight/quality/form.html",
        context={"title": "Add an action", "plan": found, "back": _back(found)},
        next=_back(found), success="Action added",
    )  # fmt: skip


@require_http_methods(["POST"])
def action_done(request: HttpRequest, pk: UUID, action_pk: UUID) -> HttpResponse:
    found = _plan(request, pk)
    action = next((a for a in selectors.actions_of(found) if a.pk == action_pk), None)
    if action is None:
        raise Http404
    services.action_done(
        actor=request_user(request), action=action, on=timezone.localdate(), request=request
    )
    messages.success(request, "Action marked done")
    return redirect(_back(found))


# ---------------------------------------------------------------------------------------------
# The auditor's page: the plan's issued version and the grades


@require_http_methods(["GET", "POST"])
def audit(request: HttpRequest, pk: UUID) -> HttpResponse:
    user = request_user(request)
    found: PlanAudit = get_in_scope_or_404(
        request, selectors.audits_of(user), pk,
        refused="a plan not assigned to the user for the quality audit",
        child_id=selectors.audit_child_id(pk),
    )  # fmt: skip
    if not user.has_perm(AUDIT, found):
        raise Http404
    criteria = list(found.plan.sample.criteria.all())
    grades = selectors.grades_of(found)
    initial: dict[str, Any] = {"comment": found.comment}
    for c in criteria:
        if c.pk in grades:
            initial[f"grade_{c.pk}"] = str(grades[c.pk].points)
            initial[f"comment_{c.pk}"] = grades[c.pk].comment
    form = GradesForm(posted(request), initial=initial, criteria=criteria)
    form.track(found, lambda a: initial)
    version = found.plan.version
    return form_step(
        request, form,
        save=lambda d: services.save_grades(
            actor=user, audit=found, grades=form.grades(d), comment=d.get("comment", ""),
            based_on=d.get("based_on"), request=request,
        ),
        template="insight/quality/audit.html",
        context={"title": f"Audit the plan of case {found.plan.case.reference}",
                 "audit": found, "version": version, "child": found.plan.child,
                 "sections": pages.snapshot_sections(version.snapshot or {}),
                 "back": reverse("insight:quality")},
        next=reverse("insight:quality"), success="Audit saved",
    )  # fmt: skip
