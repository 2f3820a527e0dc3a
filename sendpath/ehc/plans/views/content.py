"""Caseworkers' pages for the plan's content: sections A-K, needs, outcomes and provision."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user
from sendpath.core.steps import form_step
from sendpath.core.views import posted
from sendpath.ehc.cases.views import audit_case_view, get_case
from sendpath.ehc.models import (
    Case,
    Plan,
    PlanNeed,
    PlanOutcome,
    PlanProvision,
    PlanStatus,
)
from sendpath.ehc.plans import reference as plan_reference
from sendpath.ehc.plans import rules as plan_rules
from sendpath.ehc.plans import selectors as plan_selectors
from sendpath.ehc.plans import services as plan_services
from sendpath.ehc.plans.forms import (
    NeedForm,
    OutcomeForm,
    ProvisionForm,
    RemoveForm,
    SectionTextForm,
)
from sendpath.ehc.plans.views.base import _plan_url, plan_context


@require_http_methods(["GET"])
def plan_page(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk)
    plan = plan_selectors.plan_for(case, request_user(request))
    audit_case_view(request, case, "Viewed the plan")
    can_edit = request_user(request).has_perm("ehc.change_case", case)
    return render(
        request,
        "ehc/plan/plan.html",
        {
            "title": f"Plan: {case.child.full_name}",
            "case": case,
            "tab": "plan",
            "can_edit": can_edit,
            "editable": can_edit and plan_selectors.is_editable(case, plan),
            "problems": plan_rules.golden_thread_problems(plan),
            **plan_context(case, plan),
        },
    )


def _editable_plan(request: HttpRequest, pk: UUID) -> tuple[Case, Plan] | HttpResponse:
    """The case and plan for an editing page, or a redirect when the plan can't be changed."""
    case = get_case(request, pk, "ehc.change_case")
    plan = plan_selectors.plan_for(case, request_user(request))
    if not plan_selectors.is_editable(case, plan):
        if plan.status == PlanStatus.FINAL:
            messages.info(
                request,
                "The final plan has been issued, so it can no longer be changed here",
            )
        else:
            messages.info(
                request, "The plan can be drafted once the authority has decided to assess"
            )
        return redirect(_plan_url(case))
    return case, plan


@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, pk: UUID, letter: str) -> HttpResponse:
    spec = plan_reference.TEXT_SECTIONS.get(letter.lower())
    if spec is None:
        raise Http404
    found = _editable_plan(request, pk)
    if isinstance(found, HttpResponse):
        return found
    case, plan = found

    def values_of(plan: Plan) -> dict[str, Any]:
        return {"text": getattr(plan, spec.field)}

    form = SectionTextForm(
        posted(request),
        initial=values_of(plan),
        label=f"{spec.letter}: {spec.title}",
        hint=spec.hint,
    )
    form.track(plan, values_of, version=spec.version)
    user = request_user(request)
    return form_step(
        request,
        form,
        save=lambda data: plan_services.plan_section_update(
            actor=user,
            plan=plan,
            section=spec.letter,
            text=data["text"],
            based_on=data.get("based_on", ""),
            request=request,
        ),
        template="ehc/plan/section_form.html",
        context={
            "title": f"Section {spec.letter}: {spec.title}",
            "case": case,
            "tab": "plan",
            "letter": spec.letter,
        },
        success=f"Section {spec.letter} saved",
        next=_plan_url(case, f"section-{spec.letter.lower()}"),
    )


def _need_values(need: PlanNeed) -> dict[str, Any]:
    return {"area": need.area, "description": need.description}


def _outcome_values(outcome: PlanOutcome) -> dict[str, Any]:
    return {
        "what": outcome.what,
        "by_when": outcome.by_when,
        "how_measured": outcome.how_measured,
        "needs": [str(n.pk) for n in outcome.needs.all()],
        "preparing_for_adulthood": outcome.preparing_for_adulthood,
    }


def _provision_values(provision: PlanProvision) -> dict[str, Any]:
    return {
        "section": provision.section,
        "what": provision.what,
        "who": provision.who,
        "how_often": provision.how_often,
        "how_long": provision.how_long,
        "needs": [str(n.pk) for n in provision.needs.all()],
    }


@require_http_methods(["GET", "POST"])
def need_edit(request: HttpRequest, pk: UUID, item: UUID | None = None) -> HttpResponse:
    found = _editable_plan(request, pk)
    if isinstance(found, HttpResponse):
        return found
    case, plan = found
    need = get_object_or_404(plan_selectors.plan_needs_for(plan=plan), pk=item) if item else None
    form = NeedForm(posted(request), initial=_need_values(need) if need else None)
    if need is not None:
        form.track(need, _need_values)
    user = request_user(request)
    return form_step(
        request,
        form,
        save=lambda data: plan_services.need_save(
            actor=user,
            plan=plan,
            area=data["area"],
            description=data["description"],
            need=need,
            based_on=data.get("based_on", ""),
            request=request,
        ),
        template="ehc/plan/need_form.html",
        context={"title": "Change a need" if need else "Add a need", "case": case, "tab": "plan"},
        success="Need saved" if need else "Need added to section B",
        next=lambda saved: _plan_url(case, f"need-{saved.pk}"),
    )


def _need_choices(plan: Plan) -> list[tuple[str, str]]:
    needs = list(plan.needs.all())
    numbers = plan_rules.need_numbers(needs)
    return [
        (str(n.pk), f"Need {numbers[n.pk]}: {n.area}. {plan_rules.shorten(n.description, 80)}")
        for n in needs
    ]


@require_http_methods(["GET", "POST"])
def outcome_edit(request: HttpRequest, pk: UUID, item: UUID | None = None) -> HttpResponse:
    found = _editable_plan(request, pk)
    if isinstance(found, HttpResponse):
        return found
    case, plan = found
    outcome = (
        get_object_or_404(plan_selectors.plan_outcomes_for(plan=plan), pk=item) if item else None
    )
    initial = _outcome_values(outcome) if outcome is not None else None
    choices = _need_choices(plan)
    show_pfa = plan_reference.preparing_for_adulthood_applies(case.child) or bool(
        outcome and outcome.preparing_for_adulthood
    )
    form = OutcomeForm(posted(request), initial=initial, needs=choices, show_pfa=show_pfa)
    if outcome is not None:
        form.track(outcome, _outcome_values)
    user = request_user(request)
    return form_step(
        request,
        form,
        save=lambda data: plan_services.outcome_save(
            actor=user,
            plan=plan,
            what=data["what"],
            by_when=data["by_when"],
            how_measured=data["how_measured"],
            needs=data["needs"],
            preparing_for_adulthood=bool(data.get("preparing_for_adulthood")),
            outcome=outcome,
            based_on=data.get("based_on", ""),
            request=request,
        ),
        template="ehc/plan/outcome_form.html",
        context={
            "title": "Change an outcome" if outcome else "Add an outcome",
            "case": case,
            "tab": "plan",
            "has_needs": bool(choices),
        },
        success="Outcome saved" if outcome else "Outcome added to section E",
        next=lambda saved: _plan_url(case, f"outcome-{saved.pk}"),
    )


@require_http_methods(["GET", "POST"])
def provision_edit(request: HttpRequest, pk: UUID, item: UUID | None = None) -> HttpResponse:
    found = _editable_plan(request, pk)
    if isinstance(found, HttpResponse):
        return found
    case, plan = found
    provision = (
        get_object_or_404(plan_selectors.plan_provisions_for(plan=plan), pk=item) if item else None
    )
    initial: dict[str, Any] = {"section": request.GET.get("section", "F")}
    if provision is not None:
        initial = _provision_values(provision)
    choices = _need_choices(plan)
    form = ProvisionForm(posted(request), initial=initial, needs=choices)
    if provision is not None:
        form.track(provision, _provision_values)
    user = request_user(request)
    return form_step(
        request,
        form,
        save=lambda data: plan_services.provision_save(
            actor=user,
            plan=plan,
            section=data["section"],
            what=data["what"],
            who=data["who"],
            how_often=data["how_often"],
            how_long=data["how_long"],
            needs=data["needs"],
            provision=provision,
            based_on=data.get("based_on", ""),
            request=request,
        ),
        template="ehc/plan/provision_form.html",
        context={
            "title": "Change provision" if provision else "Add provision",
            "case": case,
            "tab": "plan",
            "has_needs": bool(choices),
        },
        success=lambda saved: (
            "Provision saved" if provision else f"Provision added to section {saved.section}"
        ),
        next=lambda saved: _plan_url(case, f"provision-{saved.pk}"),
    )


_REMOVABLE = {
    "needs": (PlanNeed, "need", "section-b"),
    "outcomes": (PlanOutcome, "outcome", "section-e"),
    "provision": (PlanProvision, "provision", "section-f"),
}


@require_http_methods(["GET", "POST"])
def item_remove(request: HttpRequest, pk: UUID, kind: str, item: UUID) -> HttpResponse:
    if kind not in _REMOVABLE:
        raise Http404
    model, noun, anchor = _REMOVABLE[kind]
    found = _editable_plan(request, pk)
    if isinstance(found, HttpResponse):
        return found
    case, plan = found
    obj: Any = get_object_or_404(model, pk=item, plan=plan)
    form = RemoveForm(posted(request))
    actor = request_user(request)

    def remove(data: dict[str, Any]) -> None:
        if isinstance(obj, PlanNeed):
            plan_services.need_remove(actor=actor, plan=plan, need=obj, request=request)
        elif isinstance(obj, PlanOutcome):
            plan_services.outcome_remove(actor=actor, plan=plan, outcome=obj, request=request)
        else:
            plan_services.provision_remove(actor=actor, plan=plan, provision=obj, request=request)

    described = f"{obj.area}: {obj.description}" if isinstance(obj, PlanNeed) else obj.what
    return form_step(
        request,
        form,
        save=remove,
        template="ehc/plan/remove_form.html",
        context={
            "title": f"Remove this {noun}?",
            "case": case,
            "tab": "plan",
            "described": described,
        },
        success=f"The {noun} has been removed",
        next=_plan_url(case, anchor),
    )
