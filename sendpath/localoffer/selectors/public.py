"""What the public may see: public services and one service's page, terms, areas, the council."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    QuerySet,
)
from django.utils import timezone

from sendpath.people.models.organisation import Organisation, OrganisationKind

from .. import reference
from ..models import (
    PUBLIC_STATUSES,
    Service,
    TaxonomyTerm,
)
from ..services import AREAS_CACHE_KEY

# How long the shared cache keeps the council's name and the list of areas (a change to an entry
# forgets the areas at once; renaming the council forgets its name: see signals.py).
PUBLIC_LIST_SECONDS = 300


def authority_name_key(la_code: str) -> str:
    return f"localoffer:authority-name:{la_code}"


def authority_name() -> str:
    """The name of the council whose Local Offer this is."""
    key = authority_name_key(settings.HOME_LA_CODE)
    name = cache.get(key)
    if name is None:
        org = Organisation.objects.filter(
            kind=OrganisationKind.LOCAL_AUTHORITY, la_code=settings.HOME_LA_CODE
        ).first()
        name = org.name if org else "The council"
        cache.set(key, name, PUBLIC_LIST_SECONDS)
    return str(name)


def grace_cutoff(today: dt.date | None = None) -> dt.date:
    """Entries whose review date is before this are hidden from the public."""
    return (today or timezone.localdate()) - dt.timedelta(days=reference.GRACE_DAYS)


def public_services() -> QuerySet[Service]:
    """Running services whose entry is checked, or overdue by no more than the grace period."""
    return Service.objects.filter(status__in=PUBLIC_STATUSES, review_by__gte=grace_cutoff())


def public_service(pk: Any) -> Service | None:
    return (
        public_services()
        .select_related("provider", "feed")
        .prefetch_related("categories", "needs", "at_locations__location")
        .filter(pk=pk)
        .first()
    )


def terms(kind: str) -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(taxonomy__kind=kind).order_by("position", "name")


def areas() -> list[str]:
    """The areas public entries are in, for the search's Area filter (kept a few minutes)."""
    found = cache.get(AREAS_CACHE_KEY)
    if found is None:
        # order_by() first: the default ordering would join DISTINCT and list every service.
        found = sorted(
            public_services().exclude(area="").order_by().values_list("area", flat=True).distinct()
        )
        cache.set(AREAS_CACHE_KEY, found, PUBLIC_LIST_SECONDS)
    return list(found)
