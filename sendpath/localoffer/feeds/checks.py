"""One record of a feed checked: the ORUK schema's checks and what our Local Offer needs."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, TypeGuard

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.text import capfirst

from sendpath.core import schemas

from .. import oruk, postcodes, reference, services
from ..models import (
    ServiceStatus,
    TaxonomyTerm,
)
from .records import NOTE, SKIPPED, Checked, Place, Problem, Terms

DEFAULT_CATEGORY: Final = "advice-and-support"
MAX_AGE: Final = 25
# The United Kingdom, the Channel Islands and the Isle of Man, with a margin.
LATITUDES: Final = (49.0, 61.5)
LONGITUDES: Final = (-9.0, 2.5)


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
            postcode = postcodes.normalise_postcode(raw)
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
                point = postcodes.postcode_point(postcode)
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
        postcodes.POSTCODE_RE.match(normal)
        or (postcodes.PARTIAL_RE.match(normal.replace(" ", "")) and normal[:1].isalpha())
    )


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)
