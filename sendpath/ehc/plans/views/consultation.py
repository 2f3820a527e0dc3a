"""Caseworkers' pages for consultation on the draft plan and naming the placement."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user
from sendpath.core.formatting import govuk_date
from sendpath.core.steps import form_step
from sendpath.core.views import posted
from sendpath.ehc.cases.stages import Step, step_allowed
from sendpath.ehc.cases.views import audit_case_view, get_case
from sendpath.ehc.models import Case, CaseEvent
from sendpath.ehc.plans import consultation as plan_consultation
from sendpath.ehc.plans import selectors as plan_selectors
from sendpath.ehc.plans.forms import (
    TYPE_ONLY,
    ConsultForm,
    PlacementForm,
    ResponseForm,
)
from sendpath.ehc.presenters import period_of
from sendpath.people import selectors as people_selectors


@require_http_methods(["GET"])
def consultation(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk)
    plan = plan_selectors.plan_for(case, request_user(request))
    audit_case_view(request, case, "Viewed the consultation")
    named = plan_selectors.latest_event(case, "placement_named")
    return render(
        request,
        "ehc/consultation/consultation.html",
        {
            "title": f"Consultation: {case.child.full_name}",
            "case": case,
            "tab": "consultation",
            "plan": plan,
            "consultations": plan_selectors.consultations(case),
            "named": named,
            "open": step_allowed(case, Step.CONSULT_SETTINGS),
            "can_edit": request_user(request).has_perm("ehc.change_case", case),
            "representations_close": plan_selectors.representations_close(case),
        },
    )


def _consultation_url(case: Case) -> str:
    return reverse("ehc:consultation", args=[case.pk])


def _consulting_case(request: HttpRequest, pk: UUID) -> Case | HttpResponse:
    case = get_case(request, pk, "ehc.change_case")
    if not step_allowed(case, Step.CONSULT_SETTINGS):
        messages.info(request, "Settings are consulted once the draft plan has been sent")
        return redirect("ehc:consultation", case.pk)
    return case


@require_http_methods(["GET", "POST"])
def setting_consult(request: HttpRequest, pk: UUID) -> HttpResponse:
    found = _consulting_case(request, pk)
    if isinstance(found, HttpResponse):
        return found
    case = found
    settings = {str(o.pk): o for o in plan_selectors.education_settings()}
    form = ConsultForm(
        posted(request),
        settings=[
            (k, o.name + (f" ({o.local_authority.name})" if o.local_authority else ""))
            for k, o in settings.items()
        ],
    )
    user = request_user(request)

    def consulted(event: CaseEvent) -> str:
        due = case.deadlines.filter(key=f"setting_response:{event.details['id']}").first()
        return (
            f"{event.details['organisation']} consulted. Their response is due by "
            f"{govuk_date(due.due) if due else 'the end of ' + period_of('setting_response')}"
        )

    return form_step(
        request,
        form,
        save=lambda data: plan_consultation.setting_consult(
            actor=user,
            case=case,
            organisation=settings[data["organisation"]],
            consulted_on=data["consulted_on"],
            request=request,
        ),
        rename={"date": "consulted_on"},
        template="ehc/consultation/consult_form.html",
        context={"title": "Consult a setting", "case": case, "tab": "consultation"},
        success=consulted,
        next=_consultation_url(case),
    )


@require_http_methods(["GET", "POST"])
def setting_response(request: HttpRequest, pk: UUID, ident: str) -> HttpResponse:
    found = _consulting_case(request, pk)
    if isinstance(found, HttpResponse):
        return found
    case = found
    consulted = next((c for c in plan_selectors.consultations(case) if c.ident == ident), None)
    if consulted is None:
        raise Http404
    if consulted.response is not None:
        messages.info(
            request,
            f"The response from {consulted.organisation} is already recorded. "
            "To change it, correct it from the timeline",
        )
        return redirect("ehc:consultation", case.pk)
    form = ResponseForm(posted(request))
    user = request_user(request)
    return form_step(
        request,
        form,
        save=lambda data: plan_consultation.setting_response_record(
            actor=user,
            case=case,
            ident=ident,
            responded_on=data["responded_on"],
            can_meet=data["can_meet"] == "yes",
            reasons=data["reasons"],
            request=request,
        ),
        rename={"date": "responded_on"},
        template="ehc/consultation/response_form.html",
        context={
            "title": f"Record the response from {consulted.organisation}",
            "case": case,
            "tab": "consultation",
            "consulted": consulted,
        },
        success=f"Response from {consulted.organisation} recorded",
        next=_consultation_url(case),
    )


@require_http_methods(["GET", "POST"])
def placement_name(request: HttpRequest, pk: UUID) -> HttpResponse:
    found = _consulting_case(request, pk)
    if isinstance(found, HttpResponse):
        return found
    case = found
    consulted = plan_selectors.consultations(case)

    def label(c: plan_selectors.Consultation) -> str:
        if c.response is None:
            return f"{c.organisation} (no response yet)"
        return f"{c.organisation} ({'can' if c.can_meet else 'cannot'} meet the needs)"

    form = PlacementForm(
        posted(request), consulted=[(c.organisation_id, label(c)) for c in consulted]
    )
    user = request_user(request)

    def name(data: dict[str, Any]) -> CaseEvent:
        organisation = None
        if data["placement"] != TYPE_ONLY:
            organisation = people_selectors.organisation_find(pk=data["placement"])
        return plan_consultation.placement_name(
            actor=user,
            case=case,
            named_on=data["named_on"],
            organisation=organisation,
            setting_type=data.get("setting_type") or "",
            request=request,
        )

    return form_step(
        request,
        form,
        save=name,
        rename={"date": "named_on"},
        template="ehc/consultation/placement_form.html",
        context={
            "title": "Name the placement",
            "case": case,
            "tab": "consultation",
            "cannot_meet": [c for c in consulted if c.can_meet is False],
        },
        success="Placement named in section I of the plan",
        next=_consultation_url(case),
    )
