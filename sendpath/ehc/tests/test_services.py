"""The timeline is the truth: events are immutable, corrections supersede, deadlines follow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.ehc.cases import selectors as case_selectors
from sendpath.ehc.cases import services
from sendpath.ehc.models import Case, CaseEvent, Deadline, Stage
from sendpath.ehc.requests import selectors
from sendpath.people.models import Role
from sendpath.timescales import compute

from .helpers import days_ago, open_case, record


def stored(case: Case) -> list[tuple[str, str, str | None, str]]:
    return [
        (
            d.key,
            d.due.isoformat(),
            d.completed_on.isoformat() if d.completed_on else None,
            d.exception or "",
        )
        for d in Deadline.objects.filter(case=case).order_by("due", "key")
    ]


def engine(case: Case) -> list[tuple[str, str, str | None, str]]:
    events = services.effective_events(case)
    result = compute(services.engine_input(case, events, days_ago(0)))
    return [
        (r["key"], r["due"], r["completed_on"], r["exception"] or "") for r in result["deadlines"]
    ]


def test_opening_a_case_starts_the_six_week_clock(world):
    case = open_case(world, received_days_ago=10)
    assert case.stage == Stage.REQUESTED
    assert case.next_key == "decide_whether_to_assess"
    assert case.next_due == days_ago(10) + dt.timedelta(weeks=6)
    assert stored(case) == engine(case)
    assert AuditEntry.objects.filter(action=AuditAction.CREATED, child_id=world.ours.pk).exists()


def test_a_second_open_request_for_the_same_child_is_refused(world):
    case = open_case(world)
    with pytest.raises(ValidationError) as error:
        open_case(world)
    assert case.reference in str(error.value)
    assert getattr(error.value, "existing", None) == case
    assert Case.objects.filter(child=world.ours).count() == 1


def test_deadlines_follow_every_event_and_match_the_engine(world):
    case = open_case(world, received_days_ago=100)
    record(world, case, "decision_to_assess", 90, outcome="yes")
    record(world, case, "advice_requested", 88, id="ep-1", source="psychological")
    record(world, case, "advice_requested", 88, id="health-1", source="medical")
    record(world, case, "advice_received", 50, id="ep-1")
    case.refresh_from_db()
    assert case.stage == Stage.ASSESSING
    assert stored(case) == engine(case)
    keys = {d.key: d for d in case.deadlines.all()}
    assert keys["advice:ep-1"].completed_on == days_ago(50)
    assert keys["advice:ep-1"].status == "met"
    assert keys["advice:health-1"].pending
    # The next authority deadline is the overdue health advice (due 88 - 42 = 46 days ago).
    assert case.next_key == "advice:health-1"
    assert case.next_due == days_ago(46)


def test_a_decision_before_the_request_is_refused_and_nothing_is_saved(world):
    case = open_case(world, received_days_ago=30)
    before = CaseEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        record(world, case, "decision_to_assess", 40, outcome="yes")
    assert "on or after" in str(error.value)
    assert CaseEvent.objects.count() == before
    case.refresh_from_db()
    assert case.stage == Stage.REQUESTED


def test_future_dates_and_unknown_steps_are_refused(world):
    case = open_case(world)
    with pytest.raises(ValidationError):
        record(world, case, "decision_to_assess", -1, outcome="yes")
    with pytest.raises(ValidationError):
        record(world, case, "made_up_step", 1)
    with pytest.raises(ValidationError):
        record(world, case, "advice_received", 1, id="never-requested")


def test_events_are_immutable(world):
    case = open_case(world)
    event = case.events.get()
    event.date = days_ago(1)
    with pytest.raises(ValueError, match="immutable"):
        event.save()
    with pytest.raises(ValueError, match="immutable"):
        event.delete()


def test_a_correction_supersedes_and_moves_the_deadlines(world):
    case = open_case(world, received_days_ago=30)
    original = case.events.get(type="request_received")
    services.event_record(
        actor=world.user(Role.CASEWORKER),
        case=case,
        type="request_received",
        date=days_ago(20),
        details=original.details,
        supersedes=original,
    )
    case.refresh_from_db()
    assert case.next_due == days_ago(20) + dt.timedelta(weeks=6)
    assert [e.date for e in services.effective_events(case)] == [days_ago(20)]
    # Both remain on the timeline.
    assert case.events.count() == 2
    with pytest.raises(ValidationError):
        services.event_record(
            actor=world.user(Role.CASEWORKER),
            case=case,
            type="request_received",
            date=days_ago(25),
            details={"source": "parent"},
            supersedes=original,
        )


def test_refusal_moots_the_pathway_deadlines(world):
    case = open_case(world, received_days_ago=30)
    record(world, case, "decision_to_assess", 10, outcome="no", reasons="Needs met at SEN support")
    case.refresh_from_db()
    assert case.stage == Stage.NOT_ASSESSED
    assert not case.deadlines.filter(key="issue_final_plan").exists()
    assert case.next_due is None


def test_exception_is_shown_but_never_moves_the_date(world):
    case = open_case(world, received_days_ago=150)
    record(world, case, "decision_to_assess", 140, outcome="yes")
    before = case.deadlines.get(key="issue_final_plan").due
    record(world, case, "exception", None, applies_to="issue_final_plan", reason="school_closure")
    case.refresh_from_db()
    deadline = case.deadlines.get(key="issue_final_plan")
    assert deadline.due == before
    assert deadline.exception == "school_closure"
    assert case.week20_exception


def test_worklist_orders_by_next_deadline_and_filters(world):
    late = open_case(world, child=world.ours, received_days_ago=60)
    soon = open_case(world, child=world.linked, received_days_ago=38)
    other = open_case(world, child=world.family_child, received_days_ago=5)
    user = world.user(Role.CASEWORKER)
    cases = list(
        selectors.worklist(user=user, filters=selectors.WorklistFilters(caseworker_id=user.pk))
    )
    assert cases == [late, soon, other]
    overdue = selectors.worklist(user=user, filters=selectors.WorklistFilters(overdue=True))
    assert list(overdue) == [late]
    counts = selectors.worklist_counts(
        selectors.worklist(user=user, filters=selectors.WorklistFilters())
    )
    assert counts == {"open": 3, "overdue": 1, "due_this_week": 1}
    by_school = selectors.worklist(
        user=user, filters=selectors.WorklistFilters(school_id=str(world.school.pk))
    )
    assert list(by_school) == [late]
    by_name = selectors.worklist(
        user=user, filters=selectors.WorklistFilters(query=world.linked.last_name)
    )
    assert list(by_name) == [soon]
    by_ref = selectors.worklist(
        user=user, filters=selectors.WorklistFilters(query=other.reference.lower())
    )
    assert list(by_ref) == [other]
    by_family = selectors.worklist(user=user, filters=selectors.WorklistFilters(family="advice"))
    assert list(by_family) == []


def test_another_authority_never_sees_our_cases(world):
    open_case(world)
    other = world.user("other_caseworker")
    assert not selectors.worklist(user=other, filters=selectors.WorklistFilters()).exists()
    assert not case_selectors.cases_for(other).exists()


def test_reassign_needs_a_caseworker_of_the_same_authority(world):
    case = open_case(world)
    manager = world.user(Role.MANAGER)
    with pytest.raises(ValidationError):
        services.case_assign(actor=manager, case=case, caseworker=world.user("other_caseworker"))
    services.case_assign(actor=manager, case=case, caseworker=manager)
    case.refresh_from_db()
    assert case.caseworker == manager
    assert case.events.filter(type="caseworker_assigned").exists()


def test_nightly_refresh_moves_statuses_with_the_calendar(world):
    case = open_case(world, received_days_ago=50)
    services.refresh_all(as_of=days_ago(49))
    assert case.deadlines.get(key="decide_whether_to_assess").status == "open"
    services.refresh_all()
    assert case.deadlines.get(key="decide_whether_to_assess").status == "overdue"


def test_refresh_command_reports_the_cases(world):
    from io import StringIO

    from django.core.management import call_command

    open_case(world)
    out = StringIO()
    call_command("refresh_deadlines", stdout=out)
    assert "The deadlines of 1 open case are up to date" in out.getvalue()


def test_only_appointments_may_be_dated_in_the_future(world):
    case = open_case(world, received_days_ago=200)
    record(world, case, "decision_to_assess", 190, outcome="yes")
    record(world, case, "assessment_outcome", 100, outcome="plan")
    record(world, case, "draft_plan_sent", 90)
    record(world, case, "final_plan_issued", 60)
    record(world, case, "review_meeting_scheduled", -30)
    case.refresh_from_db()
    invitations = case.deadlines.get(key="review_invitations")
    assert invitations.due == days_ago(-30) - dt.timedelta(weeks=2)
    with pytest.raises(ValidationError):
        record(world, case, "review_meeting_held", -30)


def test_a_received_plan_does_not_give_the_new_authority_the_old_ones_deadline(world):
    case = open_case(world, received_days_ago=300)
    record(world, case, "decision_to_assess", 290, outcome="yes")
    record(world, case, "assessment_outcome", 200, outcome="plan")
    record(world, case, "draft_plan_sent", 190)
    record(world, case, "final_plan_issued", 170)
    record(world, case, "move_notified", 20, move_date=days_ago(5).isoformat())
    case.refresh_from_db()
    assert case.deadlines.get(key="transfer_plan_out").pending
    record(world, case, "transfer_in", 1, plan_last_reviewed_or_issued=days_ago(170).isoformat())
    case.refresh_from_db()
    assert not case.deadlines.filter(key="transfer_plan_out").exists()
    assert case.next_key == "transfer_notice"
