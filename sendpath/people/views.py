"""Pages for children and young people, their families and settings, and organisations."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods

from sendpath.core import registry
from sendpath.core.access import request_user, require
from sendpath.core.audit import audit_many, audit_record
from sendpath.core.models import AuditAction
from sendpath.core.steps import form_step
from sendpath.core.views import pagination, posted

from . import selectors, services
from .access import get_child
from .family import views as family_views
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
    Child,
    Organisation,
    OrganisationKind,
    Role,
)
from .presenters import ChildPresenter, family_accounts_rows, family_home_context

# ---------------------------------------------------------------------------------------------
# Home


def home(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    context: dict[str, Any] = {"title": "Home"}
    if user.role == Role.FAMILY:
        # The family's own home page, where an app provides one (the portal, under /my/).
        home_page = registry.home_page_for(user)
        if home_page:
            return redirect(home_page)
        children = selectors.children_visible_to(user=user)
        audit_many(
            request=request,
            action=AuditAction.VIEWED,
            child_ids=[c.pk for c in children],
            summary="Listed on the family home page",
        )
        context.update(family_home_context(user, children))
        return render(request, "people/home_family.html", context)
    if user.role == Role.LEADER:
        context.update(selectors.leader_summary(user=user))
        return render(request, "people/home_leader.html", context)
    # A role's own home page where an app provides one (the caseworker's worklist, the
    # Local Offer team's entries): sendpath.core.registry.
    home_page = registry.home_page_for(user)
    if home_page:
        return redirect(home_page)
    context["search_form"] = ChildSearchForm()
    context["visible_count"] = selectors.children_visible_to(user=user).count()
    return render(request, "people/home_staff.html", context)


# ---------------------------------------------------------------------------------------------
# Children


@require_http_methods(["GET"])
def child_list(request: HttpRequest) -> HttpResponse:
    require(request, "people.search_children")
    user = request_user(request)
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
    user = request_user(request)
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=child,
        child_id=child.pk,
        summary="Viewed the record",
    )
    if user.role == Role.FAMILY:
        # The family's pages follow the case (the portal's child page), where installed.
        try:
            return redirect(reverse("portal:child", args=[child.pk]))
        except NoReverseMatch:
            return family_views.family_child_page(request, child)
    can_see_log = user.has_perm("people.view_child_access_log", child)
    can_invite = user.has_perm("people.invite_family", child)
    return render(
        request,
        "people/child_detail.html",
        {
            "title": child.full_name,
            "child": ChildPresenter(child),
            "can_edit": user.has_perm("people.change_child", child),
            "can_invite": can_invite,
            "family_accounts": family_accounts_rows(child) if can_invite else [],
            "can_see_log": can_see_log,
            "recent_access": selectors.child_access_log(child=child)[:10] if can_see_log else [],
        },
    )


def _child_initial(child: Child) -> dict[str, Any]:
    initial = {f: getattr(child, f) for f in services.CHILD_FIELDS}
    initial["resident_authority"] = str(child.resident_authority_id or "")
    initial["looked_after_by"] = str(child.looked_after_by_id or "")
    initial["responsible_authority"] = str(child.responsible_authority_id)
    if child.young_person_user_id is not None:
        initial["young_person_contact_preference"] = child.young_person_contact_preference
        initial["young_person_mobile"] = child.young_person_mobile
    return initial


def _child_form_step(
    request: HttpRequest, form: ChildForm, save: Any, *, title: str, child: Child | None
) -> HttpResponse:
    """Create or change a record: a likely duplicate is shown beside the form."""
    found: dict[str, Any] = {"duplicate": None}

    def save_or_find_duplicate(data: dict[str, Any]) -> Child:
        try:
            return save(data)
        except services.DuplicateChildError as error:
            found["duplicate"] = error.existing
            raise

    user = request_user(request)

    def success(saved: Child) -> str:
        if not user.has_perm("people.view_child", saved):
            # Another authority is now responsible: the record is theirs (visible_to).
            return (
                f"The record of {saved.full_name} is saved and handed to "
                f"{saved.responsible_authority.name}. Your SEND team no longer sees it"
            )
        return f"Record created for {saved.full_name}" if child is None else "Changes saved"

    return form_step(
        request,
        form,
        save=save_or_find_duplicate,
        template="people/child_form.html",
        context=lambda: {"title": title, "duplicate": found["duplicate"], "child": child},
        success=success,
        next=lambda saved: (
            saved if user.has_perm("people.view_child", saved) else "people:child_list"
        ),
    )


@require_http_methods(["GET", "POST"])
def child_create(request: HttpRequest) -> HttpResponse:
    require(request, "people.add_child")
    user = request_user(request)
    authority = user.authority
    return _child_form_step(
        request,
        ChildForm(
            posted(request),
            initial={"responsible_authority": str(authority.pk)} if authority else {},
        ),
        lambda data: services.child_create(actor=user, data=data, request=request),
        title="Add a child or young person",
        child=None,
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
    user = request_user(request)

    def save(data: dict[str, Any]) -> Child:
        return services.child_update(actor=user, child=child, data=data, request=request)

    form = ChildForm(
        posted(request),
        initial=_child_initial(child),
        young_person=child.young_person_user_id is not None,
    )
    form.track(child, _child_initial)
    return _child_form_step(
        request,
        form,
        save,
        title=f"Change the record of {child.full_name}",
        child=child,
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
    entries = selectors.child_access_log(child=child)
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


def _member_initial(member: Any) -> dict[str, Any]:
    return {f: getattr(member, f) for f in FamilyMemberForm.base_fields}


@require_http_methods(["GET", "POST"])
def family_member_edit(
    request: HttpRequest, pk: UUID, member_pk: UUID | None = None
) -> HttpResponse:
    child = get_child(request, pk)
    require(request, "people.change_child", child)
    member = (
        get_object_or_404(selectors.family_members_for(child=child), pk=member_pk)
        if member_pk
        else None
    )
    initial = _member_initial(member) if member else {}
    child_address = " ".join(filter(None, [child.address.strip(), child.postcode.strip()]))
    form = FamilyMemberForm(posted(request), initial=initial, child_address=child_address)
    if member is not None:
        form.track(member, _member_initial)
    user = request_user(request)
    return form_step(
        request,
        form,
        save=lambda data: services.family_member_save(
            actor=user, child=child, member=member, data=data, request=request
        ),
        template="people/family_member_form.html",
        context={
            "title": f"Change {member.full_name}"
            if member
            else "Add a parent, carer or family member",
            "child": child,
            "member": member,
        },
        success="Family member saved",
        next=f"{child.get_absolute_url()}#family",
    )


@require_http_methods(["GET", "POST"])
def setting_add(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = get_child(request, pk)
    require(request, "people.change_child", child)
    user = request_user(request)
    return form_step(
        request,
        SettingAttendanceForm(posted(request), date_of_birth=child.date_of_birth),
        save=lambda data: services.setting_attendance_add(
            actor=user, child=child, data=data, request=request
        ),
        template="people/setting_form.html",
        context={"title": "Add a school, college or setting", "child": child},
        success="Setting added",
        next=f"{child.get_absolute_url()}#settings",
    )


@require_http_methods(["GET", "POST"])
def setting_end(request: HttpRequest, pk: UUID, attendance_pk: UUID) -> HttpResponse:
    child = get_child(request, pk)
    require(request, "people.change_child", child)
    attendance = get_object_or_404(selectors.setting_attendances_for(child=child), pk=attendance_pk)
    user = request_user(request)
    return form_step(
        request,
        EndSettingForm(posted(request)),
        save=lambda data: services.setting_attendance_end(
            actor=user, attendance=attendance, end_date=data["end_date"], request=request
        ),
        template="people/setting_end.html",
        context={
            "title": f"Record that {child.full_name} has left {attendance.organisation.name}",
            "child": child,
            "attendance": attendance,
        },
        success=f"{attendance.organisation.name} recorded as a past setting",
        next=f"{child.get_absolute_url()}#settings",
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
            "can_add": request_user(request).has_perm("people.change_organisation"),
        },
    )


@require_http_methods(["GET"])
def organisation_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    require(request, "people.view_organisation")
    organisation = get_object_or_404(selectors.organisations_all(with_authority=True), pk=pk)
    return render(
        request,
        "people/organisation_detail.html",
        {
            "title": organisation.name,
            "organisation": organisation,
            "can_edit": request_user(request).has_perm("people.change_organisation"),
        },
    )


def _organisation_initial(organisation: Organisation) -> dict[str, Any]:
    initial = {f: getattr(organisation, f) for f in services.ORGANISATION_FIELDS}
    initial["local_authority"] = str(organisation.local_authority_id or "")
    return initial


@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: UUID | None = None) -> HttpResponse:
    require(request, "people.change_organisation")
    organisation = get_object_or_404(selectors.organisations_all(), pk=pk) if pk else None
    initial: dict[str, Any] = {"is_active": True}
    if organisation:
        initial = _organisation_initial(organisation)
    form = OrganisationForm(posted(request), initial=initial)
    if organisation is not None:
        form.track(organisation, _organisation_initial)
    user = request_user(request)
    return form_step(
        request,
        form,
        save=lambda data: services.organisation_save(
            actor=user, organisation=organisation, data=data, request=request
        ),
        template="people/organisation_form.html",
        context={
            "title": f"Change {organisation.name}" if organisation else "Add an organisation",
            "organisation": organisation,
        },
        success=lambda saved: f"{saved.name} saved",
        next=lambda saved: saved,
    )


@require_http_methods(["GET", "POST"])
def professional_link_add(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = get_child(request, pk)
    require(request, "people.change_child", child)
    user = request_user(request)
    return form_step(
        request,
        ProfessionalLinkForm(posted(request)),
        save=lambda data: services.professional_link_add(
            actor=user, child=child, user_id=data["user"], reason=data["reason"], request=request
        ),
        template="people/professional_link_form.html",
        context={"title": "Link a health or social care professional", "child": child},
        success="Professional linked: they can now see this record",
        next=f"{child.get_absolute_url()}#professionals",
    )


@require_http_methods(["POST"])
def professional_link_end(request: HttpRequest, pk: UUID, link_pk: UUID) -> HttpResponse:
    child = get_child(request, pk)
    require(request, "people.change_child", child)
    link = get_object_or_404(selectors.professional_links_current_for(child=child), pk=link_pk)
    services.professional_link_end(actor=request_user(request), link=link, request=request)
    messages.success(request, f"{link.user.display_name()} can no longer see this record")
    return redirect(f"{child.get_absolute_url()}#professionals")
