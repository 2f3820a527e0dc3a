"""A foster or kinship carer's read-only view of a cared-for child's plan (issue 13).

The authority decides who may read it (``people.view_plan_as_carer``, ticked on the carer's
details); the carer sees the child's name and the final plan, nothing else of the record or the
case: no family details, no timeline.
"""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from sendpath.core.access import get_in_scope_or_404, request_user, require
from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction
from sendpath.ehc.plans import selectors as plan_selectors
from sendpath.ehc.plans.views.base import plan_context
from sendpath.people.family import selectors as family_selectors


@require_http_methods(["GET"])
def carer_plan(request: HttpRequest, pk: UUID) -> HttpResponse:
    user = request_user(request)
    child = get_in_scope_or_404(
        request,
        family_selectors.carer_plan_children(user=user),
        pk,
        refused="a plan outside the carer's access",
        child_id=pk,
    )
    require(request, "people.view_plan_as_carer", child)
    plan = plan_selectors.final_plan_for_child(child)
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=plan or child,
        child_id=child.pk,
        summary="Viewed the plan as a carer with read access"
        if plan
        else "Looked for the plan as a carer: no final plan yet",
    )
    context = {"title": f"Education, health and care plan: {child.full_name}", "child": child}
    if plan is not None:
        case = plan.case
        context.update({"case": case, "authority": case.authority, "placement": plan.placement})
        context.update(plan_context(case, plan))
    return render(request, "ehc/plan/carer.html", context)
