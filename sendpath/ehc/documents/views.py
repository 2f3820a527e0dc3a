"""Caseworkers' pages for the documents on a case."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user
from sendpath.core.audit import audit_record
from sendpath.core.formatting import govuk_date
from sendpath.core.models import AuditAction
from sendpath.core.steps import form_step
from sendpath.core.views import posted, posted_files
from sendpath.ehc.cases import services
from sendpath.ehc.cases.views import audit_viewed, get_case
from sendpath.ehc.documents import selectors
from sendpath.ehc.documents import services as documents
from sendpath.ehc.documents.forms import DocumentUploadForm
from sendpath.ehc.models import Document
from sendpath.ehc.presenters import event_label


def file_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


@require_http_methods(["GET"])
def documents_page(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk)
    audit_viewed(request, case, "the documents")
    rows = [
        {
            "document": d,
            "size": file_size(d.size),
            "step": f"{event_label(d.event)}, {govuk_date(d.event.date, '')}".rstrip(", ")
            if d.event
            else "",
        }
        for d in selectors.case_documents(case)
    ]
    return render(
        request,
        "ehc/documents/index.html",
        {
            "title": f"Documents: {case.child.full_name}, {case.reference}",
            "case": case,
            "tab": "documents",
            "rows": rows,
            "can_edit": request_user(request).has_perm("ehc.change_case", case),
        },
    )


@require_http_methods(["GET", "POST"])
def document_upload(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk, "ehc.change_case")
    events = {str(e.pk): e for e in services.effective_events(case)}
    steps = [
        (key, f"{event_label(e)}, {govuk_date(e.date)}" if e.date else event_label(e))
        for key, e in events.items()
    ]
    form = DocumentUploadForm(
        posted(request),
        posted_files(request),
        steps=steps,
        initial={"event": request.GET.get("step", "")},
    )
    user = request_user(request)

    def attach(data: dict[str, Any]) -> Document:
        return documents.document_attach(
            actor=user,
            case=case,
            upload=data["file"],
            title=data["title"],
            event=events.get(data.get("event") or ""),
            request=request,
        )

    return form_step(
        request,
        form,
        save=attach,
        errors_on="file",
        template="ehc/documents/upload.html",
        context={"title": "Upload a document", "case": case, "tab": "documents"},
        success=lambda document: f"{document.title} uploaded",
        next=reverse("ehc:documents", args=[case.pk]),
    )


@require_http_methods(["GET"])
def document_download(request: HttpRequest, pk: UUID, document_pk: UUID) -> FileResponse:
    case = get_case(request, pk)
    document = get_object_or_404(selectors.case_documents(case), pk=document_pk)
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=document,
        child_id=case.child_id,
        summary=f"Downloaded {document.title} ({document.original_name}) from case {case.reference}",
    )
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
