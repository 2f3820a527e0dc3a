"""Fictional names, places and languages for the demo authority, Demoshire (``data/names.json``).

Every person and place made from these lists is invented. Demoshire's postcodes use the area
letters DM, which no real postcode area uses; addresses in real neighbouring authorities use
fictional street names.
"""

from __future__ import annotations

from dataclasses import dataclass

from .datafiles import read


@dataclass(frozen=True)
class NamePool:
    boys: tuple[str, ...]
    girls: tuple[str, ...]
    surnames: tuple[str, ...]
    # Languages other than English a family from this pool may speak at home, with weights.
    languages: tuple[tuple[str, float], ...] = ()
    # Share of families from this pool whose first language is English.
    english: float = 1.0


_DATA = read("names")

POOLS: dict[str, NamePool] = {key: NamePool(**pool) for key, pool in _DATA["pools"].items()}
# DfE/CBDS ethnicity code -> (name pool, pool for the surname when mixed heritage or None).
ETHNICITY_POOLS: dict[str, tuple[str, str | None]] = _DATA["ethnicity_pools"]
# Each DfE ethnicity row of sen_needs_all_plans.csv, split over extended CBDS codes. The split
# within a row is illustrative (DfE publishes the major groups only); the row totals are DfE's.
ETHNICITY_CODES: dict[str, tuple[tuple[str, float], ...]] = _DATA["ethnicity_codes"]
# Short names people are known by.
PREFERRED_NAMES: dict[str, str] = _DATA["preferred_names"]
# Demoshire's towns, the postcode districts that serve them, and their relative sizes.
DEMOSHIRE_TOWNS: tuple[tuple[str, tuple[str, ...], float], ...] = _DATA["demoshire_towns"]
# Postcode districts used for fictional addresses in the real neighbouring authorities.
NEIGHBOUR_POSTCODES: dict[str, tuple[str, ...]] = _DATA["neighbour_postcodes"]
STREETS: tuple[str, ...] = _DATA["streets"]

# Letters used in the inward part of a UK postcode (never C, I, K, M, O or V).
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# Languages used by deaf children and young people who sign.
BSL = "British Sign Language"

# Parents' and grandparents' generations, for the British pool (other pools reuse their lists).
BRITISH_MOTHERS: tuple[str, ...] = _DATA["british_mothers"]
BRITISH_FATHERS: tuple[str, ...] = _DATA["british_fathers"]
BRITISH_GRANDMOTHERS: tuple[str, ...] = _DATA["british_grandmothers"]
BRITISH_GRANDFATHERS: tuple[str, ...] = _DATA["british_grandfathers"]
