"""Reviews, review decisions and phase transfers counted by year from hand-built timelines, with
every answer worked out by hand (the due date itself is on time; 28 days is 4 weeks)."""

from __future__ import annotations

import datetime as dt

from sendpath.insight.oversight import reviews
from sendpath.insight.oversight.counting import Event, Plan

D = dt.date
TODAY = D(2026, 12, 6)


def ev(type_: str, day: dt.date | None, **details) -> Event:
    return Event(type_, day, details)


# Plan A (born 2010): issued 10 March 2023.
#   review 1 due 2024-03-10, held 2024-03-10 (the due date: on time);
#   review 2 due 2025-03-10, held 2025-03-11 (a day late);
#   review 3 due 2026-03-11, not held by today (late).
#   decision 1: meeting 2024-03-10, due 2024-04-07, sent 2024-04-07 (28 days: on time);
#   decision 2: meeting 2025-03-11, due 2025-04-08, sent 2025-04-09 (29 days: late).
#   phase transfer (school) in 2025: due 2025-02-14, amended 2025-02-14: met.
PLAN_A = Plan(
    "a",
    "child-a",
    D(2010, 1, 1),
    [
        ev("final_plan_issued", D(2023, 3, 10)),
        ev("review_meeting_held", D(2024, 3, 10)),
        ev("review_decision_notified", D(2024, 4, 7), outcome="maintain"),
        ev("phase_transfer", None, year=2025, kind="school"),
        ev("amended_plan_issued", D(2025, 2, 14)),
        ev("review_meeting_held", D(2025, 3, 11)),
        ev("review_decision_notified", D(2025, 4, 9), outcome="amend"),
    ],
)

# Plan B (born 1 June 2022, so under 5 until 1 June 2027): reviewed every 6 months.
#   due 2024-07-15 (issued 2024-01-15), held 2024-07-01: on time;
#   due 2025-01-01, held 2025-01-02: late;
#   due 2025-07-02, held 2025-06-30: on time;
#   due 2025-12-30, not held: late.
PLAN_B = Plan(
    "b",
    "child-b",
    D(2022, 6, 1),
    [
        ev("final_plan_issued", D(2024, 1, 15)),
        ev("review_meeting_held", D(2024, 7, 1)),
        ev("review_meeting_held", D(2025, 1, 2)),
        ev("review_meeting_held", D(2025, 6, 30)),
    ],
)

# Plan C: issued 1 May 2024, ceased 1 February 2025, before its review fell due: not counted.
PLAN_C = Plan(
    "c",
    "child-c",
    D(2012, 5, 5),
    [ev("final_plan_issued", D(2024, 5, 1)), ev("plan_ceased", D(2025, 2, 1))],
)

# Plan D: moving to post-16 in 2025 (due 2025-03-30). Amended 31 August 2024 (before the window
# opens on 1 September 2024) and again 2 April 2025 (after the date): not met.
PLAN_D = Plan(
    "d",
    "child-d",
    D(2009, 1, 1),
    [
        ev("final_plan_issued", D(2020, 1, 1)),
        ev("review_meeting_held", D(2020, 12, 1)),
        ev("amended_plan_issued", D(2024, 8, 31)),
        ev("amended_plan_issued", D(2025, 4, 2)),
    ],
    transfer_year=2025,
    transfer_kind="post16",
)


def test_reviews_held_on_time_by_year():
    found = reviews.history([PLAN_A, PLAN_B, PLAN_C], TODAY)
    by_year: dict[int, list[bool]] = {}
    for r in found.reviews:
        by_year.setdefault(r.due.year, []).append(r.on_time)
    assert {y: (sum(v), len(v)) for y, v in by_year.items()} == {
        2024: (2, 2),
        2025: (1, 4),
        2026: (0, 1),
    }
    early = [r for r in found.reviews if r.case_id == "b"]
    assert all(r.early_years for r in early)
    assert [r.due for r in early] == [D(2024, 7, 15), D(2025, 1, 1), D(2025, 7, 2), D(2025, 12, 30)]
    assert not [r for r in found.reviews if r.case_id == "c"]


def test_decisions_within_four_weeks_and_the_day_after():
    found = reviews.history([PLAN_A], TODAY)
    got = [(d.meeting, d.due, d.notified_on, d.on_time, d.outcome) for d in found.decisions]
    assert got == [
        (D(2024, 3, 10), D(2024, 4, 7), D(2024, 4, 7), True, "maintain"),
        (D(2025, 3, 11), D(2025, 4, 8), D(2025, 4, 9), False, "amend"),
    ]


def test_a_decision_owed_is_counted_late_only_once_its_four_weeks_are_over():
    plan = Plan("e", "child-e", D(2010, 1, 1), [
        ev("final_plan_issued", D(2025, 1, 1)),
        ev("review_meeting_held", D(2026, 11, 20)),
    ])  # fmt: skip
    assert reviews.history([plan], TODAY).decisions == []
    later = reviews.history([plan], D(2026, 12, 19))
    assert [(d.notified_on, d.on_time) for d in later.decisions] == [(None, False)]


def test_phase_transfers_met_by_the_statutory_date():
    found = reviews.history([PLAN_A, PLAN_D], TODAY)
    got = {(t.case_id, t.year, t.kind, t.due, t.amended_on, t.met) for t in found.transfers}
    assert got == {
        ("a", 2025, "school", D(2025, 2, 14), D(2025, 2, 14), True),
        ("d", 2025, "post16", D(2025, 3, 30), D(2025, 4, 2), False),
    }


def test_the_figures_carry_counts_and_denominators():
    found = reviews.history([PLAN_A, PLAN_B, PLAN_C, PLAN_D], TODAY)
    where = reviews.Comparison("999", None, "No published comparison")
    counted = reviews.tally(found)
    figures = {
        f.key: f for f in reviews.figures(counted, today=TODAY, authority="Ours", where=where)
    }
    held = figures["reviews-on-time"]
    assert held.periods == ["2022", "2023", "2024", "2025", "2026 (to 6 December)"]
    own = held.series[0]
    # Plan D's review due 2021-12-01 is outside the five years; 2022-2023 have nothing due.
    assert own.counts == [0, 0, 2, 1, 0]
    assert own.denominators == [0, 0, 2, 4, 1]
    assert own.values == [None, None, 100.0, 25.0, 0.0]
    transfers = figures["phase-transfers-met"].series[0]
    assert transfers.counts[3] == 1
    assert transfers.denominators[3] == 2
    assert transfers.values[3] == 50.0
    decisions = figures["decisions-within-4-weeks"]
    assert decisions.series[0].values[2:4] == [100.0, 0.0]
    assert [s.name for s in decisions.series] == ["Ours", "England"]
    england = decisions.series[1]
    # DfE's 2024 England row: 154,924 within 4 weeks, 193,835 after (44.4%).
    assert england.values[2] == 44.4
    assert england.counts[2] == 154_924
    assert england.denominators[2] == 154_924 + 193_835
    assert england.values[4] is None  # nothing published for 2026
    assert "No published comparison" in decisions.notes[0]
    # Named groups under 5 are suppressed.
    outcomes = figures["review-outcomes"]
    assert outcomes.series[0].values[2] == "c"  # one "maintain" in 2024
    assert outcomes.series[2].values[2] == 0
    # A leader's figures (no list page) link to no children.
    assert all(not f.children_url for f in figures.values())


def test_the_years_reach_back_only_as_far_as_the_records():
    assert reviews.years_for([2025, 2026], TODAY) == [2025, 2026]
    assert reviews.years_for([2001], TODAY) == [2022, 2023, 2024, 2025, 2026]
    assert reviews.years_for([], TODAY) == []
