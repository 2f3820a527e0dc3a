"""The Open Referral UK 3.0 API of the Local Offer: open, read-only JSON (ADR 0006).

Plain Django views. Every answer, errors included, is JSON and carries
``Access-Control-Allow-Origin: *`` so other authorities' and charities' pages can read it.
Only public services (``selectors.public_services``) and the providers running them appear.

Paging: ``page`` is 1-based (default 1); ``per_page`` defaults to 50 and is capped at 200
(``minimal=true`` lists default to 1,000 and are capped at 10,000, as ORUK asks minimal lists
to come in one call where they can). A page past the last is an empty page (200), not an error.
The OpenAPI (Open Referral UK 3.0, in ``../shared/spec``) types both as plain integers with no minimum,
so any whole number is answered: a ``page`` below 1 is the first page, a ``per_page`` below 1
(or left empty) the default. One that is not a whole number is a 400.

No parameter of this API is an array, so one given twice (``full_service=true&full_service=
false``) is a 400 naming it, not a silent pick of one of the two.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
)
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.csrf import csrf_exempt

from . import oruk, selectors
from .models import Provider, Service, ServiceAtLocation
from .postcodes import postcode_point

PER_PAGE = 50
MAX_PER_PAGE = 200
MINIMAL_PER_PAGE = 1000
MAX_MINIMAL_PER_PAGE = 10_000
METRES_PER_MILE = 1609.344
TRUE = {"true", "1", "yes"}
FALSE = {"false", "0", "no", ""}
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type",
    "Access-Control-Max-Age": "86400",
}


class ApiError(Exception):
    """A request the API cannot answer: becomes a JSON error with its status."""

    def __init__(self, message: str, *, parameter: str = "", status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.parameter = parameter
        self.status = status


def _json(data: Any, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, safe=False, json_dumps_params={"indent": None})
    for key, value in CORS_HEADERS.items():
        response[key] = value
    return response


def error_response(message: str, *, status: int, parameter: str = "") -> JsonResponse:
    body: dict[str, Any] = {"error": message}
    if parameter:
        body["parameter"] = parameter
    return _json(body, status=status)


def not_found(what: str = "Nothing was found at this address") -> ApiError:
    return ApiError(what, status=404)


def api_view(view: Callable[..., Any]) -> Callable[..., HttpResponse]:
    """GET (and HEAD) only, answers the CORS preflight, and turns ApiError into JSON."""

    @csrf_exempt  # nothing here changes anything; a refused POST should say 405, not 403
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            for key, value in CORS_HEADERS.items():
                response[key] = value
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        if request.method not in {"GET", "HEAD"}:
            response = error_response(
                f"This API only answers GET requests, not {request.method}", status=405
            )
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        try:
            _once_each(request)
            result = view(request, *args, **kwargs)
        except ApiError as error:
            return error_response(error.message, status=error.status, parameter=error.parameter)
        if not isinstance(result, HttpResponse):
            return _json(result)
        for key, value in CORS_HEADERS.items():
            result[key] = value
        return result

    return wrapper


# ---------------------------------------------------------------------------------------------
# Reading the query string


def _uuid(value: str, parameter: str) -> uuid.UUID:
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        raise ApiError(
            f"{parameter} must be an id in UUID form, like 3f7b145d-84af-42d7-8fae-eaca714b02b2",
            parameter=parameter,
        ) from None


def _id_or_404(value: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise not_found(f"There is no {what} with the id {value[:100]}") from None


def _flag(request: HttpRequest, parameter: str) -> bool:
    raw = request.GET.get(parameter, "").strip().lower()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise ApiError(f"{parameter} must be true or false", parameter=parameter)


def _once_each(request: HttpRequest) -> None:
    """Every parameter of the ORUK OpenAPI is a single value (none is an array)."""
    for parameter, values in request.GET.lists():
        if len(values) > 1:
            raise ApiError(
                f"{parameter[:50]} may be given only once (it was given {len(values)} times)",
                parameter=parameter[:50],
            )


def _whole_number(request: HttpRequest, parameter: str, default: int) -> int:
    """An integer parameter: empty means the default; anything not a whole number is a 400."""
    raw = request.GET.get(parameter, "").strip()
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ApiError(
            f"{parameter} must be a whole number (it was {raw[:30]!r})", parameter=parameter
        ) from None


@dataclass
class Paging:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def _paging(
    request: HttpRequest, *, default: int = PER_PAGE, maximum: int = MAX_PER_PAGE
) -> Paging:
    page = max(_whole_number(request, "page", 1), 1)
    per_page = _whole_number(request, "per_page", default)
    return Paging(page=page, per_page=min(per_page if per_page >= 1 else default, maximum))


def _modified_after(request: HttpRequest) -> dt.datetime | None:
    raw = request.GET.get("modified_after", "").strip()
    if not raw:
        return None
    try:
        when = parse_datetime(raw.replace(" ", "+"))  # a "+" in a query string arrives as " "
        if when is None:
            day = parse_date(raw)
            when = dt.datetime.combine(day, dt.time()) if day else None
    except ValueError:
        when = None
    if when is None:
        raise ApiError(
            "modified_after must be a date and time in ISO 8601 form, "
            "like 2025-03-15T10:30:00Z or 2025-03-15",
            parameter="modified_after",
        )
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    return when


def _origin(request: HttpRequest) -> tuple[str, float | None]:
    """The postcode asked about and the distance in miles (None: no postcode)."""
    postcode = request.GET.get("postcode", "").strip()
    raw = request.GET.get("proximity", "").strip()
    if not postcode:
        if raw:
            raise ApiError("proximity needs a postcode to measure from", parameter="postcode")
        return "", None
    if postcode_point(postcode) is None:
        raise ApiError(
            f"We do not know the postcode {postcode[:10]}: check it, or try its first half",
            parameter="postcode",
        )
    if not raw:
        return postcode, float(selectors.DEFAULT_RADIUS)
    try:
        metres = float(raw)
    except ValueError:
        metres = math.nan
    if not math.isfinite(metres) or metres <= 0:
        raise ApiError(
            f"proximity must be a distance in metres, more than 0 (it was {raw[:30]!r})",
            parameter="proximity",
        )
    return postcode, metres / METRES_PER_MILE


def _page(qs: QuerySet[Any], paging: Paging) -> tuple[list[Any], int]:
    total = qs.count()
    if paging.offset >= total:
        return [], total
    return list(qs[paging.offset : paging.offset + paging.per_page]), total


def _envelope(contents: list[dict[str, Any]], total: int, paging: Paging) -> dict[str, Any]:
    return oruk.page_envelope(
        contents=contents, total=total, page=paging.page, per_page=paging.per_page
    )


# ---------------------------------------------------------------------------------------------
# Filters shared by services and services at locations


def _term_filters(request: HttpRequest, prefix: str = "") -> Q:
    """taxonomy_term_id, taxonomy_id, organization_id and modified_after, on a service (or,
    with ``prefix="service__"``, on a service at a location).

    A term or taxonomy belongs to one of our two taxonomies, so it is looked up first and only
    that link table is searched: one semi-join, where "in needs or in categories" would make
    PostgreSQL test every service twice.
    """
    cond = Q()
    pk = OuterRef("service_id" if prefix else "pk")
    unknown = False
    # A term or a taxonomy: which kind it is (needs or categories) says which link table to test.
    by_term: tuple[tuple[str, QuerySet[Any], str], ...] = (
        (
            "taxonomy_term_id",
            selectors.taxonomy_term_kinds(),
            "taxonomyterm_id",
        ),
        (
            "taxonomy_id",
            selectors.taxonomy_kinds(),
            "taxonomyterm__taxonomy_id",
        ),
    )
    for parameter, kinds, link in by_term:
        raw = request.GET.get(parameter, "").strip()
        if not raw:
            continue
        key = _uuid(raw, parameter)
        kind = kinds.filter(pk=key).first()
        if kind is None:
            unknown = True
        else:
            links = selectors.service_term_links(kind=kind).filter(service_id=pk, **{link: key})
            cond &= Q(Exists(links))
    raw = request.GET.get("organization_id", "").strip()
    if raw:
        cond &= Q(**{f"{prefix}provider_id": _uuid(raw, "organization_id")})
    when = _modified_after(request)
    if when is not None:
        cond &= Q(**{f"{prefix}modified_at__gte": when})
    # An id of no term or taxonomy of ours matches nothing (and is not an error).
    return Q(**{f"{prefix}pk__in": []}) if unknown else cond


def full_records(qs: QuerySet[Service]) -> dict[Any, dict[str, Any]]:
    """The services of ``qs`` fully nested, by id, in four queries however many there are."""
    return {
        service.pk: oruk.service_full(service, terms=terms)
        for service, terms in selectors.services_with_terms(qs)
    }


# ---------------------------------------------------------------------------------------------
# Views


@api_view
def root(request: HttpRequest) -> dict[str, Any]:
    return oruk.api_details(request.build_absolute_uri(reverse("localoffer:api_openapi")))


@api_view
def openapi(request: HttpRequest) -> HttpResponse:
    return HttpResponse(oruk.openapi_text(), content_type="application/json")


@api_view
def services_list(request: HttpRequest) -> dict[str, Any]:
    minimal = _flag(request, "minimal")
    full = _flag(request, "full")
    if minimal and full:
        raise ApiError("Ask for minimal or full, not both", parameter="minimal")
    paging = (
        _paging(request, default=MINIMAL_PER_PAGE, maximum=MAX_MINIMAL_PER_PAGE)
        if minimal
        else _paging(request)
    )
    q = request.GET.get("search", "").strip()
    postcode, miles = _origin(request)
    qs = selectors.public_services().filter(_term_filters(request))
    ordered: QuerySet[Service] | selectors.NearestFirst
    if q or postcode:
        params = selectors.Search(q=q, postcode=postcode)
        if miles is not None:
            params.radius = miles  # type: ignore[assignment]  # read as a float by search()
        ordered = selectors.search(params, base=qs).services
    else:
        ordered = qs.order_by("name", "pk")

    # The page's ids first (a narrow sort), then its rows: sorting whole rows, search vectors
    # and all, is what makes deep pages slow.
    if isinstance(ordered, selectors.NearestFirst):
        total = ordered.count()
        ids = [pk for pk, _ in ordered.page_ids(paging.offset, paging.offset + paging.per_page)]
    else:
        ids, total = _page(ordered.values_list("pk", flat=True), paging)
    page_qs = selectors.services_with_pks(pks=ids)
    if minimal:
        rows = {
            r[0]: oruk.service_minimal(id=r[0], name=r[1], status=r[2], modified_at=r[3])
            for r in page_qs.values_list("id", "name", "status", "modified_at")
        }
        return _envelope([rows[pk] for pk in ids if pk in rows], total, paging)
    if full:
        records = full_records(page_qs)
    else:
        records = {
            s.pk: oruk.service_item(s)
            for s in page_qs.defer("search_vector").select_related("provider")
        }
    return _envelope([records[pk] for pk in ids if pk in records], total, paging)


@api_view
def service_detail(request: HttpRequest, pk: str) -> dict[str, Any]:
    key = _id_or_404(pk, "service")
    found = full_records(selectors.public_services().filter(pk=key))
    if key not in found:
        raise not_found(f"There is no public service with the id {key}")
    return found[key]


@api_view
def taxonomies_list(request: HttpRequest) -> dict[str, Any]:
    paging = _paging(request)
    qs = selectors.taxonomies()
    q = request.GET.get("search", "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(description__icontains=q))
    found, total = _page(qs, paging)
    return _envelope([oruk.taxonomy(t) for t in found], total, paging)


@api_view
def taxonomy_detail(request: HttpRequest, pk: str) -> dict[str, Any]:
    key = _id_or_404(pk, "taxonomy")
    found = selectors.taxonomy_find(pk=key)
    if found is None:
        raise not_found(f"There is no taxonomy with the id {key}")
    terms = list(found.terms.order_by("position", "name"))
    return oruk.taxonomy(found, terms=terms)


@api_view
def taxonomy_terms_list(request: HttpRequest) -> dict[str, Any]:
    paging = _paging(request)
    qs = selectors.taxonomy_terms_with_taxonomy().order_by(
        "taxonomy__name", "position", "name", "pk"
    )
    if _flag(request, "top_only"):
        qs = qs.filter(parent__isnull=True)
    raw = request.GET.get("parent_id", "").strip()
    if raw:
        qs = qs.filter(parent_id=_uuid(raw, "parent_id"))
    raw = request.GET.get("taxonomy_id", "").strip()
    if raw:
        qs = qs.filter(taxonomy_id=_uuid(raw, "taxonomy_id"))
    q = request.GET.get("search", "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__iexact=q) | Q(description__icontains=q))
    found, total = _page(qs, paging)
    return _envelope([oruk.taxonomy_term(t) for t in found], total, paging)


@api_view
def taxonomy_term_detail(request: HttpRequest, pk: str) -> dict[str, Any]:
    key = _id_or_404(pk, "taxonomy term")
    found = selectors.taxonomy_terms_with_taxonomy().filter(pk=key).first()
    if found is None:
        raise not_found(f"There is no taxonomy term with the id {key}")
    return oruk.taxonomy_term(found)


def _organization_services(
    providers: list[Provider], *, full: bool
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    """Each provider's public services, as list items or fully nested, in one go."""
    qs = selectors.public_services().filter(provider__in=providers).order_by("name", "pk")
    rows = list(qs.defer("search_vector").select_related("provider"))
    records = full_records(qs) if full else {s.pk: oruk.service_item(s) for s in rows}
    by_provider: dict[uuid.UUID, list[dict[str, Any]]] = {p.pk: [] for p in providers}
    for service in rows:
        by_provider[service.provider_id].append(records[service.pk])
    return by_provider


@api_view
def organizations_list(request: HttpRequest) -> dict[str, Any]:
    paging = _paging(request)
    full_service = _flag(request, "full_service")
    full = _flag(request, "full") or full_service
    qs = selectors.public_providers().order_by("name", "pk")
    q = request.GET.get("search", "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(description__icontains=q))
    found, total = _page(qs, paging)
    contents = [oruk.organization(p) for p in found]
    if full:
        nested = _organization_services(found, full=full_service)
        for record, provider in zip(contents, found, strict=True):
            record["services"] = nested[provider.pk]
    return _envelope(contents, total, paging)


@api_view
def organization_detail(request: HttpRequest, pk: str) -> dict[str, Any]:
    key = _id_or_404(pk, "organization")
    found = selectors.public_providers().filter(pk=key).first()
    if found is None:
        raise not_found(f"There is no organization with public services with the id {key}")
    record = oruk.organization(found)
    record["services"] = _organization_services([found], full=_flag(request, "full_service"))[
        found.pk
    ]
    return record


def _sal_queryset(request: HttpRequest) -> QuerySet[ServiceAtLocation]:
    qs = selectors.public_services_at_locations().filter(_term_filters(request, prefix="service__"))
    q = request.GET.get("search", "").strip()
    if q:
        matched = selectors.search(selectors.Search(q=q)).matches.order_by().values("pk")
        qs = qs.filter(service_id__in=matched)
    postcode, miles = _origin(request)
    if postcode and miles is not None:
        point = postcode_point(postcode)
        assert point is not None  # noqa: S101 - _origin refused unknown postcodes
        lat0, lon0 = point
        dlat = miles / selectors.MILES_PER_DEGREE
        dlon = miles / (selectors.MILES_PER_DEGREE * math.cos(math.radians(lat0)))
        return (
            qs.filter(
                location__latitude__range=(lat0 - dlat, lat0 + dlat),
                location__longitude__range=(lon0 - dlon, lon0 + dlon),
            )
            .annotate(distance2=selectors.distance2(point, "location__"))
            .filter(distance2__lte=miles * miles)
            .order_by("distance2", "service__name", "pk")
        )
    return qs.order_by("service__name", "location__name", "pk")


@api_view
def service_at_locations_list(request: HttpRequest) -> dict[str, Any]:
    paging = _paging(request)
    full = _flag(request, "full")
    qs = (
        _sal_queryset(request)
        .select_related("location", "service__provider")
        .defer("service__search_vector")
    )
    found, total = _page(qs, paging)
    if full:
        services = full_records(selectors.services_with_pks(pks={sal.service_id for sal in found}))
        contents = [
            oruk.service_at_location(sal, service=services[sal.service_id]) for sal in found
        ]
    else:
        contents = [
            oruk.service_at_location(sal, service=oruk.service_item(sal.service)) for sal in found
        ]
    return _envelope(contents, total, paging)


@api_view
def service_at_location_detail(request: HttpRequest, pk: str) -> dict[str, Any]:
    key = _id_or_404(pk, "service at location")
    found = selectors.public_service_at_location(pk=key)
    if found is None:
        raise not_found(f"There is no public service at location with the id {key}")
    service = full_records(selectors.service_with_pk(pk=found.service_id))[found.service_id]
    return oruk.service_at_location(found, service=service)


@api_view
def unknown(request: HttpRequest, rest: str = "") -> dict[str, Any]:
    raise not_found(
        "There is nothing at this address. The API's endpoints are listed in its OpenAPI "
        "document, at " + request.build_absolute_uri(reverse("localoffer:api_openapi"))
    )
