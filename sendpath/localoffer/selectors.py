"""Reads for the Local Offer: what the public may see, search, and the staff's lists."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, Exists, F, FloatField, Min, OuterRef, Q, QuerySet, Value
from django.db.models.functions import ExtractYear
from django.utils import timezone

from sendpath.people.models import Organisation, OrganisationKind

from . import reference
from .models import (
    PUBLIC_STATUSES,
    Comment,
    CommentStatus,
    Service,
    TaxonomyTerm,
)
from .services import postcode_point

MILES_PER_DEGREE = 69.0
RADIUS_CHOICES = (1, 3, 5, 10, 25)
DEFAULT_RADIUS = 5


def authority_name() -> str:
    """The name of the council whose Local Offer this is."""
    org = Organisation.objects.filter(
        kind=OrganisationKind.LOCAL_AUTHORITY, la_code=settings.HOME_LA_CODE
    ).first()
    return org.name if org else "The council"


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
    # order_by() first: the model's default ordering would join DISTINCT and list every service.
    return sorted(
        public_services().exclude(area="").order_by().values_list("area", flat=True).distinct()
    )


@dataclass
class Search:
    """What a family asked for. Every field is optional."""

    q: str = ""
    age: int | None = None
    needs: list[str] = field(default_factory=list)  # DfE need codes
    categories: list[str] = field(default_factory=list)  # category slugs
    cost: str = ""  # "", "free" or "paid"
    access: str = ""  # "", "self" (families can contact it themselves)
    area: str = ""
    postcode: str = ""
    radius: int = DEFAULT_RADIUS  # miles
    sort: str = ""  # relevance, distance or name; chosen from what was asked when empty


@dataclass
class SearchResult:
    services: QuerySet[Service]
    origin: tuple[float, float] | None
    postcode_unknown: bool
    sort: str
    keyword_mode: str  # "full-text" on PostgreSQL, "simple" elsewhere


def _distance2(origin: tuple[float, float], prefix: str) -> Any:
    """Squared distance in miles (equirectangular: exact enough within a county)."""
    lat0, lon0 = origin
    k_lon = MILES_PER_DEGREE * math.cos(math.radians(lat0))
    dlat = (F(f"{prefix}latitude") - Value(lat0)) * Value(MILES_PER_DEGREE)
    dlon = (F(f"{prefix}longitude") - Value(lon0)) * Value(k_lon)
    return dlat * dlat + dlon * dlon


def search(params: Search, base: QuerySet[Service] | None = None) -> SearchResult:
    qs = base if base is not None else public_services()
    postgres = connection.vendor == "postgresql"
    rank = None
    if params.q.strip():
        if postgres:
            query = SearchQuery(params.q.strip(), config="english", search_type="websearch")
            qs = qs.filter(search_vector=query)
            rank = SearchRank(F("search_vector"), query, weights=[0.1, 0.2, 0.4, 1.0])
        else:
            for word in params.q.split():
                qs = qs.filter(
                    Q(name__icontains=word)
                    | Q(description__icontains=word)
                    | Q(eligibility__icontains=word)
                    | Q(provider__name__icontains=word)
                )
    if params.age is not None:
        qs = qs.filter(minimum_age__lte=params.age, maximum_age__gte=params.age)
    through_needs = Service.needs.through.objects
    if params.needs:
        qs = qs.filter(
            Exists(
                through_needs.filter(service_id=OuterRef("pk"), taxonomyterm__code__in=params.needs)
            )
        )
    if params.categories:
        qs = qs.filter(
            Exists(
                Service.categories.through.objects.filter(
                    service_id=OuterRef("pk"), taxonomyterm__code__in=params.categories
                )
            )
        )
    if params.cost == "free":
        qs = qs.filter(is_free=True)
    elif params.cost == "paid":
        qs = qs.filter(is_free=False)
    if params.access == "self":
        qs = qs.exclude(access="referral")
    if params.area:
        qs = qs.filter(area=params.area)

    origin = postcode_point(params.postcode) if params.postcode.strip() else None
    unknown = bool(params.postcode.strip()) and origin is None
    if origin is not None:
        radius = float(params.radius)
        lat0, lon0 = origin
        dlat = radius / MILES_PER_DEGREE
        dlon = radius / (MILES_PER_DEGREE * math.cos(math.radians(lat0)))
        prefix = "at_locations__location__"
        qs = (
            qs.filter(
                **{
                    f"{prefix}latitude__range": (lat0 - dlat, lat0 + dlat),
                    f"{prefix}longitude__range": (lon0 - dlon, lon0 + dlon),
                }
            )
            .annotate(distance2=Min(_distance2(origin, prefix), output_field=FloatField()))
            .filter(distance2__lte=radius * radius)
        )
    if rank is not None:
        qs = qs.annotate(rank=rank)

    sort = params.sort
    if sort not in {"relevance", "distance", "name"}:
        sort = ""
    if sort == "relevance" and rank is None:
        sort = ""
    if sort == "distance" and origin is None:
        sort = ""
    if not sort:
        sort = "relevance" if rank is not None else ("distance" if origin else "name")
    if sort == "relevance":
        qs = qs.order_by("-rank", "name", "pk")
    elif sort == "distance":
        qs = qs.order_by("distance2", "name", "pk")
    else:
        qs = qs.order_by("name", "pk")
    return SearchResult(
        services=qs.select_related("provider"),
        origin=origin,
        postcode_unknown=unknown,
        sort=sort,
        keyword_mode="full-text" if postgres else "simple",
    )


def with_terms(services: list[Service]) -> list[Service]:
    """Load the categories and needs of a page of services in two queries."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(services, "categories", "needs", "at_locations__location")
    return services


def distance_miles(service: Service) -> float | None:
    d2 = getattr(service, "distance2", None)
    return math.sqrt(d2) if d2 is not None else None


def shortlisted(ids: list[str]) -> list[Service]:
    import uuid

    valid = []
    for value in ids:
        try:
            valid.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    found = {s.pk: s for s in public_services().filter(pk__in=valid).select_related("provider")}
    return with_terms([found[i] for i in valid if i in found])


# ---------------------------------------------------------------------------------------------
# Staff


def managed_services(user: Any) -> QuerySet[Service]:
    """The entries a member of staff may keep up to date (see rules.py)."""
    from .rules import is_local_offer_team

    qs = Service.objects.select_related("provider")
    if is_local_offer_team(user):
        return qs
    if getattr(user, "role", "") == "provider" and user.organisation_id:
        return qs.filter(provider__organisation_id=user.organisation_id)
    return qs.none()


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


def published_comments() -> QuerySet[Comment]:
    return (
        Comment.objects.filter(status=CommentStatus.PUBLISHED)
        .select_related("service")
        .order_by("-decided_at")
    )


def comment_years() -> list[int]:
    years = (
        Comment.objects.annotate(year=ExtractYear("created_at"))
        .order_by()  # the default ordering would make DISTINCT return one row a comment
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted({y for y in years if y}, reverse=True)


def annual_summary(year: int) -> dict[str, Any]:
    """Comments received in a calendar year and what became of them, by theme."""
    # A year a date cannot hold (a typed address like /annual-report/99999/) has no comments,
    # rather than an error from building its bounds.
    in_year = (
        Comment.objects.filter(created_at__year=year)
        if dt.MINYEAR < year < dt.MAXYEAR
        else Comment.objects.none()
    )
    rows = in_year.values("topic").annotate(
        received=Count("pk"),
        published=Count("pk", filter=Q(status=CommentStatus.PUBLISHED)),
        declined=Count("pk", filter=Q(status=CommentStatus.DECLINED)),
        open=Count("pk", filter=Q(status=CommentStatus.NEW)),
    )
    by_topic = {r["topic"]: r for r in rows}
    themes = []
    for topic, label in reference.THEME_LABELS.items():
        r = by_topic.get(topic, {})
        themes.append(
            {
                "topic": topic,
                "label": label,
                "received": r.get("received", 0),
                "published": r.get("published", 0),
                "declined": r.get("declined", 0),
                "open": r.get("open", 0),
            }
        )
    totals = {k: sum(t[k] for t in themes) for k in ("received", "published", "declined", "open")}
    return {"year": year, "themes": themes, "totals": totals}
