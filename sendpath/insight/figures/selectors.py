"""Reads for the figures' pages: the authority, and where its records begin. (The children
behind a figure are read from the stored count: ``sendpath.insight.snapshots.members``.)"""

from __future__ import annotations

from sendpath.ehc.models import Case
from sendpath.people.models import Organisation, OrganisationKind


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
