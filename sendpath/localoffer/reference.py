"""Reference data of the Local Offer: its categories, the SEND need taxonomy, feedback topics.

Taxonomies and their terms have fixed identifiers (UUID 5 from a name in this module), so the
same term has the same id in every installation and in every Open Referral UK feed we publish.
"""

from __future__ import annotations

import uuid
from typing import Final

from sendpath.core import reference

NAMESPACE: Final = uuid.UUID("7b4f6f0e-2a8e-5d0c-9a3e-5e4d1c0a6b11")

# The Local Offer must cover what SEND Regulations 2014, Schedule 2, lists (regs 53 and 54;
# SEND Code of Practice 2015, 4.30-4.53). One category a heading of that schedule, in the
# words families search with.
CATEGORY_SOURCE: Final = "SEND Regulations 2014, Schedule 2; SEND Code of Practice 4.30-4.53"
CATEGORIES: Final[tuple[tuple[str, str, str], ...]] = (
    (
        "education",
        "Education",
        "Special educational provision in early years settings, schools and colleges, "
        "and support to help children and young people move between phases",
    ),
    (
        "health",
        "Health",
        "Health provision for children and young people with SEN or disabilities, "
        "including therapies, mental health and specialist services",
    ),
    (
        "social-care",
        "Social care",
        "Social care provision: short breaks, family support, care and support at home",
    ),
    (
        "travel",
        "Travel",
        "Arrangements for travel to schools, colleges and other services, and travel training",
    ),
    (
        "preparing-for-adulthood",
        "Preparing for adulthood",
        "Employment, supported internships, independent living, friends and community, "
        "and good health as an adult",
    ),
    (
        "advice-and-support",
        "Advice and support",
        "Information, advice and support for children, young people and parents, "
        "including the SEND information, advice and support service and leisure activities",
    ),
    (
        "ehc-assessment",
        "How to request an EHC needs assessment",
        "How to ask the council for an education, health and care needs assessment, "
        "and what happens next",
    ),
    (
        "complaints-and-appeals",
        "Complaints and appeals",
        "How to complain, mediation and disagreement resolution, and appeals to the SEND Tribunal",
    ),
)
CATEGORY_LABELS: Final = {slug: label for slug, label, _ in CATEGORIES}

# Needs, as DfE codes them (SEN2 2026 <SENtype>), so the Local Offer and the case records agree.
NEEDS: Final = tuple((code, label) for code, label in reference.NEED_TYPES)
NEED_LABELS: Final = dict(NEEDS)

TAXONOMIES: Final = {
    "category": {
        "name": "Local Offer categories",
        "description": "The headings of the SEND Local Offer (" + CATEGORY_SOURCE + ")",
        "version": "2014",
    },
    "need": {
        "name": "Special educational needs and disabilities",
        "description": "Types of special educational need, as the Department for Education "
        "codes them in the SEN2 return and the school census",
        "version": "2026",
    },
}


def taxonomy_rows() -> dict[str, list[tuple[str, str, str]]]:
    """Each taxonomy's terms as (code, name, description), in the order pages list them."""
    return {
        "category": [(slug, label, text) for slug, label, text in CATEGORIES],
        "need": [(code, label, label) for code, label in NEEDS],
    }


def taxonomy_id(kind: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"taxonomy:{kind}")


def term_id(kind: str, code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"term:{kind}:{code}")


class Topic:
    """What a comment on the Local Offer is about (reg 56 asks for comments on the offer)."""

    OUT_OF_DATE = "out_of_date"
    MISSING = "missing"
    HARD_TO_USE = "hard_to_use"
    GAP = "gap"
    OTHER = "other"


TOPICS: Final = (
    (Topic.OUT_OF_DATE, "Information is out of date or wrong"),
    (Topic.MISSING, "Information is missing"),
    (Topic.HARD_TO_USE, "The Local Offer is hard to use"),
    (Topic.GAP, "A gap in provision: a service that is needed but not there"),
    (Topic.OTHER, "Something else"),
)
TOPIC_LABELS: Final = dict(TOPICS)
# Short names for the themes in the published report.
THEME_LABELS: Final = {
    Topic.OUT_OF_DATE: "Out of date",
    Topic.MISSING: "Missing information",
    Topic.HARD_TO_USE: "Hard to use",
    Topic.GAP: "Gaps in provision",
    Topic.OTHER: "Other",
}

# How often an entry must be checked, and how long it stays visible (flagged) once overdue.
REVIEW_MONTHS: Final = 12
GRACE_DAYS: Final = 90
REVIEW_SOURCE: Final = (
    "SEND Regulations 2014 reg 53 (the local authority must publish and keep its Local Offer "
    "under review); SEND Code of Practice 4.9 and 4.62"
)
