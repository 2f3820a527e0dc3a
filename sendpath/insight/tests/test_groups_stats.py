"""The arithmetic of "who is over- or under-represented", on numbers worked by hand."""

from __future__ import annotations

import math

import pytest

from sendpath.insight.groups import stats


def test_the_z_score_of_a_proportion():
    # 40 of 50 against a share of a half: expected 25, standard error sqrt(50 x 0.25) = 3.536.
    assert stats.z_score(40, 50, 0.5) == pytest.approx(15 / math.sqrt(12.5))
    assert stats.flag(stats.z_score(40, 50, 0.5)) == stats.OVER
    assert stats.flag(stats.z_score(10, 50, 0.5)) == stats.UNDER


def test_a_similar_share_is_not_flagged():
    # 29 of 50 against a half: z = 4 / 3.536 = 1.13, under 1.96.
    assert stats.flag(stats.z_score(29, 50, 0.5)) == ""
    # The boundary: |z| of exactly 1.96 is flagged, just under is not.
    assert stats.flag(1.96) == stats.OVER
    assert stats.flag(-1.96) == stats.UNDER
    assert stats.flag(1.959) == ""


def test_small_numbers_are_never_tested():
    # Observed under 5: no test, however different.
    assert stats.z_score(4, 1000, 0.5) is None
    # Expected under 5 (100 x 0.04 = 4): no test, even with 20 observed.
    assert stats.z_score(20, 100, 0.04) is None
    # Both at least 5: tested.
    assert stats.z_score(5, 100, 0.05) == pytest.approx(0.0)
    assert stats.z_score(0, 0, 0.5) is None
    assert stats.z_score(5, 10, 0.0) is None


def test_counts_of_one_to_four_are_suppressed_with_the_next_smallest():
    assert stats.suppressed({"a": 3, "b": 40, "c": 12}) == {"a", "c"}
    # Two hidden already: neither can be worked out from the total alone.
    assert stats.suppressed({"a": 3, "b": 40, "c": 1, "d": 9}) == {"a", "c"}
    # Nought is shown (DfE shows 0), and nothing is hidden without a count of 1 to 4.
    assert stats.suppressed({"a": 0, "b": 40, "c": 12}) == set()
    assert stats.suppressed({"a": 5, "b": 6}) == set()


def test_compare_leaves_out_what_the_comparison_does_not_know():
    counts = {"F": 10, "M": 40, "unknown": 7}
    found = stats.compare(counts, {"F": 500, "M": 500, "unknown": None}, hide=set())
    # Shares among the 50 whose group the comparison knows: 20% against 50%.
    assert found["F"].share == 50.0
    assert found["F"].ratio == 0.4
    assert found["F"].flag == stats.UNDER
    assert found["M"].ratio == 1.6
    assert found["M"].flag == stats.OVER
    assert found["unknown"].share is None
    assert found["unknown"].ratio is None


def test_a_hidden_group_shows_no_ratio_and_no_flag():
    found = stats.compare({"F": 3, "M": 60}, {"F": 500, "M": 500}, hide={"F", "M"})
    assert found["F"].ratio == "c"
    assert found["F"].flag == ""
    assert found["M"].ratio == "c"
    assert found["M"].flag == ""


def test_a_small_comparison_of_the_authoritys_own_children_is_suppressed():
    found = stats.compare(
        {"yes": 6, "no": 60}, {"yes": 2, "no": 300}, hide=set(), hide_small_comparison=True
    )
    assert found["yes"].share == "c"
    assert found["no"].share == 99.3
