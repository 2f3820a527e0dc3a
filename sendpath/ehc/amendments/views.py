"""Pages for the plan in force: versions and their comparison, amendments and ceasing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user
from sendpath.core.forms import set_choices
from sendpath.core.steps import form_step, render_form
from sendpath.core.views import posted, posted_files
from sendpath.ehc.amendments import compare as amendment_compare
from sendpath.ehc.amendments import selectors as amendment_selectors
from sendpath.ehc.amendments import services as amendment_services
from sendpath.ehc.amendments.forms import (
    CeaseForm,
    CompareForm,
    DeclineForm,
    IssueForm,
    ProposeForm,
)
from sendpath.ehc.cases import selectors as case_selectors
from sendpath.ehc.cases.views import audit_case_view, get_case
from sendpath.ehc.models import Case, Plan
from sendpath.ehc.plans import selectors as plan_selectors
from sendpath.ehc.presenters import deadline_label


def _page_url(case: Case) -> str:
    return reverse("ehc:amendments", args=[case.pk])


def _deadline_rows(case: Case) -> list[dict[str, Any]]:
    return [
        {"label": deadline_label(d.key), "due": d.due, "source": d.source, "row": d}
        for d in amendment_selectors.amendment_deadlines(case)
    ]


def _step(
    request: HttpRequest,
    case: Case,
    form: Any,
    *,
    save: Callable[[dict[str, Any]], Any],
    date_field: str,
    template: str,
    title: str,
    success: str | Callable[[Any], str],
    more: Callable[[], dict[str, Any]] | None = None,
) -> HttpResponse:
    """The amendment pages' form step: a service's ``date`` error goes on ``date_field``; when
    done, back to the versions and amendments page."""
    return form_step(
        request,
        form,
        save=save,
        rename={"date": date_field},
        template=template,
        context=lambda: {"case": case, "tab": "plan", "title": title, **(more() if more else {})},
        success=success,
        next=_page_url(case),
    )


def _changeable(request: HttpRequest, pk: UUID) -> tuple[Case, Plan]:
    case = get_case(request, pk, "ehc.change_case")
    return case, plan_selectors.plan_for(case, request_user(request))


@require_http_methods(["GET"])
def amendments_page(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk)
    plan = plan_selectors.plan_for(case, request_user(request))
    audit_case_view(request, case, "Viewed the plan's versions and amendments")
    versions = amendment_selectors.versions(plan)
    form = CompareForm()
    choices = [(str(v.number), f"Version {v.number}") for v in versions]
    set_choices(form, "first", choices)
    set_choices(form, "second", choices)
    if len(versions) >= 2:
        form.initial = {
            "first": str(versions[-2].number),
            "second": str(versions[-1].number),
        }
    return render(
        request,
        "ehc/amend/amendments.html",
        {
            "title": f"Plan versions and amendments: {case.child.full_name}",
            "case": case,
            "tab": "plan",
            "plan": plan,
            "versions": versions,
            "compare_form": form,
            "proposed": case_selectors.amendment_open(case),
            "deadlines": _deadline_rows(case),
            "ceased": amendment_selectors.ceased_info(case),
            "can_amend": amendment_selectors.can_amend(case, plan),
            "can_edit": request_user(request).has_perm("ehc.change_case", case),
        },
    )


@require_http_methods(["GET"])
def plan_compare(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk)
    plan = plan_selectors.plan_for(case, request_user(request))
    versions = {str(v.number): v for v in amendment_selectors.versions(plan)}
    form = CompareForm(request.GET or None)
    choices = [(number, f"Version {number}") for number in versions]
    set_choices(form, "first", choices)
    set_choices(form, "second", choices)
    sections = None
    first = second = None
    if form.is_bound and form.is_valid():
        first = versions[form.cleaned_data["first"]]
        second = versions[form.cleaned_data["second"]]
        sections = amendment_compare.compare(first, second)
        audit_case_view(
            request, case, f"Compared versions {first.number} and {second.number} of the plan"
        )
    return render_form(
        request,
        "ehc/amend/compare.html",
        {
            "title": f"Compare plan versions: {case.child.full_name}",
            "case": case,
            "tab": "plan",
            "form": form,
            "first": first,
            "second": second,
            "sections": sections,
            "any_changes": bool(sections and any(s.changes for s in sections)),
        },
        form,
    )


@require_http_methods(["GET", "POST"])
def amendment_propose(request: HttpRequest, pk: UUID) -> HttpResponse:
    case, plan = _changeable(request, pk)
    if (
        not amendment_selectors.can_amend(case, plan)
        or case_selectors.amendment_open(case) is not None
    ):
        messages.info(request, "Amendments cannot be proposed on this plan now")
        return redirect(_page_url(case))
    form = ProposeForm(posted(request), posted_files(request))
    user = request_user(request)
    return _step(
        request,
        case,
        form,
        save=lambda data: amendment_services.amendment_propose(
            actor=user,
            case=case,
            proposed_on=data["proposed_on"],
            reasons=data["reasons"],
            changes=data["changes"],
            evidence=data.get("evidence"),
            request=request,
        ),
        date_field="proposed_on",
        template="ehc/amend/propose_form.html",
        title="Propose amendments to the plan",
        success="Amendments proposed. You can now edit the plan's sections on the plan page",
    )


def _proposed(case: Case) -> dict[str, Any]:
    return {"proposed": case_selectors.amendment_open(case), "deadlines": _deadline_rows(case)}


def _open_or_redirect(request: HttpRequest, case: Case, plan: Plan) -> HttpResponse | None:
    if not amendment_selectors.can_amend(case, plan) or case_selectors.amendment_open(case) is None:
        messages.info(request, "There is no amendment proposed on this plan")
        return redirect(_page_url(case))
    return None


@require_http_methods(["GET", "POST"])
def amendment_issue(request: HttpRequest, pk: UUID) -> HttpResponse:
    case, plan = _changeable(request, pk)
    if (back := _open_or_redirect(request, case, plan)) is not None:
        return back
    form = IssueForm(posted(request))
    user = request_user(request)
    return _step(
        request,
        case,
        form,
        save=lambda data: amendment_services.amendment_issue(
            actor=user,
            case=case,
            issued_on=data["issued_on"],
            early_confirmed=bool(data.get("early_confirmed")),
            request=request,
        ),
        date_field="issued_on",
        template="ehc/amend/issue_form.html",
        title="Issue the amended plan",
        success=lambda version: f"Amended plan issued as version {version.number}",
        more=lambda: _proposed(case),
    )


@require_http_methods(["GET", "POST"])
def amendment_decline(request: HttpRequest, pk: UUID) -> HttpResponse:
    case, plan = _changeable(request, pk)
    if (back := _open_or_redirect(request, case, plan)) is not None:
        return back
    form = DeclineForm(posted(request))
    user = request_user(request)
    return _step(
        request,
        case,
        form,
        save=lambda data: amendment_services.amendment_decline(
            actor=user,
            case=case,
            decided_on=data["decided_on"],
            reasons=data["reasons"],
            request=request,
        ),
        date_field="decided_on",
        template="ehc/amend/decline_form.html",
        title="Decide not to amend the plan",
        success="Decision not to amend recorded",
        more=lambda: _proposed(case),
    )


@require_http_methods(["GET", "POST"])
def cease(request: HttpRequest, pk: UUID) -> HttpResponse:
    case, plan = _changeable(request, pk)
    if not amendment_selectors.can_amend(case, plan):
        messages.info(request, "Only a plan in force that has not been ceased can be ceased")
        return redirect(_page_url(case))
    turned_25 = amendment_selectors.turning_25(case)
    reached = turned_25 is not None and turned_25 <= timezone.localdate()
    form = CeaseForm(
        posted(request),
        initial={"reason": amendment_selectors.REACHED_MAXIMUM_AGE} if reached else None,
    )
    user = request_user(request)
    return _step(
        request,
        case,
        form,
        save=lambda data: amendment_services.cease_plan(
            actor=user,
            case=case,
            decided_on=data["decided_on"],
            reason=data["reason"],
            consultation=data["consultation"],
            notice_sent_on=data["notice_sent_on"],
            request=request,
        ),
        date_field="decided_on",
        template="ehc/amend/cease_form.html",
        title="Cease the plan",
        success="Decision to cease the plan recorded",
    )
