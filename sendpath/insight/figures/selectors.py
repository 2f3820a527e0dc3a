"""Reads for the figures' pages: the authority, and the children behind a figure (scoped)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sendpath.ehc.models import Case
from sendpath.people.models import Child, Organisation, OrganisationKind


def authority_by_code(code: str) -> Organisation | None:
    return Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY, la_code=code).first()


def first_year(authority: Organisation) -> int | None:
    """The calendar year of the authority's earliest request (where its records reach)."""
    found = (
        Case.objects.filter(authority=authority)
        .order_by("received_on")
        .values_list("received_on", flat=True)
        .first()
    )
    return found.year if found else None


def cases_for_list(user: Any, authority: Organisation, case_ids: list[Any]) -> QuerySet[Case]:
    """The cases behind a figure that the user may see named: the authority's, of children the
    user may see (``Child.objects.visible_to``), with their child, in name order."""
    visible = Child.objects.visible_to(user)
    return (
        Case.objects.filter(pk__in=case_ids, authority=authority, child__in=visible)
        .select_related("child")
        .order_by("child__last_name", "child__first_name", "reference")
    )
