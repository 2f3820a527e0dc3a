"""The published SEN Support import template: its columns, what each means, and the file.

The codes are the school census's (DfE, "Complete the school census: data items", CBDS 100264 SEN
provision, 100266/100267 SEN type ranked 1 and 2); see ``sendpath.core.reference``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sendpath.core import reference


@dataclass(frozen=True)
class Column:
    header: str  # as in the template's header row, and as errors name it
    key: str
    required: bool
    meaning: str
    example: str


COLUMNS: tuple[Column, ...] = (
    Column(
        "UPN",
        "upn",
        False,
        "The pupil's unique pupil number: 13 characters, a check letter then 12 more, as on "
        "the school census. Leave empty if the pupil has none: they are then matched by name and "
        "date of birth.",
        "A123456789012",
    ),
    Column("Forename", "first_name", True, "The pupil's legal first name.", "Bethany"),
    Column("Surname", "last_name", True, "The pupil's legal last name.", "Newrecord"),
    Column(
        "Date of birth",
        "date_of_birth",
        True,
        "Written 14/06/2016 (day/month/year, as Excel writes UK dates) or 2016-06-14. Records "
        "are for children and young people aged 0 to 25.",
        "14/06/2016",
    ),
    Column("Sex", "sex", True, "F (female) or M (male), as on the school census.", "F"),
    Column("Postcode", "postcode", False, "The pupil's home postcode, if known.", "DM1 4AB"),
    Column(
        "School URN",
        "school_urn",
        True,
        "The unique reference number of the school or setting the pupil attends (up to 6 "
        "digits, from Get Information About Schools). The school must already be in this "
        "service's list of organisations.",
        "100001",
    ),
    Column(
        "SEN provision",
        "sen_provision",
        True,
        "K (SEN support). Only K is accepted: this import adds and updates pupils on SEN "
        "support, it never takes a pupil off it (change their record for that). An EHC plan (E) "
        "is never imported: it comes only from the plan records.",
        "K",
    ),
    Column(
        "Primary need",
        "primary_need",
        True,
        "The pupil's primary type of need, as a census code (see the list below).",
        "SLCN",
    ),
    Column(
        "Secondary need",
        "secondary_need",
        False,
        "A secondary type of need, if any: a census code different from the primary need.",
        "",
    ),
    Column(
        "Date placed on SEN support",
        "since",
        False,
        "When the pupil was placed on SEN support, written like the date of birth. If empty: "
        "kept as recorded for a pupil already on SEN support, otherwise the day of the import.",
        "01/09/2024",
    ),
)

NEED_CODES = reference.NEED_TYPES_CENSUS


def template_csv() -> str:
    """The template: the header row and one example row (UTF-8, comma separated)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])
    writer.writerow([c.example for c in COLUMNS])
    return out.getvalue()
