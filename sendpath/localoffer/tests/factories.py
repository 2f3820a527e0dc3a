"""Building Local Offer data for tests, through the same services the pages use."""

from __future__ import annotations

from typing import Any

from sendpath.localoffer import postcodes, services
from sendpath.localoffer.models import Provider, Service, TaxonomyTerm

# Demo-area postcode centroids used by the tests (Demchester and Tarnbury, 9 miles apart).
POSTCODES = [
    ("DM1", 53.600, -2.300),
    ("DM1 4", 53.602, -2.296),
    ("DM1 4AB", 53.6021, -2.2955),
    ("DM9", 53.700, -2.150),
    ("DM9 2", 53.701, -2.151),
]


def load_test_postcodes() -> None:
    postcodes.postcodes_load(POSTCODES)


def term(kind: str, code: str) -> TaxonomyTerm:
    services.taxonomies_ensure()
    return TaxonomyTerm.objects.get(taxonomy__kind=kind, code=code)


def provider(name: str = "Demchester Parent Carer Forum", **fields: Any) -> Provider:
    return Provider.objects.create(name=name, description=fields.pop("description", ""), **fields)


def make_service(
    *,
    name: str = "Saturday swimming club",
    description: str = "Swimming lessons for disabled children and their brothers and sisters.",
    categories: tuple[str, ...] = ("advice-and-support",),
    needs: tuple[str, ...] = ("ASD",),
    postcode: str | None = "DM1 4AB",
    owner: Provider | None = None,
    actor: Any = None,
    **fields: Any,
) -> Service:
    """A published, checked service with one location (unless postcode is None)."""
    location = (
        services.LocationData(
            name=fields.pop("location_name", "Demchester Leisure Centre"),
            address_1=fields.pop("address_1", "1 Mill Lane"),
            city=fields.pop("city", "Demchester"),
            postcode=postcode,
        )
        if postcode
        else None
    )
    data = services.ServiceData(
        provider=owner or provider(),
        name=name,
        description=description,
        categories=[term("category", c) for c in categories],
        needs=[term("need", n) for n in needs],
        location=location,
        **fields,
    )
    service, _ = services.service_create(actor=actor, data=data)
    return service
