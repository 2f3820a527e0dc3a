"""Saving checked records: providers once each, services with their versions, their places."""

from __future__ import annotations

from typing import Any

from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction

from .. import services
from ..models import (
    FeedImport,
    Location,
    Provider,
    Service,
    ServiceAtLocation,
    ServiceVersion,
    Source,
)
from .records import Checked, Place


class Saver:
    """Writes checked records for one import: providers once each, services, their places."""

    def __init__(self, imp: FeedImport, actor: Any, request: Any) -> None:
        self.imp = imp
        self.actor = actor if getattr(actor, "pk", None) else None
        self.request = request
        self.providers: dict[str, Provider] = {}
        self.touched: list[Any] = []

    def forget(self) -> None:
        """After a record's savepoint rolled back: a provider it made may be gone with it."""
        self.providers.clear()

    def provider(self, org: dict[str, str]) -> Provider:
        key = org["external_id"]
        if key in self.providers:
            return self.providers[key]
        found = (
            Provider.objects.filter(
                feed__label__iexact=self.imp.label,
                external_id=key,
                **({} if key else {"name": org["name"]}),
            )
            .order_by("created_at")
            .first()
        )
        provider = found or Provider(created_by=self.actor, external_id=key)
        provider.name = org["name"] or self.imp.label
        provider.description = org["description"]
        provider.email = org["email"]
        provider.website = org["website"]
        provider.feed = self.imp
        provider.modified_by = self.actor
        provider.save()
        self.providers[key] = provider
        return provider

    def save(self, checked: Checked) -> bool:
        """Add or update one service; True if it was added."""
        provider = self.provider(checked.organization)
        existing = (
            Service.objects.select_for_update()
            .filter(
                source=Source.IMPORTED,
                feed__label__iexact=self.imp.label,
                external_id=checked.external_id,
            )
            .first()
        )
        service = existing or Service(
            created_by=self.actor, source=Source.IMPORTED, external_id=checked.external_id
        )
        before = services.service_snapshot(existing) if existing else None
        old_modified = existing.modified_at if existing else None
        service.provider = provider
        for name, value in checked.fields.items():
            setattr(service, name, value)
        service.last_reviewed = checked.last_reviewed
        service.review_by = services.review_due(checked.last_reviewed)
        service.feed = self.imp
        service.modified_by = self.actor
        service.full_clean(exclude=["categories", "needs"])
        service.save()
        service.categories.set(checked.categories)
        service.needs.set(checked.needs)
        self._places(service, checked.places)
        after = services.service_snapshot(service)
        changed = sorted(k for k in after if before is None or before.get(k) != after[k])
        if existing is not None and not changed:
            # Nothing new: keep its last-modified time, so feeds of changes stay quiet.
            Service.objects.filter(pk=service.pk).update(modified_at=old_modified)
        else:
            if existing is not None:
                service.version += 1
                Service.objects.filter(pk=service.pk).update(version=service.version)
            ServiceVersion.objects.create(
                service=service,
                number=service.version,
                recorded_by=self.actor,
                summary=f"{'Changed by' if existing else 'Added from'} the feed of {self.imp.label}",
                changed_fields=changed if existing else [],
                snapshot=after,
            )
            audit_record(
                request=self.request,
                actor=self.actor,
                action=AuditAction.UPDATED if existing else AuditAction.CREATED,
                obj=service,
                summary=f"{'Changed' if existing else 'Added'} Local Offer service {service.name} "
                f"from the feed of {self.imp.label}",
                changes={"fields": changed} if existing else None,
            )
        self.touched.append(service.pk)
        return existing is None

    def _places(self, service: Service, places: list[Place]) -> None:
        current = {
            (sal.location.name.lower(), sal.location.postcode): sal
            for sal in service.at_locations.select_related("location")
        }
        keep: set[Any] = set()
        for place in places:
            sal = current.get(place.key)
            loc = sal.location if sal else Location(created_by=self.actor)
            loc.name = place.name
            loc.address_1 = place.address_1
            loc.city = place.city
            loc.postcode = place.postcode
            loc.latitude = place.latitude
            loc.longitude = place.longitude
            loc.accessibility = place.accessibility
            loc.modified_by = self.actor
            loc.save()
            if sal is None:
                sal = ServiceAtLocation.objects.create(service=service, location=loc)
                current[place.key] = sal
            keep.add(sal.pk)
        for sal in current.values():
            if sal.pk not in keep:
                location = sal.location
                sal.delete()
                if not location.at_services.exists():
                    location.delete()
