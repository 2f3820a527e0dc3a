"""Reads for the Local Offer: what the public may see, search, and the staff's lists.

The modules, each importing only those listed before it:

- ``public``: what the public may see (``public_services``, ``public_service``, ``areas``, ...);
- ``distance``: distances in miles (``distance2``, ``locations_near``, ``distance_miles``);
- ``nearest``: results nearest first (``NearestFirst``);
- ``searching``: the search (``Search``, ``search``, ``SearchResult``);
- ``results``: a page of results and what its rows show (``results_page``, ``with_terms``,
  ``shortlisted``);
- ``staff``: the staff's lists (``managed_services``, ``providers``, ``review_counts``, ...);
- ``comments``: comments and the annual summary (``published_comments``, ``annual_summary``).
"""

from .comments import annual_summary, comment_years, published_comments
from .distance import (
    MILES_PER_DEGREE,
    SquaredMiles,
    distance2,
    distance2_to,
    distance_miles,
    locations_near,
)
from .nearest import PAGE_READ, NearestFirst
from .public import (
    PUBLIC_LIST_SECONDS,
    areas,
    authority_name,
    grace_cutoff,
    public_service,
    public_services,
    terms,
)
from .results import results_page, shortlisted, with_terms
from .searching import DEFAULT_RADIUS, RADIUS_CHOICES, RESULT_FIELDS, Search, SearchResult, search
from .staff import (
    filter_review,
    managed_services,
    provider_organisations,
    providers,
    review_counts,
)

__all__ = [
    "DEFAULT_RADIUS",
    "MILES_PER_DEGREE",
    "PAGE_READ",
    "PUBLIC_LIST_SECONDS",
    "RADIUS_CHOICES",
    "RESULT_FIELDS",
    "NearestFirst",
    "Search",
    "SearchResult",
    "SquaredMiles",
    "annual_summary",
    "areas",
    "authority_name",
    "comment_years",
    "distance2",
    "distance2_to",
    "distance_miles",
    "filter_review",
    "grace_cutoff",
    "locations_near",
    "managed_services",
    "provider_organisations",
    "providers",
    "public_service",
    "public_services",
    "published_comments",
    "results_page",
    "review_counts",
    "search",
    "shortlisted",
    "terms",
    "with_terms",
]
