"""Reads for the staff accounts pages, each scoped to the administrator's authority."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sendpath.core.roles import Role

from ..models import Organisation, User


def staff_in_scope(*, actor: Any) -> QuerySet[User]:
    """Staff accounts (never families) of the actor's authority: its own staff and those of the
    organisations in its area. A superuser with no authority sees every staff account."""
    staff = User.objects.exclude(role=Role.FAMILY).select_related("organisation")
    authority = actor.authority
    if authority is None:
        return staff if actor.is_superuser else staff.none()
    return staff.filter(Q(organisation=authority) | Q(organisation__local_authority=authority))


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
    area (every open organisation for a superuser with no authority)."""
    organisations = Organisation.objects.filter(is_active=True).order_by("name")
    authority = actor.authority
    if authority is None:
        return organisations if actor.is_superuser else organisations.none()
    return organisations.filter(Q(pk=authority.pk) | Q(local_authority=authority))


def email_taken(*, email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


def username_taken(*, username: str) -> bool:
    return User.objects.filter(username__iexact=username).exists()
