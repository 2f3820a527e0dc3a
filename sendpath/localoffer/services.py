"""Writes for the Local Offer: keyword-only, in a transaction, versioned and audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from sendpath.core.audit import audit_record
from sendpath.core.concurrency import check_version
from sendpath.core.models import AuditAction

from . import reference
from .models import (
    Comment,
    CommentStatus,
    Location,
    Provider,
    Service,
    ServiceAtLocation,
    ServiceVersion,
    Taxonomy,
    TaxonomyTerm,
)
from .postcodes import normalise_postcode, postcode_point

# ---------------------------------------------------------------------------------------------
# Reference data


@transaction.atomic
def taxonomies_ensure(*, taxonomy_model: Any = Taxonomy, term_model: Any = TaxonomyTerm) -> None:
    """Create the two taxonomies and their terms (idempotent; fixed ids, see reference.py).

    Migration 0002 calls this with its historical models.
    """
    rows = reference.taxonomy_rows()
    for kind, meta in reference.TAXONOMIES.items():
        taxonomy, _ = taxonomy_model.objects.update_or_create(
            id=reference.taxonomy_id(kind), defaults={"kind": kind, **meta}
        )
        for position, (code, name, description) in enumerate(rows[kind]):
            term_model.objects.update_or_create(
                id=reference.term_id(kind, code),
                defaults={
                    "taxonomy": taxonomy,
                    "code": code,
                    "name": name,
                    "description": description,
                    "position": position,
                },
            )


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


def review_due(checked: dt.date) -> dt.date:
    return add_months(checked, reference.REVIEW_MONTHS)


# ---------------------------------------------------------------------------------------------
# Providers

PROVIDER_FIELDS = {
    "name": "Name",
    "description": "About the provider",
    "email": "Email address",
    "website": "Website",
    "organisation": "Organisation whose staff keep its entries up to date",
}


@transaction.atomic
def provider_create(*, actor: Any, name: str, request: Any = None) -> Provider:
    """A new provider of Local Offer entries, added by the team with its first entry. Audited."""
    provider = Provider(name=name.strip(), created_by=actor if getattr(actor, "pk", None) else None)
    provider.full_clean()
    provider.save()
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=provider,
        summary=f"Added Local Offer provider {provider.name}",
    )
    return provider


@transaction.atomic
def provider_update(
    *, actor: Any, provider: Provider, data: dict[str, Any], request: Any = None
) -> list[str]:
    """Change a provider's details and which organisation's staff may keep its entries up to
    date (their service provider accounts then see and change its entries). Audited; returns
    the labels of what changed."""
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    changed = {}
    for name in PROVIDER_FIELDS:
        if name == "organisation":
            before, after = provider.organisation_id, data[name].pk if data[name] else None
        else:
            before, after = getattr(provider, name), data[name]
        if before != after:
            changed[name] = {"from": str(before or ""), "to": str(after or "")}
            setattr(provider, name, data[name])
    if not changed:
        return []
    provider.modified_by = actor if getattr(actor, "pk", None) else None
    provider.full_clean()
    provider.save()
    linked = data["organisation"].name if data["organisation"] else "no organisation"
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=provider,
        summary=f"Changed Local Offer provider {provider.name}"
        + (f": entries kept by {linked}" if "organisation" in changed else ""),
        changes=changed,
    )
    return [PROVIDER_FIELDS[name] for name in changed]


# ---------------------------------------------------------------------------------------------
# Search index

# The search page's list of areas is kept for a few minutes (selectors.areas) in the shared
# cache (the database: every app process reads the same one). A change to an entry forgets it at
# once and again when the change is committed, so no process keeps a list read in between.
AREAS_CACHE_KEY = "localoffer:areas"


def forget_public_lists() -> None:
    cache.delete(AREAS_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(AREAS_CACHE_KEY))


def refresh_search(service_ids: list[Any] | None = None) -> None:
    """Rebuild the full-text vectors (PostgreSQL): name, then provider and terms, then text."""
    forget_public_lists()
    if connection.vendor != "postgresql":
        return
    terms = """
        SELECT string_agg(t.name || ' ' || t.code, ' ')
        FROM localoffer_service_{rel} r JOIN localoffer_taxonomyterm t ON t.id = r.taxonomyterm_id
        WHERE r.service_id = s.id
    """
    sql = f"""
        UPDATE localoffer_service s SET search_vector =
            setweight(to_tsvector('english', coalesce(s.name, '')), 'A')
            || setweight(to_tsvector('english', coalesce(p.name, '') || ' '
                || coalesce(({terms.format(rel="needs")}), '') || ' '
                || coalesce(({terms.format(rel="categories")}), '')), 'B')
            || setweight(to_tsvector('english', coalesce(s.description, '') || ' '
                || coalesce(s.eligibility, '') || ' ' || coalesce(s.area, '')), 'C')
        FROM localoffer_provider p
        WHERE p.id = s.provider_id
    """  # noqa: S608 - no user input: the only parameters are bound below
    with connection.cursor() as cursor:
        if service_ids is None:
            cursor.execute(sql)
        else:
            cursor.execute(sql + " AND s.id = ANY(%s)", [[str(i) for i in service_ids]])


# ---------------------------------------------------------------------------------------------
# Services


@dataclass
class LocationData:
    name: str
    address_1: str
    city: str
    postcode: str
    accessibility: str = ""


@dataclass
class ServiceData:
    provider: Provider
    name: str
    description: str
    categories: list[TaxonomyTerm]
    needs: list[TaxonomyTerm] = field(default_factory=list)
    minimum_age: int = 0
    maximum_age: int = 25
    eligibility: str = ""
    url: str = ""
    email: str = ""
    telephone: str = ""
    status: str = "active"
    alert: str = ""
    is_free: bool = True
    cost_description: str = ""
    access: str = "either"
    how_to_access: str = ""
    opening_times: str = ""
    languages: list[str] = field(default_factory=list)
    area: str = ""
    contact_name: str = ""
    contact_title: str = ""
    location: LocationData | None = None


SCALAR_FIELDS = (
    "name",
    "description",
    "minimum_age",
    "maximum_age",
    "eligibility",
    "url",
    "email",
    "telephone",
    "status",
    "alert",
    "is_free",
    "cost_description",
    "access",
    "how_to_access",
    "opening_times",
    "languages",
    "area",
    "contact_name",
    "contact_title",
)


def service_snapshot(service: Service) -> dict[str, Any]:
    """What an entry says, as plain JSON: the unit of its version history."""
    snap: dict[str, Any] = {name: getattr(service, name) for name in SCALAR_FIELDS}
    snap["provider"] = service.provider.name
    snap["categories"] = sorted(t.name for t in service.categories.all())
    snap["needs"] = sorted(t.name for t in service.needs.all())
    snap["locations"] = [
        f"{sal.location.name}, {sal.location.address_1}, {sal.location.city} "
        f"{sal.location.postcode}".strip()
        for sal in service.at_locations.select_related("location").order_by("location__name")
    ]
    snap["review_by"] = service.review_by.isoformat()
    snap["last_reviewed"] = service.last_reviewed.isoformat()
    return snap


FIELD_LABELS = {
    "name": "Name",
    "description": "Description",
    "minimum_age": "Youngest age",
    "maximum_age": "Oldest age",
    "eligibility": "Who it is for",
    "url": "Website",
    "email": "Email",
    "telephone": "Telephone",
    "status": "Status",
    "alert": "Notice",
    "is_free": "Free or paid",
    "cost_description": "Cost",
    "access": "How to access",
    "how_to_access": "How to get in touch",
    "opening_times": "Opening times",
    "languages": "Languages",
    "area": "Area",
    "contact_name": "Contact name",
    "contact_title": "Contact role",
    "provider": "Provider",
    "categories": "Categories",
    "needs": "Needs",
    "locations": "Locations",
    "review_by": "Review by",
    "last_reviewed": "Last checked",
}


def _record_version(
    *, service: Service, actor: Any, summary: str, before: dict[str, Any] | None
) -> ServiceVersion | None:
    after = service_snapshot(service)
    changed = sorted(k for k in after if before.get(k) != after[k]) if before is not None else []
    if before is not None and not changed:
        return None
    if before is not None:
        service.version += 1
        Service.objects.filter(pk=service.pk).update(version=service.version)
    return ServiceVersion.objects.create(
        service=service,
        number=service.version,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        summary=summary,
        changed_fields=changed,
        snapshot=after,
    )


def _set_location(service: Service, data: LocationData | None) -> list[str]:
    """Keep the service's main location in step with the form; returns warnings."""
    warnings: list[str] = []
    if data is None:
        return warnings
    point = postcode_point(data.postcode)
    if point is None:
        warnings.append(
            f"The postcode {data.postcode} is not in the postcode data yet, so this service "
            "will not appear in searches by distance until it is loaded"
        )
    sal = service.at_locations.select_related("location").order_by("location__name").first()
    location = sal.location if sal else Location()
    location.name = data.name
    location.address_1 = data.address_1
    location.city = data.city
    location.postcode = normalise_postcode(data.postcode)
    location.accessibility = data.accessibility
    location.latitude, location.longitude = point if point else (None, None)
    location.save()
    if sal is None:
        ServiceAtLocation.objects.create(service=service, location=location)
    return warnings


def _apply(service: Service, data: ServiceData) -> None:
    service.provider = data.provider
    for name in SCALAR_FIELDS:
        setattr(service, name, getattr(data, name))


@transaction.atomic
def service_create(
    *, actor: Any, data: ServiceData, request: Any = None, checked: dt.date | None = None
) -> tuple[Service, list[str]]:
    today = checked or timezone.localdate()
    service = Service(created_by=actor if getattr(actor, "pk", None) else None)
    _apply(service, data)
    service.last_reviewed = today
    service.review_by = review_due(today)
    service.modified_by = service.created_by
    service.full_clean(exclude=["categories", "needs"])
    service.save()
    service.categories.set(data.categories)
    service.needs.set(data.needs)
    warnings = _set_location(service, data.location)
    _record_version(service=service, actor=actor, summary="Added to the Local Offer", before=None)
    refresh_search([service.pk])
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=service,
        summary=f"Added Local Offer service {service.name}",
    )
    return service, warnings


@transaction.atomic
def service_update(
    *, actor: Any, service: Service, data: ServiceData, based_on: str = "", request: Any = None
) -> tuple[Service, list[str]]:
    """Change an entry. ``based_on``: its version when the page was opened; a change based on
    an older version is refused (``sendpath.core.concurrency``)."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    check_version(service, based_on)
    before = service_snapshot(service)
    _apply(service, data)
    service.modified_by = actor if getattr(actor, "pk", None) else None
    service.full_clean(exclude=["categories", "needs"])
    service.save()
    service.categories.set(data.categories)
    service.needs.set(data.needs)
    warnings = _set_location(service, data.location)
    version = _record_version(service=service, actor=actor, summary="Changed", before=before)
    refresh_search([service.pk])
    if version is not None:
        audit_record(
            request=request,
            actor=actor,
            action=AuditAction.UPDATED,
            obj=service,
            summary=f"Changed Local Offer service {service.name} (version {service.version})",
            changes={"fields": version.changed_fields},
        )
    return service, warnings


@transaction.atomic
def service_confirm_review(*, actor: Any, service: Service, request: Any = None) -> Service:
    """The entry has been checked and is still right: the next check is due in 12 months."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    before = service_snapshot(service)
    today = timezone.localdate()
    service.last_reviewed = today
    service.review_by = review_due(today)
    service.modified_by = actor
    service.save(update_fields=["last_reviewed", "review_by", "modified_by", "modified_at"])
    forget_public_lists()  # a hidden entry may be shown again
    _record_version(service=service, actor=actor, summary="Checked and confirmed", before=before)
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=service,
        summary=f"Confirmed Local Offer service {service.name} is up to date",
    )
    return service


# ---------------------------------------------------------------------------------------------
# Comments (SEND Regulations 2014 reg 56)


@transaction.atomic
def comment_submit(
    *,
    topic: str,
    body: str,
    service: Service | None = None,
    name: str = "",
    email: str = "",
    request: Any = None,
) -> Comment:
    if topic not in reference.TOPIC_LABELS:
        raise ValueError(f"Unknown topic {topic!r}")
    if not body.strip():
        raise ValueError("A comment needs some text")
    comment = Comment.objects.create(
        service=service, topic=topic, body=body.strip(), name=name.strip(), email=email.strip()
    )
    audit_record(
        request=request,
        action=AuditAction.CREATED,
        obj=comment,
        summary="Comment on the Local Offer received"
        + (f" about {service.name}" if service else ""),
    )
    return comment


@transaction.atomic
def comment_publish(
    *,
    actor: Any,
    comment: Comment,
    topic: str,
    you_said: str,
    we_did: str,
    action_taken: str = "",
    request: Any = None,
) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if topic not in reference.TOPIC_LABELS:
        raise ValueError(f"Unknown theme {topic!r}")
    if not you_said.strip() or not we_did.strip():
        raise ValueError("Both what was said and the response are needed to publish")
    comment.topic = topic
    comment.you_said = you_said.strip()
    comment.we_did = we_did.strip()
    comment.action_taken = action_taken.strip()
    comment.decline_reason = ""
    return _comment_decided(
        comment=comment,
        status=CommentStatus.PUBLISHED,
        actor=actor,
        request=request,
        summary="Published a response to a Local Offer comment",
    )


def _comment_decided(
    *, comment: Comment, status: str, actor: Any, request: Any, summary: str
) -> Comment:
    """Record who decided a comment's status and when, save it and audit it."""
    comment.status = status
    comment.decided_at = timezone.now()
    comment.decided_by = actor
    comment.modified_by = actor
    comment.save()
    audit_record(
        request=request, actor=actor, action=AuditAction.UPDATED, obj=comment, summary=summary
    )
    return comment


@transaction.atomic
def comment_decline(*, actor: Any, comment: Comment, reason: str, request: Any = None) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not reason.strip():
        raise ValueError("Give a reason for declining")
    comment.decline_reason = reason.strip()
    return _comment_decided(
        comment=comment,
        status=CommentStatus.DECLINED,
        actor=actor,
        request=request,
        summary="Declined a Local Offer comment",
    )
