"""A cared-for child's joint working summary, with their Personal Education Plans."""

from __future__ import annotations

from uuid import UUID

from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from sendpath.core.access import get_in_scope_or_404
from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction
from sendpath.core.steps import form_step
from sendpath.core.views import posted, posted_files

from . import selectors, services
from .forms import PepForm
from .views import _cared_for_child, _render, _staff


@require_http_methods(["GET"])
def child_summary(request: HttpRequest, pk: UUID) -> HttpResponse:
    user = _staff(request)
    child = _cared_for_child(request, pk)
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=child,
        child_id=child.pk,
        summary="Viewed the joint working summary",
    )
    context = selectors.child_summary(child)
    context.update(
        {
            "title": f"Joint working: {child.full_name}",
            "child": child,
            "escalations": selectors.escalations_for(user).filter(child=child),
        }
    )
    return _render(request, "child_summary.html", context)


@require_http_methods(["GET", "POST"])
def pep_upload(request: HttpRequest, pk: UUID) -> HttpResponse:
    user = _staff(request)
    child = _cared_for_child(request, pk)
    return form_step(
        request,
        PepForm(posted(request), posted_files(request)),
        save=lambda data: services.pep_upload(
            actor=user,
            child=child,
            upload=data["file"],
            pep_date=data["pep_date"],
            request=request,
        ),
        template="jointworking/form.html",
        context={
            "title": f"Upload a Personal Education Plan for {child.full_name}",
            "submit": "Upload PEP",
            "child": child,
            "multipart": True,
        },
        success="Personal Education Plan uploaded",
        next=reverse("jointworking:child", args=[child.pk]),
    )


@require_http_methods(["GET"])
def pep_download(request: HttpRequest, pk: UUID, pep_pk: UUID) -> FileResponse:
    _staff(request)
    child = _cared_for_child(request, pk)
    pep = get_in_scope_or_404(
        request,
        selectors.peps_for(child),
        pep_pk,
        refused="Personal Education Plan outside the user's access",
        child_id=child.pk,
    )
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=pep,
        child_id=child.pk,
        summary=f"Downloaded the Personal Education Plan of {pep.pep_date:%-d %B %Y}",
    )
    return FileResponse(
        pep.stored_file.open("rb"),
        as_attachment=True,
        filename=pep.file_name,
        content_type=pep.file_type,
    )
