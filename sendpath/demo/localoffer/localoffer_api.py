"""Every name the demo's Local Offer takes from ``sendpath.localoffer``, in one place."""

from __future__ import annotations

from sendpath.localoffer import reference, services
from sendpath.localoffer.management.commands.load_postcodes import BUNDLED
from sendpath.localoffer.models import (
    Comment,
    CommentStatus,
    Location,
    Provider,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    ServiceVersion,
)
from sendpath.localoffer.postcodes import normalise_postcode, postcodes_load

__all__ = [
    "BUNDLED",
    "Comment",
    "CommentStatus",
    "Location",
    "Provider",
    "Service",
    "ServiceAtLocation",
    "ServiceStatus",
    "ServiceVersion",
    "normalise_postcode",
    "postcodes_load",
    "reference",
    "services",
]
