"""Benchmark data for the Local Offer: 10,000 services, built by the demo's Local Offer builder.

The same catalogue, spread and proportions as the Demoshire demo (``sendpath.demo.localoffer``):
every category, need and age band; services spread over the towns by size with one or two
locations each (postcodes in the bundled Demoshire sectors, so searches by distance work);
about 5% overdue for review and 2% hidden; a few hundred comments. At this size the builder
opens more venues and more local clubs, so a provider has tens of entries, not hundreds.

Rows are bulk-inserted in one transaction, then the full-text vectors are built with one
``UPDATE`` (``services.refresh_search``) and the tables analysed.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from sendpath.demo.localoffer.builder import LocalOfferBuilder
from sendpath.demo.localoffer.load import save_rows
from sendpath.demo.localoffer.places import bundled_postcodes
from sendpath.localoffer import services
from sendpath.localoffer.postcodes import postcodes_load

SERVICES = 10_000
COMMENTS = 500
META_TABLE = "bench_meta"
META_KEY = "localoffer"


@dataclass
class Built:
    services: int
    providers: int
    locations: int
    links: int
    comments: int
    postcodes: int
    seconds: float


def build(
    *, seed: int, today: dt.date, count: int, comments: int, say: Callable[[str], None]
) -> Built:
    """Build the Local Offer into an empty (migrated) database."""
    started = time.perf_counter()
    rows = LocalOfferBuilder(seed=seed, today=today, services=count, comments=comments).build()
    say(
        f"  made {len(rows.services):,} services, {len(rows.providers):,} providers, "
        f"{len(rows.locations):,} locations in {time.perf_counter() - started:.1f} s; saving"
    )
    with transaction.atomic():
        services.taxonomies_ensure()
        postcodes = postcodes_load(bundled_postcodes())
        save_rows(rows, batch=2000)
        services.refresh_search()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return Built(
        services=len(rows.services),
        providers=len(rows.providers),
        locations=len(rows.locations),
        links=len(rows.links),
        comments=len(rows.comments),
        postcodes=postcodes,
        seconds=time.perf_counter() - started,
    )


def read_meta() -> dict[str, Any] | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [META_TABLE])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT value FROM {META_TABLE} WHERE key = %s", [META_KEY])  # noqa: S608
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def write_meta(meta: dict[str, Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key text PRIMARY KEY, value text)"
        )
        cursor.execute(
            f"INSERT INTO {META_TABLE} (key, value) VALUES (%s, %s) "  # noqa: S608
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [META_KEY, json.dumps(meta, default=str)],
        )
