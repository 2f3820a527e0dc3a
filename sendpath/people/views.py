"""Pages for children and young people, their families and settings, and organisations."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch
from django.views.decorators.http import require_http_methods

from sendpath.core.audit import audit_many, audit_record
from sendpath.core.models import AuditAction, AuditEntry
from sendpath.core.views import pagination, posted

from . import selectors, services
from .forms import (
    ChildForm,
    ChildSearchForm,
    EndSettingForm,
    FamilyMemberForm,
    OrganisationForm,
    ProfessionalLinkForm,
    SettingAttendanceForm,
)
from .models import (
    LOCAL_OFFER_ROLES,
    Child,
    FamilyMember,
    Organisation,
    OrganisationKind,
    ProfessionalLink,
    Role,
    SettingAttendance,
    User,
)
from .presenters import ChildPresenter


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - the middleware guarantees a signed-in user
    return user


def require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    """Refuse with a 403 (and an audit entry) unless the user holds the permission."""
    user = _user(request)
    if not user.has_perm(perm, obj):
        audit_record(
            request=request,
            action=AuditAction.DENIED,
            obj=obj,
            child_id=obj.pk if isinstance(obj, Child) else None,
            summary=f"Refused: {perm}",
        )
        raise PermissionDenied


def get_child(request: HttpRequest, pk: UUID) -> Child:
    """A child the user may see, or a 404 that looks the same as a missing record."""
    try:
        return selectors.child_get(user=_user(request), pk=pk)
    except Child.DoesNotExist:
        if Child.objects.filter(pk=pk).exists():
            audit_record(
                request=request,
                action=AuditAction.DENIED,
                child_id=pk,
                summary="Refused: record outside the user's access",
            )
        raise Http404 from None


def _apply_errors(form: Any, error: ValidationError, rename: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError on the form, against the field it names."""
    rename = rename or {}
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = rename.get(field, field)
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e.messages[0] if hasattr(e, "messages") else str(e))
    else:
        name: str | None = getattr(error, "field", None)
        form.add_error(name if name in form.fields else None, error.messages[0])


# ---------------------------------------------------------------------------------------------
# Home


def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context: dict[str, Any] = {"title": "Home"}
    if user.role == Role.FAMILY:
        children = Child.objects.visible_to(user)
        audit_many(
            request=request,
            action=AuditAction.VIEWED,
            child_ids=[c.pk for c in children],
            summary="Listed on the family home page",
        )
        context["children"] = children
        return render(request, "people/home_family.html", context)
    if user.role == Role.LEADER:
        context.update(leader_summary(user))
        return render(request, "people/home_leader.html", context)
    if user.role in (Role.CASEWORKER, Role.MANAGER):
        try:
            return redirect("ehc:worklist")  # the caseworker's home is their worklist
        except NoReverseMatch:
            pass
    if user.role in LOCAL_OFFER_ROLES:
        try:
            return redirect("localoffer:manage")  # they work on the Local Offer, not on cases
        except NoReverseMatch:
            pass
    context["search_form"] = ChildSearchForm()
    context["visible_count"] = Child.objects.visible_to(user).count()
    return render(request, "people/home_staff.html", context)


def leader_summary(user: User) -> dict[str, Any]:
    """Counts only: leaders never see a named record."""
    from sendpath.core import reference

    authority = user.authority
    children = (
        Child.objects.filter(responsible_authority=authority) if authority else Child.objects.none()
    )
    by_provision = {
        row["sen_provision"]: row["n"]
        for row in children.values("sen_provision").annotate(n=Count("pk"))
    }
    by_need = (
        children.exclude(primary_need="")
        .values("primary_need")
        .annotate(n=Count("pk"))
        .order_by("-n", "primary_need")
    )
    return {
        "authority": authority,
        "total": children.count(),
        "by_provision": [
            (reference.SEN_PROVISION_LABELS[c], by_provision.get(c, 0))
            for c, _ in reference.SEN_PROVISION
        ],
        "by_need": [
            (reference.NEED_LABELS.get(r["primary_need"], r["primary_need"]), r["n"])
            for r in by_need
        ],
        "cared_for": children.filter(cared_for=True).count(),
    }


# ---------------------------------------------------------------------------------------------
# Children


@require_http_methods(["GET"])
def child_list(request: HttpRequest) -> HttpResponse:
    require(request, "people.search_children")
    user = _user(request)
    form = ChildSearchForm(request.GET or None)
    results = None
    page = None
    searched = bool(
        request.GET.get("q") or any(request.GET.get(f"dob-{p}") for p in ("day", "month", "year"))
    )
    if searched and form.is_valid():
        results = selectors.child_search(
            user=user, query=form.cleaned_data["q"], date_of_birth=form.cleaned_data["dob"]
        )
    elif not searched:
        results = selectors.child_search(user=user)
    if results is not None:
        query = form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else ""
        page = Paginator(results, settings.PAGE_SIZE).get_page(request.GET.get("page"))
        audit_many(
            request=request,
            action=AuditAction.SEARCHED,
            child_ids=[c.pk for c in page.object_list],
            summary=f"Shown in search results for {query!r}",
        )
    return render(
        request,
        "people/child_list.html",
        {
            "title": "Children and young people",
            "form": form if searched else ChildSearchForm(),
            "page": page,
            "pagination": pagination(request, page) if page else None,
            "searched": searched,
            "can_add": user.has_perm("people.add_child"),
        },
    )


@require_http_methods(["GET"])
def child_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = get_child(request, pk)
    require(request, "people.view_child", child)
    user = _user(request)
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=child,
        child_id=child.pk,
        summary="Viewed the record",
    )
    can_see_log = user.has_perm("people.view_child_access_log", child)
    return render(
        request,
        "people/child_detail.html",
        {
            "title": child.full_name,
            "child": ChildPresenter(child),
            "can_edit": user.has_perm("people.change_child", child),
            "can_see_log": can_see_log,
            "recent_access": AuditEntry.objects.filter(child_id=child.pk).select_related("actor")[
                :10
            ]
            if can_see_log
            else [],
        },
    )


def _child_initial(child: Child) -> dict[str, Any]:
    initial = {f: getattr(child, f) for f in services.CHILD_FIELDS}
    initial["resident_authority"] = str(child.resident_authority_id or "")
    initial["looked_after_by"] = str(child.looked_after_by_id or "")
    return initial


@require_http_methods(["GET", "POST"])
def child_create(request: HttpRequest) -> HttpResponse:
    require(request, "people.add_child")
    form = ChildForm(posted(request))
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            child = services.child_create(
                actor=_user(request), data=form.cleaned_data, request=request
            )
        except services.DuplicateChildError as error:
            duplicate = error.existing
            form.add_error(error.field if error.field in form.fields else None, error.messages[0])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Record created for {child.full_name}")
            return redirect(child)
    return render(
        request,
        "people/child_form.html",
        {
            "title": "Add a child or young person",
            "form": form,
            "duplicate": duplicate,
            "child": None,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def child_edit(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = get_child(request, pk)
    require(request, "people.change_child", child)
    if request.method == "GET":
        audit_record(
            request=request,
            action=AuditAction.VIEWED,
            obj=child,
            child_id=child.pk,
            summary="Opened the record to change it",
        )
    form = ChildForm(posted(request), initial=_child_initial(child))
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            services.child_update(
                actor=_user(request), child=child, data=form.cleaned_data, request=request
            )
        except services.DuplicateChildError as error:
            duplicate = error.existing
            form.add_error(error.field if error.field in form.fields else None, error.messages[0])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Changes saved")
            return redirect(child)
    return render(
        request,
        "people/child_form.html",
        {
            "title": f"Change the record of {child.full_name}",
            "form": form,
            "duplicate": duplicate,
            "child": child,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET"])
def child_access_log(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = get_child(request, pk)
    require(request, "people.view_child_access_log", child)
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=child,
        child_id=child.pk,
        summary="Viewed who has looked at the record",
    )
    entries = AuditEntry.objects.filter(child_id=child.pk).select_related("actor")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/child_access_log.html",
        {
            "title": f"Who has looked at the record of {child.full_name}",
            "child": child,
            "page": page,
            "pagination": pagination(request, page),
        },
    )


@require_http_methods(["GET", "POST"])
def family_member_edit(
    request: HttpRequest, pk: UUID, member_pk: UUID | None = None
) -> HttpResponse:
    child = get_child(request, pk)
    require(request, "people.change_child", child)
    member = get_object_or_404(FamilyMember, pk=member_pk, child=child) if member_pk else None
    initial = {f: getattr(member, f) for f in FamilyMemberForm.base_fields} if member else {}
    form = FamilyMemberForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.family_member_save(
                actor=_user(request),
                child=child,
                member=member,
                data=form.cleaned_data,
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Family member saved")
            return redirect(f"{child.get_absolute_url()}#family")
    title = f"Change {member.full_name}" if member else "Add a parent, carer or family member"
    return render(
        request,
        "people/family_member_form.html",
        {"title": title, "form": form, "child": child, "member": member},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def setting_add(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = get_child(request, pk)
    require(request, "people.change_child", child)
    form = SettingAttendanceForm(posted(request), date_of_birth=child.date_of_birth)
    if request.method == "POST" and form.is_valid():
        try:
            services.setting_attendance_add(
                actor=_user(request), child=child, data=form.cleaned_data, request=request
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Setting added")
            return redirect(f"{child.get_absolute_url()}#settings")
    return render(
        request,
        "people/setting_form.html",
        {"title": "Add a school, college or setting", "form": form, "child": child},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def setting_end(request: HttpRequest, pk: UUID, attendance_pk: UUID) -> HttpResponse:
    child = get_child(request, pk)
    require(request, "people.change_child", child)
    attendance = get_object_or_404(SettingAttendance, pk=attendance_pk, child=child)
    form = EndSettingForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.setting_attendance_end(
                actor=_user(request),
                attendance=attendance,
                end_date=form.cleaned_data["end_date"],
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{attendance.organisation.name} recorded as a past setting")
            return redirect(f"{child.get_absolute_url()}#settings")
    return render(
        request,
        "people/setting_end.html",
        {
            "title": f"Record that {child.full_name} has left {attendance.organisation.name}",
            "form": form,
            "child": child,
            "attendance": attendance,
        },
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------------------------------------
# Organisations


@require_http_methods(["GET"])
def organisation_list(request: HttpRequest) -> HttpResponse:
    require(request, "people.view_organisation")
    query = request.GET.get("q", "")[:100]
    kind = request.GET.get("kind", "")
    if kind not in OrganisationKind.values:
        kind = ""
    organisations = selectors.organisation_search(
        query=query, kind=kind, include_closed=bool(request.GET.get("closed"))
    )
    page = Paginator(organisations, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/organisation_list.html",
        {
            "title": "Organisations",
            "page": page,
            "pagination": pagination(request, page),
            "query": query,
            "kind": kind,
            "kinds": OrganisationKind.choices,
            "closed": bool(request.GET.get("closed")),
            "can_add": _user(request).has_perm("people.change_organisation"),
        },
    )


@require_http_methods(["GET"])
def organisation_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    require(request, "people.view_organisation")
    organisation = get_object_or_404(Organisation.objects.select_related("local_authority"), pk=pk)
    return render(
        request,
        "people/organisation_detail.html",
        {
            "title": organisation.name,
            "organisation": organisation,
            "can_edit": _user(request).has_perm("people.change_organisation"),
        },
    )


@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: UUID | None = None) -> HttpResponse:
    require(request, "people.change_organisation")
    organisation = get_object_or_404(Organisation, pk=pk) if pk else None
    initial: dict[str, Any] = {"is_active": True}
    if organisation:
        initial = {f: getattr(organisation, f) for f in services.ORGANISATION_FIELDS}
        initial["local_authority"] = str(organisation.local_authority_id or "")
    form = OrganisationForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_save(
                actor=_user(request),
                organisation=organisation,
                data=form.cleaned_data,
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{organisation.name} saved")
            return redirect(organisation)
    title = f"Change {organisation.name}" if organisation else "Add an organisation"
    return render(
        request,
        "people/organisation_form.html",
        {"title": title, "form": form, "organisation": organisation},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def professional_link_add(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = get_child(request, pk)
    require(request, "people.change_child", child)
    form = ProfessionalLinkForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.professional_link_add(
                actor=_user(request),
                child=child,
                user_id=form.cleaned_data["user"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Professional linked: they can now see this record")
            return redirect(f"{child.get_absolute_url()}#professionals")
    return render(
        request,
        "people/professional_link_form.html",
        {"title": "Link a health or social care professional", "form": form, "child": child},
        status=400 if form.errors else 200,
    )


@require_http_methods(["POST"])
def professional_link_end(request: HttpRequest, pk: UUID, link_pk: UUID) -> HttpResponse:
    child = get_child(request, pk)
    require(request, "people.change_child", child)
    link = get_object_or_404(ProfessionalLink, pk=link_pk, child=child, ended_on__isnull=True)
    services.professional_link_end(actor=_user(request), link=link, request=request)
    messages.success(request, f"{link.user.display_name()} can no longer see this record")
    return redirect(f"{child.get_absolute_url()}#professionals")
