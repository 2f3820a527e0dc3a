"""Family accounts' pages: staff invite and unlink from the child's record; the invitee links
with the date of birth and code; the family member stops their own access; the young person
decides about their parents' access."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendpath.core.access import get_in_scope_or_404, request_user, require
from sendpath.core.audit import audit_record
from sendpath.core.formatting import govuk_date
from sendpath.core.models import AuditAction
from sendpath.core.steps import form_step
from sendpath.core.views import posted

from ..access import get_child
from ..ages import over_compulsory_school_age
from ..models import Child, ParentsAccess
from . import selectors, services
from .forms import (
    CapacityForm,
    InviteForm,
    LinkForm,
    ParentsAccessForm,
    StopAccessForm,
    UnlinkForm,
)


def _audit_opened(request: HttpRequest, child: Child, summary: str) -> None:
    if request.method == "GET":
        audit_record(
            request=request,
            action=AuditAction.VIEWED,
            obj=child,
            child_id=child.pk,
            summary=summary,
        )


# ---------------------------------------------------------------------------------------------
# Staff, from the child's record


def _invite_choices(child: Child) -> list[tuple[str, str]]:
    choices = []
    for member in selectors.family_of(child=child):
        if member.user_id:
            continue
        note = "" if member.parental_responsibility else ", no parental responsibility"
        if member.plan_read_access:
            note = ", read access to the plan"
        choices.append(
            (str(member.pk), f"{member.full_name} ({member.get_relationship_display()}{note})")
        )
    young_person = over_compulsory_school_age(child.date_of_birth, timezone.localdate())
    if young_person and not child.young_person_user_id:
        choices.append((services.YOUNG_PERSON, f"{child.full_name}, the young person"))
    return choices


def _code_key(invitation_pk: Any) -> str:
    return f"family-invitation-code-{invitation_pk}"


@require_http_methods(["GET", "POST"])
def family_invite(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = get_child(request, pk)
    require(request, "people.invite_family", child)
    _audit_opened(request, child, "Opened the page to invite a family account")
    actor = request_user(request)

    def save(data: dict[str, Any]) -> Any:
        invitation, code = services.invite_family(request=request, actor=actor, child=child, **data)
        # Kept server-side in the session until the next page shows it once (never a cookie).
        request.session[_code_key(invitation.pk)] = code
        return invitation

    return form_step(
        request,
        InviteForm(posted(request), choices=_invite_choices(child)),
        save=save,
        template="people/family/invite.html",
        context={
            "title": "Invite a parent, carer or young person to link their account",
            "child": child,
        },
        next=lambda invitation: reverse("people:family_invited", args=[child.pk, invitation.pk]),
    )


@require_http_methods(["GET"])
def family_invited(request: HttpRequest, pk: UUID, invitation_pk: UUID) -> HttpResponse:
    """The invitation is sent: the link code, shown this once, for the caseworker's letter."""
    child = get_child(request, pk)
    require(request, "people.invite_family", child)
    invitation = selectors.invitations_for_child(child=child).filter(pk=invitation_pk).first()
    if invitation is None:
        raise Http404("No such invitation")
    _audit_opened(request, child, "Saw the family invitation sent")
    return render(
        request,
        "people/family/invited.html",
        {
            "title": "Invitation sent",
            "child": child,
            "invitation": invitation,
            "code": request.session.pop(_code_key(invitation.pk), None),
            "expires": govuk_date(timezone.localtime(invitation.expires_at).date()),
        },
    )


def _linked_choices(child: Child) -> list[tuple[str, str]]:
    choices = [
        (str(m.pk), f"{m.full_name} ({m.get_relationship_display()})")
        for m in selectors.linked_members_for(child=child)
    ]
    if child.young_person_user_id:
        choices.append((services.YOUNG_PERSON, f"{child.full_name}, the young person"))
    return choices


@require_http_methods(["GET", "POST"])
def family_unlink(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = get_child(request, pk)
    require(request, "people.invite_family", child)
    _audit_opened(request, child, "Opened the page to remove a family account's access")
    actor = request_user(request)
    return form_step(
        request,
        UnlinkForm(posted(request), choices=_linked_choices(child)),
        save=lambda data: services.unlink_by_staff(
            request=request, actor=actor, child=child, **data
        ),
        template="people/family/unlink.html",
        context={"title": "Remove a family account's access", "child": child},
        success=lambda who: f"Removed {who}'s access to this record",
        next=f"{child.get_absolute_url()}#family-accounts",
    )


@require_http_methods(["GET", "POST"])
def capacity(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = get_child(request, pk)
    require(request, "people.change_child", child)
    _audit_opened(request, child, "Opened the page to record capacity about parents' access")
    actor = request_user(request)
    form = CapacityForm(posted(request), initial=services.capacity_initial(child))
    form.track(child, services.capacity_initial, version=services.capacity_version)
    return form_step(
        request,
        form,
        save=lambda data: services.record_capacity(
            request=request, actor=actor, child=child, **data
        ),
        template="people/family/capacity.html",
        context={"title": "Capacity to decide about parents' access", "child": child},
        success="Saved",
        next=f"{child.get_absolute_url()}#family-accounts",
    )


# ---------------------------------------------------------------------------------------------
# The family's own pages


@require_http_methods(["GET", "POST"])
def family_link(request: HttpRequest, pk: UUID) -> HttpResponse:
    """Link an account: nothing of the child is shown (not even the name) before it is made."""
    require(request, "people.link_family_account")
    user = request_user(request)
    invitation = selectors.invitation_for(user=user, pk=pk)
    if invitation is None:
        raise Http404("No such invitation")
    if request.method == "GET":
        audit_record(
            request=request,
            action=AuditAction.VIEWED,
            obj=invitation,
            child_id=invitation.child_id,
            summary="Opened a family invitation to link an account (nothing of the child shown)",
        )

    def closed() -> str:
        invitation.refresh_from_db()
        return services.closed_message(invitation)

    return form_step(
        request,
        LinkForm(posted(request)),
        save=lambda data: services.link_account(
            request=request, user=user, invitation=invitation, **data
        ),
        template="people/family/link.html",
        context=lambda: {
            "title": "Link your account to a child's record",
            "closed": closed(),
            "for_young_person": invitation.for_young_person,
        },
        success="Your account is linked",
        next=lambda child: child.get_absolute_url(),
        errors_on="code",
    )


def _own_child(request: HttpRequest, pk: UUID) -> Child:
    """A child the family user is linked to in any way (their record, or a carer's plan)."""
    user = request_user(request)
    return get_in_scope_or_404(
        request,
        selectors.family_reach(user=user),
        pk,
        refused="record outside the user's access",
        child_id=pk,
    )


@require_http_methods(["GET", "POST"])
def stop_access(request: HttpRequest, pk: UUID) -> HttpResponse:
    require(request, "people.link_family_account")
    child = _own_child(request, pk)
    user = request_user(request)
    return form_step(
        request,
        StopAccessForm(posted(request)),
        save=lambda data: services.stop_my_access(request=request, user=user, child=child),
        template="people/family/stop.html",
        context={"title": "Stop my access", "child": child},
        success="Your access has stopped: you no longer see this record",
        next="home",
        errors_on=None,
    )


@require_http_methods(["GET", "POST"])
def parents_access(request: HttpRequest) -> HttpResponse:
    require(request, "people.decide_parents_access")
    user = request_user(request)
    child = selectors.own_record_of(user=user)
    if child is None:
        raise Http404
    _audit_opened(request, child, "Opened the page about their parents' access")
    initial = {"decision": child.parents_access} if child.parents_access else {}
    return form_step(
        request,
        ParentsAccessForm(posted(request), initial=initial),
        save=lambda data: services.decide_parents_access(
            request=request, user=user, child=child, **data
        ),
        template="people/family/parents_access.html",
        context={
            "title": "Your parents' access",
            "child": child,
            "parents": selectors.linked_members_for(child=child),
            "decided": child.parents_access,
            "keep": ParentsAccess.KEEP,
        },
        success=lambda saved: (
            "Saved: your parents "
            + (
                "keep access"
                if saved.parents_access == ParentsAccess.KEEP
                else "no longer see your record"
            )
        ),
        next="people:parents_access",
    )


def family_child_page(request: HttpRequest, child: Child) -> HttpResponse:
    """What a family user sees of a linked child: the plain facts the portal will show (name,
    date of birth, school), nothing staff-only. The caller checked access and audited the read."""
    user = request_user(request)
    return render(
        request,
        "people/family/child.html",
        {
            "title": child.full_name,
            "child": child,
            "schools": selectors.current_school_names(child=child),
            "is_young_person": child.young_person_user_id == user.pk,
            "stop_url": reverse("people:family_stop", args=[child.pk]),
        },
    )
