"""The Local Offer builder's base: its draws, the places services run in, and the providers."""

from __future__ import annotations

import csv
import datetime as dt
import random
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sendpath.demo import names
from sendpath.demo.draws import Draws
from sendpath.demo.people_api import Organisation, User

from .catalogue import (
    ACCESSIBILITY,
    DEFAULT_COMMENTS,
    DEFAULT_SERVICES,
    HALLS,
    LOCAL_ENTRIES,
    LOCAL_TYPES,
    OFFICE,
    PLACES,
    PROVIDERS,
    TOWN_DISTRICTS,
    VENUE_KINDS,
)
from .localoffer_api import (
    BUNDLED,
    Comment,
    Location,
    Provider,
    Service,
    ServiceAtLocation,
    ServiceVersion,
    normalise_postcode,
    reference,
)

T = TypeVar("T")


def bundled_postcodes() -> list[tuple[str, float, float]]:
    with BUNDLED.open(encoding="utf-8", newline="") as handle:
        return [
            (row["postcode"], float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(handle)
        ]


@dataclass
class Venue:
    location: Location
    town: str


@dataclass
class LocalOfferRows:
    """Unsaved rows, ready for bulk insert."""

    providers: list[Provider] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    links: list[ServiceAtLocation] = field(default_factory=list)
    categories: list[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=list)
    needs: list[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=list)
    versions: list[ServiceVersion] = field(default_factory=list)
    comments: list[tuple[Comment, dt.datetime]] = field(default_factory=list)


class PlacesBuilder(Draws):
    """The draws, places and providers every Local Offer entry is made from."""

    def __init__(
        self,
        *,
        seed: int,
        today: dt.date,
        services: int = DEFAULT_SERVICES,
        comments: int = DEFAULT_COMMENTS,
        organisations: Sequence[Organisation] = (),
        staff: User | None = None,
    ) -> None:
        self.rng = random.Random(f"local-offer-{seed}")
        self.today = today
        self.count = services
        self.comment_count = comments
        self.orgs = {o.name: o for o in organisations}
        self.scale = max(1, round(services / DEFAULT_SERVICES))  # more venues in a bigger offer
        self.names_used: set[str] = set()
        self.entries: Counter[str] = Counter()  # entries per provider key
        self.kind_of: dict[Any, str] = {}  # each entry's kind, by the entry's id
        self.staff = staff
        self.points = {key: (lat, lon) for key, lat, lon in bundled_postcodes()}
        self.rows = LocalOfferRows()
        self.providers: dict[str, Provider] = {}
        self.provider_town: dict[str, str] = {}
        self.provider_kind: dict[str, str] = {}
        self.variants: Counter[tuple[str, str]] = Counter()
        self.locals: dict[str, list[str]] = {}  # activity -> local provider keys
        self.bases: dict[str, Venue] = {}
        self.venues: dict[tuple[str, str], list[Venue]] = {}
        self.phones = [f"01632 960{n:03d}" for n in range(1000)]
        self.rng.shuffle(self.phones)
        self.term_ids = {
            kind: {code: reference.term_id(kind, code) for code, *_ in rows}
            for kind, rows in reference.taxonomy_rows().items()
        }
        self.term_names = {
            kind: {code: name for code, name, _ in rows}
            for kind, rows in reference.taxonomy_rows().items()
        }

    # -- randomness --------------------------------------------------------------------------

    def weighted(self, weights: Mapping[T, float]) -> T:
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def phone(self) -> str:
        if not self.phones:
            self.phones = [f"01632 960{n:03d}" for n in range(1000)]
        return self.phones.pop()

    # -- places ------------------------------------------------------------------------------

    def postcode(self, town: str) -> tuple[str, float, float]:
        district = self.pick(TOWN_DISTRICTS[town])
        sector = f"{district} {self.rng.randrange(1, 10)}"
        letters = names.POSTCODE_LETTERS
        lat, lon = self.points[sector]
        # A unit a short walk from its sector's centre (about a quarter of a mile at most).
        lat += self.rng.uniform(-0.0035, 0.0035)
        lon += self.rng.uniform(-0.005, 0.005)
        unit = f"{sector}{self.pick(letters)}{self.pick(letters)}"
        return unit, round(lat, 6), round(lon, 6)

    def location(self, name: str, town: str, address: str = "", postcode: str = "") -> Venue:
        unit, lat, lon = self.postcode(town)
        if postcode:
            sector = normalise_postcode(postcode)[:-2]
            if sector in self.points:
                unit = normalise_postcode(postcode)
                lat, lon = self.points[sector]
        location = Location(
            id=self.uuid(),
            name=name,
            address_1=address or f"{self.rng.randrange(1, 120)} {self.pick(names.STREETS)}",
            city=town,
            postcode=unit,
            latitude=lat,
            longitude=lon,
            accessibility=self.pick(ACCESSIBILITY),
        )
        self.rows.locations.append(location)
        return Venue(location, town)

    def venue(self, kind: str, town: str) -> Venue:
        """A shared venue in the town: a new one until the town has its share, then reused."""
        pattern, in_demchester, elsewhere = VENUE_KINDS[kind]
        pool = self.venues.setdefault((kind, town), [])
        wanted = (in_demchester if town == "Demchester" else elsewhere) * self.scale
        if len(pool) < wanted:
            places = PLACES[town]
            place = places[len(pool) % len(places)]
            name = pattern.format(place=place, hall=self.pick(HALLS).format(place=place))
            pool.append(self.location(name, town))
            return pool[-1]
        return self.pick(pool)

    def office(self) -> Venue:
        if "office" not in self.bases:
            name, address, town, postcode = OFFICE
            self.bases["office"] = self.location(name, town, address, postcode)
        return self.bases["office"]

    def base(self, provider_key: str) -> Venue:
        """The provider's own premises (a school's from its organisation)."""
        if provider_key not in self.bases:
            provider = self.providers[provider_key]
            town = self.provider_town[provider_key]
            org = provider.organisation
            if org is not None and org.postcode and org.address:
                lines = [line for line in org.address.splitlines() if line.strip()]
                self.bases[provider_key] = self.location(
                    provider.name, lines[-1] if len(lines) > 1 else town, lines[0], org.postcode
                )
            else:
                self.bases[provider_key] = self.location(provider.name, town)
        return self.bases[provider_key]

    # -- providers ---------------------------------------------------------------------------

    def slug(self, text: str) -> str:
        words = "".join(c if c.isalnum() else " " for c in text.lower()).split()
        return "-".join(w for w in words if w not in {"the", "and", "of", "for"})[:40]

    def add_provider(
        self, key: str, name: str, description: str, town: str, org: str, kind: str
    ) -> None:
        slug = self.slug(name)
        provider = Provider(
            id=self.uuid(),
            name=name,
            description=description,
            email=f"hello@{slug}.example.com",
            website=f"https://www.{slug}.example.com/",
            organisation=self.orgs.get(org) if org else None,
        )
        self.providers[key] = provider
        self.provider_town[key] = town
        self.provider_kind[key] = kind
        self.rows.providers.append(provider)

    def build_providers(self) -> None:
        for spec in PROVIDERS:
            self.add_provider(
                spec.key, spec.name, spec.description, spec.town, spec.organisation, spec.kind
            )

    def local_provider(self, activity: str, town: str) -> str:
        """A local club or group for the activity in the town: one with room, else a new one.

        Each takes ``LOCAL_ENTRIES`` entries before another opens (named after another
        neighbourhood), up to about one of each kind per 500 entries; after that families
        travel to the least busy one, and the entry is in its town.
        """
        every = self.locals.get(activity, [])
        here = [k for k in every if self.provider_town[k] == town]
        room = [k for k in here if self.entries[k] < LOCAL_ENTRIES]
        if room:
            return self.pick(room)
        pattern, kind, _ = next(t for t in LOCAL_TYPES if activity in t[2])
        taken = {self.providers[k].name for k in here}
        free = [p for p in PLACES[town] if pattern.format(place=p) not in taken]
        # A small offer has a club or two of each kind, which families travel to.
        if every and (not free or len(every) >= max(1, round(self.count / 500))):
            return min(every, key=lambda k: self.entries[k])
        key = f"local-{len(self.providers)}"
        words = {
            "club": "A local club",
            "charity": "A community group",
            "private": "A local business",
        }[kind]
        self.add_provider(
            key,
            pattern.format(place=self.pick(free)),
            f"{words} in {town} that welcomes children and young people with SEND.",
            town,
            "",
            kind,
        )
        self.locals.setdefault(activity, []).append(key)
        return key
