"""Caseworkers' pages for advice, decision notices and documents on a case."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_http_methods

from sendpath.core.audit import audit_record
from sendpath.core.formatting import govuk_date
from sendpath.core.models import AuditAction
from sendpath.core.views import posted
from sendpath.people.views import _apply_errors, _user, require

from . import advice, documents, notices, services
from .forms_advice import (
    AdviceReceivedForm,
    AdviceRequestForm,
    DocumentUploadForm,
    ExistingAdviceForm,
    NoticeSentForm,
)
from .models import Case, Document
from .presenters import event_label
from .views import get_case


def _viewed(request: HttpRequest, case: Case, what: str) -> None:
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=case,
        child_id=case.child_id,
        summary=f"Viewed {what} of case {case.reference}",
    )


def _files(request: HttpRequest) -> MultiValueDict[str, UploadedFile] | None:
    return request.FILES if request.method == "POST" else None


def _advice_url(case: Case) -> str:
    return reverse("ehc:advice", args=[case.pk])


# ---------------------------------------------------------------------------------------------
# Advice


@require_http_methods(["GET"])
def advice_page(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk)
    _viewed(request, case, "the advice")
    today = timezone.localdate()
    events = services.effective_events(case)
    state = advice.advice_state(case, events)
    year = advice.curriculum_year(case.child.date_of_birth, today)
    return render(
        request,
        "ehc/advice/index.html",
        {
            "title": f"Advice: {case.child.full_name}, {case.reference}",
            "case": case,
            "tab": "advice",
            "state": state,
            "rows": advice.advice_rows(case, events, today),
            "can_edit": state.open and _user(request).has_perm("ehc.change_case", case),
            "pfa_applies": year >= advice.PFA_FROM_YEAR,
            "year_label": advice.year_label(year),
        },
    )


def _closed(request: HttpRequest, case: Case) -> HttpResponse | None:
    state = advice.advice_state(case)
    if state.open:
        return None
    messages.info(request, state.reason)
    return redirect(_advice_url(case))


def _source_choices(sources: list[advice.AdviceSource]) -> list[tuple[str, str]]:
    return [(s.id, f"{s.label}: {s.hint[:1].lower()}{s.hint[1:]}") for s in sources]


@require_http_methods(["GET", "POST"])
def advice_request(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk, "ehc.change_case")
    if (refused := _closed(request, case)) is not None:
        return refused
    form = AdviceRequestForm(
        posted(request),
        sources=_source_choices(advice.sources_for(case)),
        initial={"source": request.GET.get("source", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = advice.advice_request(
                actor=_user(request),
                case=case,
                source=data["source"],
                author=data["author"],
                organisation=data.get("organisation", ""),
                email=data.get("email", ""),
                requested_on=data["requested_on"],
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error, rename={"date": "requested_on"})
        else:
            due = case.deadlines.filter(key=f"advice:{event.details['id']}").first()
            messages.success(
                request,
                f"{event.details['source_label']} requested from {event.details['author']}"
                + (f". It is due by {govuk_date(due.due)}" if due else ""),
            )
            return redirect(_advice_url(case))
    return render(
        request,
        "ehc/advice/request_form.html",
        {"title": "Request advice", "form": form, "case": case, "tab": "advice"},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def advice_received(request: HttpRequest, pk: UUID, ident: str) -> HttpResponse:
    case = get_case(request, pk, "ehc.change_case")
    if (refused := _closed(request, case)) is not None:
        return refused
    asked = advice.request_for(case, ident)
    if asked is None:
        raise Http404
    if case.events.filter(type="advice_received", details__id=ident).exists():
        messages.info(
            request,
            "That advice has already been recorded as received. To change the date, correct it "
            "from the timeline",
        )
        return redirect(_advice_url(case))
    form = AdviceReceivedForm(posted(request), _files(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            advice.advice_receive(
                actor=_user(request),
                case=case,
                ident=ident,
                received_on=data["received_on"],
                upload=data.get("file") or None,
                title=data.get("title", ""),
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error, rename={"date": "received_on"})
        else:
            messages.success(request, f"{asked.details.get('source_label', 'Advice')} recorded")
            return redirect(_advice_url(case))
    return render(
        request,
        "ehc/advice/received_form.html",
        {
            "title": "Record advice received",
            "form": form,
            "case": case,
            "asked": asked,
            "tab": "advice",
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def advice_existing(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk, "ehc.change_case")
    if (refused := _closed(request, case)) is not None:
        return refused
    sources = [s for s in advice.sources_for(case) if s.id in advice.EXISTING_ALLOWED]
    form = ExistingAdviceForm(posted(request), sources=_source_choices(sources))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            advice.existing_advice_agree(
                actor=_user(request),
                case=case,
                source=data["source"],
                description=data["description"],
                authority_agreed_on=data["authority_agreed_on"],
                author_agreed_on=data["author_agreed_on"],
                family_agreed_on=data["family_agreed_on"],
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Agreement that the existing advice is sufficient recorded")
            return redirect(_advice_url(case))
    return render(
        request,
        "ehc/advice/existing_form.html",
        {
            "title": "Record that existing advice is sufficient",
            "form": form,
            "case": case,
            "tab": "advice",
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["POST"])
def advice_chase(request: HttpRequest, pk: UUID, ident: str) -> HttpResponse:
    case = get_case(request, pk, "ehc.change_case")
    if advice.request_for(case, ident) is None:
        raise Http404
    try:
        event = advice.advice_chase(actor=_user(request), case=case, ident=ident, request=request)
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(
            request,
            f"Chase email sent to {event.details['author']} ({event.details['email']})",
        )
    return redirect(_advice_url(case))


# ---------------------------------------------------------------------------------------------
# Decision notices


@require_http_methods(["GET"])
def notices_page(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk)
    _viewed(request, case, "the decision notices")
    return render(
        request,
        "ehc/notices/index.html",
        {
            "title": f"Decision notices: {case.child.full_name}, {case.reference}",
            "case": case,
            "tab": "notices",
            "notices": notices.notices_for(case),
        },
    )


@require_http_methods(["GET", "POST"])
def notice_letter(request: HttpRequest, pk: UUID, kind: str) -> HttpResponse:
    if kind not in notices.KINDS:
        raise Http404
    case = get_case(request, pk)
    if request.method == "POST":
        require(request, "ehc.change_case", case)
    notice = notices.notice_get(case, kind)
    if notice is None:
        raise Http404
    form = NoticeSentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            notices.notice_sent_record(
                actor=_user(request),
                case=case,
                kind=kind,
                sent_on=form.cleaned_data["sent_on"],
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error, rename={"date": "sent_on"})
        else:
            messages.success(
                request,
                f"{notice.kind.label} recorded as sent. The family's time limits now run from "
                f"{govuk_date(form.cleaned_data['sent_on'])}",
            )
            return redirect("ehc:notice", case.pk, kind)
    if request.method == "GET":
        _viewed(request, case, f"the {notice.kind.label.lower()}")
    return render(
        request,
        "ehc/notices/letter.html",
        {
            "title": f"{notice.kind.title}: {case.child.full_name}",
            "case": case,
            "notice": notice,
            "form": form,
            "can_edit": _user(request).has_perm("ehc.change_case", case),
            "mediation_adviser": notices.mediation_adviser(),
            "tribunal": notices.tribunal(),
        },
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------------------------------------
# Documents


def file_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


@require_http_methods(["GET"])
def documents_page(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk)
    _viewed(request, case, "the documents")
    rows = [
        {
            "document": d,
            "size": file_size(d.size),
            "step": f"{event_label(d.event)}, {govuk_date(d.event.date, '')}".rstrip(", ")
            if d.event
            else "",
        }
        for d in advice.case_documents(case)
    ]
    return render(
        request,
        "ehc/documents/index.html",
        {
            "title": f"Documents: {case.child.full_name}, {case.reference}",
            "case": case,
            "tab": "documents",
            "rows": rows,
            "can_edit": _user(request).has_perm("ehc.change_case", case),
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
        _files(request),
        steps=steps,
        initial={"event": request.GET.get("step", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                document = documents.document_attach(
                    actor=_user(request),
                    case=case,
                    upload=data["file"],
                    title=data["title"],
                    event=events.get(data.get("event") or ""),
                    request=request,
                )
        except ValidationError as error:
            form.add_error("file", error.messages[0])
        else:
            messages.success(request, f"{document.title} uploaded")
            return redirect("ehc:documents", case.pk)
    return render(
        request,
        "ehc/documents/upload.html",
        {"title": "Upload a document", "form": form, "case": case, "tab": "documents"},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET"])
def document_download(request: HttpRequest, pk: UUID, document_pk: UUID) -> FileResponse:
    case = get_case(request, pk)
    document = get_object_or_404(Document, pk=document_pk, case=case)
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
