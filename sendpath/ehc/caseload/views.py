"""Bringing in the caseload: the SEN2 import page (administrators and SEND team managers) and
recording a child's existing plan by hand (from the child's record)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user, require
from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction
from sendpath.core.steps import form_step, render_form
from sendpath.core.views import posted, posted_files
from sendpath.ehc import tasks
from sendpath.ehc.cases.selectors import open_case_for
from sendpath.ehc.models import Case, RunStatus
from sendpath.ehc.presenters import report_rows
from sendpath.people.access import get_child

from . import selectors, services
from .forms import IMPORT, ExistingPlanForm, Sen2UploadForm

PERM = "ehc.import_caseload"
REFRESH_SECONDS = 3


@require_http_methods(["GET", "POST"])
def sen2_upload(request: HttpRequest) -> HttpResponse:
    require(request, PERM, what="importing an SEN2 return")
    user = request_user(request)
    form = Sen2UploadForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        try:
            run = tasks.queue_caseload_import(
                actor=user,
                upload=form.cleaned_data["file"],
                dry_run=form.cleaned_data["mode"] != IMPORT,
                request=request,
            )
        except ValidationError as error:
            form.add_error("file", error.messages[0])
        else:
            return redirect(run.get_absolute_url())
    return render_form(
        request,
        "ehc/caseload/upload.html",
        {
            "title": "Import the caseload from an SEN2 return",
            "form": form,
            "runs": list(selectors.caseload_imports()[:10]),
        },
        form,
    )


@require_http_methods(["GET"])
def sen2_run(request: HttpRequest, pk: UUID) -> HttpResponse:
    require(request, PERM, what="an SEN2 import")
    run = selectors.caseload_import(pk=pk)
    if run is None:
        raise Http404
    in_progress = run.status in (RunStatus.QUEUED, RunStatus.RUNNING)
    if run.status == RunStatus.FINISHED:
        audit_record(
            request=request,
            action=AuditAction.VIEWED,
            obj=run,
            summary=f"Viewed the report of the SEN2 import of {run.original_name}",
        )
    report = run.report or {}
    return render(
        request,
        "ehc/caseload/run.html",
        {
            "title": ("Dry run of " if run.dry_run else "Import of ") + run.original_name,
            "run": run,
            "in_progress": in_progress,
            "refresh": REFRESH_SECONDS if in_progress else None,
            "rows": report_rows(report) if report else [],
            "warnings": report.get("warnings", []),
        },
    )


@require_http_methods(["GET", "POST"])
def existing_plan(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = get_child(request, pk)
    require(request, "people.change_child", child)
    require(request, "ehc.view_worklist", what="recording an existing plan")
    user = request_user(request)
    settings = selectors.settings_for(child)
    form = ExistingPlanForm(posted(request), settings=settings)
    existing = open_case_for(child)
    if request.method == "GET":
        audit_record(
            request=request,
            action=AuditAction.VIEWED,
            obj=child,
            child_id=child.pk,
            summary=f"Opened the form to record an existing plan for {child.full_name}",
        )

    def save(data: dict[str, Any]) -> Case:
        placement = selectors.organisation(pk=data["placement"]) if data["placement"] else None
        return services.existing_plan_record(
            actor=user,
            child=child,
            issued_on=data["issued_on"],
            last_review=data.get("last_review"),
            placement=placement,
            primary_need=data["primary_need"],
            secondary_need=data.get("secondary_need") or "",
            description=data.get("description", ""),
            old_reference=data.get("old_reference", ""),
            request=request,
        )

    return form_step(
        request,
        form,
        save=save,
        template="ehc/caseload/existing_plan.html",
        context={"title": "Record an existing EHC plan", "child": child, "existing": existing},
        success=lambda case: (
            f"The plan was recorded as case {case.reference}: its next annual "
            "review is on the reviews list"
        ),
        next=lambda case: case,
    )
