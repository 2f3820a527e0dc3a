"""The nightly refresh, set by set: the same rows as recording an event, and only what changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sendpath.ehc.cases import services
from sendpath.ehc.cases.refresh import refresh_open_cases
from sendpath.ehc.models import Case, Deadline, Plan, Stage
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
    done = refresh_open_cases(as_of=later, batch_size=2)
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
    # Read cases, events and deadlines; upsert, delete, update cases and plans; savepoints.
    assert len(queries) <= 9


def test_the_nightly_refresh_still_mends_who_has_a_plan(world, settings):
    settings.HOME_LA_CODE = world.la.la_code
    issued = varied_cases(world)[4]
    child = issued.child
    type(child).objects.filter(pk=child.pk).update(sen_provision="K")
    assert services.refresh_all() == 5
    child.refresh_from_db()
    assert child.sen_provision == "E"
