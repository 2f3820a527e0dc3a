"""The groups children are counted in, each with the records it takes (a filter on
``people.Child``), the rows or columns of DfE's published files it matches, and whether the
authority's 0-25 population can be entered for it.

- Sex, ethnicity and age: DfE's "Education, health and care plans" (``caseload.csv``, breakdown
  topics "Sex", "Ethnicity", "Child or young persons age", column ``ehcplans``). The record's
  CBDS extended ethnicity code is counted in DfE's group for it (DfE's ethnicity groups, 2024
  CBDS code set); refused, not obtained or not recorded is "Unclassified", as DfE counts it.
- Primary need: ``sen_needs_all_plans.csv``, "All EHC plans" row, ``number_<need>`` (Down
  syndrome is counted in "other difficulty", as DfE counts it; INSIGHT.md).
- Cared for, free school meals and first language: DfE's EHC plan files publish none of these,
  so plans are compared with the authority's SEN Support and with all its children on record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from sendpath.core import reference

ENGLAND_STEM = "caseload"
ENGLAND_COLUMN = "ehcplans"
NEEDS_STEM = "sen_needs_all_plans"

PLANS, SEN_SUPPORT = "plans", "sen-support"
POPULATIONS = {PLANS: "E", SEN_SUPPORT: "K"}  # Child.sen_provision (school census codes)
POPULATION_NAMES = {PLANS: "EHC plans in force", SEN_SUPPORT: "SEN Support"}


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    where: Q
    # DfE's rows (breakdowns) or columns whose counts make England's figure for this group.
    england: tuple[str, ...] = ()
    # Only for these provisions (need "no specialist assessment" is SEN Support's alone).
    provisions: tuple[str, ...] = ("E", "K")


@dataclass(frozen=True)
class Dimension:
    key: str
    title: str
    groups: tuple[Group, ...]
    how: str
    england_topic: str = ""  # a breakdown topic of ENGLAND_STEM, or "" (need: columns)
    england_columns: bool = False  # England's figures are columns of NEEDS_STEM's headline row
    population: bool = False  # the authority's 0-25 population may be entered for it
    local: bool = False  # compared with SEN Support and all the authority's children
    notes: tuple[str, ...] = field(default_factory=tuple)

    def group(self, key: str) -> Group | None:
        return next((g for g in self.groups if g.key == key), None)


def _codes(*codes: str) -> Q:
    return Q(ethnicity__in=codes)


WHITE_BRITISH = ("WBRI", "WCOR", "WENG", "WNIR", "WSCO", "WWEL", "WOWB")
GYPSY_ROMA = ("WROM", "WROG", "WROR", "WROO")
# Every other White code (CBDS extended list, 2024).
OTHER_WHITE = tuple(
    code
    for code, _ in reference.ETHNICITY
    if code.startswith("W") and code not in (*WHITE_BRITISH, *GYPSY_ROMA, "WIRI", "WIRT")
)
WHITE_ASIAN = ("MWAS", "MWAP", "MWAI", "MWAO")
OTHER_MIXED = tuple(
    code
    for code, _ in reference.ETHNICITY
    if code.startswith("M") and code not in (*WHITE_ASIAN, "MWBC", "MWBA")
)
PAKISTANI = ("APKN", "AMPK", "AKPA", "AOPK")
OTHER_ASIAN = tuple(
    code
    for code, _ in reference.ETHNICITY
    if code.startswith("A") and code not in (*PAKISTANI, "AIND", "ABAN")
)
CHINESE = tuple(code for code, _ in reference.ETHNICITY if code.startswith("C"))
BLACK_AFRICAN = ("BAFR", "BANN", "BCON", "BGHA", "BNGN", "BSLN", "BSOM", "BSUD", "BAOF")
OTHER_BLACK = tuple(
    code
    for code, _ in reference.ETHNICITY
    if code.startswith("B") and code not in (*BLACK_AFRICAN, "BCRB")
)
ANY_OTHER = tuple(code for code, _ in reference.ETHNICITY if code.startswith("O"))
UNCLASSIFIED = ("REFU", "NOBT", "")

ETHNIC_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("white-british", "White - White British", WHITE_BRITISH),
    ("white-irish", "White - Irish", ("WIRI",)),
    ("irish-traveller", "White - Traveller of Irish heritage", ("WIRT",)),
    ("gypsy-roma", "White - Gypsy/Roma", GYPSY_ROMA),
    ("white-other", "White - Any other White background", OTHER_WHITE),
    ("mixed-white-black-caribbean", "Mixed - White and Black Caribbean", ("MWBC",)),
    ("mixed-white-black-african", "Mixed - White and Black African", ("MWBA",)),
    ("mixed-white-asian", "Mixed - White and Asian", WHITE_ASIAN),
    ("mixed-other", "Mixed - Any other Mixed background", OTHER_MIXED),
    ("indian", "Asian - Indian", ("AIND",)),
    ("pakistani", "Asian - Pakistani", PAKISTANI),
    ("bangladeshi", "Asian - Bangladeshi", ("ABAN",)),
    ("chinese", "Asian - Chinese", CHINESE),
    ("asian-other", "Asian - Any other Asian background", OTHER_ASIAN),
    ("black-caribbean", "Black - Black Caribbean", ("BCRB",)),
    ("black-african", "Black - Black African", BLACK_AFRICAN),
    ("black-other", "Black - Any other Black background", OTHER_BLACK),
    ("other", "Any other ethnic group", ANY_OTHER),
)

# Age bands DfE uses in its commentary, each with its published single-year rows.
AGE_BANDS: tuple[tuple[str, str, int, int | None, tuple[str, ...]], ...] = (
    ("under-5", "Under 5", 0, 4, ("under 3", "age 3", "age 4")),
    ("5-to-10", "Age 5 to 10", 5, 10, tuple(f"age {a}" for a in range(5, 11))),
    ("11-to-15", "Age 11 to 15", 11, 15, tuple(f"age {a}" for a in range(11, 16))),
    ("16-to-19", "Age 16 to 19", 16, 19, tuple(f"age {a}" for a in range(16, 20))),
    ("20-and-over", "Age 20 and over", 20, None, tuple(f"age {a}" for a in range(20, 26))),
)

NEED_COLUMNS = {
    "ASD": "number_asd",
    "HI": "number_hi",
    "MLD": "number_mld",
    "MSI": "number_msi",
    "OTH": "number_oth",
    "PD": "number_pd",
    "PMLD": "number_pmld",
    "SEMH": "number_semh",
    "SLCN": "number_slcn",
    "SLD": "number_sld",
    "SPLD": "number_spld",
    "VI": "number_vi",
}


def _born(years: int, on: dt.date) -> dt.date:
    """The latest date of birth of someone aged ``years`` or more on ``on``."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def age_groups(on: dt.date) -> tuple[Group, ...]:
    groups = []
    for key, label, low, high, rows in AGE_BANDS:
        where = Q(date_of_birth__lte=_born(low, on))
        if high is not None:
            where &= Q(date_of_birth__gt=_born(high + 1, on))
        groups.append(Group(key, label, where, rows))
    return tuple(groups)


def _needs() -> tuple[Group, ...]:
    groups = []
    for code, label in reference.NEED_TYPES:
        if code == "DS":
            continue  # counted in "other difficulty", as DfE counts it
        if code == "OTH":
            groups.append(
                Group(
                    "OTH",
                    "Other difficulty (including Down syndrome)",
                    Q(primary_need__in=("OTH", "DS")),
                    (NEED_COLUMNS["OTH"],),
                )
            )
        else:
            groups.append(Group(code, label, Q(primary_need=code), (NEED_COLUMNS[code],)))
    groups.append(
        Group("NSA", reference.NEED_LABELS["NSA"], Q(primary_need="NSA"), provisions=("K",))
    )
    groups.append(Group("unknown", "Not recorded", Q(primary_need=""), ("number_need_unknown",)))
    return tuple(groups)


def dimensions(on: dt.date) -> tuple[Dimension, ...]:
    """Every dimension, ages counted on ``on``."""
    english = [c for c, cat in reference.LANGUAGE_CATEGORY.items() if cat == reference.ENGLISH]
    unclassified = [
        c for c, cat in reference.LANGUAGE_CATEGORY.items() if cat == reference.UNCLASSIFIED
    ]
    other = [c for c, cat in reference.LANGUAGE_CATEGORY.items() if cat not in (
        reference.ENGLISH, reference.UNCLASSIFIED)]  # fmt: skip
    return (
        Dimension(
            "sex",
            "Sex",
            (
                Group("F", "Female", Q(sex="F"), ("Female",)),
                Group("M", "Male", Q(sex="M"), ("Male",)),
            ),
            "The sex on the child's record.",
            england_topic="Sex",
            population=True,
        ),
        Dimension(
            "age",
            "Age",
            age_groups(on),
            f"Age on {on:%-d %B %Y}, from the date of birth on the record.",
            england_topic="Child or young persons age",
            population=True,
        ),
        Dimension(
            "ethnicity",
            "Ethnicity",
            (
                *tuple(
                    Group(k, label, _codes(*codes), (label,)) for k, label, codes in ETHNIC_GROUPS
                ),
                Group("unclassified", "Unclassified", _codes(*UNCLASSIFIED), ("Unclassified",)),
            ),
            "The ethnicity code on the record (DfE's extended codes), counted in DfE's group "
            "for it. Refused, not yet obtained or not recorded is counted as unclassified, as "
            "DfE counts it.",
            england_topic="Ethnicity",
            population=True,
        ),
        Dimension(
            "need",
            "Primary type of need",
            _needs(),
            "The primary type of need on the record. Down syndrome is counted in other "
            "difficulty, as DfE counts it.",
            england_columns=True,
        ),
        Dimension(
            "cared-for",
            "Cared for (looked after)",
            (
                Group("yes", "Cared for", Q(cared_for=True)),
                Group("no", "Not cared for", Q(cared_for=False)),
            ),
            "Whether the record says the child is looked after by a local authority.",
            local=True,
        ),
        Dimension(
            "fsm",
            "Free school meals",
            (
                Group("eligible", "Eligible", Q(fsm_eligible="Y")),
                Group("not-eligible", "Not eligible", Q(fsm_eligible="N")),
                Group("not-known", "Not known", Q(fsm_eligible="")),
            ),
            "Free school meals eligibility on the record, as the school census records it.",
            local=True,
        ),
        Dimension(
            "language",
            "First language",
            (
                Group("english", "English", Q(first_language_code__in=english)),
                Group("other", "Other than English", Q(first_language_code__in=other)),
                Group(
                    "unclassified", "Unclassified", Q(first_language_code__in=[*unclassified, ""])
                ),
            ),
            "The school census's first-language code on the record, in DfE's three "
            "categories: English (including believed to be English), other than English "
            "(including believed to be), and unclassified (refused, not obtained or not "
            "recorded).",
            local=True,
        ),
    )


def dimension(key: str, on: dt.date) -> Dimension | None:
    return next((d for d in dimensions(on) if d.key == key), None)
