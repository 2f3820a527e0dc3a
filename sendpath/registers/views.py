"""Pages for the SEN Register, the Belonging Register and the key contacts directory."""

from __future__ import annotations

import csv
import io
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from sendpath.core import reference
from sendpath.core.audit import audit_many, audit_record
from sendpath.core.models import AuditAction
from sendpath.core.views import pagination, posted, posted_files
from sendpath.people.models import Child, User

from . import selectors, services
from .forms import BelongingForm, ContactForm, ContactSearchForm, PlanCopyForm, SenFilterForm
from .models import KeyContact, PlanCopy


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - the middleware guarantees a signed-in user
    return user


def _refuse(request: HttpRequest, what: str) -> None:
    audit_record(request=request, action=AuditAction.DENIED, summary=f"Refused: {what}")
    raise PermissionDenied


# ---------------------------------------------------------------------------------------------
# SEN Register

COLUMNS = (
    "Name",
    "Date of birth",
    "Year group",
    "UPN",
    "Status",
    "Primary need",
    "Secondary need",
    "School or setting",
    "At setting since",
    "SEN provision since",
    "Cared for",
    "Responsible authority",
)


def _row(child: Child) -> list[Any]:
    setting = selectors.current_setting(child)
    return [
        f"{child.last_name}, {child.first_name}",
        child.date_of_birth,
        selectors.year_label(selectors.year_group(child.date_of_birth)),
        child.upn,
        reference.SEN_PROVISION_LABELS.get(child.sen_provision, child.sen_provision),
        reference.NEED_LABELS.get(child.primary_need, ""),
        reference.NEED_LABELS.get(child.secondary_need, ""),
        setting.organisation.name if setting else "",
        setting.start_date if setting else None,
        child.sen_provision_since,
        "Yes" if child.cared_for else "No",
        child.responsible_authority.name,
    ]


def _filtered(request: HttpRequest) -> tuple[SenFilterForm, Any]:
    user = _user(request)
    if not selectors.may_see_sen_register(user):
        _refuse(request, "SEN Register")
    form = SenFilterForm(request.GET, schools=selectors.register_schools(user=user))
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    year = data.get("year", "")
    children = selectors.sen_register(
        user=user,
        school=data.get("school", ""),
        need=data.get("need", ""),
        status=data.get("status", ""),
        year=int(year) if year else None,
        cared_for=data.get("cared_for", ""),
    )
    return form, children


@require_http_methods(["GET"])
def sen_register(request: HttpRequest) -> HttpResponse:
    form, children = _filtered(request)
    page = Paginator(children, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    audit_many(
        request=request,
        action=AuditAction.VIEWED,
        child_ids=[c.pk for c in page.object_list],
        summary="Listed on the SEN Register",
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registers/sen_register.html",
        {
            "title": "SEN Register",
            "filter_form": form,
            "page": page,
            "rows": [(c, _row(c)) for c in page.object_list],
            "pagination": pagination(request, page),
            "query": query.urlencode(),
        },
    )


@require_http_methods(["GET"])
def sen_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, children = _filtered(request)
    children = list(children)
    audit_many(
        request=request,
        action=AuditAction.VIEWED,
        child_ids=[c.pk for c in children],
        summary=f"Exported from the SEN Register ({fmt.upper()})",
    )
    rows = [_row(c) for c in children]
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="sen-register.csv"'
        writer = csv.writer(response)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow(["" if v is None else _csv_safe(v) for v in row])
        return response
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook always has a sheet
    sheet.title = "SEN Register"
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([_csv_safe(v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="sen-register.xlsx"'
    return response


def _csv_safe(value: Any) -> Any:
    """Stop a cell being read as a formula by a spreadsheet (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


# ---------------------------------------------------------------------------------------------
# Belonging Register


def _belonging_user(request: HttpRequest) -> User:
    user = _user(request)
    if not selectors.may_see_belonging(user):
        _refuse(request, "Belonging Register")
    return user


def _belonging_child(request: HttpRequest, pk: UUID) -> Child:
    user = _belonging_user(request)
    child = selectors.belonging_register(user=user).filter(pk=pk).first()
    if child is None:
        if Child.objects.filter(pk=pk).exists():
            audit_record(
                request=request,
                action=AuditAction.DENIED,
                child_id=pk,
                summary="Refused: Belonging Register entry outside the user's access",
            )
        raise Http404
    return child


def _belonging_row(child: Child, user: User) -> dict[str, Any]:
    copies = getattr(child, "plan_copy_list", None)
    if copies is None:
        copies = list(PlanCopy.objects.filter(child=child))
    contact = selectors.plan_contact(child)
    return {
        "child": child,
        "contact": contact,
        "held_elsewhere": contact["authority"] != user.authority,
        "setting": selectors.current_setting(child),
        "latest_copy": copies[0] if copies else None,
    }


@require_http_methods(["GET"])
def belonging_register(request: HttpRequest) -> HttpResponse:
    user = _belonging_user(request)
    children = selectors.belonging_register(user=user)
    page = Paginator(children, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    audit_many(
        request=request,
        action=AuditAction.VIEWED,
        child_ids=[c.pk for c in page.object_list],
        summary="Listed on the Belonging Register",
    )
    return render(
        request,
        "registers/belonging_register.html",
        {
            "title": "Belonging Register",
            "page": page,
            "rows": [_belonging_row(c, user) for c in page.object_list],
            "pagination": pagination(request, page),
        },
    )


@require_http_methods(["GET", "POST"])
def belonging_child(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = _belonging_child(request, pk)
    user = _user(request)
    entry = getattr(child, "belonging", None)
    initial = {}
    if entry:
        initial = {
            "plan_authority": str(entry.plan_authority_id or ""),
            "plan_caseworker_name": entry.plan_caseworker_name,
            "email": entry.email,
            "telephone": entry.telephone,
            "notes": entry.notes,
        }
    form = BelongingForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.belonging_save(actor=user, child=child, request=request, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, "Belonging Register entry saved")
            return redirect("registers:belonging_child", pk=child.pk)
    if request.method == "GET":
        audit_record(
            request=request,
            action=AuditAction.VIEWED,
            obj=child,
            child_id=child.pk,
            summary="Viewed the Belonging Register entry",
        )
    return render(
        request,
        "registers/belonging_child.html",
        {
            "title": f"Belonging Register: {child.full_name}",
            "child": child,
            "row": _belonging_row(child, user),
            "copies": list(
                PlanCopy.objects.filter(child=child).select_related("holding_authority")
            ),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def plan_copy_add(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = _belonging_child(request, pk)
    user = _user(request)
    initial = {}
    entry = getattr(child, "belonging", None)
    if entry and entry.plan_authority_id:
        initial["holding_authority"] = str(entry.plan_authority_id)
    form = PlanCopyForm(posted(request), posted_files(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_copy_store(
                actor=user,
                child=child,
                holding_authority=form.cleaned_data["holding_authority"],
                received_on=form.cleaned_data["received_on"],
                upload=form.cleaned_data["file"],
                request=request,
            )
        except ValidationError as error:
            form.add_error("file", error.messages[0])
        else:
            messages.success(request, "Copy of the plan stored")
            return redirect("registers:belonging_child", pk=child.pk)
    return render(
        request,
        "registers/plan_copy_form.html",
        {"title": "Store a copy of the plan", "child": child, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET"])
def plan_copy_download(request: HttpRequest, pk: UUID, copy_pk: UUID) -> FileResponse:
    child = _belonging_child(request, pk)
    copy = get_object_or_404(PlanCopy, pk=copy_pk, child=child)
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=copy,
        child_id=child.pk,
        summary=f"Downloaded the copy of the plan received {copy.received_on:%-d %B %Y}",
    )
    return FileResponse(
        copy.file.open("rb"),
        as_attachment=True,
        filename=copy.original_name,
        content_type=copy.content_type,
    )


# ---------------------------------------------------------------------------------------------
# Key contacts


def _contacts_user(request: HttpRequest) -> User:
    user = _user(request)
    if not selectors.may_use_contacts(user):
        _refuse(request, "key contacts")
    return user


@require_http_methods(["GET"])
def contact_list(request: HttpRequest) -> HttpResponse:
    _contacts_user(request)
    form = ContactSearchForm(request.GET)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    rows = selectors.contacts(
        q=data.get("q", ""), organisation=data.get("organisation", ""), role=data.get("role", "")
    )
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "registers/contact_list.html",
        {
            "title": "Key contacts",
            "search_form": form,
            "page": page,
            "pagination": pagination(request, page),
            "searched": any(request.GET.get(k) for k in ("q", "organisation", "role")),
        },
    )


@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: UUID | None = None) -> HttpResponse:
    user = _contacts_user(request)
    contact = get_object_or_404(KeyContact, pk=pk) if pk else None
    initial: dict[str, Any] = {}
    if contact:
        initial = {
            "name": contact.name,
            "role": contact.role,
            "job_title": contact.job_title,
            "organisation": str(contact.organisation_id),
            "email": contact.email,
            "telephone": contact.telephone,
            "last_confirmed": contact.last_confirmed,
        }
    form = ContactForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_save(
                actor=user, data=form.cleaned_data, contact=contact, request=request
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, "Key contact saved")
            return redirect("registers:contacts")
    return render(
        request,
        "registers/contact_form.html",
        {
            "title": "Change a key contact" if contact else "Add a key contact",
            "contact": contact,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@require_POST
def contact_confirm(request: HttpRequest, pk: UUID) -> HttpResponse:
    user = _contacts_user(request)
    contact = get_object_or_404(KeyContact, pk=pk)
    services.contact_confirm(actor=user, contact=contact, request=request)
    messages.success(request, f"{contact.name}'s details confirmed today")
    return redirect("registers:contacts")
