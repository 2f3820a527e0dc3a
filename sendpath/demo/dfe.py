"""National EHC plan figures from DfE's 2025 release, used to make the demo data realistic.

The figures are read at generation time from ``sen_needs_all_plans.csv`` in DfE's "Education,
health and care plans" release (reporting year 2025, time period 202425), which every checkout
has beside the project at ``../shared/data/dfe-ehcp-2025/`` (or wherever the environment
variable ``SENDPATH_DFE_DATA`` points). When the folder is missing (a clone without
``shared/``), the same national counts, copied from that file into ``data/dfe/``, are used
instead, so the demo comes out identical either way.

Only counts are used, as weights; nothing is invented. Plans whose primary need is not recorded
(``number_need_unknown``) are left out of the need weights. Down syndrome (DS) is counted under
"other difficulty/disability" (OTH) in this release (the file's footnote 1), so the demo has no
DS primary need.
"""

from __future__ import annotations

import csv
import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from .datafiles import DATA

# The need columns of sen_needs_all_plans.csv, in file order, and their SEN2 SENtype codes.
NEED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("number_asd", "ASD"),
    ("number_hi", "HI"),
    ("number_mld", "MLD"),
    ("number_msi", "MSI"),
    ("number_oth", "OTH"),
    ("number_pd", "PD"),
    ("number_pmld", "PMLD"),
    ("number_semh", "SEMH"),
    ("number_slcn", "SLCN"),
    ("number_sld", "SLD"),
    ("number_spld", "SPLD"),
    ("number_vi", "VI"),
)
NEED_CODES: tuple[str, ...] = tuple(code for _, code in NEED_COLUMNS)

# "Type of placement" rows, grouped as the demo places children.
PLACEMENT_ROWS: dict[str, str] = {
    "Mainstream - total": "mainstream",
    "Special - total": "special",
    "AP/PRU - total": "ap",
    "FE - total": "fe",
    "Educated elsewhere - total": "elsewhere",
    "Non-maintained early years": "early_years",
}

# Ethnicity rows, as the file names them.
ETHNICITY_ROWS: tuple[str, ...] = (
    "White - White British",
    "White - Irish",
    "White - Traveller of Irish heritage",
    "White - Gypsy/Roma",
    "White - Any other White background",
    "Mixed - White and Black Caribbean",
    "Mixed - White and Black African",
    "Mixed - White and Asian",
    "Mixed - Any other Mixed background",
    "Asian - Indian",
    "Asian - Pakistani",
    "Asian - Bangladeshi",
    "Asian - Chinese",
    "Asian - Any other Asian background",
    "Black - Black Caribbean",
    "Black - Black African",
    "Black - Any other Black background",
    "Any other ethnic group",
    "Unclassified",
)

SUPPRESSED = {"x", "z", "c", "low", ""}

Needs = dict[str, int]


@dataclass(frozen=True)
class NationalFigures:
    """Counts of EHC plans in England, January 2025, from one release file."""

    source: str
    time_period: str
    # (lowest age, highest age, number of plans, plans by primary need) for each age row.
    ages: tuple[tuple[int, int, int, tuple[tuple[str, int], ...]], ...]
    # "F"/"M" -> plans by primary need ("Sex" rows; the 4 plans of unknown sex are left out).
    sex: dict[str, Needs]
    # demo placement group -> plans by primary need ("Type of placement" rows).
    placement: dict[str, Needs]
    # ethnicity row -> number of plans ("Ethnicity" rows).
    ethnicity: dict[str, int]

    def age_needs(self, age: int) -> Needs:
        for low, high, _, needs in self.ages:
            if low <= age <= high:
                return dict(needs)
        raise ValueError(f"No DfE age row covers age {age}")

    def all_needs(self) -> Needs:
        """Plans by primary need, all ages: the "All EHC plans" row less need unknown."""
        total: Needs = dict.fromkeys(NEED_CODES, 0)
        for *_, needs in self.ages:
            for code, count in needs:
                total[code] += count
        return total

    def same_counts(self, other: NationalFigures) -> bool:
        return (
            self.time_period == other.time_period
            and self.ages == other.ages
            and self.sex == other.sex
            and self.placement == other.placement
            and self.ethnicity == other.ethnicity
        )


def _age_range(breakdown: str) -> tuple[int, int]:
    if breakdown == "under 3":
        return 0, 2
    age = int(breakdown.removeprefix("age "))
    return age, age


def _count(value: str) -> int:
    value = value.strip()
    return 0 if value.lower() in SUPPRESSED else int(value)


def _needs(row: dict[str, str]) -> tuple[tuple[str, int], ...]:
    return tuple((code, _count(row[column])) for column, code in NEED_COLUMNS)


def dfe_data_dir() -> Path:
    override = os.environ.get("SENDPATH_DFE_DATA")
    if override:
        return Path(override)
    return Path(settings.BASE_DIR).parent / "shared" / "data" / "dfe-ehcp-2025"


def read_national_figures(directory: Path) -> NationalFigures:
    """The national rows of the latest time period in ``sen_needs_all_plans.csv``."""
    path = directory / "sen_needs_all_plans.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["geographic_level"] == "National"]
    latest = max(r["time_period"] for r in rows)
    rows = [r for r in rows if r["time_period"] == latest]
    ages = []
    sex: dict[str, Needs] = {}
    placement: dict[str, Needs] = {}
    ethnicity: dict[str, int] = {}
    for row in rows:
        topic, breakdown = row["breakdown_topic"], row["breakdown"]
        if topic == "Child or young persons age":
            low, high = _age_range(breakdown)
            ages.append((low, high, _count(row["ehc_plans"]), _needs(row)))
        elif topic == "Sex" and breakdown in ("Female", "Male"):
            sex[breakdown[0]] = dict(_needs(row))
        elif topic == "Type of placement" and breakdown in PLACEMENT_ROWS:
            placement[PLACEMENT_ROWS[breakdown]] = dict(_needs(row))
        elif topic == "Ethnicity" and breakdown in ETHNICITY_ROWS:
            ethnicity[breakdown] = _count(row["ehc_plans"])
    ages.sort()
    return NationalFigures(
        source=f"DfE {path.name}, National, {latest}",
        time_period=latest,
        ages=tuple(ages),
        sex={k: sex[k] for k in ("F", "M")},
        placement={group: placement[group] for group in PLACEMENT_ROWS.values()},
        ethnicity={name: ethnicity[name] for name in ETHNICITY_ROWS},
    )


# The fallback: the national rows of sen_needs_all_plans.csv (DfE, "Education, health and care
# plans", reporting year 2025, time period 202425) that the demo reads, copied with the columns
# it reads into data/dfe/sen_needs_all_plans.csv.
EMBEDDED = dataclasses.replace(
    read_national_figures(DATA / "dfe"),
    source="embedded copy of sen_needs_all_plans.csv, National, 202425",
)


def national_figures() -> NationalFigures:
    """The figures from the shared data folder if it is there, otherwise the embedded copy."""
    directory = dfe_data_dir()
    if (directory / "sen_needs_all_plans.csv").is_file():
        return read_national_figures(directory)
    return EMBEDDED
