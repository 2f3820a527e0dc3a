"""The plan's fixed lists: areas of need, the text sections and their titles; school year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from sendpath.core.formatting import age
from sendpath.people.models import Child

# ---------------------------------------------------------------------------------------------
# Reference lists


# The four broad areas of need (SEND Code of Practice 5.32, 6.28).
NEED_AREAS: tuple[str, ...] = (
    "Communication and interaction",
    "Cognition and learning",
    "Social, emotional and mental health",
    "Sensory and/or physical",
)


@dataclass(frozen=True)
class TextSection:
    letter: str
    field: str
    title: str
    hint: str

    def version(self, plan: Any) -> str:
        """What a change to this section is based on: its text (others change other sections)."""
        return str(getattr(plan, self.field))


# The plan's free-text sections, in the order of SEND Code of Practice 9.62.
TEXT_SECTIONS: dict[str, TextSection] = {
    s.letter.lower(): s
    for s in (
        TextSection(
            "A",
            "section_a",
            "The views, interests and aspirations of the child or young person and their family",
            "In their own words where possible: what matters to them, what they enjoy, their hopes for the future",
        ),
        TextSection(
            "C",
            "section_c",
            "Health needs related to special educational needs",
            "Health needs identified through the assessment that relate to their special educational needs",
        ),
        TextSection(
            "D",
            "section_d",
            "Social care needs related to special educational needs or disability",
            "Social care needs that relate to their special educational needs or to a disability",
        ),
        TextSection(
            "I",
            "section_i",
            "Placement",
            "The name and type of the school or other institution. Naming the placement on the consultation page fills this in",
        ),
        TextSection(
            "J",
            "section_j",
            "Personal budget arrangements",
            "Any personal budget, the provision it secures, and any direct payments",
        ),
        TextSection(
            "K",
            "section_k",
            "Advice and information gathered during the assessment",
            "A list of the advice and information gathered, attached as appendices",
        ),
    )
}


# The sections held as text (the rest are needs, outcomes and provision).
TEXT_LETTERS = ("A", "C", "D", "I", "J", "K")

SECTION_TITLES: dict[str, str] = {
    "A": TEXT_SECTIONS["a"].title,
    "B": "Special educational needs",
    "C": TEXT_SECTIONS["c"].title,
    "D": TEXT_SECTIONS["d"].title,
    "E": "Outcomes",
    "F": "Special educational provision",
    "G": "Health provision",
    "H1": "Social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970",
    "H2": "Other social care provision",
    "I": TEXT_SECTIONS["i"].title,
    "J": TEXT_SECTIONS["j"].title,
    "K": TEXT_SECTIONS["k"].title,
}


def school_year(date_of_birth: dt.date, on: dt.date | None = None) -> int:
    """National curriculum year group on a date (Reception is 0), from the child's age on the
    31 August before the school year began."""
    on = on or timezone.localdate()
    start = on.year if on.month >= 9 else on.year - 1
    return (age(date_of_birth, dt.date(start, 8, 31)) or 0) - 4


def preparing_for_adulthood_applies(child: Child, on: dt.date | None = None) -> bool:
    """Outcomes are marked as preparing for adulthood from Year 9 (CoP 8.9, 9.63)."""
    return school_year(child.date_of_birth, on) >= 9
