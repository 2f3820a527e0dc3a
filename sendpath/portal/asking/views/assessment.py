"""Asking for an EHC needs assessment: a parent for their child, a young person for themselves
(CFA 2014 s.36(1), s.83(2)), and the page that confirms it with the decision date."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user
from sendpath.core.steps import form_step
from sendpath.core.views import posted, posted_files
from sendpath.ehc.models import Case, RequestSource
from sendpath.ehc.presenters import period_of

from .. import selectors, services
from ..forms import AssessmentForm
from .common import audit_unsent, family_child, page_context

TEMPLATE = "portal/asking/ask_assessment.html"


@require_http_methods(["GET", "POST"])
@audit_unsent
def ask_assessment(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = family_child(request, pk, "portal.ask_assessment")
    user = request_user(request)
    today = timezone.localdate()
    own = selectors.is_own_record(user=user, child=child)
    existing = selectors.open_case(child)
    too_young = own and not selectors.may_ask_for_themselves(child=child, on=today)
    theirs_to_ask = selectors.parent_for_young_person(user=user, child=child, on=today)
    context = page_context(
        child,
        "Ask for an assessment for yourself" if own else "Ask for an assessment",
        own=own,
        existing=existing,
        too_young=too_young,
        not_yet=services.NOT_YET_A_YOUNG_PERSON,
        theirs_to_ask=theirs_to_ask,
        young_person_asks=services.YOUNG_PERSON_ASKS.format(name=child.known_as),
        decide_period=period_of("decide_whether_to_assess"),
        whole_period=period_of("issue_final_plan"),
    )
    if existing is not None or too_young or theirs_to_ask:
        # Refused plainly, with nothing written: one request at a time; a young person asks
        # for themselves, and only once over compulsory school age.
        return render(request, TEMPLATE, context, status=409 if request.method == "POST" else 200)
    form = AssessmentForm(posted(request), posted_files(request))

    def ask(data: dict[str, Any]) -> Case:
        return services.assessment_ask(
            actor=user,
            child=child,
            why=data["why"],
            help_now=data["help_now"],
            school=data["school"],
            evidence=data.get("evidence"),
            today=today,
            request=request,
        )

    return form_step(
        request,
        form,
        save=ask,
        template=TEMPLATE,
        context=context,
        next=reverse("portal:ask_assessment_sent", kwargs={"pk": child.pk}),
    )


@require_http_methods(["GET"])
def ask_assessment_sent(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = family_child(request, pk, "portal.ask_assessment")
    case = selectors.open_case(child)
    if case is None or case.request_source not in (
        RequestSource.PARENT,
        RequestSource.YOUNG_PERSON,
    ):
        return redirect("portal:ask_assessment", pk=child.pk)
    return render(
        request,
        "portal/asking/ask_assessment_sent.html",
        page_context(
            child,
            "Request sent",
            case=case,
            own=selectors.is_own_record(user=request_user(request), child=child),
            decision=selectors.deadline(case, "decide_whether_to_assess"),
            decide_period=period_of("decide_whether_to_assess"),
            whole_period=period_of("issue_final_plan"),
        ),
    )
