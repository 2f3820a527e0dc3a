"""What Demoshire is made of: neighbouring authorities, schools and settings, staff accounts.

The tables of schools, neighbours and wording are data files (``data/authority.json``); the
staff and the demo sign-ins name roles, so they are here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sendpath.demo.common import LOCAL_OFFER_PROVIDER, NHS_TRUST, SENCO_SCHOOL
from sendpath.demo.datafiles import read
from sendpath.demo.people_api import OrganisationKind, Role

_DATA = read("authority")

# The demo sign-ins: (username, role label, what they can see).
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
    (
        "parent",
        Role.FAMILY.label,
        "Their own child's case only, at /my/: a draft plan sent, the 15 days for comments running",
    ),
    (
        "youngperson",
        Role.FAMILY.label,
        "Their own case only, at /my/ (a young person aged 17 or over): a plan in force, its "
        "review meeting arranged",
    ),
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


@dataclass(frozen=True)
class Authority:
    la_code: str
    ons_code: str
    name: str


# Real neighbours, with the codes and names DfE uses in caseload.csv and sen_needs_all_plans.csv.
NEIGHBOURS: tuple[Authority, ...] = tuple(Authority(*row) for row in _DATA["neighbours"])


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


# Schools and settings in Demoshire (the first is the SENCO account's school, SENCO_SCHOOL).
DEMOSHIRE_SETTINGS: tuple[SettingSpec, ...] = tuple(
    SettingSpec(**row) for row in _DATA["demoshire_settings"]
)
# A handful of fictional schools in real neighbouring areas, for children placed out of area.
OUT_OF_AREA_SETTINGS: tuple[SettingSpec, ...] = tuple(
    SettingSpec(**row) for row in _DATA["out_of_area_settings"]
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

COMMUNICATION_NOTES: dict[str, tuple[str, ...]] = _DATA["communication_notes"]
LINK_REASONS: dict[str, str] = _DATA["link_reasons"]

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
