"""The authority builder's base: its seeded draws, addresses, telephone numbers and emails."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings

from sendpath.demo import names
from sendpath.demo.common import MIN_CHILDREN
from sendpath.demo.dfe import NationalFigures
from sendpath.demo.draws import Draws
from sendpath.demo.people_api import (
    Child,
    FamilyMember,
    Organisation,
    ProfessionalLink,
    SettingAttendance,
    User,
)

from .specs import NEIGHBOURS, Authority, SettingSpec

T = TypeVar("T")


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def weekday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def ascii_fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


@dataclass
class DemoSetting:
    spec: SettingSpec
    org: Organisation
    estab: int  # DfE establishment number, for UPNs (Demoshire state schools only)


@dataclass
class DemoPerson:
    """What the builder knows about a child while it decides the rest."""

    child: Child
    age: int
    acad: int  # academic age: age on 31 August before the current school year
    pool: str
    surname_pool: str
    group: str = ""  # where they are placed: mainstream, special, ap, fe, elsewhere, ...
    area: str = "home"  # home: in Demoshire; out: placed in another area
    placed_in_by: Authority | None = None  # looked after by another LA, placed here
    settings: list[tuple[DemoSetting, dt.date, dt.date | None, str]] = field(default_factory=list)


class BuilderBase(Draws):
    """The state every step of building the authority shares, and the draws they all make."""

    def __init__(self, *, seed: int, children: int, today: dt.date, figures: NationalFigures):
        if children < MIN_CHILDREN:
            raise ValueError(f"Make at least {MIN_CHILDREN} children for the demo to work")
        self.rng = random.Random(seed)
        self.seed = seed
        self.count = children
        self.today = today
        self.figures = figures
        self.year = today.year if today.month >= 9 else today.year - 1  # school year start
        self.home_code = str(settings.HOME_LA_CODE)
        self.organisations: list[Organisation] = []
        self.authorities: dict[str, Organisation] = {}
        self.neighbours = [a for a in NEIGHBOURS if a.la_code != self.home_code]
        self.settings: list[DemoSetting] = []
        self.others: dict[str, Organisation] = {}
        self.people: list[DemoPerson] = []
        self.family: list[FamilyMember] = []
        self.attendances: list[SettingAttendance] = []
        self.links: list[ProfessionalLink] = []
        self.users: list[User] = []
        self._upns: set[str] = set()
        self._ulns: set[str] = set()
        self._nhs: set[str] = set()
        self._emails: set[str] = set()
        self._upn_serials: dict[tuple[int, int], int] = {}
        self._urns: set[str] = set()
        self._mobiles: list[str] = []
        self._landlines: list[str] = []

    # -- randomness --------------------------------------------------------------------------

    def weighted(self, weights: Mapping[Any, float] | Sequence[tuple[Any, float]]) -> Any:
        pairs = list(weights.items()) if isinstance(weights, Mapping) else list(weights)
        pairs = [(k, w) for k, w in pairs if w > 0]
        total = sum(w for _, w in pairs)
        point = self.rng.random() * total
        for key, weight in pairs:
            point -= weight
            if point < 0:
                return key
        return pairs[-1][0]

    def sample_weighted(self, items: list[T], weight: Any, k: int) -> list[T]:
        """k items without replacement, each as likely as its weight (Efraimidis-Spirakis)."""
        keyed = [(self.rng.random() ** (1.0 / weight(item)), i) for i, item in enumerate(items)]
        keyed.sort(reverse=True)
        return [items[i] for _, i in keyed[:k]]

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        if end <= start:
            return start
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))

    def phone(self, mobile: bool = True) -> str:
        pool = self._mobiles if mobile else self._landlines
        if not pool:
            numbers = (
                [f"07700 900{n:03d}" for n in range(1000)]
                if mobile
                else [f"01632 960{n:03d}" for n in range(1000)]
            )
            self.rng.shuffle(numbers)
            pool.extend(numbers)
        return pool.pop()

    def email(self, *parts: str, domain: str = "example.com") -> str:
        local = ".".join(p for p in (ascii_fold(x) for x in parts) if p) or "family"
        candidate = f"{local}@{domain}"
        while candidate in self._emails:
            candidate = f"{local}{self.rng.randrange(2, 99)}@{domain}"
        self._emails.add(candidate)
        return candidate

    def postcode(self, district: str) -> str:
        letters = names.POSTCODE_LETTERS
        return f"{district} {self.rng.randrange(1, 10)}{self.pick(letters)}{self.pick(letters)}"

    def address(self, la_code: str = "", town: str = "") -> tuple[str, str, str]:
        """(address, postcode, town) in Demoshire, or in the neighbouring area given."""
        if la_code and la_code in names.NEIGHBOUR_POSTCODES:
            town = next(a.name for a in NEIGHBOURS if a.la_code == la_code)
            district = self.pick(names.NEIGHBOUR_POSTCODES[la_code])
        elif town:
            district = self.pick(next(d for t, d, _ in names.DEMOSHIRE_TOWNS if t == town))
        else:
            town, districts = self.weighted([((t, d), w) for t, d, w in names.DEMOSHIRE_TOWNS])
            district = self.pick(districts)
        line = f"{self.rng.randrange(1, 180)} {self.pick(names.STREETS)}"
        return f"{line}\n{town}", self.postcode(district), town
