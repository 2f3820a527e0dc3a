"""Asking for a personal budget, sending documents, saying something is wrong (and where to
go with a complaint or a disagreement), and the family's views for a review."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user
from sendpath.core.formatting import contact_lines
from sendpath.core.steps import form_step
from sendpath.core.views import posted, posted_files
from sendpath.ehc.documents.views import file_size
from sendpath.ehc.notices import selectors as notice_selectors
from sendpath.ehc.notices.contacts import contacts_for
from sendpath.portal.status import actions

from .. import selectors, services
from ..forms import ConcernForm, DocumentForm, PersonalBudgetForm, ReviewForm
from .common import audit_unsent, family_child, page_context


def _unavailable(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    """Nothing to send this to yet: said plainly, nothing written."""
    return render(
        request,
        "portal/asking/not_now.html",
        context,
        status=409 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@audit_unsent
def personal_budget(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = family_child(request, pk, "portal.ask_personal_budget")
    user = request_user(request)
    case = selectors.budget_case(child)
    context = page_context(
        child,
        "Ask for a personal budget",
        case=case,
        sent=selectors.family_sent(child, "family_personal_budget_requested"),
        reason="You can ask for a personal budget once the council has decided to write an "
        "education, health and care (EHC) plan, and while the plan is kept.",
    )
    if case is None:
        return _unavailable(request, context)
    form = PersonalBudgetForm(posted(request))
    return form_step(
        request,
        form,
        save=lambda data: services.personal_budget_ask(
            actor=user,
            case=case,
            what_for=data["what_for"],
            today=timezone.localdate(),
            request=request,
        ),
        template="portal/asking/personal_budget.html",
        context=context,
        success="You have asked for a personal budget. Your caseworker will contact you",
        next=reverse("portal:personal_budget", kwargs={"pk": child.pk}),
    )


@require_http_methods(["GET", "POST"])
@audit_unsent
def documents(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = family_child(request, pk, "portal.send_documents")
    user = request_user(request)
    case = selectors.open_case(child)
    uploaded = [
        {"document": d, "size": file_size(d.size)} for d in selectors.family_documents(child)
    ]
    context = page_context(
        child,
        "Send reports and letters",
        case=case,
        uploaded=uploaded,
        reason="You can send reports and letters while there is a request for an assessment "
        "or a plan. Otherwise, give them to the school or college, or to the person who asks "
        "for an assessment.",
    )
    if case is None:
        return _unavailable(request, context)
    form = DocumentForm(posted(request), posted_files(request))
    return form_step(
        request,
        form,
        save=lambda data: services.document_send(
            actor=user,
            case=case,
            title=data["title"],
            upload=data["file"],
            today=timezone.localdate(),
            request=request,
        ),
        template="portal/asking/documents.html",
        context=context,
        success=lambda document: f"{document.title} has been sent to your caseworker",
        next=reverse("portal:documents", kwargs={"pk": child.pk}),
    )


@require_http_methods(["GET", "POST"])
@audit_unsent
def concern(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = family_child(request, pk, "portal.raise_concern")
    user = request_user(request)
    case = selectors.latest_case(child)
    context = page_context(
        child,
        "Tell us something is wrong",
        case=case,
        sent=selectors.family_sent(child, "family_concern"),
        send_team=contact_lines(settings.ACCESSIBILITY_CONTACT),
    )
    if case is None:
        return _unavailable(request, {**context, "reason": ""})
    form = ConcernForm(posted(request))
    return form_step(
        request,
        form,
        save=lambda data: services.concern_raise(
            actor=user,
            case=case,
            message=data["message"],
            today=timezone.localdate(),
            request=request,
        ),
        template="portal/asking/concern.html",
        context=context,
        success="Your message has been sent to your caseworker",
        next=reverse("portal:concern", kwargs={"pk": child.pk}),
    )


@require_http_methods(["GET"])
def complaints(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = family_child(request, pk, "portal.raise_concern")
    case = selectors.latest_case(child)
    mediation_by = selectors.deadline(case, "contact_mediation_adviser") if case else None
    appeal_by = selectors.deadline(case, "appeal_deadline") if case else None
    today = timezone.localdate()
    # The authority's own contacts, as its administrator keeps them (the letters give the same).
    contacts = contacts_for(case.authority if case else child.responsible_authority)
    return render(
        request,
        "portal/asking/complaints.html",
        page_context(
            child,
            "Complaints and disagreements",
            case=case,
            sendiass=contacts.sendiass,
            complaints=contacts.complaints,
            mediation_adviser=contacts.mediation_adviser,
            tribunal=notice_selectors.tribunal(),
            mediation_by=mediation_by if mediation_by and mediation_by.due >= today else None,
            appeal_by=appeal_by if appeal_by and appeal_by.due >= today else None,
            # Pages other apps offer here (a complaint to make, and its stage).
            offered=actions.actions_for(child, request.user, place="complaints"),
        ),
    )


@require_http_methods(["GET", "POST"])
@audit_unsent
def review_contribution(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = family_child(request, pk, "portal.contribute_to_review")
    user = request_user(request)
    today = timezone.localdate()
    review = selectors.review_ahead(child, today)
    context = page_context(
        child,
        "Your views for the review",
        review=review,
        sent=selectors.family_sent(child, "family_review_contribution"),
        reason="There is no review meeting arranged at the moment. When one is arranged, you "
        "will be able to send your views here before the meeting.",
    )
    if review is None:
        return _unavailable(request, context)
    form = ReviewForm(posted(request), posted_files(request))
    return form_step(
        request,
        form,
        save=lambda data: services.review_contribute(
            actor=user,
            case=review.case,
            views=data["views"],
            upload=data.get("file"),
            today=today,
            request=request,
        ),
        template="portal/asking/review.html",
        context=context,
        success="Your views have been sent. They will be part of the review",
        next=reverse("portal:review_contribution", kwargs={"pk": child.pk}),
    )
