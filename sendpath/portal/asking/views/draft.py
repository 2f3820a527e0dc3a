"""The draft plan: read it as sent, comment on it within the 15 days (later comments are taken
and marked late), ask to meet an officer (SEND Regs 2014 reg 13(1)), and say which school or
college the family wants named (CFA 2014 s.38(2)(b); SEND Code of Practice 9.78-9.79)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user
from sendpath.core.steps import form_step
from sendpath.core.views import posted
from sendpath.ehc.models import CaseEvent
from sendpath.ehc.presenters import period_of
from sendpath.people.models import Child, User

from .. import presenters, selectors, services
from ..forms import MeetingForm, PlacementForm, RepresentationsForm
from .common import audit_unsent, family_child, page_context

PERM = "portal.respond_to_draft"
SENT_TYPES = ("family_representations", "family_meeting_requested", "family_placement_preference")


def _draft_context(child: Child, title: str, **more: Any) -> dict[str, Any]:
    draft = selectors.draft_for(child)
    today = timezone.localdate()
    return page_context(
        child,
        title,
        draft=draft,
        late=draft is not None and draft.late_on(today),
        period=period_of("draft_representations_close"),
        sent=selectors.family_sent(child, *SENT_TYPES) if draft is not None else [],
        **more,
    )


@require_http_methods(["GET"])
def draft_plan(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = family_child(request, pk, PERM)
    context = _draft_context(child, "The draft plan")
    draft = context["draft"]
    if draft is not None:
        context.update(presenters.draft_document(draft.case, draft.event))
        context.update({"case": draft.case, "authority": draft.case.authority})
    return render(request, "portal/asking/draft_plan.html", context)


def _draft_form(
    request: HttpRequest,
    pk: UUID,
    *,
    form_class: type[forms.Form],
    title: str,
    template: str,
    save: Callable[[User, Any, dict[str, Any]], CaseEvent],
    success: str | Callable[[CaseEvent], str],
) -> HttpResponse:
    child = family_child(request, pk, PERM)
    user = request_user(request)
    context = _draft_context(child, title)
    context["back"] = reverse("portal:draft_plan", kwargs={"pk": child.pk})
    draft = context["draft"]
    if draft is None or not draft.open:
        return render(
            request,
            "portal/asking/draft_closed.html",
            context,
            status=409 if request.method == "POST" else 200,
        )
    form = form_class(posted(request))
    return form_step(
        request,
        form,
        save=lambda data: save(user, draft.case, data),
        template=template,
        context=context,
        success=success,
        next=reverse("portal:draft_plan", kwargs={"pk": child.pk}),
    )


@require_http_methods(["GET", "POST"])
@audit_unsent
def draft_representations(request: HttpRequest, pk: UUID) -> HttpResponse:
    today = timezone.localdate()
    return _draft_form(
        request,
        pk,
        form_class=RepresentationsForm,
        title="Comment on the draft plan",
        template="portal/asking/draft_representations.html",
        save=lambda user, case, data: services.representations_make(
            actor=user, case=case, comments=data["comments"], today=today, request=request
        ),
        success=lambda event: (
            "Your comments have been sent to your caseworker. They arrived after the last day, "
            "so they are marked as late: your caseworker will still read them"
            if event.details.get("late")
            else "Your comments have been sent to your caseworker"
        ),
    )


@require_http_methods(["GET", "POST"])
@audit_unsent
def draft_meeting(request: HttpRequest, pk: UUID) -> HttpResponse:
    today = timezone.localdate()
    return _draft_form(
        request,
        pk,
        form_class=MeetingForm,
        title="Ask for a meeting about the draft plan",
        template="portal/asking/draft_meeting.html",
        save=lambda user, case, data: services.meeting_request(
            actor=user,
            case=case,
            about=data["about"],
            times=data["times"],
            today=today,
            request=request,
        ),
        success="You have asked for a meeting. Your caseworker will contact you to arrange it",
    )


@require_http_methods(["GET", "POST"])
@audit_unsent
def draft_placement(request: HttpRequest, pk: UUID) -> HttpResponse:
    today = timezone.localdate()
    return _draft_form(
        request,
        pk,
        form_class=PlacementForm,
        title="The school or college you want named in the plan",
        template="portal/asking/draft_placement.html",
        save=lambda user, case, data: services.placement_prefer(
            actor=user,
            case=case,
            setting_type=data["setting_type"],
            name=data["name"],
            reason=data["reason"],
            today=today,
            request=request,
        ),
        success="The school or college you want has been sent to your caseworker",
    )
