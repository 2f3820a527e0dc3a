"""The Local Offer's search: what a family asked for, and the matching services in order."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
)

from .. import reference
from ..models import (
    Service,
    ServiceAtLocation,
)
from ..postcodes import postcode_point
from .distance import locations_near
from .nearest import NearestFirst
from .public import public_services

# What a row of search results shows (views._card and the card macro).
RESULT_FIELDS = (
    "name",
    "description",
    "alert",
    "minimum_age",
    "maximum_age",
    "is_free",
    "cost_description",
    "access",
    "provider__name",
)
RADIUS_CHOICES = (1, 3, 5, 10, 25)
DEFAULT_RADIUS = 5


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
    # What to page through, in the order chosen: ``matches`` itself, or nearest first.
    services: QuerySet[Service] | NearestFirst
    origin: tuple[float, float] | None
    postcode_unknown: bool
    sort: str
    keyword_mode: str  # "full-text" on PostgreSQL, "simple" elsewhere
    # Every match as a query (within the distance when a postcode was given), by relevance or
    # by name: for counting, or narrowing further in SQL.
    matches: QuerySet[Service]
    narrowed: bool = False  # a keyword, a filter or a distance was asked for


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
    # Terms have fixed ids (reference.term_id): filtering by id, not by joining the terms for
    # their codes, lets PostgreSQL estimate how many services each term has (half the time).
    for through, kind, codes in (
        (Service.needs.through, "need", params.needs),
        (Service.categories.through, "category", params.categories),
    ):
        if codes:
            ids = [reference.term_id(kind, code) for code in codes]
            qs = qs.filter(
                Exists(through.objects.filter(service_id=OuterRef("pk"), taxonomyterm_id__in=ids))
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
    radius = float(params.radius)
    candidates = qs
    if origin is not None:
        # Within the distance: at least one of its locations is (no grouping needed).
        qs = qs.filter(
            Exists(
                ServiceAtLocation.objects.filter(
                    service_id=OuterRef("pk"),
                    location__in=locations_near(origin, radius).values("pk"),
                )
            )
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
    qs = _result_rows(qs).order_by(
        *(("-rank", "name", "pk") if sort == "relevance" else ("name", "pk"))
    )
    services: QuerySet[Service] | NearestFirst = qs
    if sort == "distance" and origin is not None:
        services = NearestFirst(qs, _result_rows(candidates), origin, radius)
    return SearchResult(
        services=services,
        origin=origin,
        postcode_unknown=unknown,
        sort=sort,
        keyword_mode="full-text" if postgres else "simple",
        matches=qs,
        narrowed=params != Search(radius=params.radius, sort=params.sort),
    )


def _result_rows(qs: QuerySet[Service]) -> QuerySet[Service]:
    """Rows carrying what a results row shows (other fields load if asked for); the search
    vector is only ever read by the database."""
    return qs.select_related("provider").only(*RESULT_FIELDS)
