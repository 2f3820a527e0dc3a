"""Pages for the plan in force: versions and their comparison, amendments and ceasing."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user
from sendpath.core.forms import set_choices
from sendpath.core.steps import apply_errors
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


def _render(
    request: HttpRequest, template: str, case: Case, form: Any, **context: Any
) -> HttpResponse:
    return render(
        request,
        template,
        {"case": case, "tab": "plan", "form": form, **context},
        status=400 if form is not None and form.errors else 200,
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
    return render(
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
        status=400 if form.errors else 200,
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            amendment_services.amendment_propose(
                actor=request_user(request),
                case=case,
                proposed_on=data["proposed_on"],
                reasons=data["reasons"],
                changes=data["changes"],
                evidence=data.get("evidence"),
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error, rename={"date": "proposed_on"})
        else:
            messages.success(
                request,
                "Amendments proposed. You can now edit the plan's sections on the plan page",
            )
            return redirect(_page_url(case))
    return _render(
        request,
        "ehc/amend/propose_form.html",
        case,
        form,
        title="Propose amendments to the plan",
    )


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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = amendment_services.amendment_issue(
                actor=request_user(request),
                case=case,
                issued_on=data["issued_on"],
                early_confirmed=bool(data.get("early_confirmed")),
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error, rename={"date": "issued_on"})
        else:
            messages.success(request, f"Amended plan issued as version {version.number}")
            return redirect(_page_url(case))
    return _render(
        request,
        "ehc/amend/issue_form.html",
        case,
        form,
        title="Issue the amended plan",
        proposed=case_selectors.amendment_open(case),
        deadlines=_deadline_rows(case),
    )


@require_http_methods(["GET", "POST"])
def amendment_decline(request: HttpRequest, pk: UUID) -> HttpResponse:
    case, plan = _changeable(request, pk)
    if (back := _open_or_redirect(request, case, plan)) is not None:
        return back
    form = DeclineForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            amendment_services.amendment_decline(
                actor=request_user(request),
                case=case,
                decided_on=data["decided_on"],
                reasons=data["reasons"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error, rename={"date": "decided_on"})
        else:
            messages.success(request, "Decision not to amend recorded")
            return redirect(_page_url(case))
    return _render(
        request,
        "ehc/amend/decline_form.html",
        case,
        form,
        title="Decide not to amend the plan",
        proposed=case_selectors.amendment_open(case),
        deadlines=_deadline_rows(case),
    )


@require_http_methods(["GET", "POST"])
def cease(request: HttpRequest, pk: UUID) -> HttpResponse:
    case, plan = _changeable(request, pk)
    if not amendment_selectors.can_amend(case, plan):
        messages.info(request, "Only a plan in force that has not been ceased can be ceased")
        return redirect(_page_url(case))
    form = CeaseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            amendment_services.cease_plan(
                actor=request_user(request),
                case=case,
                decided_on=data["decided_on"],
                reason=data["reason"],
                consultation=data["consultation"],
                notice_sent_on=data["notice_sent_on"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error, rename={"date": "decided_on"})
        else:
            messages.success(request, "Decision to cease the plan recorded")
            return redirect(_page_url(case))
    return _render(request, "ehc/amend/cease_form.html", case, form, title="Cease the plan")
