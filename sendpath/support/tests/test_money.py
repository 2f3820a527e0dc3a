"""Money in pence: a provision's cost, rounding once, and reading amounts typed in pounds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendpath.support.money import Costing, parse_pounds, pounds, term_cost


def test_an_hour_a_week_for_a_term_one_to_one():
    # 2 hours a week at 25 pounds an hour for 12 weeks: 600 pounds.
    assert term_cost(Costing(2500, False, 120, 0, 12)) == 60_000


def test_a_group_shares_the_cost_and_rounds_once_halves_up():
    # 30 minutes a week at 20 pounds an hour for 13 weeks, in a group of 6: 2,166.67 pence.
    assert term_cost(Costing(2000, False, 30, 0, 13, group_size=6)) == 2167
    # 1 penny shared by 2 is half a penny: rounded up.
    assert term_cost(Costing(1, True, 0, 1, 1, group_size=2)) == 1
    # 1 penny shared by 3 is a third: rounded down.
    assert term_cost(Costing(1, True, 0, 1, 1, group_size=3)) == 0


def test_by_the_session():
    # 3 sessions a week at 45 pounds for 10 weeks, in a pair: 675 pounds each.
    assert term_cost(Costing(4500, True, 0, 3, 10, group_size=2)) == 67_500


@given(
    rate=st.integers(0, 100_000),
    minutes=st.integers(0, 40 * 60),
    weeks=st.integers(0, 52),
    group=st.integers(1, 30),
)
def test_the_group_shares_add_up_to_the_whole_within_a_penny_each(rate, minutes, weeks, group):
    whole = term_cost(Costing(rate, False, minutes, 0, weeks))
    share = term_cost(Costing(rate, False, minutes, 0, weeks, group_size=group))
    assert isinstance(share, int)
    assert abs(share * group - whole) <= group


@pytest.mark.parametrize(
    ("text", "pence"),
    [("6000", 600_000), ("£6,000", 600_000), ("12.5", 1250), ("0.07", 7), (".5", 50)],
)
def test_amounts_typed_in_pounds(text, pence):
    assert parse_pounds(text) == pence


@pytest.mark.parametrize("text", ["", "-5", "1.234", "12.3.4", "ten", "1e3", "£"])
def test_amounts_that_are_not_money(text):
    with pytest.raises(ValueError, match="not an amount of money"):
        parse_pounds(text)


def test_pounds_shown():
    assert pounds(600_000) == "£6,000"
    assert pounds(216_667) == "£2,166.67"
    assert pounds(5) == "£0.05"
