"""Open Referral UK 3.0: our Local Offer as ORUK records, and the schemas that check them.

The functions here are pure: they turn rows (with their related rows already loaded) into the
dicts the API sends, shaped as the ORUK 3.0 schemas ask (``schema/oruk-3.0/``, bundled
unchanged from the published specification). Where ORUK wants an id for something we keep as a
plain field of the service (its address, opening times, cost, contact, languages, area, and the
links to taxonomy terms), the id is a UUID 5 of the owner's id and a label, so it is the same
on every call and in every copy of the feed.

Only public services (``selectors.public_services``) and their providers may be passed in: the
views choose what to show, this module only says how.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .models import (
    Location,
    Provider,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

VERSION: Final = "HSDS-UK-3.0"
PROFILE: Final = "https://github.com/OpenReferralUK/uk-profile"
SCHEMA_DIR: Final = Path(__file__).resolve().parent / "schema" / "oruk-3.0"
SCHEMA_BASE: Final = "https://openreferraluk.org/specifications/3.0/schema/"
# The files copied from the specification's root rather than its schema folder.
NOT_SCHEMAS: Final = ("openapi.json", "LICENSE")
COUNTRY: Final = "GB"


# ---------------------------------------------------------------------------------------------
# Schemas


def schema_files() -> list[Path]:
    """The bundled JSON Schema files (not the OpenAPI document or the licence)."""
    return sorted(
        p for p in SCHEMA_DIR.iterdir() if p.suffix == ".json" and p.name not in NOT_SCHEMAS
    )


@lru_cache(maxsize=1)
def registry() -> Registry:
    """Every bundled schema under the URL the others use to refer to it."""
    resources = [
        (
            SCHEMA_BASE + path.name,
            Resource.from_contents(
                json.loads(path.read_text(encoding="utf-8")), default_specification=DRAFT202012
            ),
        )
        for path in schema_files()
    ]
    return Registry().with_resources(resources)


RFC3339: Final = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$"
)


def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not RFC3339.match(value):
        return False
    try:
        dt.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not value or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*$", parts.scheme)) and bool(
        parts.netloc or parts.path
    )


def format_checker() -> FormatChecker:
    """jsonschema's checks, with date-time and uri (which it skips without extra packages)."""
    checker = FormatChecker()
    checker.checks("date-time")(_is_date_time)
    checker.checks("uri")(_is_uri)
    return checker


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator for one bundled schema, e.g. ``validator("service.json")``."""
    if not (SCHEMA_DIR / name).is_file() or name in NOT_SCHEMAS:
        raise ValueError(f"No bundled ORUK schema called {name}")
    return Draft202012Validator(
        {"$ref": SCHEMA_BASE + name}, registry=registry(), format_checker=format_checker()
    )


def openapi_text() -> str:
    """The specification's OpenAPI document, as published."""
    return (SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Small helpers


def derived_id(owner: Any, label: str) -> str:
    """A stable UUID for something ORUK gives an id and we do not: the same every call."""
    namespace = owner if isinstance(owner, uuid.UUID) else uuid.UUID(str(owner))
    return str(uuid.uuid5(namespace, label))


def _iso(value: dt.datetime) -> str:
    return value.isoformat()


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    """Add an optional field only when it has a value (an empty uri or email is invalid)."""
    if value not in ("", None, [], {}):
        target[key] = value


# ---------------------------------------------------------------------------------------------
# Taxonomies


def taxonomy(tax: Taxonomy, *, terms: list[TaxonomyTerm] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": str(tax.id),
        "name": tax.name,
        "description": tax.description,
    }
    _put(out, "uri", tax.uri)
    _put(out, "version", tax.version)
    if terms is not None:
        out["taxonomy_terms"] = [taxonomy_term(t, tax=tax) for t in terms]
    return out


def taxonomy_term(term: TaxonomyTerm, *, tax: Taxonomy | None = None) -> dict[str, Any]:
    """A term, naming its taxonomy (pass ``tax`` to avoid loading it for each term)."""
    owner = tax or term.taxonomy
    out: dict[str, Any] = {
        "id": str(term.id),
        "name": term.name,
        "description": term.description,
        "taxonomy": owner.name,
        "taxonomy_id": str(owner.id),
        "term": term.name,
        "code": term.code,  # HSDS 3.0's field for the term's code; ORUK allows extra fields
    }
    if term.parent_id:
        out["parent_id"] = str(term.parent_id)
    return out


def attribute(service: Service, term: TaxonomyTerm, kind: str) -> dict[str, Any]:
    """The link between a service and one of its needs or categories."""
    return {
        "id": derived_id(service.id, f"attribute:{term.id}"),
        "link_id": str(service.id),
        "link_type": kind,
        "link_entity": "service",
        "taxonomy_term_id": str(term.id),
        "taxonomy_term": taxonomy_term(term),
    }


# ---------------------------------------------------------------------------------------------
# Organizations


def organization(provider: Provider) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": str(provider.id),
        "name": provider.name,
        "description": provider.description,
    }
    _put(out, "email", provider.email)
    _put(out, "website", provider.website)
    return out


# ---------------------------------------------------------------------------------------------
# Locations


def address(location: Location, *, area: str = "") -> dict[str, Any]:
    return {
        "id": derived_id(location.id, "address"),
        "location_id": str(location.id),
        "address_1": location.address_1,
        "city": location.city,
        "state_province": area or location.city,
        "postal_code": location.postcode,
        "country": COUNTRY,
        "address_type": "physical",
    }


def location(loc: Location, *, area: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": str(loc.id),
        "location_type": "physical",
        "name": loc.name,
        "addresses": [address(loc, area=area)],
        "accessibility": [],
    }
    if loc.latitude is not None and loc.longitude is not None:
        out["latitude"] = loc.latitude
        out["longitude"] = loc.longitude
    if loc.accessibility:
        out["accessibility"].append(
            {
                "id": derived_id(loc.id, "accessibility"),
                "location_id": str(loc.id),
                "description": loc.accessibility,
            }
        )
    return out


def service_at_location(
    sal: ServiceAtLocation, *, service: dict[str, Any] | None = None
) -> dict[str, Any]:
    """One service at one place. ``service`` is the service's own record to nest, if any."""
    out: dict[str, Any] = {
        "id": str(sal.id),
        "service_id": str(sal.service_id),
        "location_id": str(sal.location_id),
        "location": location(sal.location, area=sal.service.area),
    }
    if service is not None:
        out["service"] = service
    return out


# ---------------------------------------------------------------------------------------------
# Services


def service_minimal(*, id: Any, name: str, status: str, modified_at: dt.datetime) -> dict[str, Any]:
    """The least a list item may say (``minimal=true``)."""
    return {"id": str(id), "name": name, "status": status, "last_modified": _iso(modified_at)}


def service_item(service: Service, *, with_organization: bool = True) -> dict[str, Any]:
    """The service's own fields and its organization: a list item."""
    out: dict[str, Any] = {
        "id": str(service.id),
        "organization_id": str(service.provider_id),
        "name": service.name,
        "description": service.description,
        "status": service.status,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "assured_date": service.last_reviewed.isoformat(),
        "last_modified": _iso(service.modified_at),
    }
    _put(out, "url", service.url)
    _put(out, "email", service.email)
    _put(out, "alert", service.alert)
    if with_organization:
        out["organization"] = organization(service.provider)
    return out


KIND_ORDER: Final = {"category": 0, "need": 1}


def service_full(
    service: Service, *, terms: list[tuple[str, TaxonomyTerm]] | None = None
) -> dict[str, Any]:
    """Everything about a service, nested.

    ``terms`` are its categories and needs as (kind, term), each term with its taxonomy loaded;
    without them they are read from the service. Load its locations first
    (``prefetch_related("at_locations__location")``) or they are a query per service.
    """
    sid = str(service.id)
    out = service_item(service)
    # HSDS 3.0 fields ORUK 3.0 does not list; its schemas allow extra properties.
    _put(out, "eligibility_description", service.eligibility)
    _put(out, "application_process", service.how_to_access)

    out["schedules"] = (
        [
            {
                "id": derived_id(service.id, "schedule"),
                "service_id": sid,
                "description": service.opening_times,
            }
        ]
        if service.opening_times
        else []
    )
    out["service_areas"] = (
        [
            {
                "id": derived_id(service.id, "service_area"),
                "service_id": sid,
                "name": service.area,
                "service_area": service.area,
            }
        ]
        if service.area
        else []
    )
    out["service_at_locations"] = [
        service_at_location(sal)
        for sal in sorted(service.at_locations.all(), key=lambda s: (s.location.name, str(s.id)))
    ]
    out["languages"] = [
        {"id": derived_id(service.id, f"language:{name}"), "service_id": sid, "name": name}
        for name in service.languages or []
        if isinstance(name, str) and name.strip()
    ]
    out["funding"] = []
    cost: dict[str, Any] = {"id": derived_id(service.id, "cost_option"), "service_id": sid}
    if service.is_free:
        cost.update({"option": "Free", "amount": 0})
        _put(cost, "amount_description", service.cost_description)
    else:
        cost["option"] = service.cost_description or "There is a charge"
        _put(cost, "amount_description", service.cost_description)
    out["cost_options"] = [cost]

    contacts: list[dict[str, Any]] = []
    if service.contact_name or service.contact_title or service.telephone or service.email:
        contact: dict[str, Any] = {"id": derived_id(service.id, "contact"), "service_id": sid}
        _put(contact, "name", service.contact_name)
        _put(contact, "title", service.contact_title)
        _put(contact, "email", service.email)  # HSDS 3.0 field
        if service.telephone:
            contact["phones"] = [  # HSDS 3.0: a contact's phones (ORUK's phone.json)
                {
                    "id": derived_id(service.id, "phone"),
                    "contact_id": contact["id"],
                    "number": service.telephone,
                }
            ]
        contacts.append(contact)
    out["contacts"] = contacts

    if terms is None:
        terms = [("category", t) for t in service.categories.all()]
        terms += [("need", t) for t in service.needs.all()]
    out["attributes"] = [
        attribute(service, term, kind)
        for kind, term in sorted(
            terms, key=lambda kt: (KIND_ORDER.get(kt[0], 9), kt[1].position, kt[1].name)
        )
    ]
    return out


def api_details(openapi_url: str) -> dict[str, str]:
    return {"version": VERSION, "profile": PROFILE, "openapi_url": openapi_url}


def page_envelope(
    *, contents: list[dict[str, Any]], total: int, page: int, per_page: int
) -> dict[str, Any]:
    """The paged list ORUK wraps results in. A page past the end is empty, not an error."""
    total_pages = -(-total // per_page) if total else 0
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }
