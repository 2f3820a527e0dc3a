"""Plans in force: the reviews worklist, a case's review page and its steps, phase transfers.

The SEND team sees every plan of its authority; a SENCO sees (and hosts) the reviews of their
own pupils' plans, through the same case selectors. Only the SEND team records the decision.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user, require
from sendpath.core.audit import audit_many, audit_record
from sendpath.core.concurrency import VersionedForm
from sendpath.core.forms import set_choices
from sendpath.core.models import AuditAction
from sendpath.core.steps import form_step
from sendpath.core.views import filter_status, pagination, posted, valid_filters
from sendpath.ehc.cases.stages import Step, step_allowed
from sendpath.ehc.cases.views import get_case
from sendpath.ehc.models import Case
from sendpath.ehc.presenters import deadline_views, event_label, event_summary
from sendpath.ehc.reviews import invitations
from sendpath.ehc.reviews import selectors as review_selectors
from sendpath.ehc.reviews import services as review_services
from sendpath.ehc.reviews.forms import (
    HeldForm,
    InvitationsForm,
    ReportForm,
    ReviewDecisionForm,
    ReviewFilterForm,
    ScheduleForm,
    TransferFilterForm,
    TransferForm,
)
from sendpath.people import selectors as people_selectors
from sendpath.people.models import Role

REVIEW_DEADLINES = (
    "annual_review",
    "early_years_review",
    "review_invitations",
    "review_report",
    "review_decision",
    "phase_transfer_review",
)


def _scope_title(request: HttpRequest, title: str) -> str:
    user = request_user(request)
    if user.role == Role.SENCO and user.organisation is not None:
        return f"{title}: {user.organisation.name}"
    return title


# ---------------------------------------------------------------------------------------------
# Lists


@require_http_methods(["GET"])
def review_list(request: HttpRequest) -> HttpResponse:
    require(request, "ehc.view_reviews")
    user = request_user(request)
    today = timezone.localdate()
    form = ReviewFilterForm(request.GET or None)
    team = user.role != Role.SENCO
    schools = people_selectors.education_settings_in(authority=user.authority)
    set_choices(
        form,
        "school",
        [("", "All settings"), *[(str(pk), n) for pk, n in schools.values_list("pk", "name")]]
        if team
        else [("", "All settings")],
    )
    data = valid_filters(form)
    base = review_selectors.review_worklist(
        user=user, school_id=data.get("school", ""), today=today
    )
    counts = review_selectors.review_counts(base, today)
    group = data.get("show", "")
    cases = review_selectors.review_worklist(
        user=user, group=group, school_id=data.get("school", ""), today=today
    )
    paginator = Paginator(cases, settings.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    audit_many(
        request=request,
        action=AuditAction.SEARCHED,
        child_ids=[c.child_id for c in page.object_list],
        summary="Shown on the reviews worklist",
    )
    rows = [
        {
            "case": c,
            "due": c.review_due,
            "pending": c.review_pending,
            "days": (c.review_due - today).days if c.review_due else None,
        }
        for c in page.object_list
    ]
    return render(
        request,
        "ehc/reviews/worklist.html",
        {
            "title": _scope_title(request, "Reviews of plans in force"),
            "form": form,
            "groups": review_selectors.GROUPS,
            "group": group,
            "counts": counts,
            "rows": rows,
            "page": page,
            "pagination": pagination(request, page),
            "team": team,
        },
        status=filter_status(form),
    )


@require_http_methods(["GET"])
def transfer_list(request: HttpRequest) -> HttpResponse:
    require(request, "ehc.view_reviews")
    user = request_user(request)
    today = timezone.localdate()
    default = review_selectors.transfer_year(today)
    form = TransferFilterForm(request.GET or None)
    years = [default - 1, default, default + 1]
    set_choices(form, "year", [(str(y), str(y)) for y in years])
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or default
    paginator = Paginator(review_selectors.transfer_cases(user=user, year=year), settings.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = review_selectors.transfer_rows(list(page.object_list))
    audit_many(
        request=request,
        action=AuditAction.SEARCHED,
        child_ids=[r.case.child_id for r in rows],
        summary="Shown on the phase transfers list",
    )
    return render(
        request,
        "ehc/reviews/transfers.html",
        {
            "title": _scope_title(request, f"Phase transfers in {year}"),
            "form": None,
            "year_form": form,
            "year": year,
            "years": years,
            "rows": rows,
            "page": page,
            "pagination": pagination(request, page),
            "today": today,
        },
    )


# ---------------------------------------------------------------------------------------------
# A case's review


@require_http_methods(["GET"])
def review_page(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk, "ehc.view_review")
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=case,
        child_id=case.child_id,
        summary=f"Viewed the reviews of case {case.reference}",
    )
    events = review_selectors.review_events(case)
    deadlines = [d for d in deadline_views(case) if d.deadline.key in REVIEW_DEADLINES]
    decision = next((e for e in reversed(events) if e.type == "review_decision_notified"), None)
    report = next((e for e in reversed(events) if e.type == "review_report_received"), None)
    invited, invitees = invitations.invitation_rows(case)
    return render(
        request,
        "ehc/reviews/review.html",
        {
            "title": f"Reviews: {case.child.full_name}",
            "case": case,
            "in_force": step_allowed(case, Step.REVIEW),
            "deadlines": deadlines,
            "events": [
                {"event": e, "label": event_label(e), "summary": event_summary(e)}
                for e in reversed(events)
            ],
            "report": report,
            "invited": invited,
            "invitees": invitees,
            "pfa": review_selectors.PFA_SECTIONS,
            "decision": decision,
            "outcomes": review_selectors.OUTCOMES,
            "can_host": request_user(request).has_perm("ehc.host_review", case),
            "can_decide": request_user(request).has_perm("ehc.decide_review", case),
        },
    )


def _step(
    request: HttpRequest,
    pk: UUID,
    *,
    title: str,
    form_class: Callable[..., forms.Form],
    form_kwargs: Callable[[Case], dict[str, Any]] | None = None,
    save: Callable[[Case, dict[str, Any]], Any],
    rename: dict[str, str],
    button: str,
    done: str,
    perm: str = "ehc.host_review",
) -> HttpResponse:
    case = get_case(request, pk, perm)
    back = reverse("ehc:review", args=[case.pk])
    if not step_allowed(case, Step.REVIEW):
        messages.info(request, "Reviews can only be recorded on a plan in force")
        return redirect(back)
    form = form_class(posted(request), **(form_kwargs(case) if form_kwargs else {}))
    if isinstance(form, VersionedForm):
        form.track(case, _timeline, version=review_selectors.timeline_version)
    return form_step(
        request,
        form,
        save=lambda data: save(case, data),
        rename=rename,
        template="ehc/reviews/step_form.html",
        context={"title": title, "case": case, "button": button, "back": back},
        success=done,
        next=back,
    )


def _timeline(case: Case) -> dict[str, Any]:
    """What a review step's page is based on: the last step recorded on the case."""
    return {"timeline": review_selectors.timeline_version(case)}


@require_http_methods(["GET", "POST"])
def review_schedule(request: HttpRequest, pk: UUID) -> HttpResponse:
    return _step(
        request,
        pk,
        title="Schedule a review meeting",
        form_class=ScheduleForm,
        save=lambda case, d: review_services.review_schedule(
            actor=request_user(request),
            case=case,
            meeting_on=d["meeting_on"],
            kind=d["kind"],
            reason=d.get("reason", ""),
            time=d.get("time", ""),
            place=d.get("place", ""),
            based_on=d.get("based_on", ""),
            request=request,
        ),
        rename={"date": "meeting_on"},
        button="Schedule the meeting",
        done="Review meeting scheduled",
    )


@require_http_methods(["GET", "POST"])
def review_invitations(request: HttpRequest, pk: UUID) -> HttpResponse:
    return _step(
        request,
        pk,
        title="Record the invitations sent",
        form_class=InvitationsForm,
        form_kwargs=lambda case: {"invitees": review_selectors.invitees_for(case)},
        save=lambda case, d: review_services.invitations_record(
            actor=request_user(request),
            case=case,
            sent_on=d["sent_on"],
            invitees=list(d["invitees"]),
            based_on=d.get("based_on", ""),
            request=request,
        ),
        rename={"date": "sent_on"},
        button="Record the invitations",
        done="Invitations recorded",
    )


@require_http_methods(["GET", "POST"])
def review_held(request: HttpRequest, pk: UUID) -> HttpResponse:
    return _step(
        request,
        pk,
        title="Record the review meeting held",
        form_class=HeldForm,
        save=lambda case, d: review_services.meeting_record(
            actor=request_user(request),
            case=case,
            held_on=d["held_on"],
            based_on=d.get("based_on", ""),
            request=request,
        ),
        rename={"date": "held_on"},
        button="Record the meeting",
        done="Review meeting recorded",
    )


@require_http_methods(["GET", "POST"])
def review_report(request: HttpRequest, pk: UUID) -> HttpResponse:
    return _step(
        request,
        pk,
        title="Record the review report",
        form_class=ReportForm,
        form_kwargs=lambda case: {"adulthood": review_selectors.needs_adulthood_sections(case)},
        save=lambda case, d: review_services.report_record(
            actor=request_user(request),
            case=case,
            received_on=d["received_on"],
            recommendations=d["recommendations"],
            disagreement=d.get("disagreement", ""),
            adulthood={k: d.get(k, "") for k in review_selectors.PFA_SECTIONS},
            based_on=d.get("based_on", ""),
            request=request,
        ),
        rename={"date": "received_on"},
        button="Record the report",
        done="Review report recorded",
    )


@require_http_methods(["GET", "POST"])
def review_decision(request: HttpRequest, pk: UUID) -> HttpResponse:
    return _step(
        request,
        pk,
        title="Record the authority's decision after the review",
        form_class=ReviewDecisionForm,
        save=lambda case, d: review_services.decision_record(
            actor=request_user(request),
            case=case,
            outcome=d["outcome"],
            reasons=d["reasons"],
            decided_on=d["decided_on"],
            based_on=d.get("based_on", ""),
            request=request,
        ),
        rename={"date": "decided_on"},
        button="Record the decision",
        done="Decision recorded. Tell the family about their rights, shown below",
        perm="ehc.decide_review",
    )


@require_http_methods(["GET", "POST"])
def phase_transfer(request: HttpRequest, pk: UUID) -> HttpResponse:
    return _step(
        request,
        pk,
        title="Record a phase transfer",
        form_class=TransferForm,
        save=lambda case, d: review_services.phase_transfer_record(
            actor=request_user(request),
            case=case,
            year=d["year"],
            kind=d["kind"],
            based_on=d.get("based_on", ""),
            request=request,
        ),
        rename={"date": "year"},
        button="Record the transfer",
        done="Phase transfer recorded",
    )
