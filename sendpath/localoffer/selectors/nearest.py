"""Search results nearest first, read ring by ring outwards from the searcher."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import (
    QuerySet,
)

from ..models import (
    Service,
)
from .distance import MILES_PER_DEGREE, _k_lon, distance2

PAGE_READ = 40  # rows of a ring read at a time: a page of 20, and room for repeats


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
