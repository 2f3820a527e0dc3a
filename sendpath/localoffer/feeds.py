"""Importing another authority's Open Referral UK 3.0 feed into our Local Offer.

``feed_import`` takes a page of services (``{"contents": [...]}``), a list of services or one
service, each fully nested as ``GET /services/{id}`` gives it. Each record is checked against the
bundled ORUK ``service.json`` schema and against what our Local Offer needs (a name, a
description, ages within 0 to 25, a UK postcode for each place). A bad record is reported by its
id (or its position, "record 3") with the field and a plain-English message, and skipped; the
good ones are added, or update what an earlier import of the same feed (same label, same record
id) added. A file that is not JSON, or not shaped like ORUK at all, raises ``ValueError`` and
writes nothing.

``fetch_feed`` reads a feed from a web address, following its pages. ``feed_import`` runs an
import at once (the command); the pages queue one to run in the background instead
(``sendpath.localoffer.tasks``), which then calls ``import_records``.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Final, TypeGuard, cast
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import capfirst

from sendpath.core import schemas
from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction

from . import oruk, reference, services
from .models import (
    FeedImport,
    ImportStatus,
    Location,
    Provider,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    ServiceVersion,
    Source,
    TaxonomyTerm,
)

MAX_BYTES: Final = 20 * 1024 * 1024  # per file or per page fetched
MAX_PROBLEMS: Final = 2000  # kept on the import's record; the counts stay exact
DEFAULT_CATEGORY: Final = "advice-and-support"
MAX_AGE: Final = 25
# The United Kingdom, the Channel Islands and the Isle of Man, with a margin.
LATITUDES: Final = (49.0, 61.5)
LONGITUDES: Final = (-9.0, 2.5)
USER_AGENT: Final = "sendpath-local-offer-import/1.0"
SKIPPED: Final = "skipped"
NOTE: Final = "note"


@dataclass
class Problem:
    """Something wrong with one record: ``kind`` says whether it was skipped or only noted."""

    record: str
    field: str
    message: str
    kind: str = SKIPPED

    def as_dict(self) -> dict[str, str]:
        return {
            "record": self.record,
            "field": self.field,
            "message": self.message,
            "kind": self.kind,
        }


# ---------------------------------------------------------------------------------------------
# The whole file


def parse_payload(payload: bytes | str | dict[str, Any] | list[Any]) -> list[Any]:
    """The records in a feed, or ValueError saying why the file as a whole cannot be read."""
    data: Any = payload
    if isinstance(data, bytes | bytearray):
        if len(data) > MAX_BYTES:
            raise ValueError(
                f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB: split the feed up"
            )
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError("The file is not JSON: it is not even text (UTF-8)") from None
    if isinstance(data, str):
        if not data.strip():
            raise ValueError("The file is empty: expected JSON from an Open Referral UK feed")
        try:
            data = json.loads(data)
        except json.JSONDecodeError as error:
            raise ValueError(
                f"The file is not JSON: {error.msg} at line {error.lineno}, column {error.colno}"
            ) from None
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        if "contents" in data:
            if not isinstance(data["contents"], list):
                raise ValueError(
                    "The feed's contents should be a list of services, but it is not a list"
                )
            return data["contents"]
        if "id" in data or "name" in data:
            return [data]
    raise ValueError(
        "The JSON is not an Open Referral UK feed: expected a page of services (an object with "
        "contents), a list of services, or one service"
    )


# ---------------------------------------------------------------------------------------------
# One record: the schema's checks and ours


@dataclass
class Place:
    name: str
    address_1: str
    city: str
    postcode: str
    latitude: float | None
    longitude: float | None
    accessibility: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return self.name.lower(), self.postcode


@dataclass
class Checked:
    """A record that passed: what to save, and the notes to keep."""

    external_id: str
    fields: dict[str, Any]
    organization: dict[str, str]
    categories: list[TaxonomyTerm]
    needs: list[TaxonomyTerm]
    places: list[Place]
    last_reviewed: dt.date


@dataclass
class Terms:
    """Our taxonomy terms, found by id, by code or by name."""

    by_id: dict[str, TaxonomyTerm]
    by_word: dict[str, TaxonomyTerm]

    @classmethod
    def load(cls) -> Terms:
        terms = list(TaxonomyTerm.objects.select_related("taxonomy"))
        by_word: dict[str, TaxonomyTerm] = {}
        for term in terms:
            by_word.setdefault(term.name.strip().lower(), term)
            by_word.setdefault(term.code.strip().lower(), term)
        return cls(by_id={str(t.id): t for t in terms}, by_word=by_word)

    def find(self, attr: dict[str, Any]) -> tuple[TaxonomyTerm | None, str]:
        """Our term for an attribute, and the words it was given with (for a note)."""
        nested = attr.get("taxonomy_term") if isinstance(attr.get("taxonomy_term"), dict) else {}
        assert isinstance(nested, dict)  # noqa: S101 - narrowed above
        for key in (attr.get("taxonomy_term_id"), nested.get("id")):
            if isinstance(key, str) and key.strip().lower() in self.by_id:
                return self.by_id[key.strip().lower()], ""
        words = [nested.get(k) for k in ("code", "term", "name")]
        for word in words:
            if isinstance(word, str) and word.strip().lower() in self.by_word:
                return self.by_word[word.strip().lower()], ""
        shown = next((w for w in words if isinstance(w, str) and w.strip()), "")
        return None, shown or str(attr.get("taxonomy_term_id") or "with no name")


def _text(data: Any, key: str) -> str:
    value = data.get(key) if isinstance(data, dict) else None
    return value.strip() if isinstance(value, str) else ""


def _dicts(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _valid(validator: Any, value: str) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


class RecordCheck:
    """Checks one record and gathers its problems; ``result`` is None if it must be skipped."""

    def __init__(self, record: Any, position: int, terms: Terms, label: str) -> None:
        self.record = record
        self.position = position
        self.terms = terms
        self.label = label
        rid = record.get("id") if isinstance(record, dict) else None
        self.external_id = rid.strip() if isinstance(rid, str) else ""
        self.name = self.external_id[:100] if self.external_id else f"record {position}"
        self.problems: list[Problem] = []
        self.result: Checked | None = None

    def error(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.name, where, message, SKIPPED))

    def note(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.name, where, message, NOTE))

    @property
    def failed(self) -> bool:
        return any(p.kind == SKIPPED for p in self.problems)

    def run(self) -> RecordCheck:
        record = self.record
        if not isinstance(record, dict):
            self.error(
                "", f"Each service should be a JSON object, but this is {schemas.kind_of(record)}"
            )
            return self
        seen: set[tuple[str, str]] = set()
        for error in oruk.validator("service.json").iter_errors(record):
            where, problem = schemas.problem(error)
            message = capfirst(problem)
            if (where, message) not in seen:
                seen.add((where, message))
                self.error(where, message)
        fields = self._service_fields(record)
        places = self._places(record)
        categories, needs = self._terms(record)
        organization = self._organization(record)
        last_reviewed = self._assured(record)
        if not self.failed:
            self.result = Checked(
                external_id=self.external_id,
                fields=fields,
                organization=organization,
                categories=categories,
                needs=needs,
                places=places,
                last_reviewed=last_reviewed,
            )
        return self

    def _limit(self, where: str, value: str, limit: int, what: str) -> str:
        if len(value) > limit:
            self.error(
                where, f"{what} is {len(value)} characters long: the most we can keep is {limit}"
            )
        return value

    def _service_fields(self, record: dict[str, Any]) -> dict[str, Any]:
        name = _text(record, "name")
        if "name" in record and isinstance(record["name"], str) and not name:
            self.error("name", "The service has no name")
        self._limit("name", name, 200, "The name")
        description = _text(record, "description")
        if not description:
            self.error(
                "description",
                "The service has no description: families need to know what it offers",
            )
        ages: dict[str, int] = {}
        for key, default in (("minimum_age", 0), ("maximum_age", MAX_AGE)):
            value = record.get(key, default)
            if value is None:
                value = default
            if isinstance(value, bool) or not isinstance(value, int | float):
                continue  # the schema's check has said what is wrong
            if value != int(value):
                self.error(key, f"Ages must be whole years, not {value}")
            elif not 0 <= value <= MAX_AGE:
                self.error(
                    key,
                    f"{int(value)} is outside 0 to {MAX_AGE}: the Local Offer is for children "
                    f"and young people up to {MAX_AGE}",
                )
            else:
                ages[key] = int(value)
        if len(ages) == 2 and ages["minimum_age"] > ages["maximum_age"]:
            self.error(
                "minimum_age",
                f"The minimum age ({ages['minimum_age']}) is more than the maximum age "
                f"({ages['maximum_age']})",
            )
        url = _text(record, "url")
        if url and (len(url) > 500 or not _valid(URLValidator(schemes=["http", "https"]), url)):
            self.error(
                "url",
                "Should be a web address starting http:// or https://, of 500 characters or fewer",
            )
        email = _text(record, "email")
        contacts = _dicts(record, "contacts")
        contact = contacts[0][1] if contacts else {}
        if not email:
            email = _text(contact, "email")
        if email and not _valid(EmailValidator(), email):
            where = "email" if _text(record, "email") else "contacts[0].email"
            self.error(where, f"{email[:80]!r} is not an email address")
        alert = self._limit("alert", _text(record, "alert"), 300, "The alert")
        telephone, phone_where = self._telephone(record, contacts)
        self._limit(phone_where, telephone, 40, "The telephone number")
        contact_name = self._limit(
            "contacts[0].name", _text(contact, "name"), 200, "The contact's name"
        )
        contact_title = self._limit(
            "contacts[0].title", _text(contact, "title"), 200, "The contact's job title"
        )
        is_free, cost = self._cost(record)
        self._limit("cost_options", cost, 300, "The cost")
        areas = _dicts(record, "service_areas")
        area = (_text(areas[0][1], "name") or _text(areas[0][1], "service_area")) if areas else ""
        self._limit("service_areas[0].name", area, 100, "The area")
        languages = [
            _text(lang, "name") for _, lang in _dicts(record, "languages") if _text(lang, "name")
        ]
        status = record.get("status")
        opening = "\n".join(
            text for _, s in _dicts(record, "schedules") if (text := self._schedule_text(s))
        )
        return {
            "name": name,
            "description": description,
            "url": url,
            "email": email,
            "telephone": telephone,
            "status": status if status in ServiceStatus.values else ServiceStatus.ACTIVE,
            "alert": alert,
            "minimum_age": ages.get("minimum_age", 0),
            "maximum_age": ages.get("maximum_age", MAX_AGE),
            "eligibility": _text(record, "eligibility_description"),
            "how_to_access": _text(record, "application_process"),
            "is_free": is_free,
            "cost_description": cost,
            "opening_times": opening,
            "languages": languages,
            "area": area,
            "contact_name": contact_name,
            "contact_title": contact_title,
        }

    @staticmethod
    def _telephone(
        record: dict[str, Any], contacts: list[tuple[int, dict[str, Any]]]
    ) -> tuple[str, str]:
        for j, phone in _dicts(record, "phones"):
            if _text(phone, "number"):
                return _text(phone, "number"), f"phones[{j}].number"
        for i, contact in contacts:
            for j, phone in _dicts(contact, "phones"):
                if _text(phone, "number"):
                    return _text(phone, "number"), f"contacts[{i}].phones[{j}].number"
        return "", "phones"

    @staticmethod
    def _cost(record: dict[str, Any]) -> tuple[bool, str]:
        options = [o for _, o in _dicts(record, "cost_options")]
        if not options:
            fees = _text(record, "fees")
            return (not fees or fees.lower() == "free"), fees
        texts: list[str] = []
        free = True
        for option in options:
            words = " ".join(
                t for t in (_text(option, "option"), _text(option, "amount_description")) if t
            )
            amount = option.get("amount")
            says_free = "free" in words.lower() or (
                isinstance(amount, int | float) and not isinstance(amount, bool) and amount == 0
            )
            free = free and says_free
            description = _text(option, "amount_description") or _text(option, "option")
            if description and description.lower() != "free" and description not in texts:
                texts.append(description)
        return free, "; ".join(texts)

    @staticmethod
    def _schedule_text(schedule: dict[str, Any]) -> str:
        if _text(schedule, "description"):
            return _text(schedule, "description")
        days = _text(schedule, "byday")
        opens, closes = _text(schedule, "opens_at"), _text(schedule, "closes_at")
        hours = f"{opens[:5]} to {closes[:5]}" if opens and closes else ""
        return " ".join(t for t in (days, hours) if t)

    def _places(self, record: dict[str, Any]) -> list[Place]:
        places: list[Place] = []
        for i, sal in _dicts(record, "service_at_locations"):
            where = f"service_at_locations[{i}].location"
            loc = sal.get("location")
            if not isinstance(loc, dict):
                self.error(
                    where, "Each place needs its location: a name and an address with a postcode"
                )
                continue
            if loc.get("location_type") == "virtual":
                self.note(
                    where, "An online-only location was left out: we list places with a postcode"
                )
                continue
            addresses = _dicts(loc, "addresses")
            if not addresses:
                self.error(
                    f"{where}.addresses", "This place has no address: give at least its postcode"
                )
                continue
            j, addr = next(
                ((j, a) for j, a in addresses if a.get("address_type") == "physical"), addresses[0]
            )
            at = f"{where}.addresses[{j}]"
            raw = _text(addr, "postal_code")
            postcode = services.normalise_postcode(raw)
            if not raw:
                self.error(f"{at}.postal_code", "This address has no postcode")
                continue
            if not _is_postcode(postcode):
                self.error(
                    f"{at}.postal_code",
                    f"{raw[:20]!r} is not a UK postcode, like DM1 4AB (or the start of one, "
                    "like DM1 4)",
                )
                continue
            address_1 = self._limit(f"{at}.address_1", _text(addr, "address_1"), 300, "The address")
            city = self._limit(f"{at}.city", _text(addr, "city"), 100, "The town or city")
            name = self._limit(
                f"{where}.name",
                _text(loc, "name") or address_1 or postcode,
                200,
                "The place's name",
            )
            raw_lat, raw_lon = loc.get("latitude"), loc.get("longitude")
            point: tuple[float, float] | None = None
            if _is_number(raw_lat) and _is_number(raw_lon):
                lat, lon = float(raw_lat), float(raw_lon)
                if LATITUDES[0] <= lat <= LATITUDES[1] and LONGITUDES[0] <= lon <= LONGITUDES[1]:
                    point = (lat, lon)
                else:
                    self.note(
                        f"{where}.latitude",
                        "The latitude and longitude are not in the United Kingdom, so the "
                        "postcode's position was used instead",
                    )
            if point is None:
                point = services.postcode_point(postcode)
                if point is None:
                    self.note(
                        f"{at}.postal_code",
                        f"The postcode {postcode} is not in our postcode data, so this place "
                        "will not appear in searches by distance until it is loaded",
                    )
            accessibility = "\n".join(
                text
                for _, a in _dicts(loc, "accessibility")
                if (text := _text(a, "description") or _text(a, "details"))
            )
            places.append(
                Place(
                    name=name,
                    address_1=address_1 or name,
                    city=city,
                    postcode=postcode,
                    latitude=point[0] if point else None,
                    longitude=point[1] if point else None,
                    accessibility=accessibility,
                )
            )
        return places

    def _terms(self, record: dict[str, Any]) -> tuple[list[TaxonomyTerm], list[TaxonomyTerm]]:
        categories: dict[str, TaxonomyTerm] = {}
        needs: dict[str, TaxonomyTerm] = {}
        for j, attr in _dicts(record, "attributes"):
            term, words = self.terms.find(attr)
            if term is None:
                self.note(
                    f"attributes[{j}].taxonomy_term",
                    f"The term {words[:80]!r} is not one of our needs or categories, so it was "
                    "left out",
                )
                continue
            target = categories if term.taxonomy.kind == "category" else needs
            target[str(term.id)] = term
        if not categories and not self.failed:
            default = self.terms.by_id.get(str(reference.term_id("category", DEFAULT_CATEGORY)))
            if default is not None:
                categories[str(default.id)] = default
                self.note(
                    "attributes",
                    "None of the terms is one of our categories, so the service was put under "
                    f"{default.name}",
                )
        return list(categories.values()), list(needs.values())

    def _organization(self, record: dict[str, Any]) -> dict[str, str]:
        org = record.get("organization")
        if not isinstance(org, dict):
            oid = record.get("organization_id")
            return {
                "external_id": oid.strip() if isinstance(oid, str) else "",
                "name": self.label,
                "description": "",
                "email": "",
                "website": "",
            }
        name = self._limit("organization.name", _text(org, "name"), 200, "The organization's name")
        if "name" in org and not name:
            self.error("organization.name", "The organization has no name")
        email = _text(org, "email")
        if email and not _valid(EmailValidator(), email):
            self.note(
                "organization.email", f"{email[:80]!r} is not an email address, so it was left out"
            )
            email = ""
        website = _text(org, "website")
        if website and (
            len(website) > 200 or not _valid(URLValidator(schemes=["http", "https"]), website)
        ):
            self.note(
                "organization.website",
                "The website is not a web address we can use, so it was left out",
            )
            website = ""
        return {
            "external_id": _text(org, "id"),
            "name": name,
            "description": _text(org, "description"),
            "email": email,
            "website": website,
        }

    def _assured(self, record: dict[str, Any]) -> dt.date:
        """When the other authority last checked the entry; the import date if it does not say."""
        today = timezone.localdate()
        raw = _text(record, "assured_date")
        if not raw:
            return today
        try:
            day = dt.date.fromisoformat(raw[:10])
        except ValueError:
            self.note(
                "assured_date", f"{raw[:30]!r} is not a date, so the date of this import was used"
            )
            return today
        day = min(day, today)
        hidden_from = services.review_due(day) + dt.timedelta(days=reference.GRACE_DAYS)
        if hidden_from < today:
            self.note(
                "assured_date",
                f"It was last checked on {day:%-d %B %Y}, so it is hidden from the public "
                "until someone checks it",
            )
        return day


def _is_postcode(normal: str) -> bool:
    """A full postcode, or its sector or district: all three have a place on the map."""
    return bool(
        services.POSTCODE_RE.match(normal)
        or (services.PARTIAL_RE.match(normal.replace(" ", "")) and normal[:1].isalpha())
    )


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


# ---------------------------------------------------------------------------------------------
# Saving


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


def checked_label(label: str) -> str:
    """Whose feed it is, or ValueError saying what is wrong with it."""
    label = label.strip()
    if not label:
        raise ValueError("Say whose feed this is (for example the council's name)")
    if len(label) > 200:
        raise ValueError("The label must be 200 characters or fewer")
    return label


def feed_import(
    *,
    actor: Any,
    source: str,
    label: str,
    payload: bytes | str | dict[str, Any] | list[Any],
    request: Any = None,
) -> FeedImport:
    """Import a feed now (the command's way); returns the import's record, finished.

    Raises ValueError, writing nothing, if the file as a whole cannot be used.
    """
    label = checked_label(label)
    records = parse_payload(payload)
    with transaction.atomic():
        imp = FeedImport.objects.create(
            source=source.strip()[:500] or "unnamed file",
            label=label,
            status=ImportStatus.RUNNING,
            started_at=timezone.now(),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        import_records(imp, records, actor=actor, request=request)
    return imp


def import_records(imp: FeedImport, records: list[Any], *, actor: Any, request: Any) -> None:
    """Check and save each record into the import ``imp``, then record it as finished.

    Call inside a transaction: the import's counts and problems are saved with its services.
    """
    label = imp.label
    terms = Terms.load()
    problems: list[Problem] = []
    created = updated = skipped = 0
    saver = Saver(imp, actor, request)
    first_seen: dict[str, int] = {}
    for position, record in enumerate(records, start=1):
        check = RecordCheck(record, position, terms, label).run()
        if check.external_id and check.result is not None:
            earlier = first_seen.setdefault(check.external_id, position)
            if earlier != position:
                check.error(
                    "id", f"The same id is used by record {earlier}; only that one was imported"
                )
                check.result = None
        problems.extend(check.problems)
        if check.result is None:
            skipped += 1
            continue
        try:
            with transaction.atomic():
                added = saver.save(check.result)
        except ValidationError as error:
            saver.forget()
            skipped += 1
            for name, messages in error.message_dict.items():
                problems.append(Problem(check.name, name, "; ".join(messages)))
            continue
        except DatabaseError as error:
            saver.forget()
            skipped += 1
            problems.append(
                Problem(
                    check.name, "", f"It could not be saved: {str(error).splitlines()[0][:200]}"
                )
            )
            continue
        if added:
            created += 1
        else:
            updated += 1
    services.refresh_search(saver.touched)
    kept = [p.as_dict() for p in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        kept.append(
            {
                "record": "",
                "field": "",
                "message": f"and {len(problems) - MAX_PROBLEMS:,} more problems not listed",
                "kind": NOTE,
            }
        )
    imp.created_count, imp.updated_count, imp.skipped_count = created, updated, skipped
    imp.problems = kept
    imp.status = ImportStatus.FINISHED
    imp.payload = None
    imp.finished_at = timezone.now()
    imp.save(
        update_fields=[
            "created_count",
            "updated_count",
            "skipped_count",
            "problems",
            "status",
            "payload",
            "finished_at",
        ]
    )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=imp,
        summary=f"Imported the feed of {label}: {created} added, {updated} updated, "
        f"{skipped} skipped",
    )


# ---------------------------------------------------------------------------------------------
# Fetching a feed from the web


def _opener() -> urllib.request.OpenerDirector:
    """http and https only, redirects included (never file: or ftp:)."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.UnknownHandler(),
    ):
        opener.add_handler(handler)
    return opener


def _with_page(url: str, page: int) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "page"]
    query.append(("page", str(page)))
    return urlunsplit(parts._replace(query=urlencode(query)))


def _get_json(url: str, timeout: float) -> Any:
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked by fetch_feed
        url, headers={"Accept": "application/json", "User-Agent": USER_AGENT}
    )
    try:
        with _opener().open(request, timeout=timeout) as response:
            status = getattr(response, "status", 200)
            if status != 200:
                raise ValueError(f"The feed at {url} answered with status {status}, not 200 (OK)")
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise ValueError(
            f"The feed at {url} answered with status {error.code} ({error.reason}), not 200 (OK)"
        ) from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise ValueError(
                f"The feed at {url} did not answer within {timeout:g} seconds"
            ) from None
        raise ValueError(f"Could not reach the feed at {url}: {reason}") from None
    except TimeoutError:
        raise ValueError(f"The feed at {url} did not answer within {timeout:g} seconds") from None
    except (http.client.HTTPException, OSError) as error:
        raise ValueError(f"Could not read the feed at {url}: {error}") from None
    if len(body) > MAX_BYTES:
        raise ValueError(
            f"The feed at {url} sent more than {MAX_BYTES // (1024 * 1024)} MB in one page"
        )
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError(f"The feed at {url} did not send JSON") from None


def fetch_feed(url: str, *, timeout: float = 20, max_pages: int = 200) -> list[dict[str, Any]]:
    """Every service record of a feed, following its pages (``?page=2`` and on).

    Records are returned as found (even ones that are not objects), so ``feed_import`` can report
    each bad one. ValueError says what went wrong: a bad address, no answer, not 200, not JSON.
    """
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        raise ValueError("Give a web address starting http:// or https://")
    first = _get_json(url, timeout)
    if not isinstance(first, dict) or "contents" not in first:
        return cast(list[dict[str, Any]], parse_payload(first))
    records: list[Any] = []
    body: Any = first
    page = 1
    previous: list[Any] | None = None
    while True:
        contents = body.get("contents") if isinstance(body, dict) else None
        if not isinstance(contents, list):
            raise ValueError(f"Page {page} of the feed at {url} is not a page of services")
        if previous is not None and contents and contents == previous:
            raise ValueError(
                f"The feed at {url} sent the same services for page {page} as for page "
                f"{page - 1}: it may not support ?page="
            )
        records.extend(contents)
        total_pages = body.get("total_pages")
        if (
            body.get("last_page") is True
            or not contents
            or (isinstance(total_pages, int) and page >= total_pages)
            or ("last_page" not in body and not isinstance(total_pages, int))
        ):
            break
        if page >= max_pages:
            raise ValueError(
                f"The feed at {url} has more than {max_pages} pages: nothing was imported"
            )
        previous = contents
        page += 1
        body = _get_json(_with_page(url, page), timeout)
    return cast(list[dict[str, Any]], records)
