"""The readiness check's answers, from the facts alone, at their boundaries."""

from __future__ import annotations

import datetime as dt

from sendpath.support.readiness import rules
from sendpath.support.readiness.rules import (
    AdviceFacts,
    CycleFacts,
    EvidenceFacts,
    Facts,
)

TODAY = dt.date(2026, 12, 5)


def cycles(first: dt.date, reviewed: list[dt.date | None], measured: int = 1) -> tuple:
    return tuple(
        CycleFacts(
            number=i + 1,
            started_on=first if i == 0 else (reviewed[i - 1] or first),
            reviewed_on=r,
            targets_measured=measured,
            targets=2,
        )
        for i, r in enumerate(reviewed)
    )


def ready_facts(**changes) -> Facts:
    first = TODAY - dt.timedelta(weeks=26)
    base = {
        "today": TODAY,
        "sen_provision": "K",
        "on_support_since": first,
        "cycles": cycles(
            first,
            [first + dt.timedelta(weeks=10), first + dt.timedelta(weeks=20), None],
        ),
        "advice": (AdviceFacts("Educational psychologist", first, 1, True),),
        "evidence": (EvidenceFacts("Reading age", first),),
        "school_year": 2026,
        "year_cost_pence": 600_000,
        "threshold_pence": 600_000,
    }
    base.update(changes)
    return Facts(**base)


def answer(facts: Facts, key: str) -> rules.Answer:
    return next(a for a in rules.check(facts).answers if a.key == key)


def test_a_record_meeting_every_question_is_ready():
    check = rules.check(ready_facts())
    assert check.ready
    assert check.met_count == len(rules.RULES) == 6
    for a in check.answers:
        assert a.met
        assert a.evidence
        assert not a.missing
        assert a.source


# Graduated approach: about two terms (26 weeks) from the first cycle, two reviewed cycles.


def test_exactly_two_terms_is_met():
    a = answer(ready_facts(), "graduated_approach")
    assert a.met
    assert "26 weeks ago" in a.evidence[0]
    assert "2 cycles reviewed" in a.evidence[1]


def test_a_day_short_of_two_terms_is_not_yet():
    first = TODAY - dt.timedelta(weeks=26) + dt.timedelta(days=1)
    facts = ready_facts(
        cycles=cycles(first, [first + dt.timedelta(weeks=10), first + dt.timedelta(weeks=20)])
    )
    a = answer(facts, "graduated_approach")
    assert not a.met
    assert "about two terms (26 weeks) are expected, a few days to go" in a.missing[0]


def test_one_reviewed_cycle_is_not_enough():
    first = TODAY - dt.timedelta(weeks=30)
    a = answer(
        ready_facts(cycles=cycles(first, [first + dt.timedelta(weeks=12), None])),
        "graduated_approach",
    )
    assert not a.met
    assert a.missing == ["1 cycle reviewed: at least 2 reviewed cycles are expected"]


def test_no_cycle_at_all_says_so():
    a = answer(ready_facts(cycles=()), "graduated_approach")
    assert not a.met
    assert a.missing[0] == "No assess, plan, do, review cycle has been recorded"


# On the register at K, reviewed at least termly.


def test_on_k_with_termly_reviews_is_met():
    a = answer(ready_facts(), "register")
    assert a.met
    assert a.evidence[0].startswith("On the SEN Register at SEN support (K) since")


def test_not_on_k_is_not_yet():
    a = answer(ready_facts(sen_provision="N", on_support_since=None), "register")
    assert not a.met
    assert "not on the SEN Register at SEN support (K)" in a.missing[0]


def test_reviews_exactly_a_term_apart_are_met_a_day_more_is_not():
    first = TODAY - dt.timedelta(weeks=32)
    on_time = [first + dt.timedelta(weeks=16), first + dt.timedelta(weeks=32)]
    assert answer(
        ready_facts(on_support_since=first, cycles=cycles(first, on_time)), "register"
    ).met
    late = [first + dt.timedelta(weeks=16, days=1), first + dt.timedelta(weeks=32)]
    a = answer(ready_facts(on_support_since=first, cycles=cycles(first, late)), "register")
    assert not a.met
    assert "reviews are expected at least termly" in a.missing[0]


def test_a_last_review_more_than_a_term_ago_is_not_yet():
    first = TODAY - dt.timedelta(weeks=40)
    reviews = [first + dt.timedelta(weeks=10), first + dt.timedelta(weeks=20)]
    a = answer(ready_facts(on_support_since=first, cycles=cycles(first, reviews)), "register")
    assert not a.met
    assert "a review is due at least every term" in a.missing[0]


# Outside advice, with targets set from it.


def test_advice_without_targets_set_from_it_is_not_yet():
    advice = (AdviceFacts("Speech and language therapy", TODAY, 2, False),)
    a = answer(ready_facts(advice=advice), "advice")
    assert not a.met
    assert a.missing == [
        "Advice was received (Speech and language therapy) but no cycle records targets set from it"
    ]


def test_no_advice_is_not_yet_and_advice_used_is_met():
    assert (
        "No advice from outside the school" in answer(ready_facts(advice=()), "advice").missing[0]
    )
    a = answer(ready_facts(), "advice")
    assert a.met
    assert a.evidence[0].startswith("Educational psychologist, received")
    assert a.evidence[0].endswith("targets set from it in cycle 1")


# Impact measured in at least two cycles.


def test_impact_measured_in_two_cycles_is_met_in_one_is_not():
    first = TODAY - dt.timedelta(weeks=26)
    two = cycles(first, [first + dt.timedelta(weeks=10), first + dt.timedelta(weeks=20)])
    assert answer(ready_facts(cycles=two), "impact").met
    one = (two[0], CycleFacts(2, two[1].started_on, two[1].reviewed_on, 0, 2))
    a = answer(ready_facts(cycles=one), "impact")
    assert not a.met
    assert "in 1 cycle: at least 2 are expected" in a.missing[0]


# Evidence the needs are significantly greater than peers'.


def test_evidence_of_need_both_ways():
    assert answer(ready_facts(), "evidence").evidence[0].startswith("Reading age, recorded")
    a = answer(ready_facts(evidence=()), "evidence")
    assert not a.met
    assert "reading age, attainment data, a Boxall profile or a behaviour log" in a.missing[0]


# Provision at or above the threshold this school year.


def test_threshold_exactly_met():
    a = answer(ready_facts(year_cost_pence=600_000), "threshold")
    assert a.met
    assert a.evidence == [
        "The costed provision map for 2026 to 2027 totals £6,000, against the £6,000 threshold"
    ]


def test_one_penny_under_the_threshold_is_not_yet():
    a = answer(ready_facts(year_cost_pence=599_999), "threshold")
    assert not a.met
    assert a.missing == [
        "The costed provision map for 2026 to 2027 totals £5,999.99, against the £6,000 "
        "threshold: £0.01 short of it"
    ]


def test_the_authoritys_own_threshold_is_used():
    assert answer(ready_facts(year_cost_pence=500_000, threshold_pence=500_000), "threshold").met
    assert not rules.check(ready_facts(year_cost_pence=599_999)).ready
