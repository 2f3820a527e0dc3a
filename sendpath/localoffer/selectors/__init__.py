"""Reads for the Local Offer: what the public may see, search, and the staff's lists.

The modules, each importing only those listed before it:

- ``public``: what the public may see (``public_services``, ``public_service``, ``areas``, ...);
- ``distance``: distances in miles (``distance2``, ``locations_near``, ``distance_miles``);
- ``nearest``: results nearest first (``NearestFirst``);
- ``searching``: the search (``Search``, ``search``, ``SearchResult``);
- ``results``: a page of results and what its rows show (``results_page``, ``with_terms``,
  ``shortlisted``);
- ``staff``: the staff's lists (``managed_services``, ``providers``, ``review_counts``, ...);
- ``comments``: comments and the annual summary (``published_comments``, ``annual_summary``);
- ``open_referral``: the Open Referral UK API's reads (``public_providers``,
  ``services_with_terms``, ``taxonomies``, ...).
"""

from .comments import (
    annual_summary,
    comment_find,
    comment_years,
    comments_newest_first,
    published_comments,
)
from .distance import (
    MILES_PER_DEGREE,
    SquaredMiles,
    distance2,
    distance2_to,
    distance_miles,
    locations_near,
)
from .nearest import PAGE_READ, NearestFirst
from .open_referral import (
    public_providers,
    public_service_at_location,
    public_services_at_locations,
    service_term_links,
    service_with_pk,
    services_with_pks,
    services_with_terms,
    taxonomies,
    taxonomy_find,
    taxonomy_kinds,
    taxonomy_term_kinds,
    taxonomy_terms_with_taxonomy,
)
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
    feed_imports,
    filter_review,
    managed_services,
    provider_organisations,
    providers,
    providers_for,
    providers_with_organisation,
    review_counts,
    services_with_provider,
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
    "comment_find",
    "comment_years",
    "comments_newest_first",
    "distance2",
    "distance2_to",
    "distance_miles",
    "feed_imports",
    "filter_review",
    "grace_cutoff",
    "locations_near",
    "managed_services",
    "provider_organisations",
    "providers",
    "providers_for",
    "providers_with_organisation",
    "public_providers",
    "public_service",
    "public_service_at_location",
    "public_services",
    "public_services_at_locations",
    "published_comments",
    "results_page",
    "review_counts",
    "search",
    "service_term_links",
    "service_with_pk",
    "services_with_pks",
    "services_with_provider",
    "services_with_terms",
    "shortlisted",
    "taxonomies",
    "taxonomy_find",
    "taxonomy_kinds",
    "taxonomy_term_kinds",
    "taxonomy_terms_with_taxonomy",
    "terms",
    "with_terms",
]
