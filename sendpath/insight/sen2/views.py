"""The SEN2 return page for the SEND team (managers and administrators: a return names every
child): choose the year, build it in the background with its progress, then its problems
(paginated, each linked to the record where it is fixed) and the download (audited)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user, require
from sendpath.core.audit import audit_many, audit_record
from sendpath.core.models import AuditAction
from sendpath.core.steps import render_form
from sendpath.core.views import pagination, posted
from sendpath.insight.models import Sen2Problem, Sen2Run, Sen2RunStatus, Severity

from . import rules, selectors, services, tasks
from .build import census_day
from .export import Officers
from .forms import Sen2BuildForm

PERM = rules.SEN2_RETURN
SEVERITIES = {"E": "Errors", "Q": "Queries", "W": "Warnings"}


def _default_year() -> int:
    today = timezone.localdate()
    return today.year if today <= census_day(today.year) else today.year + 1


@require_http_methods(["GET", "POST"])
def sen2_index(request: HttpRequest) -> HttpResponse:
    require(request, PERM, what="the SEN2 return")
    user = request_user(request)
    authority = user.authority
    last = selectors.last_run(authority)
    initial: dict[str, Any] = {"year": str(_default_year())}
    if last is not None:
        initial |= {"dmo": last.dmo, "dco": last.dco, "dsco": last.dsco}
    form = Sen2BuildForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        if authority is None:
            form.add_error(None, "Your account is not linked to an authority")
        else:
            data = form.cleaned_data
            run = services.queue_build(
                actor=user,
                authority=authority,
                year=int(data["year"]),
                officers=Officers(data["dmo"], data["dco"], data["dsco"]),
                request=request,
                enqueue=lambda pk: tasks.build_sen2_return.enqueue(pk),
            )
            return redirect(run.get_absolute_url())
    return render_form(
        request,
        "insight/sen2/index.html",
        {
            "title": "The SEN2 return",
            "form": form,
            "runs": list(selectors.runs(authority)[:20]),
            "lea": authority.la_code if authority is not None else "",
            "home_la_code": settings.HOME_LA_CODE,
        },
        form,
    )


# Problems fixed on the child's own record (identity, and the type of need, which the child's
# record holds): every other problem is fixed on the case.
CHILD_RULES = ("SP-1.", "SP-X", "SP-5.8")


def _link(problem: Sen2Problem) -> str:
    on_child = problem.rule.startswith(CHILD_RULES) or "/Requests[" not in problem.element
    if problem.case_id is not None and not on_child:
        return reverse("ehc:case", args=[problem.case_id])
    if problem.child_id is not None:
        return reverse("people:child", args=[problem.child_id])
    return ""


def _run_or_404(request: HttpRequest, pk: UUID) -> Sen2Run:
    require(request, PERM, what="the SEN2 return")
    found = selectors.run(request_user(request).authority, pk)
    if found is None:
        raise Http404
    return found


@require_http_methods(["GET"])
def sen2_run(request: HttpRequest, pk: UUID) -> HttpResponse:
    run = _run_or_404(request, pk)
    in_progress = run.status in (Sen2RunStatus.QUEUED, Sen2RunStatus.RUNNING)
    severity = request.GET.get("severity", "")
    if severity not in SEVERITIES:
        severity = ""
    page = None
    rows: list[dict[str, Any]] = []
    if run.status == Sen2RunStatus.FINISHED:
        found = selectors.problems(run, severity)
        page = Paginator(found, settings.PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [{"problem": p, "link": _link(p)} for p in page.object_list]
        audit_record(
            request=request,
            action=AuditAction.VIEWED,
            obj=run,
            summary=f"Viewed the problems of the SEN2 return {run.year}",
        )
        audit_many(
            request=request,
            action=AuditAction.SEARCHED if severity else AuditAction.VIEWED,
            child_ids=[p.child_id for p in page.object_list if p.child_id],
            summary=f"Listed on the problems of the SEN2 return {run.year}",
        )
    return render(
        request,
        "insight/sen2/run.html",
        {
            "title": f"SEN2 return {run.year}",
            "run": run,
            "in_progress": in_progress,
            "page": page,
            "rows": rows,
            "pagination": pagination(request, page, label="Problems") if page else None,
            "severity": severity,
            "severities": SEVERITIES,
            "severity_labels": dict(Severity.choices),
        },
    )


@require_http_methods(["GET"])
def sen2_download(request: HttpRequest, pk: UUID) -> FileResponse:
    run = _run_or_404(request, pk)
    if run.status != Sen2RunStatus.FINISHED or not run.file:
        raise Http404
    services.downloaded(request=request, run=run)
    return FileResponse(
        run.file.open("rb"),
        as_attachment=True,
        filename=run.file_name,
        content_type="application/xml",
    )
