"""Each case read as SEN2 sees it (sendpath.insight.facts): the rules worked out by hand."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from sendpath.insight.facts import _Event, facts_of

D = dt.date


def case(source="parent", week20=False):
    return SimpleNamespace(
        pk=1, child_id=2, reference="C1", request_source=source, week20_exception=week20
    )


def ev(type_, date, **details):
    return _Event(type_, date, details)


ISSUED = [
    ev("request_received", D(2025, 1, 6)),
    ev("decision_to_assess", D(2025, 2, 10), outcome="yes"),
    ev("assessment_outcome", D(2025, 4, 1), outcome="plan"),
    ev("final_plan_issued", D(2025, 5, 26)),
]


def test_a_plan_issued_is_assessment_y_dated_the_day_it_was_issued():
    f = facts_of(case(), ISSUED, as_of=D(2025, 12, 31))
    assert (f.request_outcome, f.request_outcome_on) == ("Y", D(2025, 2, 10))
    assert (f.assessment_outcome, f.assessment_outcome_on) == ("Y", D(2025, 5, 26))
    assert f.days_to_issue == 140
    assert f.plan_start == D(2025, 5, 26)
    assert f.plan_active_on(D(2026, 1, 15))
    assert f.request_source == "1"
    assert not f.young_person_asked


def test_on_an_earlier_day_the_same_case_is_still_being_assessed_or_decided():
    f = facts_of(case(), ISSUED, as_of=D(2025, 4, 30))
    assert (f.assessment_outcome, f.assessment_outcome_on, f.plan_start) == ("A", None, None)
    f = facts_of(case(), ISSUED, as_of=D(2025, 1, 31))
    assert (f.request_outcome, f.assessment_outcome) == ("A", "")
    assert facts_of(case(), ISSUED, as_of=D(2024, 12, 31)) is None


def test_refusals_and_withdrawals():
    refused = [
        ev("request_received", D(2025, 1, 6)),
        ev("decision_to_assess", D(2025, 2, 1), outcome="no"),
    ]
    f = facts_of(case(), refused, as_of=D(2025, 12, 31))
    assert (f.request_outcome, f.assessment_outcome) == ("N", "")
    no_plan = [*ISSUED[:2], ev("assessment_outcome", D(2025, 5, 1), outcome="no_plan")]
    f = facts_of(case(), no_plan, as_of=D(2025, 12, 31))
    assert (f.assessment_outcome, f.assessment_outcome_on) == ("N", D(2025, 5, 1))
    early = [ev("request_received", D(2025, 1, 6)), ev("request_withdrawn", D(2025, 1, 20))]
    f = facts_of(case(), early, as_of=D(2025, 12, 31))
    assert (f.request_outcome, f.request_outcome_on) == ("W", D(2025, 1, 20))
    late = [*ISSUED[:2], ev("request_withdrawn", D(2025, 3, 1))]
    f = facts_of(case(), late, as_of=D(2025, 12, 31))
    assert (f.request_outcome, f.assessment_outcome, f.assessment_outcome_on) == (
        "Y",
        "W",
        D(2025, 3, 1),
    )


def test_historical_and_transferred_in_plans_are_h():
    old = [
        ev("request_received", D(2019, 3, 1)),
        ev("decision_to_assess", D(2019, 3, 1), outcome="yes", date_not_known=True),
        ev("final_plan_issued", D(2019, 7, 1)),
    ]
    f = facts_of(case(), old, as_of=D(2025, 12, 31))
    assert (f.request_outcome, f.assessment_outcome, f.plan_start) == ("H", "H", D(2019, 7, 1))
    moved_in = [*ISSUED, ev("transfer_in", D(2025, 9, 1))]
    f = facts_of(case(), moved_in, as_of=D(2025, 12, 31))
    assert (f.request_outcome, f.assessment_outcome, f.transferred_in) == ("H", "H", True)
    imported = [
        ev("request_received", D(2020, 3, 1)),
        ev("decision_to_assess", D(2020, 3, 1), outcome="yes", date_not_known=True),
        ev("final_plan_issued", D(2020, 7, 1), from_authority="LA 390"),
    ]
    f = facts_of(case(), imported, as_of=D(2025, 12, 31))
    assert (f.transferred_in, f.transfer_la) == (True, "390")


def test_a_plan_ceases_when_the_time_to_appeal_has_passed_not_on_the_decision():
    ceased = [*ISSUED, ev("plan_ceased", D(2025, 9, 1), reason="2")]
    appeal_due = D(2025, 11, 3)
    f = facts_of(case(), ceased, as_of=D(2025, 10, 31), appeal_due=appeal_due)
    assert (f.plan_cease, f.cease_reason) == (None, "")
    assert f.plan_active_on(D(2025, 10, 31))
    f = facts_of(case(), ceased, as_of=D(2025, 12, 31), appeal_due=appeal_due)
    assert (f.plan_cease, f.cease_reason) == (appeal_due, "2")
    assert not f.plan_active_on(D(2026, 1, 15))


def test_an_appeal_against_ceasing_keeps_the_plan_until_it_is_decided():
    ceased = [
        *ISSUED,
        ev("plan_ceased", D(2025, 9, 1), reason="2"),
        ev("appeal_registered", D(2025, 10, 1)),
    ]
    f = facts_of(case(), ceased, as_of=D(2025, 12, 31), appeal_due=D(2025, 11, 3))
    assert f.plan_cease is None
    dismissed = [*ceased, ev("appeal_decided", D(2025, 12, 1), outcome="dismissed")]
    f = facts_of(case(), dismissed, as_of=D(2025, 12, 31), appeal_due=D(2025, 11, 3))
    assert (f.plan_cease, f.cease_reason) == (D(2025, 12, 1), "2")
    upheld = [*ceased, ev("appeal_decided", D(2025, 12, 1), outcome="upheld")]
    f = facts_of(case(), upheld, as_of=D(2025, 12, 31), appeal_due=D(2025, 11, 3))
    assert f.plan_cease is None


def test_a_return_keeps_its_own_cease_date_and_a_transfer_out_is_reason_5():
    imported = [*ISSUED, ev("plan_ceased", D(2025, 8, 1), sen2={"CeaseReason": "4"})]
    f = facts_of(case(), imported, as_of=D(2025, 12, 31))
    assert (f.plan_cease, f.cease_reason) == (D(2025, 8, 1), "4")
    moved = [*ISSUED, ev("plan_transferred", D(2025, 10, 1))]
    f = facts_of(case(), moved, as_of=D(2025, 12, 31))
    assert (f.plan_cease, f.cease_reason) == (D(2025, 10, 1), "5")


def test_week20_counts_only_for_a_plan_issued():
    f = facts_of(case(week20=True), ISSUED, as_of=D(2025, 12, 31))
    assert f.week20
    f = facts_of(case(week20=True), ISSUED, as_of=D(2025, 4, 30))
    assert not f.week20
    marked = [
        *ISSUED[:2],
        ev("assessment_outcome", D(2025, 4, 1), outcome="plan", sen2={"Week20": "1"}),
        ISSUED[3],
    ]
    assert facts_of(case(), marked, as_of=D(2025, 12, 31)).week20


def test_relevant_youth_accommodation_is_read_from_a_return_only():
    custody = [ev("request_received", D(2025, 1, 6), sen2={"RequestSource": "1", "RYA": "1"})]
    f = facts_of(case(), custody, as_of=D(2025, 12, 31))
    assert (f.request_source, f.rya, f.young_person_asked) == ("1", True, False)


def test_a_young_person_asking_is_source_1():
    f = facts_of(case(source="young_person"), ISSUED, as_of=D(2025, 12, 31))
    assert (f.request_source, f.young_person_asked, f.rya) == ("1", True, False)
    f = facts_of(case(source="school"), ISSUED, as_of=D(2025, 12, 31))
    assert f.request_source == "2"


@pytest.mark.django_db
def test_case_facts_reads_the_effective_timeline_in_chunks(world, monkeypatch):

    from sendpath.ehc.cases import services
    from sendpath.ehc.models import Case
    from sendpath.ehc.tests.helpers import days_ago, open_case, record
    from sendpath.insight import facts
    from sendpath.people.models import Role

    monkeypatch.setattr(facts, "CHUNK", 1)  # every case its own chunk
    refused = open_case(world, received_days_ago=60)
    record(world, refused, "decision_to_assess", 30, outcome="no")
    wrong = refused.events.get(type="decision_to_assess")
    # Corrected: the decision was in fact to assess.
    services.event_record(
        actor=world.user(Role.CASEWORKER), case=refused, type="decision_to_assess",
        date=days_ago(30), details={"outcome": "yes"}, supersedes=wrong,
    )  # fmt: skip
    other = open_case(world, child=world.theirs, received_days_ago=10)
    found = {
        f.case_id: f
        for f in facts.case_facts(
            Case.objects.filter(pk__in=[refused.pk, other.pk]), as_of=days_ago(0)
        )
    }
    assert found[refused.pk].request_outcome == "Y"
    assert found[refused.pk].assessment_outcome == "A"
    assert found[other.pk].request_outcome == "A"
    assert found[other.pk].received_on == days_ago(10)
