"""Reads for the staff accounts pages, each scoped to the actor's authority: an administrator
every staff account of the authority and its area, a SEND team manager only their team's
caseworker accounts (their authority's own)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sendpath.core.roles import Role

from ..models import Child, Organisation, User

# The roles a SEND team manager manages the accounts of: their team's caseworkers only (not
# administrators, other managers or anyone else).
TEAM_ROLES = (Role.CASEWORKER,)


def manages_every_role(actor: Any) -> bool:
    """Administrators (and superusers) manage every staff account of their authority; a SEND
    team manager only their team's (``TEAM_ROLES``)."""
    return bool(actor.is_superuser or actor.role == Role.ADMINISTRATOR)


def staff_in_scope(*, actor: Any) -> QuerySet[User]:
    """Staff accounts (never families) the actor manages. An administrator: their authority's
    own staff and those of the organisations in its area (a superuser with no authority: every
    staff account). A SEND team manager: caseworkers of their own authority. Anyone else:
    none."""
    staff = User.objects.exclude(role=Role.FAMILY).select_related("organisation")
    authority = actor.authority
    if manages_every_role(actor):
        if authority is None:
            return staff if actor.is_superuser else staff.none()
        return staff.filter(Q(organisation=authority) | Q(organisation__local_authority=authority))
    if actor.role == Role.MANAGER and authority is not None:
        return staff.filter(organisation=authority, role__in=TEAM_ROLES)
    return staff.none()


def roles_for_staff(*, actor: Any) -> list[tuple[str, str]]:
    """The roles the actor may give: every staff role for an administrator, the team's for a
    SEND team manager."""
    allowed = [r for r in Role if r != Role.FAMILY]
    if not manages_every_role(actor):
        allowed = [r for r in allowed if r in TEAM_ROLES]
    return [(r.value, r.label) for r in allowed]


def staff_search(*, actor: Any, query: str = "") -> QuerySet[User]:
    """Staff accounts in scope whose name, username or email contains the query."""
    staff = staff_in_scope(actor=actor)
    for word in query.split():
        staff = staff.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
            | Q(email__icontains=word)
        )
    return staff.order_by("last_name", "first_name", "username")


def staff_find(*, actor: Any, pk: int) -> User | None:
    return staff_in_scope(actor=actor).filter(pk=pk).first()


def organisations_for_staff(*, actor: Any) -> QuerySet[Organisation]:
    """Open organisations a member of staff may be given: the actor's authority and those in its
    area (every open organisation for a superuser with no authority); a SEND team manager's
    team works for the authority itself."""
    organisations = Organisation.objects.filter(is_active=True).order_by("name")
    authority = actor.authority
    if authority is None:
        return organisations if actor.is_superuser else organisations.none()
    if not manages_every_role(actor):
        return organisations.filter(pk=authority.pk)
    return organisations.filter(Q(pk=authority.pk) | Q(local_authority=authority))


def email_taken(*, email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


def username_taken(*, username: str) -> bool:
    return User.objects.filter(username__iexact=username).exists()


def children_an_adviser_may_support(*, adviser: User) -> QuerySet[Child]:
    """The cared-for children a Support Teacher Adviser may be linked to: those their Virtual
    School works with (looked after by, living in or the responsibility of its authority)."""
    authority = adviser.authority
    if adviser.role != Role.VIRTUAL_SCHOOL or authority is None:
        return Child.objects.none()
    return (
        Child.objects.filter(cared_for=True)
        .filter(
            Q(looked_after_by=authority)
            | Q(resident_authority=authority)
            | Q(responsible_authority=authority)
        )
        .order_by("last_name", "first_name", "pk")
    )
