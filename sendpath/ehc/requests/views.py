"""Caseworkers' pages: worklist, panel, request, panel decisions, exceptions, corrections,
assigning and closing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user, require
from sendpath.core.audit import audit_many
from sendpath.core.forms import set_choices
from sendpath.core.models import AuditAction
from sendpath.core.steps import form_step
from sendpath.core.views import filter_status, pagination, posted, posted_files, valid_filters
from sendpath.ehc.cases import selectors as case_selectors
from sendpath.ehc.cases import services
from sendpath.ehc.cases.stages import Step, step_allowed
from sendpath.ehc.cases.views import get_case
from sendpath.ehc.models import Case, Stage
from sendpath.ehc.presenters import (
    deadline_label,
    event_label,
    names_for,
    names_for_cases,
)
from sendpath.ehc.requests import selectors
from sendpath.ehc.requests import services as request_services
from sendpath.ehc.requests.forms import (
    AssignForm,
    CloseForm,
    CorrectionForm,
    DecisionForm,
    ExceptionForm,
    RequestForm,
    WorklistFilterForm,
)
from sendpath.people import selectors as people_selectors
from sendpath.people.access import get_child
from sendpath.timescales import RULES, rule_for


@require_http_methods(["GET"])
def worklist(request: HttpRequest) -> HttpResponse:
    require(request, "ehc.view_worklist")
    user = request_user(request)
    team = user.has_perm("ehc.view_team")
    today = timezone.localdate()
    caseworkers = list(selectors.team_caseworkers(user))
    form = WorklistFilterForm(request.GET or None)
    set_choices(form, "stage", [("", "All stages"), *[(s.value, s.label) for s in Stage]])
    set_choices(
        form,
        "deadline",
        [
            ("", "Any deadline"),
            *[
                (r.family, deadline_label(r.family))
                for r in RULES
                if r.family in _WORKLIST_FAMILIES
            ],
        ],
    )
    schools = people_selectors.education_settings_in(authority=user.authority)
    set_choices(
        form,
        "school",
        [
            ("", "All settings"),
            *[(str(pk), name) for pk, name in schools.values_list("pk", "name")],
        ],
    )
    mine = "me" if not team else ""
    set_choices(
        form,
        "caseworker",
        [
            ("", "Everyone in the team" if team else "My cases"),
            *[(str(u.pk), u.display_name()) for u in caseworkers],
        ],
    )
    data = valid_filters(form)
    caseworker_id: int | None = None
    if data.get("caseworker"):
        caseworker_id = int(data["caseworker"])
    elif mine == "me":
        caseworker_id = user.pk
    filters = selectors.WorklistFilters(
        caseworker_id=caseworker_id,
        stage=data.get("stage", ""),
        family=data.get("deadline", ""),
        school_id=data.get("school", ""),
        overdue=bool(data.get("overdue")),
        query=data.get("q", ""),
    )
    cases = selectors.worklist(user=user, filters=filters, today=today)
    counts = selectors.worklist_counts(cases, today)
    paginator = Paginator(cases, settings.PAGE_SIZE)
    paginator.count = counts["open"]  # already counted: spare the database a second count
    page = paginator.get_page(request.GET.get("page"))
    audit_many(
        request=request,
        action=AuditAction.SEARCHED,
        child_ids=[c.child_id for c in page.object_list],
        summary="Shown on the worklist",
    )
    names = names_for_cases(c.pk for c in page.object_list if c.next_key and ":" in c.next_key)
    rows = [
        {
            "case": c,
            "label": deadline_label(c.next_key, names.get(c.pk))
            if c.next_key
            else "No deadline pending",
            "source": rule_for(c.next_key).source if c.next_key else "",
            "overdue": c.next_due is not None and c.next_due < today,
            "days": (c.next_due - today).days if c.next_due else None,
        }
        for c in page.object_list
    ]
    return render(
        request,
        "ehc/worklist.html",
        {
            "title": "Team worklist" if team and not caseworker_id else "My worklist",
            "form": form,
            "page": page,
            "rows": rows,
            "counts": counts,
            "pagination": pagination(request, page),
            "team": team,
            "today": today,
        },
        status=filter_status(form),
    )


_WORKLIST_FAMILIES = {
    "decide_whether_to_assess",
    "advice",
    "draft_plan_target",
    "setting_response",
    "decide_whether_to_issue_plan",
    "issue_final_plan",
}


PANEL_PAGES = {"assess": "Requests: pages", "issue": "Assessments: pages"}


@require_http_methods(["GET"])
def panel(request: HttpRequest) -> HttpResponse:
    require(request, "ehc.view_panel")
    lists = selectors.panel(user=request_user(request))
    pages = {
        kind: Paginator(lists[key], settings.PAGE_SIZE).get_page(request.GET.get(f"{kind}_page"))
        for kind, key in (("assess", "to_assess"), ("issue", "to_issue"))
    }
    to_assess, to_issue = list(pages["assess"].object_list), list(pages["issue"].object_list)
    audit_many(
        request=request,
        action=AuditAction.SEARCHED,
        child_ids=[c.child_id for c in [*to_assess, *to_issue]],
        summary="Shown on the panel list",
    )
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    return render(
        request,
        "ehc/panel.html",
        {
            "title": f"Panel for the week of {monday.day} {monday:%B %Y}",
            "to_assess": to_assess,
            "to_issue": to_issue,
            "pages": pages,
            "paginations": {
                kind: pagination(request, page, f"{kind}_page", PANEL_PAGES[kind])
                for kind, page in pages.items()
            },
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = get_child(request, pk)
    require(request, "people.change_child", child)
    require(request, "ehc.view_worklist")
    found: dict[str, Any] = {"existing": case_selectors.open_case_for(child)}
    form = RequestForm(posted(request), posted_files(request), date_of_birth=child.date_of_birth)
    user = request_user(request)

    def open_case(data: dict[str, Any]) -> Case:
        details: dict[str, Any] = {
            "source_label": dict(form.fields["source"].choices).get(data["source"], ""),  # type: ignore[attr-defined]
            "requester": data.get("requester_name", ""),
            "summary": data.get("summary", ""),
        }
        if data["source"] == "school":
            details["family_agreed_on"] = data["family_agreed_on"].isoformat()
        try:
            return request_services.request_record(
                actor=user,
                child=child,
                source=data["source"],
                received_on=data["received_on"],
                details=details,
                evidence=data.get("evidence") or None,
                request=request,
            )
        except ValidationError as error:
            found["existing"] = getattr(error, "existing", found["existing"])
            raise

    return form_step(
        request,
        form,
        save=open_case,
        template="ehc/request_form.html",
        context=lambda: {
            "title": "Record a request for an EHC needs assessment",
            "child": child,
            "existing": found["existing"],
        },
        success=lambda case: (
            f"Request recorded: case {case.reference}. A decision whether to assess is due by {case.next_due:%-d %B %Y}"
        ),
        next=lambda case: case,
    )


@dataclass(frozen=True)
class DecisionSpec:
    type: str
    title: str
    choices: list[tuple[str, str]]
    step: Step


DECISIONS: dict[str, DecisionSpec] = {
    "assess": DecisionSpec(
        type="decision_to_assess",
        title="Decide whether to carry out an EHC needs assessment",
        choices=[("yes", "Yes, carry out an assessment"), ("no", "No, do not assess")],
        step=Step.DECIDE_TO_ASSESS,
    ),
    "issue": DecisionSpec(
        type="assessment_outcome",
        title="Decide whether to issue an EHC plan",
        choices=[("plan", "Yes, issue a plan"), ("no_plan", "No, do not issue a plan")],
        step=Step.DECIDE_TO_ISSUE,
    ),
}


@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, pk: UUID, kind: str) -> HttpResponse:
    if kind not in DECISIONS:
        raise Http404
    spec = DECISIONS[kind]
    case = get_case(request, pk, "ehc.change_case")
    form = DecisionForm(posted(request), choices=spec.choices)
    if not step_allowed(case, spec.step):
        messages.info(
            request,
            "That decision has already been recorded for this case. To change it, correct it from the timeline",
        )
        return redirect(case)
    user = request_user(request)
    back = str(request.POST.get("next", ""))
    return form_step(
        request,
        form,
        save=lambda data: services.event_record(
            actor=user,
            case=case,
            type=spec.type,
            date=data["decided_on"],
            details={"outcome": data["outcome"], "reasons": data["reasons"]},
            request=request,
        ),
        rename={"date": "decided_on"},
        template="ehc/decision_form.html",
        context={"title": spec.title, "case": case, "tab": "overview"},
        success="Decision recorded",
        next=back if back.startswith("/panel/") else case.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def exception_record(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk, "ehc.change_case")
    names = names_for(case)
    choices = [
        (d.key, deadline_label(d.key, names))
        for d in case.deadlines.filter(family__in=list(request_services.EXCUSABLE_DEADLINES))
    ]
    form = ExceptionForm(posted(request), posted_files(request), deadlines=choices)
    user = request_user(request)
    return form_step(
        request,
        form,
        save=lambda data: request_services.exception_record(
            actor=user,
            case=case,
            applies_to=data["applies_to"],
            applies_to_label=dict(choices).get(data["applies_to"], ""),
            reason=data["reason"],
            note=data["details"],
            evidence=data.get("evidence") or None,
            request=request,
        ),
        template="ehc/exception_form.html",
        context={"title": "Record an exception", "case": case, "tab": "overview"},
        success="Exception recorded. The deadline keeps its date; the exception is shown beside it",
        next=case,
    )


@require_http_methods(["GET", "POST"])
def event_correct(request: HttpRequest, pk: UUID, event_pk: int) -> HttpResponse:
    case = get_case(request, pk, "ehc.change_case")
    event = get_object_or_404(case_selectors.case_events_for(case=case), pk=event_pk)
    if hasattr(event, "superseded_by"):
        messages.info(request, "That step has already been corrected")
        return redirect(case)
    form = CorrectionForm(posted(request), initial={"date": event.date})
    user = request_user(request)
    return form_step(
        request,
        form,
        save=lambda data: services.event_record(
            actor=user,
            case=case,
            type=event.type,
            date=data["date"],
            details=event.details,
            note=f"Correction: {data['reason']}",
            supersedes=event,
            request=request,
        ),
        template="ehc/correction_form.html",
        context={
            "title": f"Correct: {event_label(event)}",
            "case": case,
            "event": event,
            "tab": "overview",
        },
        success="Correction recorded. The original step is kept on the timeline",
        next=case,
    )


@require_http_methods(["GET", "POST"])
def case_assign(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk, "ehc.assign_case")
    user = request_user(request)
    caseworkers = {str(u.pk): u for u in selectors.team_caseworkers(user)}
    form = AssignForm(
        posted(request),
        caseworkers=[(k, u.display_name()) for k, u in caseworkers.items()],
        initial={"caseworker": str(case.caseworker_id or "")},
    )
    return form_step(
        request,
        form,
        save=lambda data: services.case_assign(
            actor=user, case=case, caseworker=caseworkers[data["caseworker"]], request=request
        ),
        template="ehc/assign_form.html",
        context={"title": "Reassign the case", "case": case, "tab": "overview"},
        success=lambda _: (
            f"Case {case.reference} is now with {caseworkers[form.cleaned_data['caseworker']].display_name()}"
        ),
        next=case,
    )


@require_http_methods(["GET", "POST"])
def case_close(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk, "ehc.change_case")
    if not case.is_open:
        messages.info(request, "This case is already closed")
        return redirect(case)
    form = CloseForm(posted(request))
    user = request_user(request)
    return form_step(
        request,
        form,
        save=lambda data: services.case_close(
            actor=user, case=case, reason=data["reason"], request=request
        ),
        template="ehc/close_form.html",
        context={"title": "Close the case", "case": case, "tab": "overview"},
        success=f"Case {case.reference} closed",
        next=case,
    )
