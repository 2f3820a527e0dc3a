"""The staff's lists: the entries each may keep up to date, providers, reviews due."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import (
    Count,
    Q,
    QuerySet,
)
from django.utils import timezone

from sendpath.people.models.organisation import Organisation, OrganisationKind

from ..models import (
    PUBLIC_STATUSES,
    FeedImport,
    Provider,
    Service,
)
from .public import grace_cutoff


def managed_services(user: Any) -> QuerySet[Service]:
    """The entries a member of staff may keep up to date (see rules.py)."""
    from ..rules import is_local_offer_team

    qs = Service.objects.select_related("provider")
    if is_local_offer_team(user):
        return qs
    if getattr(user, "role", "") == "provider" and user.organisation_id:
        return qs.filter(provider__organisation_id=user.organisation_id)
    return qs.none()


def providers(q: str = "") -> QuerySet[Provider]:
    """Providers with how many entries each has, by name (the Local Offer team's list)."""
    qs = Provider.objects.select_related("organisation", "feed").annotate(entries=Count("services"))
    if q.strip():
        qs = qs.filter(Q(name__icontains=q.strip()) | Q(organisation__name__icontains=q.strip()))
    return qs.order_by("name", "pk")


def providers_with_organisation() -> QuerySet[Provider]:
    """Every provider with its organisation and feed, to find one by its key (the permission
    is checked on the page)."""
    return Provider.objects.select_related("organisation", "feed")


def providers_for(*, user: Any) -> list[Provider]:
    """The providers whose entries the user may add to: the Local Offer team's own (not those
    from other authorities' feeds), or a provider's staff's organisation's."""
    from ..rules import is_local_offer_team

    if is_local_offer_team(user):
        return list(Provider.objects.filter(feed__isnull=True).order_by("name"))
    return list(Provider.objects.filter(organisation_id=user.organisation_id).order_by("name"))


def services_with_provider() -> QuerySet[Service]:
    """Every entry with its provider and feed, to find one by its key: the page then checks
    the user may keep it up to date, and audits a refusal."""
    return Service.objects.select_related("provider", "feed")


def feed_imports() -> QuerySet[FeedImport]:
    """Imports of other authorities' feeds, newest first, with who started each."""
    return FeedImport.objects.select_related("created_by").order_by("-created_at")


def provider_organisations() -> list[Organisation]:
    """Organisations whose staff may be given a provider's entries (not councils themselves)."""
    return list(
        Organisation.objects.exclude(kind=OrganisationKind.LOCAL_AUTHORITY).order_by("name", "pk")
    )


def review_counts(qs: QuerySet[Service]) -> dict[str, int]:
    today = timezone.localdate()
    soon = today + dt.timedelta(days=30)
    cutoff = grace_cutoff(today)
    return qs.aggregate(
        total=Count("pk"),
        due_soon=Count("pk", filter=Q(review_by__gte=today, review_by__lte=soon)),
        overdue=Count("pk", filter=Q(review_by__lt=today, review_by__gte=cutoff)),
        hidden=Count("pk", filter=Q(review_by__lt=cutoff) | ~Q(status__in=PUBLIC_STATUSES)),
    )


def filter_review(qs: QuerySet[Service], state: str) -> QuerySet[Service]:
    today = timezone.localdate()
    cutoff = grace_cutoff(today)
    if state == "due":
        return qs.filter(review_by__gte=today, review_by__lte=today + dt.timedelta(days=30))
    if state == "overdue":
        return qs.filter(review_by__lt=today, review_by__gte=cutoff)
    if state == "hidden":
        return qs.filter(Q(review_by__lt=cutoff) | ~Q(status__in=PUBLIC_STATUSES))
    return qs
