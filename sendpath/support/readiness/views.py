"""Pages: the readiness check (the school's, and a linked professional's plain-English copy), the
school's request from the record, and the follow-up meeting after a decision not to assess."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user, require
from sendpath.core.steps import form_step
from sendpath.core.views import posted
from sendpath.ehc.cases import selectors as case_selectors
from sendpath.ehc.models import Case
from sendpath.people.access import get_child
from sendpath.people.models import Child, Role
from sendpath.support import money

from . import selectors, services
from .forms import FollowUpRecordForm, FollowUpRequestForm, SchoolRequestForm


def _child(request: HttpRequest, pk: UUID, perm: str) -> Child:
    """A child in the user's scope (a 404 otherwise, the refusal audited), then the permission
    (a 403, audited)."""
    child = get_child(request, pk)
    require(request, perm, child)
    return child


@require_http_methods(["GET"])
def readiness(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = _child(request, pk, "support.view_readiness")
    user = request_user(request)
    today = timezone.localdate()
    check = selectors.readiness(child, today)
    professional = user.role == Role.PROFESSIONAL
    return render(
        request,
        "support/readiness/check.html",
        {
            "title": "Is the child ready for an EHC needs assessment request?"
            if professional
            else "Readiness for an EHC needs assessment request",
            "child": child,
            "check": check,
            "professional": professional,
            "may_request": user.has_perm("support.request_assessment"),
            "no_to_assess": selectors.no_to_assess(child)
            if user.has_perm("support.request_assessment")
            else None,
            "today": today,
        },
    )


def _school_name(user: Any) -> str:
    organisation = getattr(user, "organisation", None)
    return organisation.name if organisation is not None else "The school"


@require_http_methods(["GET", "POST"])
def request_send(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = _child(request, pk, "support.request_assessment")
    user = request_user(request)
    today = timezone.localdate()
    existing: Case | None = case_selectors.open_case_for(child)
    record = selectors.request_record(child)
    check = selectors.readiness(child, today)
    if existing is not None:
        # Refused: one open request at a time. Nothing about the case is linked (the school
        # does not see the SEND team's case pages).
        return render(
            request,
            "support/readiness/request.html",
            {
                "title": "Request an EHC needs assessment",
                "child": child,
                "existing": existing,
                "record": record,
                "check": check,
                "school_name": _school_name(user),
                "pounds": money.pounds,
            },
            status=409 if request.method == "POST" else 200,
        )
    form = SchoolRequestForm(posted(request))
    return form_step(
        request,
        form,
        save=lambda data: services.school_request_send(
            actor=user,
            child=child,
            school_name=_school_name(user),
            family_agreed_by=data["family_agreed_by"],
            family_agreed_on=data["family_agreed_on"],
            reason=data["reason"],
            today=today,
            request=request,
        ),
        template="support/readiness/request.html",
        context=lambda: {
            "title": "Request an EHC needs assessment",
            "child": child,
            "existing": existing,
            "record": record,
            "check": check,
            "school_name": _school_name(user),
            "pounds": money.pounds,
        },
        success=lambda case: (
            f"Request sent to the SEND team: case {case.reference}. The authority must decide "
            f"whether to assess by {case.next_due:%-d %B %Y}"
            if case.next_due
            else f"Request sent to the SEND team: case {case.reference}"
        ),
        next=reverse("support:readiness", kwargs={"pk": child.pk}),
    )


def _follow_up_context(child: Child) -> dict[str, Any]:
    return {"child": child, "decision": selectors.no_to_assess(child)}


@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, pk: UUID) -> HttpResponse:
    """After a decision not to assess: ask for the follow-up meeting, and record it."""
    child = _child(request, pk, "support.request_assessment")
    user = request_user(request)
    decision = selectors.no_to_assess(child)
    back = reverse("support:readiness", kwargs={"pk": child.pk})
    if decision is None:
        messages.info(
            request,
            "There is no decision not to assess for this pupil: a follow-up meeting is offered "
            "only after one",
        )
        return redirect(back)
    ask = request.method == "POST" and request.POST.get("action") == "request"
    request_form = FollowUpRequestForm(posted(request) if ask else None)
    record_form = FollowUpRecordForm(posted(request) if not ask else None)
    context = {
        "title": "Follow-up meeting after the decision not to assess",
        **_follow_up_context(child),
        "request_form": request_form,
        "record_form": record_form,
    }
    if ask:
        return form_step(
            request,
            request_form,
            save=lambda data: services.follow_up_request(
                actor=user,
                case=decision.case,
                to_discuss=data["to_discuss"],
                today=timezone.localdate(),
                request=request,
            ),
            template="support/readiness/follow_up.html",
            context=context,
            success="Follow-up meeting asked for: the SEND team will see it on the case",
            next=reverse("support:follow_up", kwargs={"pk": child.pk}),
        )
    return form_step(
        request,
        record_form,
        save=lambda data: services.follow_up_record(
            actor=user,
            case=decision.case,
            held_on=data["held_on"],
            attended=data["attended"],
            agreed=data["agreed"],
            request=request,
        ),
        rename={"date": "held_on"},
        template="support/readiness/follow_up.html",
        context=context,
        success="Follow-up meeting recorded",
        next=reverse("support:follow_up", kwargs={"pk": child.pk}),
    )
