"""Reads for the Local Offer: what the public may see, search, and the staff's lists."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import ExtractYear
from django.utils import timezone

from sendpath.people.models.organisation import Organisation, OrganisationKind

from . import reference
from .models import (
    PUBLIC_STATUSES,
    Comment,
    CommentStatus,
    Location,
    Provider,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from .services import AREAS_CACHE_KEY, postcode_point

MILES_PER_DEGREE = 69.0
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
PAGE_READ = 40  # rows of a ring read at a time: a page of 20, and room for repeats
RADIUS_CHOICES = (1, 3, 5, 10, 25)
DEFAULT_RADIUS = 5


PUBLIC_LIST_SECONDS = 300  # how long a process keeps the council's name and the list of areas


def authority_name() -> str:
    """The name of the council whose Local Offer this is."""
    key = f"localoffer:authority-name:{settings.HOME_LA_CODE}"
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


def _k_lon(lat0: float) -> float:
    return MILES_PER_DEGREE * math.cos(math.radians(lat0))


class SquaredMiles(Func):
    """Squared distance in miles from ``origin`` to a latitude and longitude column pair.

    Equirectangular, exact enough within a county: ((lat - lat0) * 69)^2 + ((lon - lon0) * k)^2
    with k the miles in a degree of longitude at the origin. One SQL expression over two
    columns, rather than a tree of F() and Value() the ORM resolves for every query.
    """

    output_field = FloatField()

    def __init__(self, latitude: str, longitude: str, origin: tuple[float, float]) -> None:
        super().__init__(F(latitude), F(longitude))
        self.origin = origin

    def as_sql(  # type: ignore[override]  # takes no function, template or joiner
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, list[Any]]:
        lat_sql, lat_params = compiler.compile(self.source_expressions[0])
        lon_sql, lon_params = compiler.compile(self.source_expressions[1])
        lat0, lon0 = self.origin
        north = f"(({lat_sql} - %s) * %s)"
        east = f"(({lon_sql} - %s) * %s)"
        north_params = [*lat_params, lat0, MILES_PER_DEGREE]
        east_params = [*lon_params, lon0, _k_lon(lat0)]
        sql = f"({north} * {north} + {east} * {east})"
        return sql, [*north_params, *north_params, *east_params, *east_params]


def distance2(origin: tuple[float, float], prefix: str = "") -> SquaredMiles:
    """The squared distance in miles to the location at ``prefix`` (like "location__")."""
    return SquaredMiles(f"{prefix}latitude", f"{prefix}longitude", origin)


def distance2_to(origin: tuple[float, float], latitude: float, longitude: float) -> float:
    """The same squared distance as ``SquaredMiles``, worked out in Python."""
    lat0, lon0 = origin
    north = (latitude - lat0) * MILES_PER_DEGREE
    east = (longitude - lon0) * _k_lon(lat0)
    return north * north + east * east


def locations_near(origin: tuple[float, float], radius: float) -> QuerySet[Location]:
    """Locations within ``radius`` miles, with ``distance2``; a box first, so an index helps."""
    lat0, lon0 = origin
    dlat = radius / MILES_PER_DEGREE
    dlon = radius / _k_lon(lat0)
    return (
        Location.objects.filter(
            latitude__range=(lat0 - dlat, lat0 + dlat),
            longitude__range=(lon0 - dlon, lon0 + dlon),
        )
        .annotate(distance2=distance2(origin))
        .filter(distance2__lte=radius * radius)
    )


class NearestFirst:
    """Services nearest first (then by name), pageable like a query.

    Grouping every service's locations to find its nearest sorts thousands of joined rows for
    each page. Instead the services are read ring by ring outwards from the searcher (each ring
    twice as wide as the last), nearest first within a ring, until the page is full: a service
    is met first at its nearest location. The count is a plain count of ``matches``.
    """

    FIRST_RING = 0.5  # miles

    def __init__(
        self,
        matches: QuerySet[Service],
        candidates: QuerySet[Service],
        origin: tuple[float, float],
        radius: float,
    ):
        self.matches = matches  # every match, within the radius: to count
        self.candidates = candidates  # the same filters, less the distance: to read rings from
        self.origin = origin
        self.radius = radius
        self._count: int | None = None
        self._order: list[tuple[Any, float]] = []  # (service id, distance2), nearest first
        self._seen: set[Any] = set()
        self._reached = 0.0  # miles read so far, whole rings
        self._ring: QuerySet[Any] | None = None  # the ring being read
        self._ring_read = 0
        self._ring_outer = 0.0

    def count(self) -> int:
        if self._count is None:
            self._count = self.matches.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def _rows(self, inner: float, outer: float) -> QuerySet[Any]:
        """(service id, distance2) at locations more than ``inner`` and up to ``outer`` miles
        away, nearest first, then by name; a service with two such locations comes twice."""
        lat0, lon0 = self.origin
        dlat = outer / MILES_PER_DEGREE
        dlon = outer / _k_lon(lat0)
        prefix = "at_locations__location__"
        rows = (
            self.candidates.order_by()
            .filter(
                **{
                    f"{prefix}latitude__range": (lat0 - dlat, lat0 + dlat),
                    f"{prefix}longitude__range": (lon0 - dlon, lon0 + dlon),
                }
            )
            .annotate(distance2=distance2(self.origin, prefix))
            .filter(distance2__lte=outer * outer)
        )
        if inner > 0:
            rows = rows.filter(distance2__gt=inner * inner)
        return rows.order_by("distance2", "name", "pk").values_list("pk", "distance2")

    def _walk(self, wanted: int) -> None:
        """Read on until ``wanted`` services are in order (or the radius is reached)."""
        while len(self._order) < wanted:
            if self._ring is None:
                if self._reached >= self.radius:
                    return
                inner = self._reached
                outer = min(self.radius, inner * 2 if inner else self.FIRST_RING)
                self._ring, self._ring_read, self._ring_outer = self._rows(inner, outer), 0, outer
            # Many services can share a venue: read a ring a slice at a time, not whole.
            limit = max(PAGE_READ, 2 * (wanted - len(self._order)))
            rows = list(self._ring[self._ring_read : self._ring_read + limit])
            for pk, d2 in rows:
                if pk not in self._seen:
                    self._seen.add(pk)
                    self._order.append((pk, d2))
            self._ring_read += len(rows)
            if len(rows) < limit:  # this ring is read: on to the next
                self._ring, self._reached = None, self._ring_outer

    def page_ids(self, start: int, stop: int) -> list[tuple[Any, float]]:
        """(service id, distance2) of the services from ``start`` to ``stop``, nearest first."""
        self._walk(stop)
        return self._order[start:stop]

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, int):
            found = self[key : key + 1]
            if not found:
                raise IndexError(key)
            return found[0]
        start, stop = key.start or 0, key.stop
        if stop is None:
            stop = self.count()
        page = self.page_ids(start, stop)
        rows = {s.pk: s for s in self.candidates.order_by().filter(pk__in=[pk for pk, _ in page])}
        out = []
        for pk, d2 in page:
            if pk in rows:
                rows[pk].distance2 = d2  # type: ignore[attr-defined]
                out.append(rows[pk])
        return out

    def __iter__(self) -> Iterator[Service]:
        return iter(self[:])


# The orderings search() gives a query, as the outer query of results_page spells them.
_ORDER_SQL = {
    ("-rank", "name", "pk"): ("rank", "m.rank DESC, m.name, m.pk"),
    ("name", "pk"): ("", "m.name, m.pk"),
}


def results_page(result: SearchResult, number: Any, per_page: int) -> Page:
    """One page of search results, as ``Paginator(result.services).get_page(number)`` gives it.

    On PostgreSQL a query from search() is read once, not twice: counting the matches and
    sorting them for the page each read every matching row, and a common word matches most of
    the Local Offer. The matches' ids, names and ranks are kept (a materialised CTE), then
    counted and sorted for the page's ids in the same statement; a second query reads those
    20 rows. A page past the end shows the last page, as ``get_page`` does. Every service, by
    name, is quicker counted and paged apart (an index holds names in order), as is nearest first.
    """
    services = result.services
    key = tuple(services.query.order_by) if isinstance(services, QuerySet) else ()
    if connection.vendor != "postgresql" or key not in _ORDER_SQL or not result.narrowed:
        return Paginator(services, per_page).get_page(number)
    assert isinstance(services, QuerySet)  # noqa: S101 - NearestFirst has no order_by key
    try:
        wanted = max(1, int(number))
    except (TypeError, ValueError):
        wanted = 1
    ids, total = _matching_ids(services, key, (wanted - 1) * per_page, per_page)
    if not ids and total and wanted > 1:
        wanted = math.ceil(total / per_page)
        ids, total = _matching_ids(services, key, (wanted - 1) * per_page, per_page)
    paginator = Paginator(services, per_page)
    paginator.count = total  # counted already  # type: ignore[misc]
    rows = {s.pk: s for s in services.order_by().filter(pk__in=ids)}
    return Page([rows[pk] for pk in ids if pk in rows], wanted, paginator)


def _matching_ids(
    services: QuerySet[Service], key: tuple[Any, ...], offset: int, limit: int
) -> tuple[list[Any], int]:
    rank, order = _ORDER_SQL[key]
    columns = ("pk", "name", rank) if rank else ("pk", "name")
    sql, params = services.order_by().values_list(*columns).query.sql_with_params()
    statement = f"""
        WITH m AS MATERIALIZED ({sql})
        SELECT c.total, p.pk
        FROM (SELECT count(*) AS total FROM m) c
        LEFT JOIN LATERAL (
            SELECT m.pk FROM m ORDER BY {order} LIMIT %s OFFSET %s
        ) p ON true
    """  # noqa: S608 - the inner query is Django's, with its parameters bound below
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, limit, offset])
        rows = cursor.fetchall()
    total = rows[0][0] if rows else 0
    return [pk for _, pk in rows if pk is not None], total


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


def with_terms(services: list[Service], origin: tuple[float, float] | None = None) -> list[Service]:
    """Read what a results row shows of a page of services, in one narrow statement.

    Sets ``need_names``, ``category_names`` and ``towns`` on each and, given the searcher's
    ``origin``, ``distance2`` to its nearest location's (unless the search set it already).
    """
    names: dict[tuple[Any, str], list[tuple[int, str]]] = {}
    places: dict[Any, list[tuple[str, float | None, float | None]]] = {}
    pk = Service._meta.pk
    assert pk is not None  # noqa: S101 - every model has one
    ids = [pk.get_db_prep_value(s.pk, connection) for s in services]
    for service_id, kind, text, position, latitude, longitude in _row_extras(ids):
        key = pk.to_python(service_id)
        if kind == "place":
            places.setdefault(key, []).append((text, latitude, longitude))
        else:
            names.setdefault((key, kind), []).append((position, text))
    for s in services:
        for kind, attribute in (("need", "need_names"), ("category", "category_names")):
            setattr(s, attribute, [text for _, text in sorted(names.get((s.pk, kind), []))])
        here = places.get(s.pk, [])
        s.towns = sorted({city for city, _, _ in here if city})  # type: ignore[attr-defined]
        if origin is not None and getattr(s, "distance2", None) is None:
            points = [
                distance2_to(origin, lat, lon)
                for _, lat, lon in here
                if lat is not None and lon is not None
            ]
            s.distance2 = min(points) if points else None  # type: ignore[attr-defined]
    return services


def _row_extras(ids: list[Any]) -> list[tuple[Any, ...]]:
    """(service id, kind, text, position, latitude, longitude) for the needs ("need"),
    categories ("category") and places ("place") of the services ``ids``.

    One plain statement: it runs on every results page, and the same union built with the ORM
    costs three times as long to put together as to run (4.6 ms against 1.5 ms at 20 rows).
    """
    if not ids:
        return []
    marks = ", ".join(["%s"] * len(ids))
    table = {
        "needs": Service.needs.through._meta.db_table,
        "categories": Service.categories.through._meta.db_table,
        "terms": TaxonomyTerm._meta.db_table,
        "at": ServiceAtLocation._meta.db_table,
        "locations": Location._meta.db_table,
    }
    no_point = "CAST(NULL AS double precision), CAST(NULL AS double precision)"
    statement = f"""
        SELECT r.service_id, 'need', t.name, t.position, {no_point}
        FROM {table["needs"]} r JOIN {table["terms"]} t ON t.id = r.taxonomyterm_id
        WHERE r.service_id IN ({marks})
        UNION ALL
        SELECT r.service_id, 'category', t.name, t.position, {no_point}
        FROM {table["categories"]} r JOIN {table["terms"]} t ON t.id = r.taxonomyterm_id
        WHERE r.service_id IN ({marks})
        UNION ALL
        SELECT a.service_id, 'place', l.city, 0, l.latitude, l.longitude
        FROM {table["at"]} a JOIN {table["locations"]} l ON l.id = a.location_id
        WHERE a.service_id IN ({marks})
    """  # noqa: S608 - table names from the models; the ids are bound parameters
    with connection.cursor() as cursor:
        cursor.execute(statement, ids * 3)
        return cursor.fetchall()


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


def providers(q: str = "") -> QuerySet[Provider]:
    """Providers with how many entries each has, by name (the Local Offer team's list)."""
    qs = Provider.objects.select_related("organisation", "feed").annotate(entries=Count("services"))
    if q.strip():
        qs = qs.filter(Q(name__icontains=q.strip()) | Q(organisation__name__icontains=q.strip()))
    return qs.order_by("name", "pk")


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
