"""Pages for a school's pupils on SEN support: the list, the pupil's page, the SEN Register,
the support record, the assess-plan-do-review cycles and the printable plan.

A SENCO changes (``support.change_support``); the SEND team and the Virtual School read
(``support.view_support``), each for the children in their own scope (``visible_to``).
"""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from markupsafe import Markup

from sendpath.core.access import get_in_scope_or_404, request_user, require
from sendpath.core.audit import audit_many
from sendpath.core.models import AuditAction
from sendpath.core.steps import form_step
from sendpath.core.views import filter_status, pagination, posted, valid_filters
from sendpath.people.models import Child

from ..models import Cycle, CycleAdvice, Target
from . import selectors, services
from .forms import (
    SECTION_FORMS,
    AdviceForm,
    CycleStartForm,
    NoteForm,
    RecordForm,
    RegisterForm,
    RemoveForm,
    SearchForm,
    TargetForm,
    TargetResultForm,
)

VIEW = "support.view_support"
CHANGE = "support.change_support"


def _child(request: HttpRequest, pk: UUID, *, change: bool = False) -> Child:
    require(request, CHANGE if change else VIEW, what="SEN support")
    user = request_user(request)
    return get_in_scope_or_404(
        request,
        selectors.pupils_in_scope(user),
        pk,
        refused="SEN support record outside the user's access",
        child_id=pk,
    )


def _cycle(request: HttpRequest, pk: UUID, cycle_pk: UUID, *, change: bool = False) -> Cycle:
    child = _child(request, pk, change=change)
    return get_object_or_404(
        selectors.cycles_for(child).select_related("child", "previous"), pk=cycle_pk
    )


def _pupil_url(child: Child | Any) -> str:
    return reverse("support:pupil", args=[child.pk])


def _cycle_url(cycle: Cycle, anchor: str = "") -> str:
    url = reverse("support:cycle", args=[cycle.child_id, cycle.pk])
    return f"{url}#{anchor}" if anchor else url


def _can_change(request: HttpRequest) -> bool:
    return bool(request.user.has_perm(CHANGE))


# ---------------------------------------------------------------------------------------------
# The school's pupils


@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    require(request, VIEW, what="SEN support")
    user = request_user(request)
    form = SearchForm(request.GET)
    data = valid_filters(form)
    children = selectors.pupils_on_support(user=user, q=data.get("q", ""))
    page = Paginator(children, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    due_page = Paginator(selectors.reviews_due(user=user), settings.PAGE_SIZE).get_page(
        request.GET.get("due_page")
    )
    due = list(due_page.object_list)
    audit_many(
        request=request,
        action=AuditAction.SEARCHED if data.get("q") else AuditAction.VIEWED,
        child_ids=[c.pk for c in page.object_list] + [c.child_id for c in due],
        summary="Listed on SEN support",
    )
    return render(
        request,
        "support/cycles/home.html",
        {
            "title": "SEN support",
            "search_form": form,
            "page": page,
            "rows": [(c, getattr(c, "support_record", None)) for c in page.object_list],
            "pagination": pagination(request, page, label="Pupils"),
            "due": due,
            "due_page": due_page,
            "due_pagination": pagination(
                request, due_page, param="due_page", label="Reviews due and overdue"
            ),
            "today": timezone.localdate(),
            "searched": bool(data.get("q")),
            "can_change": _can_change(request),
        },
        status=filter_status(form),
    )


# ---------------------------------------------------------------------------------------------
# The pupil's support page


@require_http_methods(["GET"])
def pupil(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = _child(request, pk)
    cycles = list(selectors.cycles_for(child))
    return render(
        request,
        "support/cycles/pupil.html",
        {
            "title": f"SEN support: {child.full_name}",
            "child": child,
            "record": selectors.support_record(child),
            "cycles": cycles,
            "history": list(selectors.register_history(child)),
            "can_change": _can_change(request),
            "links": [
                ("Costed provision map", reverse("support:provision", args=[child.pk])),
                ("My Story: the child's views", reverse("support:voice", args=[child.pk])),
                ("Evidence of need", reverse("support:evidence", args=[child.pk])),
                (
                    "Readiness check for an EHC needs assessment",
                    reverse("support:readiness", args=[child.pk]),
                ),
            ],
        },
    )


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = _child(request, pk, change=True)
    user = request_user(request)
    if child.sen_provision == "E":
        return render(
            request,
            "support/cycles/register_refused.html",
            {"title": "This pupil has an EHC plan", "child": child, "message": services.HAS_PLAN},
        )
    initial = {
        "status": "K",
        "effective_on": timezone.localdate(),
        "primary_need": child.primary_need,
        "secondary_need": child.secondary_need,
    }
    form = RegisterForm(posted(request), initial=initial)
    form.track(
        child,
        lambda c: {
            "primary_need": c.primary_need,
            "secondary_need": c.secondary_need,
            "status": c.sen_provision,
        },
        version=services.register_version,
    )
    return form_step(
        request,
        form,
        save=lambda data: services.register_change(
            actor=user,
            child=child,
            status=data["status"],
            effective_on=data["effective_on"],
            primary_need=data.get("primary_need", ""),
            secondary_need=data.get("secondary_need", ""),
            reason=data.get("reason", ""),
            based_on=data.get("based_on", ""),
            request=request,
        ),
        template="support/cycles/register_form.html",
        context={"title": "Change SEN status", "child": child},
        success="SEN status saved",
        next=_pupil_url(child),
    )


@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = _child(request, pk, change=True)
    user = request_user(request)
    found = selectors.support_record(child)
    form = RecordForm(posted(request), initial=RecordForm.values_of(found) if found else None)
    if found is not None:
        form.track(found, RecordForm.values_of)
    return form_step(
        request,
        form,
        save=lambda data: services.record_save(
            actor=user, child=child, data=data, based_on=data.get("based_on", ""), request=request
        ),
        template="support/cycles/form.html",
        context={
            "title": "Tier and about me",
            "child": child,
            "intro": "The top of the pupil's Individual Support Plan, in their own words where you can.",
        },
        success="Tier and about me saved",
        next=_pupil_url(child),
    )


# ---------------------------------------------------------------------------------------------
# Cycles


@require_http_methods(["GET", "POST"])
def cycle_start(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = _child(request, pk, change=True)
    user = request_user(request)
    today = timezone.localdate()
    last = selectors.last_cycle(child)
    form = CycleStartForm(
        posted(request),
        initial={"started_on": today, "review_due": selectors.suggested_review(today)},
    )
    return form_step(
        request,
        form,
        save=lambda data: services.cycle_start(
            actor=user,
            child=child,
            started_on=data["started_on"],
            review_due=data["review_due"],
            request=request,
        ),
        template="support/cycles/cycle_start.html",
        context={
            "title": f"Start cycle {(last.number if last else 0) + 1}",
            "child": child,
            "last": last,
            "carried": selectors.targets_to_carry(last),
        },
        success=lambda c: f"Cycle {c.number} started",
        next=_cycle_url,
    )


@require_http_methods(["GET"])
def cycle(request: HttpRequest, pk: UUID, cycle_pk: UUID) -> HttpResponse:
    found = _cycle(request, pk, cycle_pk)
    return render(
        request,
        "support/cycles/cycle.html",
        {
            "title": f"Cycle {found.number}: {found.child.full_name}",
            "child": found.child,
            "cycle": found,
            "can_change": _can_change(request),
            **selectors.cycle_context(found),
        },
    )


@require_http_methods(["GET", "POST"])
def cycle_section(request: HttpRequest, pk: UUID, cycle_pk: UUID, section: str) -> HttpResponse:
    if section not in SECTION_FORMS:
        raise Http404
    found = _cycle(request, pk, cycle_pk, change=True)
    user = request_user(request)
    form_class, heading = SECTION_FORMS[section]
    fields = services.SECTIONS[section]

    def values_of(c: Cycle) -> dict[str, Any]:
        return {f: getattr(c, f) for f in fields}

    form = form_class(posted(request), initial=values_of(found))
    form.track(found, values_of, version=services.section_version(section))
    return form_step(
        request,
        form,
        save=lambda data: services.cycle_section_save(
            actor=user,
            cycle=found,
            section=section,
            data=data,
            based_on=data.get("based_on", ""),
            request=request,
        ),
        template="support/cycles/form.html",
        context={
            "title": f"{heading}: cycle {found.number}",
            "child": found.child,
            "cycle": found,
            "previous": found.previous if section == "assess" else None,
        },
        success=f"{heading} saved",
        next=_cycle_url(found, section),
    )


def _target_values(t: Target) -> dict[str, Any]:
    return {f: getattr(t, f) for f in services.TARGET_PLAN_FIELDS}


def _result_values(t: Target) -> dict[str, Any]:
    return {f: getattr(t, f) for f in services.TARGET_REVIEW_FIELDS}


@require_http_methods(["GET", "POST"])
def target_edit(
    request: HttpRequest, pk: UUID, cycle_pk: UUID, target_pk: UUID | None = None
) -> HttpResponse:
    found = _cycle(request, pk, cycle_pk, change=True)
    user = request_user(request)
    target = get_object_or_404(found.targets, pk=target_pk) if target_pk else None
    form = TargetForm(posted(request), initial=_target_values(target) if target else None)
    if target is not None:
        form.track(target, _target_values)
    return form_step(
        request,
        form,
        save=lambda data: services.target_save(
            actor=user,
            cycle=found,
            data=data,
            target=target,
            based_on=data.get("based_on", ""),
            request=request,
        ),
        template="support/cycles/form.html",
        context={
            "title": "Change a target" if target else "Add a target",
            "child": found.child,
            "cycle": found,
        },
        success="Target saved" if target else "Target added",
        next=_cycle_url(found, "plan"),
    )


@require_http_methods(["GET", "POST"])
def target_result(request: HttpRequest, pk: UUID, cycle_pk: UUID, target_pk: UUID) -> HttpResponse:
    found = _cycle(request, pk, cycle_pk, change=True)
    user = request_user(request)
    target = get_object_or_404(found.targets, pk=target_pk)
    form = TargetResultForm(posted(request), initial=_result_values(target))
    form.track(target, _result_values)
    return form_step(
        request,
        form,
        save=lambda data: services.target_save(
            actor=user,
            cycle=found,
            data=data,
            fields=services.TARGET_REVIEW_FIELDS,
            target=target,
            based_on=data.get("based_on", ""),
            request=request,
        ),
        template="support/cycles/form.html",
        context={
            "title": "Result of a target",
            "child": found.child,
            "cycle": found,
            "target": target,
        },
        success="Result saved",
        next=_cycle_url(found, "review"),
    )


@require_http_methods(["GET", "POST"])
def target_remove(request: HttpRequest, pk: UUID, cycle_pk: UUID, target_pk: UUID) -> HttpResponse:
    found = _cycle(request, pk, cycle_pk, change=True)
    user = request_user(request)
    target = get_object_or_404(found.targets, pk=target_pk)
    return form_step(
        request,
        RemoveForm(posted(request)),
        save=lambda data: services.target_remove(actor=user, target=target, request=request),
        template="support/cycles/form.html",
        context={
            "title": "Remove a target",
            "child": found.child,
            "cycle": found,
            "target": target,
        },
        success="Target removed",
        next=_cycle_url(found, "plan"),
    )


def _advice_values(a: CycleAdvice) -> dict[str, Any]:
    return {f: getattr(a, f) for f in services.ADVICE_FIELDS}


@require_http_methods(["GET", "POST"])
def advice_edit(
    request: HttpRequest, pk: UUID, cycle_pk: UUID, advice_pk: UUID | None = None
) -> HttpResponse:
    found = _cycle(request, pk, cycle_pk, change=True)
    user = request_user(request)
    advice = get_object_or_404(found.advice, pk=advice_pk) if advice_pk else None
    form = AdviceForm(posted(request), initial=_advice_values(advice) if advice else None)
    if advice is not None:
        form.track(advice, _advice_values)
    return form_step(
        request,
        form,
        save=lambda data: services.advice_save(
            actor=user,
            cycle=found,
            data=data,
            advice=advice,
            based_on=data.get("based_on", ""),
            request=request,
        ),
        template="support/cycles/form.html",
        context={
            "title": "Change outside advice" if advice else "Add outside advice",
            "child": found.child,
            "cycle": found,
        },
        success="Advice saved",
        next=_cycle_url(found, "assess"),
    )


@require_http_methods(["GET", "POST"])
def note_add(request: HttpRequest, pk: UUID, cycle_pk: UUID) -> HttpResponse:
    found = _cycle(request, pk, cycle_pk, change=True)
    user = request_user(request)
    form = NoteForm(posted(request), initial={"on": timezone.localdate(), "kind": "note"})
    return form_step(
        request,
        form,
        save=lambda data: services.note_add(
            actor=user,
            cycle=found,
            on=data["on"],
            kind=data["kind"],
            text=data["text"],
            request=request,
        ),
        template="support/cycles/form.html",
        context={"title": "Add a note", "child": found.child, "cycle": found},
        success="Note added",
        next=_cycle_url(found, "do"),
    )


# ---------------------------------------------------------------------------------------------
# Documents: the summary for parents and the Individual Support Plan


def _document_context(request: HttpRequest, pk: UUID) -> dict[str, Any]:
    child = _child(request, pk)
    current = selectors.last_cycle(child)
    return {
        "child": child,
        "record": selectors.support_record(child),
        "cycle": current,
        "targets": list(current.targets.all()) if current else [],
        "today": timezone.localdate(),
    }


@require_http_methods(["GET"])
def summary(request: HttpRequest, pk: UUID) -> HttpResponse:
    context = _document_context(request, pk)
    context["title"] = f"SEN support for {context['child'].known_as}: a summary for the family"
    return render(request, "support/cycles/summary.html", context)


@require_http_methods(["GET"])
def plan(request: HttpRequest, pk: UUID) -> HttpResponse:
    context = _document_context(request, pk)
    context["title"] = f"Individual Support Plan: {context['child'].full_name}"
    return render(request, "support/cycles/plan.html", context)


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The PDF is built from our own HTML only: never fetch anything from anywhere."""
    raise ValueError(f"Refused to fetch {url} while making a PDF")


@require_http_methods(["GET"])
def plan_pdf(request: HttpRequest, pk: UUID) -> HttpResponse:
    from weasyprint import HTML

    context = _document_context(request, pk)
    child = context["child"]
    context["title"] = f"Individual Support Plan: {child.full_name}"
    context["css_child"] = Markup(re.sub(r"[^\w .,'&()·-]", "", child.full_name))  # noqa: S704 - only safe characters remain
    html = render_to_string("support/cycles/plan_pdf.html", context, request=request)
    pdf = HTML(string=html, url_fetcher=_no_fetch).write_pdf(pdf_variant="pdf/ua-1")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="individual-support-plan.pdf"'
    return response
