"""DfE reference code lists, in one place, each with its source and year.

Sources:
- SEN2 2026 data specification, as encoded in the community SEN2 XSD
  (``shared/spec/sen2/sen2_schema_2026.xsd``): sex, ethnicity (CBDS extended codes, 2024),
  type of need (``SENtype``, DS added from 2026), request source, outcomes, settings, cease
  reasons, review outcomes, UPN-unknown reasons.
- School census 2025-26 (CBDS): SEN provision (N, K, E) and NSA (SEN support with no specialist
  assessment of type of need); free school meals eligibility; first language (minimum code set).
"""

from __future__ import annotations

from typing import Final

Choices = tuple[tuple[str, str], ...]


def labels(choices: Choices) -> dict[str, str]:
    return dict(choices)


# Sex: SEN2 2026 <Sex> (school census uses the same M/F codes).
SEX: Final[Choices] = (("F", "Female"), ("M", "Male"))

# SEN provision on the school census (CBDS field 100264; census 2025-26).
SEN_PROVISION: Final[Choices] = (
    ("N", "No special educational need"),
    ("K", "SEN support"),
    ("E", "Education, health and care plan"),
)

# Type of need: SEN2 2026 <SENtype>; NSA is school census only (SEN support with no
# specialist assessment of type of need).
NEED_TYPES: Final[Choices] = (
    ("SPLD", "Specific learning difficulty"),
    ("MLD", "Moderate learning difficulty"),
    ("SLD", "Severe learning difficulty"),
    ("PMLD", "Profound and multiple learning difficulty"),
    ("SEMH", "Social, emotional and mental health"),
    ("SLCN", "Speech, language and communication needs"),
    ("HI", "Hearing impairment"),
    ("VI", "Vision impairment"),
    ("MSI", "Multi-sensory impairment"),
    ("PD", "Physical disability"),
    ("ASD", "Autistic spectrum disorder"),
    ("DS", "Down syndrome"),
    ("OTH", "Other difficulty"),
)
NEED_TYPES_CENSUS: Final[Choices] = (
    *NEED_TYPES,
    ("NSA", "SEN support but no specialist assessment of type of need"),
)

# Request source: SEN2 2026 <RequestSource>.
SEN2_REQUEST_SOURCES: Final[Choices] = (
    ("1", "Young person or parent"),
    ("2", "School or other education setting"),
    ("3", "Health care professionals"),
    ("4", "Social care professionals"),
    ("5", "Other"),
)

# UPN unknown reasons: SEN2 2026 <UPNunknown>.
UPN_UNKNOWN: Final[Choices] = (
    ("UN1", "Child is aged under 6 years old and is not yet assigned a UPN"),
    ("UN2", "Child has never attended a state-funded school in England and has no UPN"),
    ("UN3", "Child is educated outside of England and has not been assigned a UPN"),
    ("UN5", "Sources collating UPNs disagree about the child's name or date of birth"),
    ("UN8", "Person is new to the local authority and the UPN or ULN is not yet known"),
    ("UN9", "Young person has never attended a state-funded school or FE setting in England"),
    ("UN10", "Request for assessment resulted in no further action before UPN or ULN known"),
)

# Cease reasons: SEN2 2026 <CeaseReason>.
SEN2_CEASE_REASONS: Final[Choices] = (
    ("1", "Reached maximum age"),
    ("2", "Ongoing educational or training needs being met without an EHC plan"),
    ("3", "Moved on to higher education"),
    ("4", "Moved on to paid employment, excluding apprenticeships"),
    ("5", "Transferred to another local authority in England"),
    ("6", "Young person no longer wishes to engage in education or training"),
    ("7", "Person has moved outside England"),
    ("8", "Person deceased"),
    ("9", "Other"),
)

# Ethnicity: DfE/CBDS extended codes (2024), SEN2 2026 <Ethnicity>.
ETHNICITY: Final[Choices] = (
    ("WBRI", "White - British"),
    ("WCOR", "White - Cornish"),
    ("WENG", "White - English"),
    ("WNIR", "White - Northern Irish"),
    ("WSCO", "White - Scottish"),
    ("WWEL", "White - Welsh"),
    ("WOWB", "Other White British"),
    ("WIRI", "White - Irish"),
    ("WIRT", "White - Irish Traveller"),
    ("WOTH", "Any Other White Background"),
    ("WALB", "Albanian"),
    ("WBOS", "Bosnian - Herzegovinian"),
    ("WCRO", "Croatian"),
    ("WGRE", "Greek/ Greek Cypriot"),
    ("WGRK", "Greek"),
    ("WGRC", "Greek Cypriot"),
    ("WITA", "Italian"),
    ("WKOS", "Kosovan"),
    ("WPOR", "Portuguese"),
    ("WSER", "Serbian"),
    ("WTUR", "Turkish/ Turkish Cypriot"),
    ("WTUK", "Turkish"),
    ("WTUC", "Turkish Cypriot"),
    ("WEUR", "White European"),
    ("WEEU", "White Eastern European"),
    ("WWEU", "White Western European"),
    ("WOTW", "White Other"),
    ("WROM", "Gypsy / Roma"),
    ("WROG", "Gypsy"),
    ("WROR", "Roma"),
    ("WROO", "Other Gypsy/Roma"),
    ("MWBC", "White and Black Caribbean"),
    ("MWBA", "White and Black African"),
    ("MWAS", "White and Asian"),
    ("MWAP", "White and Pakistani"),
    ("MWAI", "White and Indian"),
    ("MWAO", "White and Any Other Asian Background"),
    ("ABRI", "Asian - British"),
    ("AWEL", "Asian - Welsh"),
    ("MOTH", "Any Other Mixed Background"),
    ("MAOE", "Asian and Any Other Ethnic Group"),
    ("MABL", "Asian and Black"),
    ("MACH", "Asian and Chinese"),
    ("MBOE", "Black and Any Other Ethnic Group"),
    ("MBCH", "Black and Chinese"),
    ("MCOE", "Chinese and Any Other Ethnic Group"),
    ("MWOE", "White and Any Other Ethnic Group"),
    ("MWCH", "White and Chinese"),
    ("MOTM", "Other Mixed Background"),
    ("AIND", "Indian"),
    ("APKN", "Pakistani"),
    ("AMPK", "Mirpuri - Pakistani"),
    ("AKPA", "Kashmiri Pakistani"),
    ("AOPK", "Other Pakistani"),
    ("ABAN", "Bangladeshi"),
    ("AOTH", "Any Other Asian Background"),
    ("AAFR", "African Asian"),
    ("AKAO", "Kashmiri Other"),
    ("ANEP", "Nepali"),
    ("ASNL", "Sri Lankan Sinhalese"),
    ("ASLT", "Sri Lankan Tamil"),
    ("ASRO", "Sri Lankan Other"),
    ("AOTA", "Other Asian"),
    ("BBRI", "Black - British"),
    ("BWEL", "Black - Welsh"),
    ("BCRB", "Black Caribbean"),
    ("BAFR", "Black - African"),
    ("BANN", "Black - Angolan"),
    ("BCON", "Black - Congolese"),
    ("BGHA", "Black - Ghanaian"),
    ("BNGN", "Black - Nigerian"),
    ("BSLN", "Black - Sierra Leonean"),
    ("BSOM", "Black - Somali"),
    ("BSUD", "Black - Sudanese"),
    ("BAOF", "Other Black African"),
    ("BOTH", "Any Other Black Background"),
    ("BEUR", "Black European"),
    ("BNAM", "Black North American"),
    ("BOTB", "Other Black"),
    ("CHNE", "Chinese"),
    ("CHKC", "Hong Kong Chinese"),
    ("CMAL", "Malaysian Chinese"),
    ("CSNG", "Singaporean Chinese"),
    ("CTWN", "Taiwanese"),
    ("COCH", "Other Chinese"),
    ("OOTH", "Any Other Ethnic Group"),
    ("OAFG", "Afghan"),
    ("ORAB", "Arab"),
    ("OARA", "Arab Other"),
    ("OEGY", "Egyptian"),
    ("OFIL", "Filipino"),
    ("OIRN", "Iranian"),
    ("OIRQ", "Iraqi"),
    ("OJPN", "Japanese"),
    ("OKOR", "Korean"),
    ("OKRD", "Kurdish"),
    ("OLAM", "Latin/ South/ Central American"),
    ("OLEB", "Lebanese"),
    ("OLIB", "Libyan"),
    ("OMAL", "Malay"),
    ("OMRC", "Moroccan"),
    ("OPOL", "Polynesian"),
    ("OTHA", "Thai"),
    ("OVIE", "Vietnamese"),
    ("OYEM", "Yemeni"),
    ("OOEG", "Other Ethnic Group"),
    ("REFU", "Refused"),
    ("NOBT", "Information not yet obtained"),
)

# Free school meals eligibility on the school census (CBDS "FSM eligible": a pupil is eligible on
# census day when a period of eligibility covers it). Not recorded means not known.
FSM_ELIGIBILITY: Final[Choices] = (
    ("Y", "Eligible for free school meals"),
    ("N", "Not eligible for free school meals"),
)

# First language: the school census's minimum code set (CBDS "Language", census 2025-26).
FIRST_LANGUAGE: Final[Choices] = (
    ("ENG", "English"),
    ("ENB", "Not known but believed to be English"),
    ("OTH", "Other than English"),
    ("OTB", "Not known but believed to be other than English"),
    ("NOT", "Information not obtained"),
    ("REF", "Refused"),
)
# DfE's first-language categories, as its school census statistics group the codes: English
# (ENG, ENB), other than English (every other language, OTB), unclassified (NOT, REF, none).
ENGLISH, OTHER_THAN_ENGLISH, UNCLASSIFIED = "English", "Other than English", "Unclassified"
LANGUAGE_CATEGORY: Final[dict[str, str]] = {
    "ENG": ENGLISH,
    "ENB": ENGLISH,
    "OTH": OTHER_THAN_ENGLISH,
    "OTB": OTHER_THAN_ENGLISH,
    "NOT": UNCLASSIFIED,
    "REF": UNCLASSIFIED,
}

SEX_LABELS: Final = labels(SEX)
ETHNICITY_LABELS: Final = labels(ETHNICITY)
NEED_LABELS: Final = labels(NEED_TYPES_CENSUS)
SEN_PROVISION_LABELS: Final = labels(SEN_PROVISION)
FSM_LABELS: Final = labels(FSM_ELIGIBILITY)
FIRST_LANGUAGE_LABELS: Final = labels(FIRST_LANGUAGE)
