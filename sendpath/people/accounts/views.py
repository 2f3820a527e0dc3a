"""The staff accounts pages: administrators for their authority's staff, SEND team managers for
their team's caseworkers (``people.manage_staff`` and, for one account, ``people.manage_account``;
changing a role is for administrators only, ``people.change_staff_role``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from sendpath.core.access import get_in_scope_or_404, request_user, require
from sendpath.core.audit import audit_many
from sendpath.core.models import AuditAction
from sendpath.core.roles import Role
from sendpath.core.steps import form_step
from sendpath.core.twofactor import selectors as twofactor_selectors
from sendpath.core.views import pagination, posted

from ..models import User
from . import selectors, services
from .forms import (
    AdviserForm,
    ResendInvitationForm,
    StaffActiveForm,
    StaffChangeForm,
    StaffInviteForm,
)


def _staff(request: HttpRequest, pk: int, perm: str = "people.manage_account") -> User:
    """An account the user manages, or a 404 that looks the same as a missing one (a manager
    opening an administrator's account, or another authority's, learns nothing of it)."""
    require(request, "people.manage_staff")
    account = get_in_scope_or_404(
        request,
        selectors.staff_in_scope(actor=request_user(request)),
        pk,
        refused="a staff account outside the user's scope",
    )
    require(request, perm, account)
    return account


def _detail_context(request: HttpRequest, account: User) -> dict[str, object]:
    user = request_user(request)
    return {
        "title": account.display_name(),
        "account": account,
        "can_change_role": user.has_perm("people.change_staff_role", account),
        "factor": twofactor_selectors.second_factor(account),
        "can_reset_factor": user.has_perm("people.reset_second_factor", account),
        "can_set_adviser": account.role == Role.VIRTUAL_SCHOOL
        and user.has_perm("people.change_staff_role", account),
    }


@require_http_methods(["GET"])
def staff_list(request: HttpRequest) -> HttpResponse:
    require(request, "people.manage_staff")
    query = request.GET.get("q", "")[:100]
    staff = selectors.staff_search(actor=request_user(request), query=query)
    page = Paginator(staff, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/staff_list.html",
        {
            "title": "Staff accounts",
            "page": page,
            "pagination": pagination(request, page),
            "query": query,
            "whole_authority": selectors.manages_every_role(request_user(request)),
        },
    )


@require_http_methods(["GET", "POST"])
def staff_invite(request: HttpRequest) -> HttpResponse:
    require(request, "people.manage_staff")
    actor = request_user(request)
    form = StaffInviteForm(
        posted(request),
        organisations=selectors.organisations_for_staff(actor=actor),
        roles=selectors.roles_for_staff(actor=actor),
    )
    return form_step(
        request,
        form,
        save=lambda data: services.invite_staff(request=request, actor=actor, **data),
        template="people/staff_form.html",
        context={"title": "Invite a member of staff", "account": None},
        success=lambda user: (
            f"{user.display_name()} is invited: we have emailed them a link to set a password"
        ),
        next="people:staff_list",
    )


@require_http_methods(["GET"])
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = _staff(request, pk)
    return render(
        request, "people/staff_detail.html", {**_detail_context(request, account), "form": None}
    )


def _staff_values(account: Any) -> dict[str, Any]:
    return {"role": account.role, "organisation": str(account.organisation_id or "")}


@require_http_methods(["GET", "POST"])
def staff_change(request: HttpRequest, pk: int) -> HttpResponse:
    account = _staff(request, pk, "people.change_staff_role")
    actor = request_user(request)
    form = StaffChangeForm(
        posted(request),
        organisations=selectors.organisations_for_staff(actor=actor),
        roles=selectors.roles_for_staff(actor=actor),
        initial=_staff_values(account),
    )
    # The role and organisation the page was opened with: a save based on older values than the
    # account now has is refused, so one administrator never silently undoes another's change.
    form.track(account, _staff_values, version=services.staff_version)
    return form_step(
        request,
        form,
        save=lambda data: services.change_staff(request=request, actor=actor, user=account, **data),
        template="people/staff_form.html",
        context={"title": f"Change {account.display_name()}'s role", "account": account},
        success=lambda user: f"{user.display_name()}'s role and organisation are saved",
        next=lambda user: reverse("people:staff", args=[user.pk]),
    )


def _set_active(request: HttpRequest, pk: int, *, active: bool) -> HttpResponse:
    account = _staff(request, pk)
    actor = request_user(request)
    return form_step(
        request,
        StaffActiveForm(posted(request)),
        save=lambda data: services.set_staff_active(
            request=request, actor=actor, user=account, active=active
        ),
        template="people/staff_detail.html",
        context=_detail_context(request, account),
        success=lambda user: (
            f"{user.display_name()}'s account is {'reactivated' if active else 'deactivated'}"
        ),
        next=lambda user: reverse("people:staff", args=[user.pk]),
        errors_on=None,
    )


@require_http_methods(["POST"])
def staff_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, active=False)


@require_http_methods(["POST"])
def staff_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, active=True)


@require_http_methods(["POST"])
def staff_reset_second_factor(request: HttpRequest, pk: int) -> HttpResponse:
    account = _staff(request, pk)
    actor = request_user(request)
    return form_step(
        request,
        StaffActiveForm(posted(request)),
        save=lambda data: services.reset_second_factor(request=request, actor=actor, user=account),
        template="people/staff_detail.html",
        context=_detail_context(request, account),
        success=lambda user: (
            f"{user.display_name()}'s two-factor sign-in is reset: they set up their "
            "authenticator app again when they next sign in"
        ),
        next=lambda user: reverse("people:staff", args=[user.pk]),
        errors_on=None,
    )


@require_http_methods(["POST"])
def staff_resend_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    account = _staff(request, pk)
    actor = request_user(request)
    return form_step(
        request,
        ResendInvitationForm(posted(request)),
        save=lambda data: services.resend_invitation(request=request, actor=actor, user=account),
        template="people/staff_detail.html",
        context=_detail_context(request, account),
        success=lambda user: (
            f"We have emailed {user.display_name()} a new link to set a password. "
            "The link sent before no longer works"
        ),
        next=lambda user: reverse("people:staff", args=[user.pk]),
        errors_on=None,
    )


def _adviser_values(account: User) -> dict[str, Any]:
    return {
        "is_adviser": "yes" if account.is_support_teacher_adviser else "no",
        "children": sorted(
            str(pk) for pk in account.adviser_links.values_list("child_id", flat=True)
        ),
    }


@require_http_methods(["GET", "POST"])
def staff_adviser(request: HttpRequest, pk: int) -> HttpResponse:
    """An administrator makes a Virtual School account a Support Teacher Adviser and links it to
    the cared-for children they support (audited on each child)."""
    account = _staff(request, pk, "people.change_staff_role")
    if account.role != Role.VIRTUAL_SCHOOL:
        raise Http404
    actor = request_user(request)
    children = list(selectors.children_an_adviser_may_support(adviser=account))
    form = AdviserForm(posted(request), children=children, initial=_adviser_values(account))
    form.track(account, _adviser_values, version=services.adviser_version)
    if request.method == "GET":
        audit_many(
            request=request,
            action=AuditAction.VIEWED,
            child_ids=[c.pk for c in children],
            summary="Listed to link to a Support Teacher Adviser",
        )
    return form_step(
        request,
        form,
        save=lambda data: services.set_adviser(
            request=request,
            actor=actor,
            user=account,
            is_adviser=data["is_adviser"],
            children=data["children"],
            based_on=data.get("based_on", ""),
        ),
        template="people/staff_adviser.html",
        context={"title": f"Support Teacher Adviser: {account.display_name()}", "account": account},
        success=lambda user: f"{user.display_name()}'s children are saved",
        next=lambda user: reverse("people:staff", args=[user.pk]),
    )
