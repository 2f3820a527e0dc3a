"""Caseworkers' pages for sending the draft plan and issuing the final plan."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user
from sendpath.core.formatting import govuk_date
from sendpath.core.steps import form_step
from sendpath.core.views import posted
from sendpath.ehc.cases.stages import Step, step_allowed
from sendpath.ehc.cases.views import get_case
from sendpath.ehc.models import (
    PlanStatus,
    Stage,
)
from sendpath.ehc.plans import issuing as plan_issuing
from sendpath.ehc.plans import rules as plan_rules
from sendpath.ehc.plans import selectors as plan_selectors
from sendpath.ehc.plans.forms import (
    DraftSendForm,
    FinalIssueForm,
)
from sendpath.ehc.plans.views.base import _plan_url
from sendpath.ehc.presenters import period_of


@require_http_methods(["GET", "POST"])
def draft_send(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk, "ehc.change_case")
    plan = plan_selectors.plan_for(case, request_user(request))
    if not step_allowed(case, Step.SEND_DRAFT):
        if case.stage == Stage.DRAFT_SENT or plan.status != PlanStatus.DRAFT:
            messages.info(request, "The draft plan has already been sent")
        else:
            messages.info(
                request,
                "The draft plan can be sent once the decision to issue a plan is recorded",
            )
        return redirect(_plan_url(case))
    problems = plan_rules.golden_thread_problems(plan)
    form = DraftSendForm(posted(request), has_problems=bool(problems))
    user = request_user(request)

    def sent(_: object) -> str:
        close = plan_selectors.representations_close(case)
        return (
            "Draft plan sent. The family can comment until "
            f"{govuk_date(close.due) if close else 'the end of the ' + period_of('draft_representations_close')}"
        )

    return form_step(
        request,
        form,
        save=lambda data: plan_issuing.draft_send(
            actor=user,
            case=case,
            sent_on=data["sent_on"],
            warnings_checked=bool(data.get("warnings_checked")),
            request=request,
        ),
        rename={"date": "sent_on"},
        template="ehc/plan/send_form.html",
        context={
            "title": "Send the draft plan to the family",
            "case": case,
            "tab": "plan",
            "problems": problems,
        },
        success=sent,
        next=_plan_url(case),
    )


@require_http_methods(["GET", "POST"])
def final_issue(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk, "ehc.change_case")
    plan = plan_selectors.plan_for(case, request_user(request))
    if not step_allowed(case, Step.ISSUE_FINAL) or plan.status == PlanStatus.FINAL:
        messages.info(
            request,
            "The final plan has already been issued"
            if plan.status == PlanStatus.FINAL or case.stage == Stage.FINAL_ISSUED
            else "The final plan can be issued once the draft plan has been sent",
        )
        return redirect(_plan_url(case))
    named = plan_selectors.latest_event(case, "placement_named")
    close = plan_selectors.representations_close(case)
    form = FinalIssueForm(posted(request))
    user = request_user(request)
    return form_step(
        request,
        form,
        save=lambda data: plan_issuing.final_issue(
            actor=user,
            case=case,
            issued_on=data["issued_on"],
            early_confirmed=bool(data.get("early_confirmed")),
            request=request,
        ),
        rename={"date": "issued_on"},
        template="ehc/plan/issue_form.html",
        context=lambda: {
            "title": "Issue the final plan",
            "case": case,
            "tab": "plan",
            "named": named,
            "plan": plan,
            "representations_close": close,
            "period_open": close is not None and close.due >= timezone.localdate(),
            "problems": plan_rules.golden_thread_problems(plan),
        },
        success="Final plan issued",
        next=_plan_url(case),
    )
