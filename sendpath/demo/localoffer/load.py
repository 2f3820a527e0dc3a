"""Saving the Local Offer: bulk inserts, the bundled postcodes, the search index."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sendpath.demo.common import NOT_EMPTY_MESSAGE, DatabaseNotEmpty
from sendpath.demo.people_api import Organisation, User

from .builder import LocalOfferBuilder
from .catalogue import DEFAULT_COMMENTS, DEFAULT_SERVICES, PROVIDER_ORGANISATION
from .localoffer_api import (
    Comment,
    Location,
    Provider,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    ServiceVersion,
    postcodes_load,
    reference,
    services,
)
from .places import LocalOfferRows, bundled_postcodes


@dataclass
class LocalOfferSummary:
    services: int
    providers: int
    locations: int
    comments: int
    postcodes: int
    shown: int
    overdue: int
    hidden: int
    closed: int
    seconds: float
    provider_entries: int = 0

    def lines(self) -> list[str]:
        return [
            f"  Local Offer: {self.services:,} services from {self.providers} providers at "
            f"{self.locations} places ({self.seconds:.1f} s)",
            f"    shown {self.shown:,} (of which {self.overdue} overdue for review and "
            f"{self.closed} temporarily closed), hidden {self.hidden}; "
            f"{self.comments} comments; {self.postcodes} postcode centroids",
            f"    The provider account keeps {self.provider_entries} entries of "
            f"{PROVIDER_ORGANISATION} up to date",
        ]


def save_rows(rows: LocalOfferRows, batch: int = 1000) -> None:
    """Bulk-insert the rows (the caller holds the transaction)."""
    Provider.objects.bulk_create(rows.providers, batch_size=batch)
    Location.objects.bulk_create(rows.locations, batch_size=batch)
    Service.objects.bulk_create(rows.services, batch_size=batch)
    ServiceAtLocation.objects.bulk_create(rows.links, batch_size=batch)
    categories = Service.categories.through
    needs = Service.needs.through
    categories.objects.bulk_create(
        [categories(service_id=s, taxonomyterm_id=t) for s, t in rows.categories],
        batch_size=batch,
    )
    needs.objects.bulk_create(
        [needs(service_id=s, taxonomyterm_id=t) for s, t in rows.needs], batch_size=batch
    )
    ServiceVersion.objects.bulk_create(rows.versions, batch_size=batch)
    comments = [c for c, _ in rows.comments]
    Comment.objects.bulk_create(comments, batch_size=batch)
    for comment, created in rows.comments:  # bulk_create stamps now; set when it was sent
        comment.created_at = comment.modified_at = created
        if comment.decided_at:
            comment.modified_at = comment.decided_at
    Comment.objects.bulk_update(comments, ["created_at", "modified_at"], batch_size=batch)


def load_local_offer(
    *,
    seed: int,
    today: dt.date,
    organisations: Sequence[Organisation] = (),
    services_count: int = DEFAULT_SERVICES,
    comments: int = DEFAULT_COMMENTS,
    stdout: Any = None,
) -> LocalOfferSummary:
    """Load the bundled postcodes and the demo Local Offer (inside the caller's transaction)."""
    started = time.perf_counter()
    if Service.objects.exists() or Provider.objects.exists():
        raise DatabaseNotEmpty(NOT_EMPTY_MESSAGE)
    services.taxonomies_ensure()
    postcodes = postcodes_load(bundled_postcodes())
    staff = User.objects.filter(username="localoffer").first()
    rows = LocalOfferBuilder(
        seed=seed,
        today=today,
        services=services_count,
        comments=comments,
        organisations=organisations,
        staff=staff,
    ).build()
    save_rows(rows)
    services.refresh_search()
    cutoff = today - dt.timedelta(days=reference.GRACE_DAYS)
    public = [
        s
        for s in rows.services
        if s.status in (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)
    ]
    shown = [s for s in public if s.review_by >= cutoff]
    summary = LocalOfferSummary(
        services=len(rows.services),
        providers=len(rows.providers),
        locations=len(rows.locations),
        comments=len(rows.comments),
        postcodes=postcodes,
        shown=len(shown),
        overdue=sum(1 for s in shown if s.review_by < today),
        hidden=len(rows.services) - len(shown),
        closed=sum(1 for s in shown if s.status == ServiceStatus.TEMPORARILY_CLOSED),
        seconds=time.perf_counter() - started,
        provider_entries=sum(
            1
            for s in rows.services
            if s.provider.organisation is not None
            and s.provider.organisation.name == PROVIDER_ORGANISATION
        ),
    )
    if stdout is not None:
        stdout.write(
            f"Saved the Local Offer: {summary.services} services from {summary.providers} "
            f"providers\n"
        )
    return summary
