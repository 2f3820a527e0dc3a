import pytest

from sendpath.core import identifiers as ids


def make_upn(body: str) -> str:
    return ids.upn_check_letter(body) + body


@pytest.mark.parametrize("body", ["820200180001", "123456789012", "000000000001", "93870112345A"])
def test_upns_with_their_check_letter_are_valid(body):
    assert ids.check_upn(make_upn(body)) is None


def test_upn_check_letter_is_the_weighted_sum_mod_23():
    # 1*2 + 2*3 + ... by hand for a simple body: all zeros but the last digit 1 (weight 13).
    assert ids.upn_check_letter("000000000001") == ids.UPN_LETTERS[13 % 23]


def test_wrong_check_letter_names_the_right_one():
    good = make_upn("820200180001")
    wrong = ("B" if good[0] != "B" else "C") + good[1:]
    message = ids.check_upn(wrong)
    assert message is not None
    assert f"should be {good[0]}" in message


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("A12345", "13 characters"),
        ("1234567890123", "starts with a letter"),
        ("A12345678901!", "starts with a letter"),
        ("I123456789012", "cannot be I, O or S"),
    ],
)
def test_malformed_upns_say_which_rule_failed(value, fragment):
    message = ids.check_upn(value)
    assert message is not None
    assert fragment in message


def test_temporary_upn_ending_in_a_letter():
    upn = make_upn("82020018000B")
    assert ids.check_upn(upn) is None
    assert ids.is_temporary_upn(upn)
    bad = make_upn("82020018000A")[:12] + "O"
    assert ids.check_upn(bad) is not None


def test_upn_is_read_as_typed_with_spaces_and_lower_case():
    upn = make_upn("820200180001")
    assert ids.check_upn(" " + upn.lower()[:5] + " " + upn[5:] + " ") is None


@pytest.mark.parametrize("nhs", ["9434765919", "943 476 5919", "4010232137"])
def test_valid_nhs_numbers(nhs):
    assert ids.check_nhs_number(nhs) is None


@pytest.mark.parametrize(
    ("nhs", "fragment"),
    [
        ("9434765918", "check digit"),
        ("943476591", "exactly 10 digits"),
        ("94347659AB", "exactly 10 digits"),
    ],
)
def test_invalid_nhs_numbers(nhs, fragment):
    message = ids.check_nhs_number(nhs)
    assert message is not None
    assert fragment in message


def test_nhs_remainder_of_one_is_never_valid():
    # Weighted sum mod 11 == 1 gives a check value of 10, which is never issued.
    body = next(
        f"{n:09d}" for n in range(10**8, 10**8 + 1000) if ids.nhs_check_digit(f"{n:09d}") is None
    )
    for last in "0123456789":
        assert ids.check_nhs_number(body + last) is not None


def test_uln_check_digit():
    # 1*10 + 2*9 + ... + 9*2 = 210; 210 mod 11 = 1; check digit 10 - 1 = 9.
    assert ids.uln_check_digit("123456789") == 9
    assert ids.check_uln("1234567899") is None
    assert "check digit" in (ids.check_uln("1234567890") or "")
    assert "10 digits" in (ids.check_uln("12345678") or "")
    assert "cannot start with 0" in (ids.check_uln("0123456789") or "")


@pytest.mark.parametrize(
    ("check", "good", "bad"),
    [
        (ids.check_urn, "100001", "1234567"),
        (ids.check_ukprn, "10012345", "20012345"),
        (ids.check_la_code, "355", "35"),
    ],
)
def test_organisation_codes(check, good, bad):
    assert check(good) is None
    assert check(bad) is not None
