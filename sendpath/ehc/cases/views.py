"""Pieces every case page shares: getting a case in scope, auditing a view; the case page and the
timescales rules page."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from sendpath.core.access import get_in_scope_or_404, request_user, require
from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction
from sendpath.ehc.cases import selectors as case_selectors
from sendpath.ehc.models import Case
from sendpath.ehc.presenters import (
    deadline_label,
    deadline_views,
    event_label,
    event_summary,
    names_for,
)
from sendpath.timescales import RULES


def get_case(request: HttpRequest, pk: UUID, perm: str = "ehc.view_case") -> Case:
    """A case the user may see (404 otherwise, like a missing one), then the permission."""
    scoped = case_selectors.cases_for(request_user(request)).select_related(
        "child", "caseworker", "authority"
    )
    case = get_in_scope_or_404(request, scoped, pk, refused="case outside the user's access")
    require(request, perm, case)
    return case


def audit_case_view(request: HttpRequest, case: Case, summary: str) -> None:
    """Record that the user looked at part of a case (every read of a child's record)."""
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=case,
        child_id=case.child_id,
        summary=f"{summary} (case {case.reference})",
    )


@require_http_methods(["GET"])
def case_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk)
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=case,
        child_id=case.child_id,
        summary=f"Viewed case {case.reference}",
    )
    names = names_for(case)
    deadlines = deadline_views(case, names)
    events = case_selectors.timeline(case)
    return render(
        request,
        "ehc/case_detail.html",
        {
            "title": f"{case.child.full_name}: {case.reference}",
            "case": case,
            "tab": "overview",
            "deadlines": [d for d in deadlines if not d.deadline.family_limit],
            "family_limits": [d for d in deadlines if d.deadline.family_limit],
            "events": [
                {"event": e, "label": event_label(e), "summary": event_summary(e)} for e in events
            ],
            "can_edit": request_user(request).has_perm("ehc.change_case", case),
            "can_assign": request_user(request).has_perm("ehc.assign_case", case),
        },
    )


@require_http_methods(["GET"])
def rules_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "ehc/rules.html",
        {
            "title": "Statutory timescales: every rule and its source",
            "rules": [{"rule": r, "label": deadline_label(r.family)} for r in RULES],
        },
    )


def audit_viewed(request: HttpRequest, case: Case, what: str) -> None:
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=case,
        child_id=case.child_id,
        summary=f"Viewed {what} of case {case.reference}",
    )
