"""Reads for children and organisations, always scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from sendpath.core import identifiers, reference
from sendpath.core.models import AuditEntry

from .models import (
    Child,
    FamilyMember,
    Organisation,
    OrganisationKind,
    ProfessionalLink,
    SettingAttendance,
    User,
)


def child_search(
    *, user: User, query: str = "", date_of_birth: dt.date | None = None
) -> QuerySet[Child]:
    """Children the user may see, matching a name, a UPN or a date of birth.

    A query that looks like a UPN matches it exactly; otherwise every word must appear at the
    start of a first, last or preferred name.
    """
    children = Child.objects.visible_to(user).select_related("responsible_authority")
    query = query.strip()
    if query:
        compact = identifiers.normalise(query)
        if len(compact) == 13 and compact[0].isalpha() and compact[1:12].isdigit():
            children = children.filter(upn=compact)
        else:
            for word in query.split():
                children = children.filter(
                    Q(first_name__istartswith=word)
                    | Q(last_name__istartswith=word)
                    | Q(preferred_name__istartswith=word)
                    | Q(middle_names__istartswith=word)
                )
    if date_of_birth is not None:
        children = children.filter(date_of_birth=date_of_birth)
    return children.order_by("last_name", "first_name", "date_of_birth", "pk")


def children_in_scope(*, user: User) -> QuerySet[Child]:
    """The children the user may see, with their authorities, to pick one from."""
    return Child.objects.visible_to(user).select_related(
        "responsible_authority", "resident_authority", "looked_after_by"
    )


def children_visible_to(*, user: User) -> QuerySet[Child]:
    """The children the user may see, as they are (a family's own children, for example)."""
    return Child.objects.visible_to(user)


def child_get(*, user: User, pk: UUID | str) -> Child:
    """One child the user may see; raises Child.DoesNotExist otherwise (the same whether the
    record is missing or out of reach, so nothing is learnt about its existence)."""
    return children_in_scope(user=user).get(pk=pk)


def child_access_log(*, child: Child) -> QuerySet[AuditEntry]:
    """Who has looked at or changed a child's record, newest first, with who they are."""
    return AuditEntry.objects.filter(child_id=child.pk).select_related("actor")


def family_members_for(*, child: Child) -> QuerySet[FamilyMember]:
    """A child's parents, carers and family members (the child is already in scope)."""
    return FamilyMember.objects.filter(child=child)


def setting_attendances_for(*, child: Child) -> QuerySet[SettingAttendance]:
    """A child's schools, colleges and settings, past and present."""
    return SettingAttendance.objects.filter(child=child)


def professional_links_current_for(*, child: Child) -> QuerySet[ProfessionalLink]:
    """The health and social care professionals who can see a child's record today."""
    return ProfessionalLink.objects.filter(child=child, ended_on__isnull=True)


def leader_summary(*, user: User) -> dict[str, Any]:
    """Counts only, for a leader's authority: leaders never see a named record."""
    children = Child.objects.counted_for(user)
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
        "authority": user.authority,
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


def organisation_search(
    *, query: str = "", kind: str = "", include_closed: bool = False
) -> QuerySet[Organisation]:
    organisations = Organisation.objects.select_related("local_authority")
    if not include_closed:
        organisations = organisations.filter(is_active=True)
    if kind:
        organisations = organisations.filter(kind=kind)
    query = query.strip()
    if query:
        compact = query.replace(" ", "")
        organisations = organisations.filter(
            Q(name__icontains=query)
            | Q(la_code=compact)
            | Q(urn=compact)
            | Q(ukprn=compact)
            | Q(postcode__iexact=query)
        )
    return organisations.order_by("name", "pk")


def organisation_find(*, pk: UUID | str) -> Organisation | None:
    """The organisation with this key, open or closed, or None."""
    return Organisation.objects.filter(pk=pk).first()


def home_authority_name() -> str:
    """The name of the council this installation serves (its ``HOME_LA_CODE``)."""
    name = (
        Organisation.objects.filter(
            kind=OrganisationKind.LOCAL_AUTHORITY, la_code=settings.HOME_LA_CODE
        )
        .values_list("name", flat=True)
        .first()
    )
    return name or "The council"


def education_settings_in(*, authority: Organisation | None) -> QuerySet[Organisation]:
    """The open schools, colleges and early years settings in an authority's area, by name."""
    return Organisation.objects.filter(
        kind__in=[OrganisationKind.SCHOOL, OrganisationKind.EARLY_YEARS, OrganisationKind.COLLEGE],
        local_authority=authority,
        is_active=True,
    ).order_by("name")


def organisations_all(*, with_authority: bool = False) -> QuerySet[Organisation]:
    """Every organisation (open or closed), to find one by its key; with its local authority
    where the page shows it."""
    if with_authority:
        return Organisation.objects.select_related("local_authority")
    return Organisation.objects.all()
