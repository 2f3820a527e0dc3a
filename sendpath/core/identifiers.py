"""Checks for the identifiers councils exchange: UPN, ULN, NHS number, URN, UKPRN, LA code.

Each ``check_*`` function returns ``None`` when the value is valid, or a plain-English message
saying which rule it breaks. Sources:

- UPN: DfE, "Unique pupil numbers (UPN): guidance for schools and local authorities" (check
  letter: characters 2-13 weighted 2-13, sum modulo 23, mapped onto ``ABCDEFGHJKLMNPQRTUVWXYZ``;
  a temporary UPN has a letter, not a digit, as its 13th character).
- ULN: Learning Records Service, "Unique Learner Number validation" (10 digits; digits 1-9
  weighted 10 down to 2, sum modulo 11; the check digit is 10 minus the remainder, and a
  remainder of 0 is never issued).
- NHS number: NHS Data Dictionary, "NHS Number" (10 digits; digits 1-9 weighted 10 down to 2,
  sum modulo 11; check digit 11 minus the remainder, 11 becoming 0; 10 is never issued).
"""

from __future__ import annotations

import re

UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN_SHAPE = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")


def normalise(value: str) -> str:
    """Upper-case and drop spaces, so '123 456 7890' and 'a1234...' are read as typed."""
    return re.sub(r"\s+", "", value or "").upper()


def upn_check_letter(body: str) -> str:
    """The check letter for characters 2-13 of a UPN (12 characters)."""
    total = 0
    for weight, char in enumerate(body, start=2):
        total += (int(char) if char.isdigit() else UPN_LETTERS.index(char)) * weight
    return UPN_LETTERS[total % 23]


def check_upn(value: str) -> str | None:
    upn = normalise(value)
    if len(upn) != 13:
        return "Enter a UPN of 13 characters: a letter followed by 12 characters"
    if not _UPN_SHAPE.match(upn):
        return (
            "Enter a UPN that starts with a letter, then 11 digits, then a digit "
            "(or a letter for a temporary UPN)"
        )
    if upn[0] not in UPN_LETTERS:
        return "The first character of a UPN cannot be I, O or S"
    if upn[12].isalpha() and upn[12] not in UPN_LETTERS:
        return "The last character of a temporary UPN cannot be I, O or S"
    expected = upn_check_letter(upn[1:])
    if upn[0] != expected:
        return (
            f"The UPN's check letter is wrong: for these 12 characters it should be {expected}. "
            "Check the UPN has been copied correctly"
        )
    return None


def is_temporary_upn(value: str) -> bool:
    upn = normalise(value)
    return len(upn) == 13 and upn[12].isalpha()


def uln_check_digit(body: str) -> int | None:
    """The check digit for the first 9 digits of a ULN, or None if no ULN can have them."""
    total = sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True))
    remainder = total % 11
    return None if remainder == 0 else 10 - remainder


def check_uln(value: str) -> str | None:
    uln = normalise(value)
    if not re.fullmatch(r"\d{10}", uln):
        return "Enter a ULN of exactly 10 digits"
    if uln[0] == "0":
        return "A ULN cannot start with 0"
    expected = uln_check_digit(uln[:9])
    if expected is None or int(uln[9]) != expected:
        return "The ULN's check digit (the last digit) is wrong. Check it has been copied correctly"
    return None


def nhs_check_digit(body: str) -> int | None:
    """The check digit for the first 9 digits of an NHS number, or None if none is valid."""
    total = sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def check_nhs_number(value: str) -> str | None:
    nhs = normalise(value).replace("-", "")
    if not re.fullmatch(r"\d{10}", nhs):
        return "Enter an NHS number of exactly 10 digits, like 943 476 5919"
    expected = nhs_check_digit(nhs[:9])
    if expected is None or int(nhs[9]) != expected:
        return (
            "The NHS number's check digit (the last digit) is wrong. "
            "Check it has been copied correctly"
        )
    return None


def check_urn(value: str) -> str | None:
    if not re.fullmatch(r"\d{1,6}", normalise(value)):
        return "Enter a URN of up to 6 digits"
    return None


def check_ukprn(value: str) -> str | None:
    if not re.fullmatch(r"1\d{7}", normalise(value)):
        return "Enter a UKPRN of 8 digits starting with 1"
    return None


def check_la_code(value: str) -> str | None:
    if not re.fullmatch(r"\d{3}", normalise(value)):
        return "Enter a local authority code of 3 digits, like 355"
    return None
