"""National EHC plan figures from DfE's 2025 release, used to make the demo data realistic.

The figures are read at generation time from ``sen_needs_all_plans.csv`` in DfE's "Education,
health and care plans" release (reporting year 2025, time period 202425), which every checkout
has beside the project at ``../shared/data/dfe-ehcp-2025/`` (or wherever the environment
variable ``SENDPATH_DFE_DATA`` points). When the folder is missing (a clone without
``shared/``), the same national counts, copied below from that file, are used instead, so the
demo comes out identical either way.

Only counts are used, as weights; nothing is invented. Plans whose primary need is not recorded
(``number_need_unknown``) are left out of the need weights. Down syndrome (DS) is counted under
"other difficulty/disability" (OTH) in this release (the file's footnote 1), so the demo has no
DS primary need.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

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


def _n(values: tuple[int, ...]) -> tuple[tuple[str, int], ...]:
    return tuple(zip(NEED_CODES, values, strict=True))


# The fallback: copied from sen_needs_all_plans.csv (DfE, "Education, health and care plans",
# reporting year 2025), geographic_level "National", time_period 202425. Need counts are in
# NEED_COLUMNS order: ASD, HI, MLD, MSI, OTH, PD, PMLD, SEMH, SLCN, SLD, SPLD, VI.
EMBEDDED = NationalFigures(
    source="embedded copy of sen_needs_all_plans.csv, National, 202425",
    time_period="202425",
    # breakdown_topic "Child or young persons age": (ages, ehc_plans, number_* by need)
    ages=(
        (0, 2, 533, _n((31, 22, 26, 8, 20, 147, 73, 4, 152, 11, 5, 23))),  # "under 3"
        (3, 3, 4302, _n((911, 95, 202, 34, 81, 372, 200, 48, 2013, 145, 47, 67))),
        (4, 4, 22517, _n((6857, 281, 884, 70, 220, 853, 414, 581, 11163, 525, 134, 141))),
        (5, 5, 30847, _n((10320, 372, 1148, 94, 323, 1047, 439, 1532, 14271, 680, 165, 152))),
        (6, 6, 31867, _n((10571, 354, 1471, 107, 320, 1169, 458, 3016, 12895, 815, 213, 209))),
        (7, 7, 34082, _n((10864, 456, 2027, 107, 384, 1275, 518, 4679, 11968, 965, 334, 242))),
        (8, 8, 36412, _n((12094, 477, 2825, 130, 412, 1427, 470, 5757, 10631, 1148, 477, 290))),
        (9, 9, 38381, _n((12735, 524, 3661, 109, 525, 1412, 486, 6799, 9543, 1327, 682, 284))),
        (10, 10, 41405, _n((13579, 517, 4569, 109, 517, 1443, 528, 8179, 8745, 1477, 1116, 335))),
        (11, 11, 46775, _n((15122, 595, 5585, 122, 601, 1609, 510, 10159, 8596, 1649, 1497, 381))),
        (12, 12, 47172, _n((15003, 669, 6085, 106, 605, 1672, 583, 10725, 7729, 1791, 1515, 366))),
        (13, 13, 47359, _n((14737, 594, 5899, 115, 576, 1573, 559, 12367, 6966, 1792, 1484, 358))),
        (14, 14, 47125, _n((14590, 571, 5701, 100, 552, 1619, 517, 13303, 6180, 1931, 1383, 382))),
        (15, 15, 44886, _n((13677, 606, 5343, 103, 525, 1667, 487, 13251, 5507, 1889, 1175, 366))),
        (16, 16, 42005, _n((12767, 609, 4937, 80, 507, 1675, 489, 12432, 4912, 1877, 1047, 387))),
        (17, 17, 36484, _n((11037, 554, 4422, 83, 383, 1623, 491, 10509, 4118, 1709, 946, 354))),
        (18, 18, 28598, _n((8692, 437, 3741, 70, 316, 1271, 433, 7585, 3244, 1596, 720, 324))),
        (19, 19, 20815, _n((6273, 350, 3068, 53, 216, 1036, 282, 4856, 2500, 1321, 506, 221))),
        (20, 20, 14495, _n((4437, 260, 2299, 24, 165, 775, 240, 2932, 1764, 1045, 343, 129))),
        (21, 21, 9805, _n((2982, 182, 1567, 24, 98, 515, 186, 1768, 1232, 827, 240, 119))),
        (22, 22, 6258, _n((1882, 111, 1140, 19, 71, 352, 91, 913, 844, 545, 168, 66))),
        (23, 23, 4030, _n((1219, 83, 719, 12, 66, 234, 68, 518, 554, 370, 116, 45))),
        (24, 24, 2221, _n((700, 34, 467, 13, 28, 107, 45, 260, 258, 216, 49, 31))),
        (25, 25, 371, _n((103, 12, 75, 0, 1, 24, 10, 44, 51, 30, 12, 8))),
    ),
    # breakdown_topic "Sex", rows "Female" and "Male"
    sex={
        "F": dict(_n((48151, 3798, 25706, 714, 2769, 10623, 3821, 35986, 37899, 9323, 4753, 2385))),
        "M": dict(
            _n((153030, 4967, 42155, 978, 4743, 14274, 4756, 96230, 97937, 16358, 9621, 2894))
        ),
    },
    # breakdown_topic "Type of placement", the rows named in PLACEMENT_ROWS
    placement={
        "mainstream": dict(
            _n((81342, 4551, 27084, 662, 3430, 10162, 754, 53544, 80266, 3592, 7593, 2744))
        ),
        "special": dict(
            _n((70747, 1918, 19486, 704, 2275, 7854, 6255, 30951, 33538, 15497, 2680, 1105))
        ),
        "ap": dict(_n((896, 26, 184, 5, 42, 40, 19, 3059, 432, 37, 62, 5))),
        "fe": dict(_n((26656, 1492, 13596, 178, 963, 4072, 763, 20735, 11527, 4283, 2483, 889))),
        "elsewhere": dict(_n((14386, 483, 4536, 93, 619, 1582, 474, 18708, 5457, 1370, 1053, 312))),
        "early_years": dict(_n((1175, 66, 225, 26, 78, 332, 131, 87, 2105, 127, 44, 50))),
    },
    # breakdown_topic "Ethnicity", column ehc_plans
    ethnicity={
        "White - White British": 414338,
        "White - Irish": 1577,
        "White - Traveller of Irish heritage": 946,
        "White - Gypsy/Roma": 2349,
        "White - Any other White background": 27449,
        "Mixed - White and Black Caribbean": 12420,
        "Mixed - White and Black African": 5563,
        "Mixed - White and Asian": 7352,
        "Mixed - Any other Mixed background": 15397,
        "Asian - Indian": 10812,
        "Asian - Pakistani": 21416,
        "Asian - Bangladeshi": 8868,
        "Asian - Chinese": 1783,
        "Asian - Any other Asian background": 10216,
        "Black - Black Caribbean": 7835,
        "Black - Black African": 23881,
        "Black - Any other Black background": 6709,
        "Any other ethnic group": 10683,
        "Unclassified": 49151,
    },
)


def national_figures() -> NationalFigures:
    """The figures from the shared data folder if it is there, otherwise the embedded copy."""
    directory = dfe_data_dir()
    if (directory / "sen_needs_all_plans.csv").is_file():
        return read_national_figures(directory)
    return EMBEDDED
