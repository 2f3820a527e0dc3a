"""Reads for family accounts: what a family user is linked to, invited to, or may read."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from ..ages import over_compulsory_school_age
from ..models import (
    CARER_RELATIONSHIPS,
    Child,
    FamilyInvitation,
    FamilyMember,
    Role,
    User,
)


def family_account_for(*, email: str) -> User | None:
    """The account with this email address (any role), or None."""
    return User.objects.filter(email__iexact=email).first()


def username_taken(*, username: str) -> bool:
    return User.objects.filter(username__iexact=username).exists()


def open_invitations_for(*, user: Any) -> QuerySet[FamilyInvitation]:
    """A family user's invitations that can still be used, newest first."""
    return FamilyInvitation.objects.filter(
        user=user,
        used_at__isnull=True,
        locked_at__isnull=True,
        withdrawn_at__isnull=True,
        expires_at__gt=timezone.now(),
    )


def invitations_for_child(*, child: Child) -> QuerySet[FamilyInvitation]:
    """A child's invitations, newest first (staff: the child is already in scope)."""
    return FamilyInvitation.objects.filter(child=child).select_related("family_member", "user")


def invitation_for(*, user: Any, pk: Any) -> FamilyInvitation | None:
    """One of the user's own invitations (of any status), or None."""
    try:
        return (
            FamilyInvitation.objects.select_related("child", "family_member")
            .filter(user=user, pk=pk)
            .first()
        )
    except (ValueError, TypeError):
        return None


def members_who_may_be_invited(*, child: Child) -> QuerySet[FamilyMember]:
    """Family members who may have an account for this child: those with parental
    responsibility, and carers given read access to the plan."""
    return FamilyMember.objects.filter(child=child).filter(
        Q(parental_responsibility=True)
        | Q(plan_read_access=True, relationship__in=CARER_RELATIONSHIPS)
    )


def linked_members_for(*, child: Child) -> QuerySet[FamilyMember]:
    """The child's family members whose accounts are linked."""
    return FamilyMember.objects.filter(child=child, user__isnull=False).select_related("user")


def member_links_of(*, user: Any) -> QuerySet[FamilyMember]:
    """The family user's own links (as a parent or carer), with their children."""
    return FamilyMember.objects.filter(user=user).select_related("child")


def own_record_of(*, user: Any) -> Child | None:
    """The young person's own record, when the user is one."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.FAMILY:
        return None
    return Child.objects.filter(young_person_user=user).first()


def withheld_by_the_16_plus_rule(*, user: Any) -> int:
    """How many of a parent's links the 16+ rule hides now (to say why on their home page)."""
    visible = Child.objects.visible_to(user).values("pk")
    return (
        FamilyMember.objects.filter(
            user=user, has_account_access=True, parental_responsibility=True
        )
        .exclude(child__in=visible)
        .count()
    )


def carer_plan_children(*, user: Any) -> QuerySet[Child]:
    """Cared-for children whose plan this carer's account may read (and nothing else of them)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Child.objects.none()
    if user.role != Role.FAMILY:
        return Child.objects.none()
    links = FamilyMember.objects.filter(
        user=user, plan_read_access=True, relationship__in=CARER_RELATIONSHIPS
    )
    return Child.objects.filter(cared_for=True, pk__in=links.values("child_id"))


def is_young_person_now(child: Child) -> bool:
    return over_compulsory_school_age(child.date_of_birth, timezone.localdate())


def family_reach(*, user: Any) -> QuerySet[Child]:
    """Every child a family user is linked to in any way: their records, and the children whose
    plan they may read as a carer."""
    # No ordering in the union's parts: SQLite (the demo's database) refuses ORDER BY there.
    reach = (
        Child.objects.visible_to(user)
        .order_by()
        .values("pk")
        .union(carer_plan_children(user=user).order_by().values("pk"))
    )
    return Child.objects.filter(pk__in=[row["pk"] for row in reach])


def family_of(*, child: Child) -> QuerySet[FamilyMember]:
    return FamilyMember.objects.filter(child=child)


def current_school_names(*, child: Child) -> list[str]:
    """The names of the schools, colleges or settings the child attends today."""
    return [s.organisation.name for s in child.current_settings().select_related("organisation")]
