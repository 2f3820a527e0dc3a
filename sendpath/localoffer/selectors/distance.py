"""Distances in miles: between two points, in SQL and in Python, and locations near a point."""

from __future__ import annotations

import math
from typing import Any

from django.db.models import (
    F,
    FloatField,
    Func,
    QuerySet,
)

from ..models import (
    Location,
    Service,
)

MILES_PER_DEGREE = 69.0


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


def distance_miles(service: Service) -> float | None:
    d2 = getattr(service, "distance2", None)
    return math.sqrt(d2) if d2 is not None else None
