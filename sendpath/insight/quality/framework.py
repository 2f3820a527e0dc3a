"""The default quality framework, in plain English, and the grades.

Based on the SEND Code of Practice 2015, 9.61 to 9.69 ("principles and requirements" of EHC
plans and what each section must contain) and the SEND Regulations 2014, reg 12 (the plan's
sections). An authority starts from this framework and may change its criteria and weights.
"""

from __future__ import annotations

from typing import NamedTuple

# The grades, with their points (highest best).
GRADES: dict[int, str] = {
    4: "Outstanding",
    3: "Good",
    2: "Requires improvement",
    1: "Inadequate",
}
GRADE_CHOICES = [(str(points), label) for points, label in GRADES.items()]

# Auditors disagree on a section when their grades for it differ by more than one grade.
MODERATION_GAP = 1


class Default(NamedTuple):
    section: str
    text: str
    guidance: str
    source: str
    weight: int = 1


DEFAULT_FRAMEWORK: tuple[Default, ...] = (
    Default(
        "A",
        "Written in the child's or young person's own words, or their family's, where possible",
        "Look for their voice, not a summary by professionals: 'I like...', 'My family says...'.",
        "SEND Code of Practice 9.61, 9.69 (section A)",
        2,
    ),
    Default(
        "A",
        "Says what matters to them, what they enjoy and their hopes for the future",
        "Including their aspirations for adulthood, from the earliest years.",
        "SEND Code of Practice 9.69 (section A)",
    ),
    Default(
        "B",
        "Describes every special educational need found in the assessment, specifically",
        "Each need, not only a diagnosis: what the child finds hard and how it shows.",
        "SEND Code of Practice 9.69 (section B); SEND Regulations 2014, reg 12(1)(b)",
        2,
    ),
    Default(
        "C",
        "Describes the health needs that relate to their special educational needs",
        "Drawn from the health advice; says 'none identified' rather than leaving it empty.",
        "SEND Code of Practice 9.69 (section C); SEND Regulations 2014, reg 12(1)(c)",
    ),
    Default(
        "D",
        "Describes the social care needs that relate to their special educational needs or "
        "disability",
        "Drawn from the social care advice; says 'none identified' rather than leaving it empty.",
        "SEND Code of Practice 9.69 (section D); SEND Regulations 2014, reg 12(1)(d)",
    ),
    Default(
        "E",
        "Outcomes are SMART: specific, measurable, achievable, realistic and time-bound",
        "Each outcome says what will change, by when, and how progress will be measured.",
        "SEND Code of Practice 9.64 to 9.66, 9.69 (section E)",
        3,
    ),
    Default(
        "E",
        "Outcomes look ahead to adulthood from year 9 at the latest",
        "Employment, independent living, friends and community, and good health.",
        "SEND Code of Practice 8.9, 9.69 (section E)",
    ),
    Default(
        "F",
        "Provision is detailed, specific and quantified: what, who, how often and for how long",
        "Avoid 'access to', 'regular' or 'as needed'. Hours, group sizes and staff are stated.",
        "SEND Code of Practice 9.69 (section F); SEND Regulations 2014, reg 12(1)(f)",
        3,
    ),
    Default(
        "F",
        "Every need in section B is met by provision in section F",
        "Read section B and F side by side: no need is left without provision.",
        "SEND Code of Practice 9.69 (section F)",
        2,
    ),
    Default(
        "G",
        "Health provision reasonably required by the health needs is specified",
        "Who provides it, how often, and how it meets the needs in section C.",
        "SEND Code of Practice 9.69 (section G); SEND Regulations 2014, reg 12(1)(g)",
    ),
    Default(
        "H",
        "Social care provision is specified, with provision under section 2 of the Chronically "
        "Sick and Disabled Persons Act 1970 in H1 and other social care provision in H2",
        "Each item linked to the needs in section D.",
        "SEND Code of Practice 9.69 (sections H1 and H2); SEND Regulations 2014, reg 12(1)(h)",
    ),
    Default(
        "I",
        "Names the school or other institution and its type (or the type only, where the "
        "family asked for none to be named)",
        "The final plan names a placement; the draft must not.",
        "SEND Code of Practice 9.69 (section I), 9.78; Children and Families Act 2014 s.39",
    ),
    Default(
        "J",
        "Sets out any personal budget: the provision it secures, how it is held and any direct "
        "payments",
        "Where no personal budget was asked for, says so.",
        "SEND Code of Practice 9.69 (section J), 9.95 to 9.124",
    ),
    Default(
        "K",
        "Lists the advice and information gathered in the assessment, attached as appendices",
        "Every piece of advice asked for under reg 6(1), with its date.",
        "SEND Code of Practice 9.69 (section K); SEND Regulations 2014, reg 6(1)",
    ),
)
