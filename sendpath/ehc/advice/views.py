"""Caseworkers' pages for advice on a case."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user
from sendpath.core.formatting import govuk_date
from sendpath.core.steps import form_step
from sendpath.core.views import posted, posted_files
from sendpath.ehc.advice import selectors as advice_selectors
from sendpath.ehc.advice import services as advice_services
from sendpath.ehc.advice.forms import AdviceReceivedForm, AdviceRequestForm, ExistingAdviceForm
from sendpath.ehc.advice.reminders import emailed_here
from sendpath.ehc.cases import services
from sendpath.ehc.cases.views import audit_viewed, get_case
from sendpath.ehc.models import Case, CaseEvent


def _advice_url(case: Case) -> str:
    return reverse("ehc:advice", args=[case.pk])


@require_http_methods(["GET"])
def advice_page(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk)
    audit_viewed(request, case, "the advice")
    today = timezone.localdate()
    events = services.effective_events(case)
    state = advice_selectors.advice_state(case, events)
    year = advice_selectors.curriculum_year(case.child.date_of_birth, today)
    return render(
        request,
        "ehc/advice/index.html",
        {
            "title": f"Advice: {case.child.full_name}, {case.reference}",
            "case": case,
            "tab": "advice",
            "state": state,
            "rows": advice_selectors.advice_rows(case, events, today),
            "can_edit": state.open and request_user(request).has_perm("ehc.change_case", case),
            "pfa_applies": year >= advice_selectors.PFA_FROM_YEAR,
            "year_label": advice_selectors.year_label(year),
        },
    )


def _closed(request: HttpRequest, case: Case) -> HttpResponse | None:
    state = advice_selectors.advice_state(case)
    if state.open:
        return None
    messages.info(request, state.reason)
    return redirect(_advice_url(case))


def _source_choices(sources: list[advice_selectors.AdviceSource]) -> list[tuple[str, str]]:
    return [(s.id, f"{s.label}: {s.hint[:1].lower()}{s.hint[1:]}") for s in sources]


@require_http_methods(["GET", "POST"])
def advice_request(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk, "ehc.change_case")
    if (refused := _closed(request, case)) is not None:
        return refused
    form = AdviceRequestForm(
        posted(request),
        sources=_source_choices(advice_selectors.sources_for(case)),
        initial={"source": request.GET.get("source", "")},
    )
    user = request_user(request)

    def requested(event: CaseEvent) -> str:
        due = case.deadlines.filter(key=f"advice:{event.details['id']}").first()
        emailed = (
            f". We emailed the request to {event.details['email']}, and will remind them"
            if emailed_here(event)
            else ""
        )
        return (
            f"{event.details['source_label']} requested from {event.details['author']}"
            + (f". It is due by {govuk_date(due.due)}" if due else "")
            + emailed
        )

    return form_step(
        request,
        form,
        save=lambda data: advice_services.advice_request(
            actor=user,
            case=case,
            source=data["source"],
            author=data["author"],
            organisation=data.get("organisation", ""),
            email=data.get("email", ""),
            requested_on=data["requested_on"],
            request=request,
        ),
        rename={"date": "requested_on"},
        template="ehc/advice/request_form.html",
        context={"title": "Request advice", "case": case, "tab": "advice"},
        success=requested,
        next=_advice_url(case),
    )


@require_http_methods(["GET", "POST"])
def advice_received(request: HttpRequest, pk: UUID, ident: str) -> HttpResponse:
    case = get_case(request, pk, "ehc.change_case")
    if (refused := _closed(request, case)) is not None:
        return refused
    asked = advice_selectors.request_for(case, ident)
    if asked is None:
        raise Http404
    if case.events.filter(type="advice_received", details__id=ident).exists():
        messages.info(
            request,
            "That advice has already been recorded as received. To change the date, correct it "
            "from the timeline",
        )
        return redirect(_advice_url(case))
    form = AdviceReceivedForm(posted(request), posted_files(request))
    user = request_user(request)
    return form_step(
        request,
        form,
        save=lambda data: advice_services.advice_receive(
            actor=user,
            case=case,
            ident=ident,
            received_on=data["received_on"],
            upload=data.get("file") or None,
            title=data.get("title", ""),
            request=request,
        ),
        rename={"date": "received_on"},
        template="ehc/advice/received_form.html",
        context={
            "title": "Record advice received",
            "case": case,
            "asked": asked,
            "tab": "advice",
        },
        success=f"{asked.details.get('source_label', 'Advice')} recorded",
        next=_advice_url(case),
    )


@require_http_methods(["GET", "POST"])
def advice_existing(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk, "ehc.change_case")
    if (refused := _closed(request, case)) is not None:
        return refused
    sources = [
        s for s in advice_selectors.sources_for(case) if s.id in advice_selectors.EXISTING_ALLOWED
    ]
    form = ExistingAdviceForm(posted(request), sources=_source_choices(sources))
    user = request_user(request)
    return form_step(
        request,
        form,
        save=lambda data: advice_services.existing_advice_agree(
            actor=user,
            case=case,
            source=data["source"],
            description=data["description"],
            authority_agreed_on=data["authority_agreed_on"],
            author_agreed_on=data["author_agreed_on"],
            family_agreed_on=data["family_agreed_on"],
            request=request,
        ),
        template="ehc/advice/existing_form.html",
        context={
            "title": "Record that existing advice is sufficient",
            "case": case,
            "tab": "advice",
        },
        success="Agreement that the existing advice is sufficient recorded",
        next=_advice_url(case),
    )
