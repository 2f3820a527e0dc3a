"""Reads for the Open Referral UK API (``api.py``): the public providers, the taxonomies and
their terms, the link tables between services and terms, and services fully nested.

Each is the query the API asked for before it moved here, unchanged: the API's pages have a
budget of queries (``tests/test_api.py``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from ..models import Provider, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from .public import public_services

# A service's terms: (the taxonomy's kind, "category" or "need"; the term).
TermLinks = list[tuple[str, TaxonomyTerm]]


def service_term_links(*, kind: str) -> QuerySet[Any]:
    """The link table between services and one taxonomy's terms ("need" or "category")."""
    through = Service.needs.through if kind == "need" else Service.categories.through
    return through.objects.all()


def taxonomy_term_kinds() -> QuerySet[Any]:
    """Each term's taxonomy kind, to look one term up by its id."""
    return TaxonomyTerm.objects.values_list("taxonomy__kind", flat=True)


def taxonomy_kinds() -> QuerySet[Any]:
    """Each taxonomy's kind, to look one taxonomy up by its id."""
    return Taxonomy.objects.values_list("kind", flat=True)


def taxonomies() -> QuerySet[Taxonomy]:
    """Our taxonomies, by name."""
    return Taxonomy.objects.order_by("name", "pk")


def taxonomy_find(*, pk: uuid.UUID) -> Taxonomy | None:
    return Taxonomy.objects.filter(pk=pk).first()


def taxonomy_terms_with_taxonomy() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.select_related("taxonomy")


def services_with_pks(*, pks: Iterable[Any]) -> QuerySet[Service]:
    return Service.objects.filter(pk__in=pks)


def service_with_pk(*, pk: Any) -> QuerySet[Service]:
    return Service.objects.filter(pk=pk)


def services_with_terms(qs: QuerySet[Service]) -> list[tuple[Service, TermLinks]]:
    """The services of ``qs`` with their provider, locations and terms, in four queries however
    many there are.

    Their terms come from the two link tables as pairs of ids, matched to the few terms of our
    taxonomies loaded once, rather than a model per link.
    """
    found = list(
        qs.defer("search_vector")
        .select_related("provider")
        .prefetch_related(
            Prefetch("at_locations", queryset=ServiceAtLocation.objects.select_related("location"))
        )
    )
    if not found:
        return []
    ids = [s.pk for s in found]
    terms = {t.pk: t for t in taxonomy_terms_with_taxonomy()}
    links: dict[Any, TermLinks] = {pk: [] for pk in ids}
    for kind in ("category", "need"):
        pairs = (
            service_term_links(kind=kind)
            .filter(service_id__in=ids)
            .values_list("service_id", "taxonomyterm_id")
        )
        for service_id, term_id in pairs:
            links[service_id].append((kind, terms[term_id]))
    return [(s, links[s.pk]) for s in found]


def public_providers() -> QuerySet[Provider]:
    """Providers running at least one public service."""
    return Provider.objects.filter(Exists(public_services().filter(provider_id=OuterRef("pk"))))


def public_services_at_locations() -> QuerySet[ServiceAtLocation]:
    """The places where public services are given."""
    return ServiceAtLocation.objects.filter(service__in=public_services().values("pk"))


def public_service_at_location(*, pk: uuid.UUID) -> ServiceAtLocation | None:
    """One place where a public service is given, with its location and service, or None."""
    return (
        ServiceAtLocation.objects.filter(pk=pk, service__in=public_services())
        .select_related("location", "service")
        .first()
    )
