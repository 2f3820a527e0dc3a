"""Postcodes: what people type made regular, and the centroids the searches by distance use."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

from .models import Postcode

POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9])([A-Z]{2})$")
PARTIAL_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")  # a district: DM1, M14, EC1A


def normalise_postcode(text: str) -> str:
    """``dm1 4ab`` -> ``DM1 4AB``; a sector keeps its space (``DM1 4``), a district has none.

    Without a space, up to four characters are read as a district (``DM14`` is district DM14,
    not sector DM1 4), as the Royal Mail reads them.
    """
    parts = (text or "").upper().split()
    compact = "".join(parts)
    if len(compact) >= 5 and POSTCODE_RE.match(f"{compact[:-3]} {compact[-3:]}"):
        return f"{compact[:-3]} {compact[-3:]}"
    if len(parts) == 2 and PARTIAL_RE.match(parts[0]) and re.fullmatch(r"[0-9]", parts[1]):
        return f"{parts[0]} {parts[1]}"
    return compact


def is_full_postcode(text: str) -> bool:
    return bool(POSTCODE_RE.match(normalise_postcode(text)))


def postcode_kind(normal: str) -> str:
    if POSTCODE_RE.match(normal):
        return "unit"
    return "sector" if " " in normal else "district"


# Postcode centroids change only when a new ONS extract is loaded (a few times a year), so a
# process keeps the ones it has looked up for an hour. Unknown postcodes are not kept.
POSTCODE_CACHE_SECONDS = 3600


def postcode_point(text: str) -> tuple[float, float] | None:
    """The centroid of a postcode, else of its sector, else of its district; None if unknown."""
    normal = normalise_postcode(text)
    key = "localoffer:postcode:" + normal.replace(" ", "_")
    kept = cache.get(key)
    if kept is not None:
        return kept[0], kept[1]
    point = _postcode_point(normal)
    if point is not None:
        cache.set(key, point, POSTCODE_CACHE_SECONDS)
    return point


def _postcode_point(normal: str) -> tuple[float, float] | None:
    full = POSTCODE_RE.match(normal)
    if full:
        keys = [normal, f"{full.group(1)} {full.group(2)}", full.group(1)]
    elif " " in normal or PARTIAL_RE.match(normal):
        keys = [normal, normal.split(" ")[0]]
    else:
        return None
    found = {p.key: p for p in Postcode.objects.filter(key__in=keys)}
    for key in keys:
        if key in found:
            return found[key].latitude, found[key].longitude
    return None


def postcodes_load(rows: Iterable[tuple[str, float, float]], *, batch_size: int = 5000) -> int:
    """Store centroids of units, sectors (``DM1 4``) or districts (``DM1``), replacing any.

    ``rows`` may be a list or an iterator: it is read a batch at a time and each batch written
    with one insert that replaces keys already stored, so a whole ONS Postcode Directory (2.7
    million rows) streams without being held in memory. All batches are one transaction.
    Returns the number of rows written (a key repeated within a batch counts once).
    """
    written = 0
    stream = iter(rows)
    with transaction.atomic():
        while batch := list(itertools.islice(stream, batch_size)):
            objs: dict[str, Postcode] = {}
            for text, lat, lon in batch:
                key = normalise_postcode(text)
                objs[key] = Postcode(key=key, kind=postcode_kind(key), latitude=lat, longitude=lon)
            Postcode.objects.bulk_create(
                objs.values(),
                update_conflicts=True,
                unique_fields=["key"],
                update_fields=["kind", "latitude", "longitude"],
            )
            written += len(objs)
    cache.clear()  # every process forgets the centroids kept (the cache is shared)
    return written
