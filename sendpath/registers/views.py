"""Pages for the SEN Register, the Belonging Register and the key contacts directory."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from sendpath.core.access import get_in_scope_or_404, request_user, require
from sendpath.core.audit import audit_many, audit_record
from sendpath.core.models import AuditAction
from sendpath.core.steps import form_step
from sendpath.core.views import filter_status, pagination, posted, posted_files, valid_filters
from sendpath.people.models import Child, User

from . import selectors, services
from .forms import BelongingForm, ContactForm, ContactSearchForm, PlanCopyForm, SenFilterForm

# ---------------------------------------------------------------------------------------------
# SEN Register


def _filtered(request: HttpRequest) -> tuple[SenFilterForm, Any]:
    require(request, "registers.view_sen_register", what="SEN Register")
    user = request_user(request)
    form = SenFilterForm(request.GET, schools=selectors.register_schools(user=user))
    data = valid_filters(form)
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
            "rows": [(c, selectors.sen_register_row(c)) for c in page.object_list],
            "pagination": pagination(request, page),
            "query": query.urlencode(),
        },
        status=filter_status(form),
    )


@require_http_methods(["GET"])
def sen_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in services.EXPORT_FORMATS:
        raise Http404
    _form, children = _filtered(request)
    export = services.sen_register_export(children=children, fmt=fmt, request=request)
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


# ---------------------------------------------------------------------------------------------
# Belonging Register


def _belonging_user(request: HttpRequest) -> User:
    require(request, "registers.view_belonging", what="Belonging Register")
    user: User = request_user(request)
    return user


def _belonging_child(request: HttpRequest, pk: UUID) -> Child:
    user = _belonging_user(request)
    return get_in_scope_or_404(
        request,
        selectors.belonging_children(user=user),
        pk,
        refused="Belonging Register entry outside the user's access",
        child_id=pk,
    )


def _belonging_row(
    child: Child, user: User, contact: dict[str, Any] | None = None
) -> dict[str, Any]:
    copies = getattr(child, "plan_copy_list", None)
    if copies is None:
        copies = list(selectors.plan_copies_for(child=child))
    contact = contact or selectors.plan_contact(child)
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
    children_shown = list(page.object_list)
    contacts = selectors.plan_contacts(children_shown)
    audit_many(
        request=request,
        action=AuditAction.VIEWED,
        child_ids=[c.pk for c in children_shown],
        summary="Listed on the Belonging Register",
    )
    return render(
        request,
        "registers/belonging_register.html",
        {
            "title": "Belonging Register",
            "page": page,
            "rows": [_belonging_row(c, user, contacts[c.pk]) for c in children_shown],
            "pagination": pagination(request, page),
        },
    )


@require_http_methods(["GET", "POST"])
def belonging_child(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = _belonging_child(request, pk)
    user = request_user(request)
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
    if request.method == "GET":
        audit_record(
            request=request,
            action=AuditAction.VIEWED,
            obj=child,
            child_id=child.pk,
            summary="Viewed the Belonging Register entry",
        )
    return form_step(
        request,
        BelongingForm(posted(request), initial=initial),
        save=lambda data: services.belonging_save(actor=user, child=child, request=request, **data),
        template="registers/belonging_child.html",
        context=lambda: {
            "title": f"Belonging Register: {child.full_name}",
            "child": child,
            "row": _belonging_row(child, user),
            "copies": list(selectors.plan_copies_for(child=child, with_authority=True)),
        },
        success="Belonging Register entry saved",
        next=reverse("registers:belonging_child", kwargs={"pk": child.pk}),
        errors_on=None,
    )


@require_http_methods(["GET", "POST"])
def plan_copy_add(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = _belonging_child(request, pk)
    user = request_user(request)
    initial = {}
    entry = getattr(child, "belonging", None)
    if entry and entry.plan_authority_id:
        initial["holding_authority"] = str(entry.plan_authority_id)
    return form_step(
        request,
        PlanCopyForm(posted(request), posted_files(request), initial=initial),
        save=lambda data: services.plan_copy_store(
            actor=user,
            child=child,
            holding_authority=data["holding_authority"],
            received_on=data["received_on"],
            upload=data["file"],
            request=request,
        ),
        template="registers/plan_copy_form.html",
        context={"title": "Store a copy of the plan", "child": child},
        success="Copy of the plan stored",
        next=reverse("registers:belonging_child", kwargs={"pk": child.pk}),
        errors_on="file",
    )


@require_http_methods(["GET"])
def plan_copy_download(request: HttpRequest, pk: UUID, copy_pk: UUID) -> FileResponse:
    child = _belonging_child(request, pk)
    copy = get_object_or_404(selectors.plan_copies_for(child=child), pk=copy_pk)
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
    require(request, "registers.use_contacts", what="key contacts")
    user: User = request_user(request)
    return user


@require_http_methods(["GET"])
def contact_list(request: HttpRequest) -> HttpResponse:
    _contacts_user(request)
    form = ContactSearchForm(request.GET)
    data = valid_filters(form)
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
        status=filter_status(form),
    )


@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: UUID | None = None) -> HttpResponse:
    user = _contacts_user(request)
    contact = get_object_or_404(selectors.key_contacts_all(), pk=pk) if pk else None
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
    return form_step(
        request,
        ContactForm(posted(request), initial=initial),
        save=lambda data: services.contact_save(
            actor=user, data=data, contact=contact, request=request
        ),
        template="registers/contact_form.html",
        context={
            "title": "Change a key contact" if contact else "Add a key contact",
            "contact": contact,
        },
        success="Key contact saved",
        next="registers:contacts",
        errors_on=None,
    )


@require_POST
def contact_confirm(request: HttpRequest, pk: UUID) -> HttpResponse:
    user = _contacts_user(request)
    contact = get_object_or_404(selectors.key_contacts_all(), pk=pk)
    services.contact_confirm(actor=user, contact=contact, request=request)
    messages.success(request, f"{contact.name}'s details confirmed today")
    return redirect("registers:contacts")
