"""Pages: alternative provision oversight and preparing for adulthood (leaders: counts;
managers: the children named, audited), and recording both from a child's record (the SEND
team's editors). Reads go through ``selectors``, writes through ``services``."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendpath.core.access import get_in_scope_or_404, request_user, require
from sendpath.core.audit import audit_many, audit_record
from sendpath.core.forms import set_choices
from sendpath.core.models import AuditAction
from sendpath.core.steps import form_step
from sendpath.core.views import filter_status, pagination, posted, valid_filters
from sendpath.insight.models import FULL_TIME_HOURS, REVIEW_EVERY, AdulthoodRecord, Placement
from sendpath.insight.rules import CHILDREN, VIEW
from sendpath.people.access import get_child

from . import selectors, services
from .forms import AdulthoodFilterForm, AdulthoodForm, APFilterForm, PlacementForm
from .rules import RECORD

# ---------------------------------------------------------------------------------------------
# Oversight


@require_http_methods(["GET"])
def alternative_provision(request: HttpRequest) -> HttpResponse:
    require(request, VIEW, what="alternative provision oversight")
    user = request_user(request)
    today = timezone.localdate()
    named = user.has_perm(CHILDREN)
    context: dict[str, Any] = {
        "title": "Alternative provision",
        "overview": selectors.ap_overview(user, today),
        "named": named,
        "today": today,
        "full_time": FULL_TIME_HOURS,
    }
    status = 200
    if named:
        form = APFilterForm(request.GET or None)
        choices = selectors.filter_choices(user, today)
        set_choices(form, "school", [("", "Any"), *choices["school"]])
        set_choices(form, "provider", [("", "Any"), *choices["provider"]])
        data = {k: v for k, v in valid_filters(form).items() if v}
        placements = selectors.ap_list(user, today, **data)
        page = Paginator(placements, settings.PAGE_SIZE).get_page(request.GET.get("page"))
        rows = list(page.object_list)
        returned = list(selectors.returned_list(user, today)[: settings.PAGE_SIZE])
        audit_many(
            request=request,
            action=AuditAction.SEARCHED if data else AuditAction.VIEWED,
            child_ids=[p.child_id for p in rows] + [p.child_id for p in returned],
            summary="Listed children in alternative provision",
        )
        context |= {
            "form": form,
            "page": page,
            "rows": rows,
            "others": selectors.other_settings(rows, today),
            "returned": returned,
            "filtered": bool(data),
            "pagination": pagination(request, page, label="Children in alternative provision"),
        }
        status = filter_status(form)
    return render(request, "insight/provision/alternative_provision.html", context, status=status)


@require_http_methods(["GET"])
def adulthood(request: HttpRequest) -> HttpResponse:
    require(request, VIEW, what="preparing for adulthood")
    user = request_user(request)
    today = timezone.localdate()
    named = user.has_perm(CHILDREN)
    context: dict[str, Any] = {
        "title": "Preparing for adulthood",
        "overview": selectors.adulthood_overview(user, today),
        "work_based": selectors.work_based(user, today),
        "named": named,
        "today": today,
    }
    status = 200
    if named:
        form = AdulthoodFilterForm(request.GET or None)
        data = {k: v for k, v in valid_filters(form).items() if v}
        young = selectors.adulthood_list(user, today, **data)
        page = Paginator(young, settings.PAGE_SIZE).get_page(request.GET.get("page"))
        rows = list(page.object_list)
        audit_many(
            request=request,
            action=AuditAction.SEARCHED if data else AuditAction.VIEWED,
            child_ids=[c.pk for c in rows],
            summary="Listed young people preparing for adulthood",
        )
        context |= {
            "form": form,
            "rows": rows,
            "filtered": bool(data),
            "pagination": pagination(request, page, label="Young people"),
        }
        status = filter_status(form)
    return render(request, "insight/provision/adulthood.html", context, status=status)


# ---------------------------------------------------------------------------------------------
# Recording, from the child's record


def _refuse_unless_recording(request: HttpRequest, child_id: Any) -> None:
    """A 404 that looks like a missing page for a role that records none of this (a school, a
    family, a professional, a leader), audited as a refusal."""
    if not request.user.has_perm(RECORD):
        audit_record(
            request=request,
            action=AuditAction.DENIED,
            child_id=child_id,
            summary="Refused: alternative provision and adulthood records",
        )
        raise Http404


def _child(request: HttpRequest, pk: UUID) -> Any:
    _refuse_unless_recording(request, pk)
    return get_child(request, pk)


def _placement(request: HttpRequest, pk: UUID) -> Placement:
    found = selectors.child_id_of_placement(pk)
    _refuse_unless_recording(request, found)
    return get_in_scope_or_404(
        request,
        selectors.placements_in_scope(request_user(request)),
        pk,
        refused="alternative provision placement outside the user's access",
        child_id=found,
    )


def placement_values(p: Placement) -> dict[str, Any]:
    """What the placement form shows for a placement (also its version check's values)."""
    return {
        "provider_organisation": str(p.provider_organisation_id or ""),
        "provider_service": str(p.provider_service_id or ""),
        "provider_name": p.provider_name,
        "ofsted": p.ofsted,
        "school": str(p.school_id or ""),
        "start_date": p.start_date,
        "end_date": p.end_date,
        "hours_per_week": str(p.hours_per_week),
        "days": list(p.days or []),
        "reason": p.reason,
        "reason_detail": p.reason_detail,
        "objectives": p.objectives,
        "reviewed_by": p.reviewed_by,
        "next_review_on": p.next_review_on,
        "outcome": p.outcome,
    }


def _placement_form(request: HttpRequest, initial: dict[str, Any]) -> PlacementForm:
    form = PlacementForm(posted(request), initial=initial)
    orgs = selectors.provider_organisations()[:1000]
    set_choices(form, "provider_organisation", [("", "Not on the system"), *(
        (str(o.pk), f"{o.name} (alternative provision)" if o.setting_type ==
         "alternative_provision" else o.name) for o in orgs
    )])  # fmt: skip
    set_choices(form, "provider_service", [("", "None"), *(
        (str(s.pk), s.name) for s in selectors.services()[:1000]
    )])  # fmt: skip
    set_choices(form, "school", [("", "None: arranged by the council"), *(
        (str(o.pk), o.name) for o in selectors.schools()[:2000]
    )])  # fmt: skip
    return form


def _resolved(d: dict[str, Any]) -> dict[str, Any]:
    """The form's values with the chosen organisations and service as records."""
    orgs = selectors.provider_organisations()
    return {
        **d,
        "provider_organisation": selectors.organisation(d.get("provider_organisation"), orgs),
        "provider_service": selectors.service(d.get("provider_service")),
        "school": selectors.organisation(d.get("school"), selectors.schools()),
    }


def _record_url(child: Any) -> str:
    return reverse("people:child", args=[child.pk]) + "#alternative-provision"


@require_http_methods(["GET", "POST"])
def placement_add(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = _child(request, pk)
    user = request_user(request)
    today = timezone.localdate()
    school = selectors.school_of_record(child, today)
    form = _placement_form(
        request,
        {
            "start_date": today,
            "next_review_on": today + REVIEW_EVERY,
            "school": str(school.pk) if school else "",
            "ofsted": "not_known",
            "hours_per_week": "25",
            "days": ["mon", "tue", "wed", "thu", "fri"],
        },
    )
    return form_step(
        request,
        form,
        save=lambda d: services.placement_save(
            actor=user, child=child, data=_resolved(d), today=today, request=request
        ),
        template="insight/provision/placement_form.html",
        context={"title": "Record an alternative provision placement", "child": child},
        next=_record_url(child),
        success="Placement recorded",
    )


@require_http_methods(["GET", "POST"])
def placement_edit(request: HttpRequest, pk: UUID) -> HttpResponse:
    placement = _placement(request, pk)
    child = placement.child
    user = request_user(request)
    form = _placement_form(request, placement_values(placement))
    form.track(placement, placement_values)
    return form_step(
        request,
        form,
        save=lambda d: services.placement_save(
            actor=user,
            child=child,
            data=_resolved(d),
            placement=placement,
            based_on=d.get("based_on"),
            request=request,
        ),
        template="insight/provision/placement_form.html",
        context={
            "title": "Change the alternative provision placement",
            "child": child,
            "placement": placement,
        },
        next=_record_url(child),
        success="Placement saved",
    )


def adulthood_values(r: AdulthoodRecord) -> dict[str, Any]:
    return {name: getattr(r, name) for name in services.ADULTHOOD_FIELDS}


@require_http_methods(["GET", "POST"])
def adulthood_edit(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = _child(request, pk)
    user = request_user(request)
    record = selectors.adulthood_of(child)
    today = timezone.localdate()
    initial: dict[str, Any] = {"destination_on": today}
    if record is not None:
        initial = adulthood_values(record)
    form = AdulthoodForm(posted(request), initial=initial)
    if record is not None:
        form.track(record, adulthood_values)
    return form_step(
        request,
        form,
        save=lambda d: services.adulthood_save(
            actor=user, child=child, data=d, based_on=d.get("based_on"), request=request
        ),
        template="insight/provision/adulthood_form.html",
        context={"title": "Preparing for adulthood", "child": child, "record": record},
        next=reverse("people:child", args=[child.pk]) + "#adulthood",
        success="Preparing for adulthood saved",
    )
