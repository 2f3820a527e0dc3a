"""Synthetic demo data for a fictional authority, Demoshire Council (LA code 999).

Everything here is invented, from one ``random.Random(seed)``: the same seed gives the same
organisations, children, families, identifiers and UUIDs on the same day (ages are counted back
from today so the demo never goes stale). The children's ages, primary needs, sex and
ethnicity, and where children with EHC plans are placed for each need, are weighted by DfE's
national EHC plan counts (see ``dfe.py``); nothing else claims to be a statistic.

Identifiers are valid but cannot belong to anyone: UPNs carry LA code 999, which no authority
uses; NHS numbers start 999, the range the NHS keeps for testing; URNs start 9 and UKPRNs
1999; telephone numbers come from Ofcom's ranges for drama (07700 900xxx, 01632 960xxx);
email addresses are at example.com; postcodes in Demoshire use the area letters DM, which no
real postcode area uses.

``build_demo`` makes the unsaved rows (no database needed); ``load_demo`` saves them.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import unicodedata
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sendpath.core import identifiers
from sendpath.demo.draws import Draws
from sendpath.people.models import (
    AttendanceKind,
    Child,
    FamilyMember,
    Organisation,
    OrganisationKind,
    Phase,
    ProfessionalLink,
    Relationship,
    Role,
    SettingAttendance,
    SettingType,
    User,
)

from . import names
from .dfe import NEED_CODES, NationalFigures, national_figures

T = TypeVar("T")

DEMO_PASSWORD = "sendpath-demo"
DEFAULT_SEED = 2026
DEFAULT_CHILDREN = 1500
MIN_CHILDREN = 100

HOME_NAME = "Demoshire Council"
HOME_ONS_CODE = "E06999999"
SENCO_SCHOOL = "Oakfield Primary School"
NHS_TRUST = "Demoshire Community Health NHS Trust"
LOCAL_OFFER_PROVIDER = "Demoshire Autism Family Support"  # the provider account's charity

NOT_ALLOWED_MESSAGE = (
    "Demo data is switched off in these settings (DEMO_ALLOWED is false). "
    "It must never be loaded into a live system."
)
NOT_EMPTY_MESSAGE = (
    "The database already has data: the demo was not loaded and nothing was changed."
)

# (username, role label, what they can see)
DEMO_ACCOUNTS: list[tuple[str, str, str]] = [
    (
        "caseworker",
        Role.CASEWORKER.label,
        "Every child and young person Demoshire Council is responsible for",
    ),
    (
        "manager",
        Role.MANAGER.label,
        "The same children as a caseworker, plus who has looked at each record",
    ),
    (
        "virtualschool",
        Role.VIRTUAL_SCHOOL.label,
        "Cared-for children only: those Demoshire looks after, and those placed here by "
        "other councils",
    ),
    ("senco", Role.SENCO.label, f"The pupils on the roll of {SENCO_SCHOOL} today"),
    (
        "professional",
        Role.PROFESSIONAL.label,
        "Only the 25 children a community paediatrician at the NHS trust works with",
    ),
    ("parent", Role.FAMILY.label, "Their own child's record only"),
    ("youngperson", Role.FAMILY.label, "Their own record only (a young person aged 17 or over)"),
    ("leader", Role.LEADER.label, "Figures only: no named child or young person"),
    (
        "admin",
        Role.ADMINISTRATOR.label,
        "Every child Demoshire is responsible for, plus adding and changing organisations",
    ),
    (
        "localoffer",
        Role.LOCAL_OFFER.label,
        "Every Local Offer entry and the comments, never a child's record",
    ),
    (
        "provider",
        Role.PROVIDER.label,
        "Their own organisation's Local Offer entries only",
    ),
]


class DemoRefused(Exception):  # noqa: N818 (the name the project uses)
    """The demo was not loaded, and nothing was changed."""


class DemoNotAllowed(DemoRefused):
    """These settings do not allow demo data (``DEMO_ALLOWED`` is false)."""


class DatabaseNotEmpty(DemoRefused):
    """The database already has organisations, children or accounts."""


# ---------------------------------------------------------------------------------------------
# Local authorities


@dataclass(frozen=True)
class Authority:
    la_code: str
    ons_code: str
    name: str


# Real neighbours, with the codes and names DfE uses in caseload.csv and sen_needs_all_plans.csv.
NEIGHBOURS: tuple[Authority, ...] = (
    Authority("355", "E08000006", "Salford"),
    Authority("343", "E08000014", "Sefton"),
    Authority("352", "E08000003", "Manchester"),
    Authority("341", "E08000012", "Liverpool"),
    Authority("350", "E08000001", "Bolton"),
    Authority("359", "E08000010", "Wigan"),
    Authority("358", "E08000009", "Trafford"),
    Authority("356", "E08000007", "Stockport"),
    Authority("877", "E06000007", "Warrington"),
    Authority("895", "E06000049", "Cheshire East"),
    Authority("888", "E10000017", "Lancashire"),
    Authority("340", "E08000011", "Knowsley"),
)


# ---------------------------------------------------------------------------------------------
# Schools and settings


@dataclass(frozen=True)
class SettingSpec:
    name: str
    category: str  # primary, secondary, all_through, special, ap, early_years, nursery_school,
    # fe, sixth_form_college, specialist_post16
    setting_type: str
    phase: str
    ages: tuple[int, int]  # academic ages taken: age on the 31 August before the school year
    town: str = "Demchester"
    la: str = ""  # LA code of the area it is in; "" for Demoshire
    weight: float = 1.0  # relative size
    needs: tuple[str, ...] = ()  # needs a special setting is designated for

    @property
    def kind(self) -> str:
        if self.category in ("early_years", "nursery_school"):
            return OrganisationKind.EARLY_YEARS
        if self.category in ("fe", "sixth_form_college", "specialist_post16"):
            return OrganisationKind.COLLEGE
        return OrganisationKind.SCHOOL


MM, MA, MF = (
    SettingType.MAINSTREAM_MAINTAINED,
    SettingType.MAINSTREAM_ACADEMY,
    SettingType.MAINSTREAM_FREE,
)
PRI, SEC, ALL = Phase.PRIMARY, Phase.SECONDARY, Phase.ALL_THROUGH


def _primary(name: str, kind: str, town: str, weight: float = 1.0, nursery: bool = False):
    return SettingSpec(name, "primary", kind, PRI, (3 if nursery else 4, 10), town, weight=weight)


def _secondary(name: str, kind: str, town: str, weight: float = 1.0, sixth: bool = False):
    return SettingSpec(name, "secondary", kind, SEC, (11, 17 if sixth else 15), town, weight=weight)


DEMOSHIRE_SETTINGS: tuple[SettingSpec, ...] = (
    _primary(SENCO_SCHOOL, MM, "Demchester", weight=3.0, nursery=True),
    _primary("St Aidan's CE Primary School", MM, "Demchester"),
    _primary("Brindlemoor Community Primary School", MM, "Brindlemoor", nursery=True),
    _primary("Hollin Cross Primary Academy", MA, "Hollin Cross"),
    _primary("St Mary's RC Primary School", MM, "Tarnbury"),
    _primary("Kingsway Primary School", MA, "Demchester", weight=1.5),
    _primary("Meadowbank Primary School", MM, "Demchester"),
    _primary("Oxley Bridge Primary School", MM, "Oxley Bridge", nursery=True),
    _primary("Ashgrove Primary Academy", MA, "Demchester"),
    _primary("Fernhill Primary School", MM, "Sallowfield"),
    _primary("Parkside Primary School", MA, "Demchester", weight=1.2),
    _primary("Willowbrook Primary Academy", MA, "Brindlemoor"),
    _primary("Holy Trinity CE Primary School", MM, "Hollin Cross", weight=0.7),
    _primary("Moorside Primary School", MM, "Brindlemoor"),
    _primary("Riverside Primary Academy", MA, "Oxley Bridge"),
    _primary("Beechwood Primary School", MM, "Demchester"),
    _primary("Castle Hill Primary School", MA, "Tarnbury"),
    _primary("Greenacres Primary Academy", MA, "Sallowfield"),
    _primary("Highfield Primary School", MM, "Demchester", weight=1.3, nursery=True),
    _primary("Larkrise Primary School", MF, "Demchester", weight=0.6),
    _secondary("Demchester Academy", MA, "Demchester", weight=1.6, sixth=True),
    _secondary("Brindlemoor High School", MM, "Brindlemoor"),
    _secondary("Hollin Cross School", MA, "Hollin Cross", sixth=True),
    _secondary("St Bede's RC High School", MM, "Demchester", sixth=True),
    _secondary("Oxley Bridge Free School", MF, "Oxley Bridge", weight=0.6),
    _secondary("Sallowfield High School", MA, "Sallowfield"),
    SettingSpec("Tarnbury Academy", "all_through", MA, ALL, (4, 17), "Tarnbury", weight=0.8),
    SettingSpec(
        "Brookfield School",
        "special",
        SettingType.SPECIAL_MAINTAINED,
        ALL,
        (2, 18),
        weight=1.3,
        needs=("PMLD", "SLD", "MSI", "PD"),
    ),
    SettingSpec(
        "Rowan Park School",
        "special",
        SettingType.SPECIAL_MAINTAINED,
        ALL,
        (4, 18),
        "Brindlemoor",
        weight=1.3,
        needs=("ASD", "SLCN", "SLD"),
    ),
    SettingSpec(
        "The Lantern Academy",
        "special",
        SettingType.SPECIAL_ACADEMY,
        ALL,
        (7, 15),
        "Hollin Cross",
        weight=0.8,
        needs=("SEMH",),
    ),
    SettingSpec(
        "Hazelwood School",
        "special",
        SettingType.SPECIAL_ACADEMY,
        ALL,
        (4, 15),
        "Oxley Bridge",
        needs=("MLD", "ASD", "SLCN", "HI", "VI", "SPLD"),
    ),
    SettingSpec(
        "Thornleigh House School",
        "special",
        SettingType.SPECIAL_INDEPENDENT,
        ALL,
        (8, 18),
        "Tarnbury",
        weight=0.4,
        needs=("ASD", "SEMH"),
    ),
    SettingSpec(
        "Demoshire Pupil Referral Service",
        "ap",
        SettingType.ALTERNATIVE_PROVISION,
        Phase.NOT_APPLICABLE,
        (5, 15),
    ),
    SettingSpec(
        "Horizons Academy",
        "ap",
        SettingType.ALTERNATIVE_PROVISION,
        SEC,
        (11, 15),
        "Brindlemoor",
        weight=0.7,
    ),
    SettingSpec(
        "Demchester Nursery School",
        "nursery_school",
        SettingType.EARLY_YEARS,
        Phase.NURSERY,
        (2, 3),
    ),
    SettingSpec(
        "Little Acorns Day Nursery",
        "early_years",
        SettingType.EARLY_YEARS,
        Phase.NURSERY,
        (0, 3),
        "Brindlemoor",
    ),
    SettingSpec(
        "Sunbeams Pre-School",
        "early_years",
        SettingType.EARLY_YEARS,
        Phase.NURSERY,
        (2, 3),
        "Sallowfield",
        weight=0.6,
    ),
    SettingSpec(
        "Demoshire College",
        "fe",
        SettingType.FE_COLLEGE,
        Phase.POST_16,
        (16, 24),
        weight=3.0,
    ),
    SettingSpec(
        "Demchester Sixth Form College",
        "sixth_form_college",
        SettingType.SIXTH_FORM_COLLEGE,
        Phase.POST_16,
        (16, 18),
        weight=1.5,
    ),
)

# A handful of fictional schools in real neighbouring areas, for children placed out of area.
OUT_OF_AREA_SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("Irwell Bank Primary School", "primary", MA, PRI, (4, 10), "Salford", "355"),
    SettingSpec("Ordsall Brook High School", "secondary", MA, SEC, (11, 15), "Salford", "355"),
    SettingSpec("Crosby Dunes Primary School", "primary", MM, PRI, (4, 10), "Sefton", "343"),
    SettingSpec("Seaforth Sands High School", "secondary", MM, SEC, (11, 17), "Sefton", "343"),
    SettingSpec("Mersey Heights High School", "secondary", MA, SEC, (11, 15), "Stockport", "356"),
    SettingSpec(
        "Hulme Grange School",
        "special",
        SettingType.SPECIAL_MAINTAINED,
        ALL,
        (4, 18),
        "Manchester",
        "352",
        needs=("ASD", "SLD", "PMLD"),
    ),
    SettingSpec(
        "Ribble Fell School",
        "special",
        SettingType.SPECIAL_INDEPENDENT,
        ALL,
        (7, 18),
        "Lancashire",
        "888",
        needs=("ASD", "SEMH"),
    ),
    SettingSpec(
        "Douglas Valley College",
        "fe",
        SettingType.FE_COLLEGE,
        Phase.POST_16,
        (16, 24),
        "Wigan",
        "359",
    ),
    SettingSpec(
        "Fellside Specialist College",
        "specialist_post16",
        SettingType.SPECIALIST_POST16,
        Phase.POST_16,
        (16, 24),
        "Cheshire East",
        "895",
        weight=0.8,
        needs=("SLD", "PMLD", "ASD", "MSI", "PD"),
    ),
)

OTHER_ORGANISATIONS: tuple[tuple[str, str], ...] = (
    (NHS_TRUST, OrganisationKind.HEALTH),
    ("NHS Demoshire Integrated Care Board", OrganisationKind.HEALTH),
    ("Demoshire Children with Disabilities Team", OrganisationKind.SOCIAL_CARE),
    ("Demoshire Children in Care Team", OrganisationKind.SOCIAL_CARE),
    ("Demoshire Parent Carer Forum", OrganisationKind.VOLUNTARY),
    (LOCAL_OFFER_PROVIDER, OrganisationKind.VOLUNTARY),
)

MAINSTREAM = ("primary", "secondary", "all_through", "sixth_form_college", "nursery_school")
SPECIAL = ("special", "specialist_post16")
STATE_SCHOOLS = ("primary", "secondary", "all_through", "special", "ap", "nursery_school")
HEALTH_NEEDS = ("PD", "HI", "VI", "MSI", "PMLD", "SLD", "SLCN", "ASD", "OTH")

COMMUNICATION_NOTES: dict[str, tuple[str, ...]] = {
    "ASD": (
        "Likes to know who will be at a meeting beforehand; a photo of each person helps.",
        "Finds busy rooms hard: offer a quiet space and short breaks.",
        "Uses a visual timetable; tell them about changes early.",
    ),
    "PMLD": (
        "Communicates through facial expression, sounds and body language; ask the people "
        "who know them best to help interpret.",
    ),
    "SLD": (
        "Uses Makaton signs and symbols alongside a few spoken words.",
        "Understands short sentences with pictures; use easy read.",
    ),
    "SLCN": (
        "Speaks in short phrases: give time to answer and check understanding.",
        "Uses a communication aid (AAC device); allow extra time.",
    ),
    "HI": ("Wears hearing aids: face them when speaking and cut background noise.",),
    "VI": ("Needs documents in large print (18 point) and good lighting.",),
    "MSI": ("Deafblind: uses tactile signing with a familiar intervenor.",),
    "SEMH": (
        "Anxious about meetings with professionals: meet at school with a trusted adult.",
        "Prefers to give their views through a key worker.",
    ),
    "PD": ("Uses a powered wheelchair: check the meeting room is accessible.",),
}

LINK_REASONS: dict[str, str] = {
    "PD": "Community paediatrics: physical disability and mobility",
    "PMLD": "Community paediatrics: complex health needs and feeding",
    "SLD": "Community paediatrics: learning disability health review",
    "MSI": "Community paediatrics: sensory impairment",
    "HI": "Community paediatrics: hearing impairment",
    "VI": "Community paediatrics: vision impairment",
    "ASD": "Community paediatrics: autism diagnosis and follow-up",
    "SLCN": "Community paediatrics: developmental review",
    "OTH": "Community paediatrics: medical advice for the EHC plan",
}

STAFF: tuple[tuple[str, str, str, str, str], ...] = (
    # username, role, first name, last name, job title
    ("caseworker", Role.CASEWORKER, "Priya", "Natarajan", "SEND caseworker"),
    ("manager", Role.MANAGER, "Gareth", "Lloyd", "SEND team manager"),
    ("virtualschool", Role.VIRTUAL_SCHOOL, "Joanne", "Whitfield", "Virtual School headteacher"),
    ("senco", Role.SENCO, "Rachel", "Ashworth", "SENCO and assistant headteacher"),
    (
        "professional",
        Role.PROFESSIONAL,
        "Adaeze",
        "Nwankwo",
        "Consultant community paediatrician",
    ),
    ("leader", Role.LEADER, "Helen", "Marsh", "Director of Children's Services"),
    ("admin", Role.ADMINISTRATOR, "Callum", "Reid", "SEND systems administrator"),
    ("localoffer", Role.LOCAL_OFFER, "Nadia", "Rahman", "Local Offer officer"),
    ("provider", Role.PROVIDER, "Siobhan", "Kettle", "Family support coordinator"),
)


# ---------------------------------------------------------------------------------------------
# The plan: unsaved rows


@dataclass
class DemoPlan:
    seed: int
    today: dt.date
    figures_source: str
    home: Organisation
    organisations: list[Organisation]
    users: list[User]
    children: list[Child]
    family: list[FamilyMember]
    attendances: list[SettingAttendance]
    links: list[ProfessionalLink]
    senco_school: Organisation
    parent_child: Child
    young_person: Child


@dataclass
class DemoSummary:
    seed: int
    local_authorities: int
    settings: int
    other_organisations: int
    children: int
    responsible: int
    placed_by_other_authorities: int
    ehc_plans: int
    sen_support: int
    no_sen: int
    cared_for: int
    family_members: int
    attendances: int
    professional_links: int
    accounts: int
    seconds: float = 0.0
    figures_source: str = ""
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"Demo data for {HOME_NAME} (seed {self.seed}), loaded in {self.seconds:.1f} seconds",
            f"  Local authorities:                 {self.local_authorities:>6,}",
            f"  Schools, colleges and settings:    {self.settings:>6,}",
            f"  Health, social care and voluntary: {self.other_organisations:>6,}",
            f"  Children and young people:         {self.children:>6,}",
            f"    Demoshire is responsible for:    {self.responsible:>6,}",
            f"      with an EHC plan (E):          {self.ehc_plans:>6,}",
            f"      on SEN support (K):            {self.sen_support:>6,}",
            f"      no SEN recorded (N):           {self.no_sen:>6,}",
            f"    placed here by other councils:   {self.placed_by_other_authorities:>6,}",
            f"    cared for (looked after):        {self.cared_for:>6,}",
            f"  Family members:                    {self.family_members:>6,}",
            f"  School and setting attendances:    {self.attendances:>6,}",
            f"  Professional links:                {self.professional_links:>6,}",
            f"  Demo accounts:                     {self.accounts:>6,}",
            f"  Need and age weights from: {self.figures_source}",
            *self.notes,
        ]


def summarise(plan: DemoPlan, seconds: float = 0.0) -> DemoSummary:
    ours = [c for c in plan.children if c.responsible_authority_id == plan.home.pk]
    parent = next(u.get_full_name() for u in plan.users if u.username == "parent")
    provision = Counter(c.sen_provision for c in ours)
    kinds = Counter(o.kind for o in plan.organisations)
    education = sum(kinds[k] for k in (OrganisationKind.SCHOOL, OrganisationKind.EARLY_YEARS))
    education += kinds[OrganisationKind.COLLEGE]
    las = kinds[OrganisationKind.LOCAL_AUTHORITY]
    return DemoSummary(
        seed=plan.seed,
        local_authorities=las,
        settings=education,
        other_organisations=len(plan.organisations) - las - education,
        children=len(plan.children),
        responsible=len(ours),
        placed_by_other_authorities=len(plan.children) - len(ours),
        ehc_plans=provision["E"],
        sen_support=provision["K"],
        no_sen=provision["N"],
        cared_for=sum(1 for c in plan.children if c.cared_for),
        family_members=len(plan.family),
        attendances=len(plan.attendances),
        professional_links=len(plan.links),
        accounts=len(plan.users),
        seconds=seconds,
        figures_source=plan.figures_source,
        notes=[
            f"  The parent account is {parent}, main contact for {plan.parent_child.full_name}",
            f"  The young person account is {plan.young_person.full_name}, "
            f"born {plan.young_person.date_of_birth:%-d %B %Y}",
        ],
    )


# ---------------------------------------------------------------------------------------------
# Helpers


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _weekday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


@dataclass
class _Setting:
    spec: SettingSpec
    org: Organisation
    estab: int  # DfE establishment number, for UPNs (Demoshire state schools only)


@dataclass
class _Person:
    """What the builder knows about a child while it decides the rest."""

    child: Child
    age: int
    acad: int  # academic age: age on 31 August before the current school year
    pool: str
    surname_pool: str
    group: str = ""  # where they are placed: mainstream, special, ap, fe, elsewhere, ...
    area: str = "home"  # home: in Demoshire; out: placed in another area
    placed_in_by: Authority | None = None  # looked after by another LA, placed here
    settings: list[tuple[_Setting, dt.date, dt.date | None, str]] = field(default_factory=list)


class _Builder(Draws):
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
        self.settings: list[_Setting] = []
        self.others: dict[str, Organisation] = {}
        self.people: list[_Person] = []
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
        local = ".".join(p for p in (_ascii(x) for x in parts) if p) or "family"
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

    # -- organisations -----------------------------------------------------------------------

    def organisation(self, **fields: Any) -> Organisation:
        org = Organisation(id=self.uuid(), **fields)
        self.organisations.append(org)
        return org

    def urn(self) -> str:
        while True:
            urn = f"9{self.rng.randrange(10000, 100000)}"
            if urn not in self._urns:
                self._urns.add(urn)
                return urn

    def build_organisations(self) -> None:
        home = self.organisation(
            kind=OrganisationKind.LOCAL_AUTHORITY,
            name=HOME_NAME,
            la_code=self.home_code,
            ons_code=HOME_ONS_CODE,
            address="Town Hall\nMarket Street\nDemchester",
            postcode="DM1 1AB",
            email="send.team@demoshire.example.com",
            telephone=self.phone(mobile=False),
        )
        self.home = home
        self.authorities[self.home_code] = home
        for authority in self.neighbours:
            self.authorities[authority.la_code] = self.organisation(
                kind=OrganisationKind.LOCAL_AUTHORITY,
                name=authority.name,
                la_code=authority.la_code,
                ons_code=authority.ons_code,
            )
        estabs: Counter[str] = Counter()
        first_estab = {
            "nursery_school": 1000,
            "primary": 2000,
            "all_through": 4100,
            "secondary": 4000,
            "ap": 1100,
            "special": 7000,
        }
        ukprn = 19990000 + self.rng.randrange(100, 500)
        for spec in (*DEMOSHIRE_SETTINGS, *OUT_OF_AREA_SETTINGS):
            area = self.authorities.get(spec.la or self.home_code, home)
            if spec.la:
                address, postcode, _ = self.address(spec.la)
            else:
                address, postcode, _ = self.address(town=spec.town)
            slug = "-".join(_ascii(w) for w in spec.name.split() if _ascii(w))
            fields: dict[str, Any] = {}
            if spec.kind == OrganisationKind.COLLEGE:
                ukprn += self.rng.randrange(1, 40)
                fields["ukprn"] = str(ukprn)
            if spec.category != "early_years" or self.chance(0.9):
                fields["urn"] = self.urn()
            org = self.organisation(
                kind=spec.kind,
                name=spec.name,
                phase=spec.phase,
                setting_type=spec.setting_type,
                local_authority=area,
                address=address,
                postcode=postcode,
                email=f"office@{slug}.example.com",
                telephone=self.phone(mobile=False),
                **fields,
            )
            estab = 0
            if not spec.la and spec.category in first_estab:
                estabs[spec.category] += 1
                estab = first_estab[spec.category] + estabs[spec.category]
            self.settings.append(_Setting(spec, org, estab))
        for name, kind in OTHER_ORGANISATIONS:
            address, postcode, _ = self.address()
            self.others[name] = self.organisation(
                kind=kind,
                name=name,
                local_authority=home,
                address=address,
                postcode=postcode,
                email=f"enquiries@{'-'.join(_ascii(w) for w in name.split())}.example.com",
                telephone=self.phone(mobile=False),
            )

    # -- who the children are ----------------------------------------------------------------

    def cells(
        self, provision: str, low: int = 0, high: int = 25
    ) -> list[tuple[tuple[str, int, int], float]]:
        """(primary need, lowest age, highest age), weighted by DfE's count of plans.

        Ordered need by need, so that systematic sampling gets each need's share right to
        within one child. SEN support (K) is for children of school age and under.
        """
        rows = [
            (lo, hi, count, dict(needs))
            for lo, hi, count, needs in self.figures.ages
            if lo <= high and hi >= low and not (provision == "K" and lo > 18)
        ]
        if provision == "N":
            return [(("", lo, hi), float(count)) for lo, hi, count, _ in rows]
        return [
            ((code, lo, hi), float(needs[code]))
            for code in NEED_CODES
            for lo, hi, _, needs in rows
            if needs[code] > 0
        ]

    def systematic(self, cells: list[tuple[T, float]], n: int) -> list[T]:
        """n draws spread evenly over the weights (one random start), in random order."""
        total = sum(w for _, w in cells)
        step = total / n
        point = self.rng.random() * step
        drawn: list[T] = []
        index, passed = 0, 0.0
        for _ in range(n):
            while index < len(cells) - 1 and passed + cells[index][1] <= point:
                passed += cells[index][1]
                index += 1
            drawn.append(cells[index][0])
            point += step
        self.rng.shuffle(drawn)
        return drawn

    def date_of_birth(self, age: int) -> dt.date:
        latest = _years_before(self.today, age)
        earliest = _years_before(self.today, age + 1) + dt.timedelta(days=1)
        return self.date_between(earliest, latest)

    def academic_age(self, dob: dt.date) -> int:
        return self.year - dob.year - (1 if (dob.month, dob.day) > (8, 31) else 0)

    def need(self, age: int, exclude: str = "") -> str:
        weights = {k: v for k, v in self.figures.age_needs(age).items() if k != exclude}
        return self.weighted(weights)

    def sex(self, need: str) -> str:
        if need:
            return self.weighted({s: self.figures.sex[s][need] for s in ("F", "M")})
        return self.weighted({s: sum(self.figures.sex[s].values()) for s in ("F", "M")})

    def ethnicity(self) -> str:
        row = self.weighted(self.figures.ethnicity)
        return self.weighted(names.ETHNICITY_CODES[row])

    def first_name(self, pool: str, sex: str) -> str:
        p = names.POOLS[pool]
        return self.pick(p.girls if sex == "F" else p.boys)

    def person(
        self,
        provision: str,
        cell: tuple[str, int, int],
        *,
        responsible: Organisation,
        low: int = 0,
        high: int = 25,
    ) -> _Person:
        need, lo, hi = cell
        age = self.rng.randint(max(lo, low), min(hi, high))
        primary, secondary = need, ""
        if provision in ("E", "K") and self.chance(0.35 if provision == "E" else 0.2):
            secondary = self.need(age, exclude=primary)
        sex = self.sex(primary)
        dob = self.date_of_birth(age)
        ethnicity = self.ethnicity()
        pool, surname_pool = names.ETHNICITY_POOLS[ethnicity]
        surname_pool = surname_pool or pool
        first = self.first_name(pool, sex)
        middle = ""
        if self.chance(0.45):
            middle = self.first_name(pool, sex)
            if middle == first:
                middle = ""
        preferred = ""
        if first in names.PREFERRED_NAMES and self.chance(0.4):
            preferred = names.PREFERRED_NAMES[first]
        child = Child(
            id=self.uuid(),
            first_name=first,
            middle_names=middle,
            last_name=self.pick(names.POOLS[surname_pool].surnames),
            preferred_name=preferred,
            date_of_birth=dob,
            sex=sex,
            ethnicity=ethnicity,
            responsible_authority=responsible,
            resident_authority=self.home,
            sen_provision=provision,
            sen_provision_since=_since(dob, provision, self.today),
            primary_need=primary,
            secondary_need=secondary,
        )
        return _Person(child, age, self.academic_age(dob), pool, surname_pool)

    def language(self, p: _Person) -> None:
        c = p.child
        mixed = p.pool != p.surname_pool
        pool = names.POOLS[p.surname_pool if mixed and p.pool == "british" else p.pool]
        english = max(pool.english, 0.85) if mixed else pool.english
        if not pool.languages or self.chance(english):
            c.first_language = "English"
        else:
            c.first_language = self.weighted(pool.languages)
            if self.chance(0.4):
                c.interpreter_needed = True
                c.interpreter_language = c.first_language
        needs = {c.primary_need, c.secondary_need}
        if "HI" in needs and self.chance(0.3):
            c.first_language = names.BSL
            c.preferred_format = names.BSL
            c.communication_notes = "Signs in BSL: book a BSL interpreter for meetings and reviews."
        elif "VI" in needs:
            c.preferred_format = "Braille" if p.age >= 7 and self.chance(0.3) else "Large print"
        elif needs & {"SLD", "PMLD", "MLD"} and p.age >= 14 and self.chance(0.4):
            c.preferred_format = "Easy read"
        elif c.interpreter_needed and self.chance(0.5):
            c.preferred_format = f"Letters translated into {c.first_language}"
        if (
            not c.communication_notes
            and c.primary_need in COMMUNICATION_NOTES
            and self.chance(0.5 if c.sen_provision == "E" else 0.2)
        ):
            c.communication_notes = self.pick(COMMUNICATION_NOTES[c.primary_need])

    # -- where they go to school -------------------------------------------------------------

    def term_start(self, year: int) -> dt.date:
        return min(_weekday_on_or_after(dt.date(year, 9, 3)), self.today)

    def term_end(self, year: int) -> dt.date:
        return _weekday_on_or_before(dt.date(year, 7, 21))

    def entry_year(self, p: _Person, at_acad: int) -> int:
        """The September the child started (or starts) the school year for academic age at_acad."""
        return self.year - (p.acad - at_acad)

    def candidates(self, categories: Sequence[str], acad: int, area: str) -> list[_Setting]:
        found = []
        for s in self.settings:
            if s.spec.category not in categories or not s.spec.ages[0] <= acad <= s.spec.ages[1]:
                continue
            if area == "home" and s.spec.la:
                continue
            if area == "out" and not s.spec.la:
                continue
            found.append(s)
        return found

    def choose(
        self, categories: Sequence[str], acad: int, area: str, need: str = ""
    ) -> _Setting | None:
        options = self.candidates(categories, acad, "any" if area == "any" else area)
        if not options:
            return None

        def weight(s: _Setting) -> float:
            w = s.spec.weight
            if s.spec.needs:
                w *= 4.0 if need in s.spec.needs else 0.5
            if area == "any" and s.spec.la:
                w *= 0.15
            return w

        return self.weighted([(s, weight(s)) for s in options])

    def placement_group(self, p: _Person) -> str:
        """Where a child is educated, by band; for EHC plans weighted by DfE's placements."""
        c, acad = p.child, p.acad
        if acad <= 3:
            band = "early"
        elif acad <= 15:
            band = "school"
        elif acad <= 18:
            band = "post16"
        else:
            band = "adult"
        if c.sen_provision == "E":
            allowed = {
                "early": ("early_years", "mainstream", "special"),
                "school": ("mainstream", "special", "ap", "elsewhere"),
                "post16": ("mainstream", "special", "fe", "elsewhere"),
                "adult": ("fe", "special", "elsewhere"),
            }[band]
            if p.placed_in_by is not None:
                allowed = tuple(g for g in allowed if g != "elsewhere")
            if band == "early" and p.age < 2:
                if p.age < 1 or self.chance(0.5):
                    return "none"
                allowed = ("early_years",)
            weights = {g: float(self.figures.placement[g][c.primary_need]) for g in allowed}
            if band == "school" and acad <= 10:
                weights["ap"] = weights.get("ap", 0) * 0.3
            group = self.weighted(weights)
            if band == "adult" and group == "special" and self.chance(0.5):
                group = "fe"  # supported learning at a general FE college
            return group
        if band == "early":
            if p.age < 1 or (p.age < 2 and self.chance(0.6)) or self.chance(0.2):
                return "none"
            return "early_years" if acad < 3 or self.chance(0.5) else "mainstream"
        if band == "school":
            if c.sen_provision == "K" and acad >= 7 and self.chance(0.04 if acad >= 11 else 0.01):
                return "ap"
            if p.placed_in_by is None and self.chance(0.02):
                return "elsewhere"
            return "mainstream"
        if band == "post16":
            if acad == 18:
                return "fe" if self.chance(0.4) else "none"
            if self.chance(0.1):
                return "none"
            return "fe" if self.chance(0.55) else "mainstream"
        return "fe" if self.chance(0.4) else "none"

    def attend(
        self,
        p: _Person,
        setting: _Setting,
        start: dt.date,
        end: dt.date | None = None,
        kind: str = AttendanceKind.FULL_TIME,
    ) -> None:
        start = min(max(start, p.child.date_of_birth), self.today)
        if end is not None:
            end = max(end, start)
        p.settings.append((setting, start, end, kind))

    def current_setting(self, p: _Person, group: str) -> tuple[_Setting | None, dt.date]:
        """The setting for the group and the date the child started there."""
        acad, area, need = p.acad, p.area, p.child.primary_need
        # Children another council has placed here go to a Demoshire school.
        special_area = "out" if area == "out" else "home" if p.placed_in_by else "any"
        if group == "early_years":
            current = self.choose(("early_years", "nursery_school"), acad, area)
            start = self.date_between(
                max(p.child.date_of_birth + dt.timedelta(days=180), _years_before(self.today, 2)),
                self.today - dt.timedelta(days=14),
            )
            return current, start
        if group == "special":
            current = self.choose(SPECIAL, acad, special_area, need)
            if current is not None:
                low = current.spec.ages[0]
                if current.spec.category == "specialist_post16":
                    low = max(16, acad - 2)
                elif acad >= 11 and low <= 11 and self.chance(0.6):
                    low = 11  # moved to special school at secondary transfer
                else:
                    low = max(low, min(acad, 4))
                return current, self.term_start(self.entry_year(p, low))
        if group == "ap":
            current = self.choose(("ap",), acad, area)
            if current is not None:
                first = self.term_start(self.entry_year(p, max(current.spec.ages[0], acad - 1)))
                return current, self.date_between(first, self.today - dt.timedelta(days=7))
        if group == "fe":
            current = self.choose(("fe",), acad, area) or self.choose(("fe",), acad, "any")
            if current is not None:
                entered = max(16, acad - self.rng.randint(0, 2))
                return current, self.term_start(self.entry_year(p, entered))
        if group in ("mainstream", "special", "ap", "fe") and acad <= 18:
            current = self.choose(MAINSTREAM, acad, area)
            if current is not None:
                low = max(current.spec.ages[0], 16 if acad >= 16 else 11 if acad >= 11 else 0)
                return current, self.term_start(self.entry_year(p, low))
        return None, self.today

    def educate(self, p: _Person) -> None:
        c, acad = p.child, p.acad
        group = self.placement_group(p)
        current, start = (None, self.today)
        if group not in ("none", "elsewhere"):
            current, start = self.current_setting(p, group)
            if current is None:
                group = "none"
            elif current.spec.category == "ap":
                group = "ap"
            elif current.spec.category in MAINSTREAM and group != "early_years":
                group = "mainstream"
        p.group = group
        if current is None:
            if group == "elsewhere" and 5 <= acad <= 15 and c.sen_provision == "E":
                c.eotas = self.chance(0.5)
            self.past_settings(p, None, self.today)
            return
        kind = AttendanceKind.FULL_TIME
        if group == "ap":
            c.alternative_provision = True
            main = self.choose(MAINSTREAM, acad, p.area) if self.chance(0.5) else None
            if main is not None:
                main_start = self.term_start(self.entry_year(p, 11 if acad >= 11 else 4))
                self.attend(p, main, main_start, None, AttendanceKind.DUAL_MAIN)
                kind = AttendanceKind.DUAL_SUBSIDIARY
            elif self.chance(0.3):
                kind = AttendanceKind.PART_TIME
        elif (
            c.primary_need == "SEMH"
            and group == "mainstream"
            and 5 <= acad <= 15
            and self.chance(0.08)
        ):
            kind = AttendanceKind.PART_TIME  # a reduced timetable
        # Some children moved school part way through a phase: into special school from
        # mainstream, between mainstream schools, or when placed out of area in care.
        move_chance = 0.6 if p.area == "out" else 0.3 if group == "special" else 0.06
        if group in ("mainstream", "special") and 5 <= acad <= 15 and self.chance(move_chance):
            phase_start = self.term_start(self.entry_year(p, 11 if acad >= 11 else 4))
            earliest = phase_start + dt.timedelta(days=60)
            move = self.date_between(earliest, self.today - dt.timedelta(days=7))
            before = self.choose(MAINSTREAM, acad, "home")
            if move > earliest and before is not None and before is not current:
                self.attend(p, before, phase_start, move - dt.timedelta(days=3))
                start = move
        self.attend(p, current, start, None, kind)
        self.past_settings(p, current, start)

    def past_settings(self, p: _Person, current: _Setting | None, since: dt.date) -> None:
        """A setting the child left at the end of an earlier phase, for some children.

        ``since`` is when the current setting started (today if none): the earlier one ended
        before it.
        """
        acad = p.acad
        if p.child.responsible_authority_id != self.home.pk:
            return  # their history is with the council responsible for them
        if any(end is not None for _, _, end, _ in p.settings):
            return
        before: _Setting | None = None
        start_acad = end_acad = 0
        if 5 <= acad <= 10 and self.chance(0.3):
            before = self.choose(("early_years", "nursery_school"), 3, "home")
            start_acad, end_acad = (2 if self.chance(0.5) else 3), 4
        elif 11 <= acad <= 15 and self.chance(0.7):
            before = self.choose(("primary",), 10, "home")
            start_acad, end_acad = 4, 11
        elif acad >= 16 and self.chance(0.55):
            if p.child.sen_provision == "E" and self.chance(0.3):
                categories: tuple[str, ...] = ("special",)
            else:
                categories = ("secondary", "all_through")
            before = self.choose(categories, 15, "home", p.child.primary_need)
            end_acad = 16
            if before is not None and current is None and acad >= 18:
                end_acad = min(before.spec.ages[1], acad - 1) + 1
            if before is not None:
                start_acad = max(
                    before.spec.ages[0], 4 if before.spec.category == "special" else 11
                )
        if before is None or before is current:
            return
        start = self.term_start(self.entry_year(p, start_acad))
        end = self.term_end(self.entry_year(p, end_acad))
        if end < since:
            self.attend(p, before, start, end)

    # -- identifiers -------------------------------------------------------------------------

    def upn(self, p: _Person) -> None:
        c = p.child
        if p.acad < 4:
            c.upn_unknown_reason = "UN1" if p.age < 6 else "UN8"
            return
        if self.chance(0.015):
            c.upn_unknown_reason = "UN8"
            return
        state = sorted(
            (start, s.spec.name, s)
            for s, start, *_ in p.settings
            if s.spec.category in STATE_SCHOOLS
        )
        if not state and p.acad >= 19 and c.sen_provision == "N" and self.chance(0.3):
            c.upn_unknown_reason = "UN9"
            return
        demoshire = [s for _, _, s in state if s.estab]
        first = (
            demoshire[0]
            if demoshire
            else self.pick([s for s in self.settings if s.spec.category == "primary" and s.estab])
        )
        year = self.entry_year(p, 4) % 100
        serial = self._upn_serials.get((first.estab, year))
        if serial is None:
            serial = self.rng.randrange(1, 300)
        self._upn_serials[(first.estab, year)] = serial + 1
        base = f"{int(self.home_code):03d}{first.estab:04d}{year:02d}"
        temporary = c.first_language not in ("English", names.BSL) and self.chance(0.05)
        if temporary:
            body = f"{base}{serial % 100:02d}{self.pick(identifiers.UPN_LETTERS)}"
        else:
            body = f"{base}{serial:03d}"
        upn = identifiers.upn_check_letter(body) + body
        if upn in self._upns:  # a temporary UPN can repeat; fall back to a permanent one
            body = f"{base}{serial:03d}"
            upn = identifiers.upn_check_letter(body) + body
        self._upns.add(upn)
        c.upn = upn

    def uln(self, p: _Person) -> None:
        if p.acad < 14 or self.chance(0.05):
            return
        while True:
            body = f"{self.rng.randrange(1, 10)}{self.rng.randrange(10**8):08d}"
            check = identifiers.uln_check_digit(body)
            if check is not None and f"{body}{check}" not in self._ulns:
                break
        p.child.uln = f"{body}{check}"
        self._ulns.add(p.child.uln)

    def nhs_number(self, p: _Person) -> None:
        if self.chance(0.02):
            return
        while True:
            body = f"999{self.rng.randrange(10**6):06d}"
            check = identifiers.nhs_check_digit(body)
            if check is not None and f"{body}{check}" not in self._nhs:
                break
        p.child.nhs_number = f"{body}{check}"
        self._nhs.add(p.child.nhs_number)

    # -- families ----------------------------------------------------------------------------

    def adult_name(self, pool: str, role: str) -> str:
        p = names.POOLS[pool]
        if pool == "british":
            first = self.pick(
                {
                    "mother": names.BRITISH_MOTHERS,
                    "father": names.BRITISH_FATHERS,
                    "grandmother": names.BRITISH_GRANDMOTHERS,
                    "grandfather": names.BRITISH_GRANDFATHERS,
                }[role]
            )
        else:
            first = self.pick(p.girls if role in ("mother", "grandmother") else p.boys)
        return first

    def member(
        self,
        p: _Person,
        *,
        first: str,
        last: str,
        relationship: str,
        responsibility: bool,
        lives_with: bool,
        main: bool,
        email_chance: float,
        mobile: bool = True,
    ) -> FamilyMember:
        address = ""
        if not lives_with and relationship != Relationship.SOCIAL_WORKER:
            line, postcode, _ = self.address()
            address = f"{line}\n{postcode}"
        member = FamilyMember(
            id=self.uuid(),
            child=p.child,
            full_name=f"{first} {last}",
            relationship=relationship,
            parental_responsibility=responsibility,
            lives_with_child=lives_with,
            main_contact=main,
            telephone=self.phone(mobile) if main or self.chance(0.7) else "",
            email=self.email(first, last) if self.chance(email_chance) else "",
            address=address,
            has_account_access=responsibility,
        )
        self.family.append(member)
        return member

    def build_family(self, p: _Person) -> None:
        c = p.child
        surname = c.last_name
        pool = p.pool if p.pool == p.surname_pool else self.pick((p.pool, p.surname_pool))
        if c.cared_for:
            carer_pool = self.pick(("british", "british", "british", p.pool))
            carer_last = self.pick(names.POOLS[carer_pool].surnames)
            kinship = self.chance(0.2)
            self.member(
                p,
                first=self.adult_name(carer_pool, self.pick(("mother", "mother", "father"))),
                last=surname if kinship else carer_last,
                relationship=Relationship.KINSHIP_CARER if kinship else Relationship.FOSTER_CARER,
                responsibility=False,
                lives_with=True,
                main=True,
                email_chance=0.9,
            )
            second = self.weighted({"social_worker": 7, "mother": 2, "none": 1})
            if second == "social_worker":
                self.member(
                    p,
                    first=self.adult_name("british", self.pick(("mother", "father"))),
                    last=self.pick(names.POOLS["british"].surnames),
                    relationship=Relationship.SOCIAL_WORKER,
                    responsibility=True,
                    lives_with=False,
                    main=False,
                    email_chance=1.0,
                    mobile=False,
                )
            elif second == "mother":
                self.member(
                    p,
                    first=self.adult_name(pool, "mother"),
                    last=surname,
                    relationship=Relationship.MOTHER,
                    responsibility=True,
                    lives_with=False,
                    main=False,
                    email_chance=0.3,
                )
            return
        shape = self.weighted(
            {"two": 50, "separated": 25, "lone": 12, "step": 6, "grand": 4, "guardian": 3}
        )
        mother = self.adult_name(pool, "mother")
        father = self.adult_name(pool, "father")
        mother_last = surname if self.chance(0.8) else self.pick(names.POOLS[pool].surnames)
        if shape == "two":
            mum_main = self.chance(0.75)
            self.member(
                p,
                first=mother,
                last=mother_last,
                relationship=Relationship.MOTHER,
                responsibility=True,
                lives_with=True,
                main=mum_main,
                email_chance=0.85 if mum_main else 0.5,
            )
            self.member(
                p,
                first=father,
                last=surname,
                relationship=Relationship.FATHER,
                responsibility=True,
                lives_with=True,
                main=not mum_main,
                email_chance=0.85 if not mum_main else 0.5,
            )
        elif shape in ("separated", "lone"):
            mum_lives = self.chance(0.85)
            self.member(
                p,
                first=mother if mum_lives else father,
                last=mother_last if mum_lives else surname,
                relationship=Relationship.MOTHER if mum_lives else Relationship.FATHER,
                responsibility=True,
                lives_with=True,
                main=True,
                email_chance=0.8,
            )
            if shape == "separated" and self.chance(0.6):
                self.member(
                    p,
                    first=father if mum_lives else mother,
                    last=surname if mum_lives else mother_last,
                    relationship=Relationship.FATHER if mum_lives else Relationship.MOTHER,
                    responsibility=self.chance(0.9),
                    lives_with=False,
                    main=False,
                    email_chance=0.4,
                )
        elif shape == "step":
            self.member(
                p,
                first=mother,
                last=mother_last,
                relationship=Relationship.MOTHER,
                responsibility=True,
                lives_with=True,
                main=True,
                email_chance=0.8,
            )
            self.member(
                p,
                first=father,
                last=self.pick(names.POOLS[pool].surnames),
                relationship=Relationship.STEP_PARENT,
                responsibility=False,
                lives_with=True,
                main=False,
                email_chance=0.3,
            )
        else:
            grandmother = self.adult_name(pool, "grandmother")
            guardian = shape == "guardian"
            self.member(
                p,
                first=grandmother,
                last=surname,
                relationship=Relationship.SPECIAL_GUARDIAN
                if guardian
                else Relationship.GRANDPARENT,
                responsibility=guardian,
                lives_with=True,
                main=True,
                email_chance=0.5,
            )
            if self.chance(0.3):
                self.member(
                    p,
                    first=mother,
                    last=mother_last,
                    relationship=Relationship.MOTHER,
                    responsibility=True,
                    lives_with=False,
                    main=False,
                    email_chance=0.3,
                )

    # -- the whole authority -----------------------------------------------------------------

    def build_children(self) -> None:
        n = self.count
        e_count, k_count = round(n / 3), round(n / 2)
        provisions = ["E"] * e_count + ["K"] * k_count + ["N"] * (n - e_count - k_count)
        self.rng.shuffle(provisions)
        decks = {prov: self.systematic(self.cells(prov), provisions.count(prov)) for prov in "EKN"}
        ours = [self.person(prov, decks[prov].pop(), responsible=self.home) for prov in provisions]

        # Cared-for children (looked after), about 3 in 100 of ours: some placed out of area by
        # Demoshire, some placed in Demoshire by other councils with Demoshire responsible for
        # their SEN, the rest looked after by Demoshire at home.
        eligible = [q for q in ours if 0 <= q.age <= 17]
        weights = {"E": 3.0, "K": 2.0, "N": 1.0}
        cared = self.sample_weighted(
            eligible, lambda q: weights[q.child.sen_provision], round(n * 0.03)
        )
        out_count, in_count = round(len(cared) / 3), round(len(cared) * 2 / 9)
        for i, q in enumerate(cared):
            q.child.cared_for = True
            if i < out_count:
                q.area = "out"
                q.child.looked_after_by = self.home
            elif i < out_count + in_count:
                authority = self.pick(self.neighbours)
                q.placed_in_by = authority
                q.child.looked_after_by = self.authorities[authority.la_code]
            else:
                q.child.looked_after_by = self.home

        # Children whose SEN another council is responsible for: looked after by that council
        # and living in Demoshire, at a Demoshire school. The Virtual School sees them.
        visitors = []
        for _ in range(round(n / 100)):
            authority = self.pick(self.neighbours)
            other = self.authorities[authority.la_code]
            provision = "E" if self.chance(0.8) else "K"
            cell = self.weighted(self.cells(provision, low=5, high=15))
            q = self.person(provision, cell, responsible=other, low=5, high=15)
            q.child.cared_for = True
            q.child.looked_after_by = other
            q.placed_in_by = authority
            visitors.append(q)

        self.people = ours + visitors
        for q in self.people:
            self.language(q)
            self.educate(q)
            c = q.child
            if q.area == "out":
                placed = [s for s, _, end, _ in q.settings if end is None and s.spec.la]
                la = placed[0].spec.la if placed else self.pick(self.neighbours).la_code
                c.resident_authority = self.authorities[la]
                c.address, c.postcode, _ = self.address(la)
            else:
                c.address, c.postcode, _ = self.address()
            self.upn(q)
            self.uln(q)
            self.nhs_number(q)
            if q.age >= 10:
                p = 0.1 if c.primary_need == "SEMH" else 0.015 if c.sen_provision != "N" else 0.005
                c.youth_justice = q.age <= 18 and self.chance(p)
            self.build_family(q)
            for setting, start, end, kind in q.settings:
                self.attendances.append(
                    SettingAttendance(
                        id=self.uuid(),
                        child=c,
                        organisation=setting.org,
                        start_date=start,
                        end_date=end,
                        attendance=kind,
                    )
                )

    def build_accounts(self) -> None:
        orgs = {
            "home": self.home,
            "senco": next(s.org for s in self.settings if s.spec.name == SENCO_SCHOOL),
            "trust": self.others[NHS_TRUST],
            "charity": self.others[LOCAL_OFFER_PROVIDER],
        }
        self.senco_school = orgs["senco"]
        where: dict[str, str] = {
            Role.SENCO: "senco",
            Role.PROFESSIONAL: "trust",
            Role.PROVIDER: "charity",
        }
        staff = {}
        for username, role, first, last, title in STAFF:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{_ascii(first)}.{_ascii(last)}@demoshire.example.com",
                role=role,
                organisation=orgs[where.get(role, "home")],
                job_title=title,
            )
            staff[username] = user

        ours = [q for q in self.people if q.child.responsible_authority_id == self.home.pk]
        family_of: dict[uuid.UUID, list[FamilyMember]] = {}
        for m in self.family:
            family_of.setdefault(m.child_id, []).append(m)

        def main_contact(q: _Person) -> FamilyMember | None:
            return next(
                (
                    m
                    for m in family_of.get(q.child.pk, [])
                    if m.main_contact and m.parental_responsibility
                ),
                None,
            )

        def at_senco_school(q: _Person) -> bool:
            return any(s.org is self.senco_school and end is None for s, _, end, _ in q.settings)

        candidates = [q for q in ours if not q.child.cared_for and main_contact(q) is not None]
        ranked = sorted(
            candidates,
            key=lambda q: (not at_senco_school(q), q.child.sen_provision != "E"),
        )
        self.parent_child = ranked[0].child
        contact = main_contact(ranked[0])
        if contact is None:  # pragma: no cover (candidates all have one)
            raise RuntimeError("No main contact for the parent account")
        first, _, last = contact.full_name.partition(" ")
        parent = User(
            username="parent",
            first_name=first,
            last_name=last,
            email=contact.email or self.email(first, last),
            role=Role.FAMILY,
        )
        contact.user = parent
        contact.has_account_access = True

        older = [q for q in ours if q.age >= 17 and not q.child.cared_for]
        older.sort(key=lambda q: (q.child.sen_provision != "E", q.group != "fe", q.age > 20))
        young = older[0] if older else max(ours, key=lambda q: q.age)
        self.young_person = young.child
        young_user = User(
            username="youngperson",
            first_name=young.child.known_as,
            last_name=young.child.last_name,
            email=self.email(young.child.known_as, young.child.last_name),
            role=Role.FAMILY,
        )
        young.child.young_person_user = young_user

        order = ("caseworker", "manager", "virtualschool", "senco", "professional")
        self.users = [staff[u] for u in order] + [parent, young_user]
        self.users += [staff["leader"], staff["admin"], staff["localoffer"], staff["provider"]]

        # The paediatrician's caseload: 25 open links, and 3 that have ended.
        professional = staff["professional"]
        needing = [
            q
            for q in ours
            if q.age <= 18
            and q.child.sen_provision in ("E", "K")
            and {q.child.primary_need, q.child.secondary_need} & set(HEALTH_NEEDS)
        ]
        self.rng.shuffle(needing)
        for i, q in enumerate(needing[:28]):
            c = q.child
            need = next(n for n in (c.primary_need, c.secondary_need) if n in HEALTH_NEEDS)
            ended = i >= 25
            started = self.date_between(
                max(c.date_of_birth, self.today - dt.timedelta(days=900 if not ended else 1500)),
                self.today - dt.timedelta(days=30 if not ended else 400),
            )
            self.links.append(
                ProfessionalLink(
                    id=self.uuid(),
                    child=c,
                    user=professional,
                    reason=LINK_REASONS[need],
                    started_on=started,
                    ended_on=self.date_between(started, self.today - dt.timedelta(days=60))
                    if ended
                    else None,
                )
            )

    def build(self) -> DemoPlan:
        self.build_organisations()
        self.build_children()
        self.build_accounts()
        return DemoPlan(
            seed=self.seed,
            today=self.today,
            figures_source=self.figures.source,
            home=self.home,
            organisations=self.organisations,
            users=self.users,
            children=[q.child for q in self.people],
            family=self.family,
            attendances=self.attendances,
            links=self.links,
            senco_school=self.senco_school,
            parent_child=self.parent_child,
            young_person=self.young_person,
        )


def build_demo(
    *,
    seed: int = DEFAULT_SEED,
    children: int = DEFAULT_CHILDREN,
    today: dt.date | None = None,
    figures: NationalFigures | None = None,
) -> DemoPlan:
    """The demo's rows, unsaved. Touches no database: the same arguments give the same rows."""
    builder = _Builder(
        seed=seed,
        children=children,
        today=today or timezone.localdate(),
        figures=figures or national_figures(),
    )
    return builder.build()


# ---------------------------------------------------------------------------------------------
# Loading


def database_has_data() -> bool:
    return (
        Child.objects.exists()
        or Organisation.objects.exists()
        or User.objects.filter(is_superuser=False).exists()
    )


def _say(stdout: Any, text: str) -> None:
    if stdout is not None:
        stdout.write(text + ("" if text.endswith("\n") else "\n"))


def load_demo(
    *,
    seed: int = DEFAULT_SEED,
    children: int = DEFAULT_CHILDREN,
    stdout: Any = None,
    cases: bool = False,
) -> DemoSummary:
    """Load the demo into an empty database in one transaction, or refuse and change nothing.

    With ``cases`` (as ``manage.py demo`` loads it), also the SEND team's other caseworkers
    and about 400 statutory cases at every stage (``sendpath.demo.cases``).
    """
    if not getattr(settings, "DEMO_ALLOWED", False):
        raise DemoNotAllowed(NOT_ALLOWED_MESSAGE)
    started = time.perf_counter()
    with transaction.atomic():
        if database_has_data():
            raise DatabaseNotEmpty(NOT_EMPTY_MESSAGE)
        _say(stdout, f"Making {children:,} children and young people for {HOME_NAME}...")
        plan = build_demo(seed=seed, children=children)
        batch = 500
        las = [o for o in plan.organisations if o.kind == OrganisationKind.LOCAL_AUTHORITY]
        Organisation.objects.bulk_create(las, batch_size=batch)
        Organisation.objects.bulk_create(
            [o for o in plan.organisations if o.kind != OrganisationKind.LOCAL_AUTHORITY],
            batch_size=batch,
        )
        _say(stdout, f"Saved {len(plan.organisations)} organisations")
        for user in plan.users:
            user.set_password(DEMO_PASSWORD)
            user.save()
        _say(stdout, f"Saved {len(plan.users)} demo accounts")
        Child.objects.bulk_create(plan.children, batch_size=batch)
        FamilyMember.objects.bulk_create(plan.family, batch_size=batch)
        SettingAttendance.objects.bulk_create(plan.attendances, batch_size=batch)
        ProfessionalLink.objects.bulk_create(plan.links, batch_size=batch)
        _say(stdout, f"Saved {len(plan.children):,} children with their families and settings")
        case_lines: list[str] = []
        if cases:
            from .cases import load_cases

            case_lines = load_cases(
                seed=seed,
                today=plan.today,
                home=plan.home,
                children=plan.children,
                organisations=plan.organisations,
                attendances=plan.attendances,
                family=plan.family,
                password=DEMO_PASSWORD,
                stdout=stdout,
            ).lines()
        from .localoffer import load_local_offer

        case_lines += load_local_offer(
            seed=seed, today=plan.today, organisations=plan.organisations, stdout=stdout
        ).lines()
    summary = summarise(plan, seconds=time.perf_counter() - started)
    summary.notes += case_lines
    return summary


def accounts_table() -> list[str]:
    width = max(len(u) for u, _, _ in DEMO_ACCOUNTS) + 2
    role_width = max(len(r) for _, r, _ in DEMO_ACCOUNTS) + 2
    lines = [
        f"Demo sign-ins: every account's password is {DEMO_PASSWORD}",
        f"{'Username':<{width}}{'Role':<{role_width}}What they can see",
    ]
    lines += [f"{u:<{width}}{r:<{role_width}}{s}" for u, r, s in DEMO_ACCOUNTS]
    return lines


def _since(dob: dt.date, provision: str, today: dt.date) -> dt.date | None:
    """When a demo child's SEN support or plan began: a spread of dates after their fourth
    birthday, worked out from the date of birth alone so the random stream is untouched."""
    if provision not in ("K", "E"):
        return None
    start = dob + dt.timedelta(days=4 * 365)
    if start >= today:
        return dob + dt.timedelta(days=max(180, (today - dob).days // 2))
    span = (today - start).days
    return start + dt.timedelta(days=(dob.toordinal() * 37) % max(span, 1))
