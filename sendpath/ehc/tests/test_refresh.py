"""The nightly refresh, set by set: the same rows as recording an event, and only what changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sendpath.ehc.cases import refresh, services
from sendpath.ehc.cases.refresh import refresh_open_cases
from sendpath.ehc.models import Case, CaseEvent, Deadline, DeadlineRefresh, Plan, Stage
from sendpath.people.models import Role
from sendpath.people.tests.factories import ChildFactory

from .helpers import days_ago, open_case, record


def snapshot() -> dict[Any, tuple[Any, ...]]:
    """Every case's stored deadlines, derived fields and plan dates."""
    out = {}
    for case in Case.objects.order_by("pk"):
        plan = Plan.objects.filter(case=case).first()
        out[case.pk] = (
            case.received_on,
            case.stage,
            case.next_due,
            case.next_key,
            case.week20_exception,
            (case.review_due, case.review_pending, case.review_report_pending),
            (case.review_decision_pending, case.transfer_year, case.transfer_kind),
            (plan.draft_sent_on, plan.issued_on) if plan else None,
            sorted(
                (
                    d.key,
                    d.family,
                    d.due,
                    d.status,
                    d.completed_on,
                    d.exception,
                    d.source,
                    d.pending,
                    d.family_limit,
                )
                for d in Deadline.objects.filter(case=case)
            ),
        )
    return out


def per_case_refresh(as_of: dt.date) -> None:
    for case in Case.objects.open().select_related("child"):
        services.deadlines_refresh(case, as_of=as_of)


def varied_cases(world) -> list[Case]:
    """Cases at many points of the pathway, with an exception and corrections."""
    child = lambda: ChildFactory(responsible_authority=world.la)  # noqa: E731
    requested = open_case(world, child=child(), received_days_ago=50)

    assessing = open_case(world, child=child(), received_days_ago=150)
    record(world, assessing, "decision_to_assess", 140, outcome="yes")
    record(world, assessing, "advice_requested", 139, id="ed-psych", source="educational")
    record(
        world, assessing, "exception", None, applies_to="issue_final_plan", reason="school_closure"
    )

    corrected = open_case(world, child=child(), received_days_ago=30)
    services.event_record(
        actor=world.user(Role.CASEWORKER),
        case=corrected,
        type="request_received",
        date=days_ago(20),
        details={"source": "parent"},
        supersedes=corrected.events.get(type="request_received"),
    )

    refused = open_case(world, child=child(), received_days_ago=60)
    record(world, refused, "decision_to_assess", 40, outcome="no", reasons="Needs met")

    issued = open_case(world, child=child(), received_days_ago=200)
    record(world, issued, "decision_to_assess", 190, outcome="yes")
    decision = issued.events.get(type="decision_to_assess")
    services.event_record(
        actor=world.user(Role.CASEWORKER),
        case=issued,
        type="decision_to_assess",
        date=days_ago(185),
        details={"outcome": "yes"},
        supersedes=decision,
    )
    record(world, issued, "assessment_outcome", 100, outcome="plan")
    record(world, issued, "draft_plan_sent", 90)
    record(world, issued, "final_plan_issued", 60)
    record(world, issued, "review_meeting_scheduled", -30)

    closed = open_case(world, child=child(), received_days_ago=90)
    Case.objects.filter(pk=closed.pk).update(closed_at=dt.datetime.now(tz=dt.UTC))
    return [requested, assessing, corrected, refused, issued, closed]


def test_the_bulk_refresh_stores_what_recording_an_event_stores(world):
    varied_cases(world)
    as_built = snapshot()
    # Today: everything was computed as events were recorded, so nothing is written.
    done = refresh_open_cases(batch_size=2)
    assert (done.cases, done.batches) == (5, 3)
    assert (done.deadlines_written, done.deadlines_removed, done.cases_updated) == (0, 0, 0)
    assert done.plans_updated == 0
    assert snapshot() == as_built

    # A month on: statuses move; both paths store exactly the same.
    later = days_ago(-30)
    done = refresh_open_cases(as_of=later, batch_size=2, full=True)
    assert done.deadlines_written > 0
    bulk = snapshot()
    per_case_refresh(later)
    assert snapshot() == bulk
    assert bulk != as_built

    # A second refresh of the same day writes nothing.
    again = refresh_open_cases(as_of=later, batch_size=3)
    assert (again.deadlines_written, again.deadlines_removed, again.cases_updated) == (0, 0, 0)
    assert again.plans_updated == 0


def test_the_bulk_refresh_mends_rows_that_disagree(world):
    cases = varied_cases(world)
    expected = snapshot()
    assessing, issued, closed = cases[1], cases[4], cases[5]
    Deadline.objects.filter(case=assessing, key="issue_final_plan").delete()
    Deadline.objects.filter(case=issued).update(status="overdue", source="wrong")
    Deadline.objects.create(
        case=issued, key="stale_key", family="stale", due=days_ago(1), status="open", source="x"
    )
    Case.objects.filter(pk=assessing.pk).update(stage=Stage.REQUESTED, next_due=None)
    # The reviews list's stored columns are mended by the nightly refresh too.
    Case.objects.filter(pk=issued.pk).update(review_due=None, review_pending=False)
    Plan.objects.filter(case=issued).update(issued_on=None)
    closed_rows = snapshot()[closed.pk]

    done = refresh_open_cases()
    assert done.deadlines_removed == 1
    assert done.cases_updated == 2
    assert done.plans_updated == 1
    after = snapshot()
    assert after == {**expected, closed.pk: closed_rows}


def test_a_night_takes_a_few_statements_per_batch_not_per_case(world):
    varied_cases(world)
    with CaptureQueriesContext(connection) as queries:
        refresh_open_cases(as_of=days_ago(-400), batch_size=100)
    # Read cases, events and deadlines; upsert, delete, update cases and plans; savepoints;
    # the last refresh, the event watermark, the open cases counted and the run recorded.
    assert len(queries) <= 13
    with CaptureQueriesContext(connection) as queries:
        refresh_open_cases(as_of=days_ago(-400), batch_size=2)
    assert len(queries) <= 13 + 2 * 9  # the same, and one statement for what changed


def test_the_nightly_refresh_still_mends_who_has_a_plan(world, settings):
    settings.HOME_LA_CODE = world.la.la_code
    issued = varied_cases(world)[4]
    child = issued.child
    type(child).objects.filter(pk=child.pk).update(sen_provision="K")
    assert services.refresh_all().open_cases == 5
    child.refresh_from_db()
    assert child.sen_provision == "E"


# ---------------------------------------------------------------------------------------------
# Only what can have changed: night after night, the same as computing every case


@pytest.fixture
def no_margin(monkeypatch):
    """Everything in a test is recorded within the hour before a refresh; without the margin
    the next refresh can tell what came after it."""
    monkeypatch.setattr(refresh, "MARGIN", dt.timedelta(0))


def _year_five_child(world):
    """A child in Year 5 now, so in Year 6 (a phase transfer) in the round after 1 April."""
    # Year 6 of the next round's school year (from 1 September after next 31 March) is for
    # children aged 10 on 1 September then: born the January of the round's year less 10.
    born = dt.date(refresh.transfer_year(days_ago(0)) - 10, 1, 15)
    return ChildFactory(responsible_authority=world.la, date_of_birth=born)


def test_night_after_night_only_what_changed_is_computed_and_all_agrees(world, no_margin):
    cases = varied_cases(world)
    in_year_five = open_case(world, child=_year_five_child(world), received_days_ago=200)
    record(world, in_year_five, "decision_to_assess", 190, outcome="yes")
    record(world, in_year_five, "assessment_outcome", 100, outcome="plan")
    record(world, in_year_five, "draft_plan_sent", 90)
    record(world, in_year_five, "final_plan_issued", 60)
    open_cases = len(cases)  # the closed one left out, the Year 5 child's added
    first = refresh_open_cases(batch_size=3)
    assert first.full
    assert first.why_full == "no earlier refresh is recorded"
    assert (first.cases, first.open_cases) == (open_cases, open_cases)

    day = days_ago(0)
    next_april = dt.date(refresh.transfer_year(day), 4, 1)
    nights = [day + dt.timedelta(days=n) for n in (1, 2, 9, 30, 31, 75, 140, 200, 380)]
    nights += [next_april - dt.timedelta(days=1), next_april]
    fulls = []
    for night in sorted(set(nights)):
        done = refresh_open_cases(as_of=night, batch_size=2)
        fulls.append(done.full)
        assert done.open_cases == open_cases
        assert done.cases <= open_cases
        incremental = snapshot()
        # Every open case computed as of the same night writes nothing: the night missed none.
        check = refresh_open_cases(as_of=night, batch_size=4, full=True)
        assert (check.cases, check.deadlines_written, check.deadlines_removed) == (
            open_cases,
            0,
            0,
        ), night
        assert (check.cases_updated, check.plans_updated) == (0, 0), night
        assert snapshot() == incremental
    # A new phase transfer round (1 April) computes every case; other nights only some.
    assert fulls.count(True) == 1
    assert DeadlineRefresh.objects.filter(why_full="a new phase transfer round has begun").exists()
    in_year_five.refresh_from_db()
    assert in_year_five.transfer_kind == "school"


def test_a_night_computes_only_the_cases_whose_deadlines_fall_due(world, no_margin):
    requested = open_case(world, received_days_ago=30)  # decision due in 12 days
    other = open_case(
        world, child=ChildFactory(responsible_authority=world.la), received_days_ago=1
    )
    refresh_open_cases()
    due = Deadline.objects.get(case=requested, key="decide_whether_to_assess").due
    quiet = refresh_open_cases(as_of=due)  # nothing fell due before this day
    assert (quiet.full, quiet.cases, quiet.open_cases) == (False, 0, 2)
    turned = refresh_open_cases(as_of=due + dt.timedelta(days=1))
    assert (turned.cases, turned.deadlines_written) == (1, 1)
    assert Deadline.objects.get(case=requested, key="decide_whether_to_assess").status == "overdue"
    assert Deadline.objects.get(case=other, key="decide_whether_to_assess").status == "open"


def test_work_done_since_the_last_refresh_is_computed_again(world, no_margin):
    case = open_case(world, received_days_ago=30)
    untouched = open_case(world, child=ChildFactory(responsible_authority=world.la))
    refresh_open_cases()
    # An event written without the per-case refresh (as a bulk import might) is caught.
    CaseEvent.objects.create(
        case=case, type="decision_to_assess", date=days_ago(2), details={"outcome": "yes"}
    )
    done = refresh_open_cases()
    assert done.cases == 1
    assert not done.full
    case.refresh_from_db()
    assert case.stage == Stage.ASSESSING
    assert Deadline.objects.get(case=case, key="decide_whether_to_assess").completed_on == days_ago(
        2
    )
    # The case that refresh changed is looked at once more (changed since it began), then not.
    assert refresh_open_cases().cases == 1
    assert refresh_open_cases().cases == 0
    # A child's details changed (a date of birth corrected) bring their case back.
    type(untouched.child).objects.filter(pk=untouched.child_id).update(
        modified_at=dt.datetime.now(tz=dt.UTC)
    )
    assert refresh_open_cases().cases == 1


def test_a_change_of_rules_computes_every_case(world, no_margin, monkeypatch):
    open_case(world)
    refresh_open_cases()
    assert refresh_open_cases().cases == 0
    monkeypatch.setattr(refresh, "rules_version", lambda: "a newer version of the rules")
    done = refresh_open_cases()
    assert done.full
    assert done.cases == 1
    assert done.why_full == "the rules have changed since the last refresh"
    assert refresh_open_cases().cases == 0


def test_the_rules_version_follows_the_code():
    version = refresh.rules_version()
    assert len(version) == 64
    assert version == refresh.rules_version()
    assert "sendpath.timescales.engine" in refresh.RULES_MODULES


def test_the_command_can_compute_every_case(world):
    import io

    from django.core.management import call_command

    open_case(world)
    out = io.StringIO()
    call_command("refresh_deadlines", stdout=out)
    assert "every open case computed again (no earlier refresh is recorded)" in out.getvalue()
    call_command("refresh_deadlines", "--full", stdout=out)
    assert "every open case computed again (asked for)" in out.getvalue()
