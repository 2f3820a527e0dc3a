"""Complaints and disagreement resolution on the child's case timeline: each step recorded
with its own date and small details on the open case (else the latest), none when the child
has no case; the caseworker's timeline labels them, the family reads them in plain words and
never what the complaint says."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sendpath.disputes.complaints import services
from sendpath.disputes.models import Complaint
from sendpath.ehc.cases import services as case_services
from sendpath.ehc.models import Case, CaseEvent
from sendpath.people.models import Role
from sendpath.portal.tests.asking_support import body, build_family, case_in_force, client_of

pytestmark = pytest.mark.django_db

SUMMARY = "The caseworker never rang back about the speech therapy"
STEPS = ("complaint_received", "complaint_stage_started", "complaint_responded", "complaint_closed")


def ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


@pytest.fixture
def family(world):
    return build_family(world)


@pytest.fixture
def case(world, family):
    return case_in_force(world, family.child, meeting_in=None)


def raise_one(world, child, *, kind="complaint", about="send_service", days=20):
    return services.complaint_raise(
        actor=world.user(Role.CASEWORKER),
        child=child,
        kind=kind,
        about=about,
        about_name="" if about == "send_service" else "Ourshire Community Health",
        summary=SUMMARY,
        received_on=ago(days),
        today=timezone.localdate(),
    )


def steps(case: Case) -> list[CaseEvent]:
    return list(case.events.filter(type__in=STEPS).order_by("date", "recorded_at"))


def test_a_complaint_s_steps_go_on_the_case_timeline_on_their_own_dates(world, case):
    staff = world.user(Role.CASEWORKER)
    today = timezone.localdate()
    complaint = raise_one(world, case.child, days=20)
    services.complaint_respond(
        actor=staff, complaint=complaint, responded_on=ago(15), response="Sorry", today=today
    )
    services.complaint_move(
        actor=staff, complaint=complaint, to="stage_2", started_on=ago(10), today=today
    )
    services.complaint_respond(
        actor=staff, complaint=complaint, responded_on=ago(5), response="Sorry", today=today
    )
    services.complaint_close(
        actor=staff, complaint=complaint, outcome="partly_upheld", outcome_on=ago(2),
        outcome_notes="We should have rung back", learning="Ring back", today=today,
    )  # fmt: skip
    found = steps(case)
    ident = str(complaint.pk)
    assert [(e.type, e.date, e.details) for e in found] == [
        (
            "complaint_received",
            ago(20),
            {"complaint": ident, "kind": "complaint", "about": "send_service", "stage": "stage_1"},
        ),
        ("complaint_responded", ago(15), {"complaint": ident, "kind": "complaint", "stage": "stage_1"}),
        ("complaint_stage_started", ago(10), {"complaint": ident, "kind": "complaint", "stage": "stage_2"}),
        ("complaint_responded", ago(5), {"complaint": ident, "kind": "complaint", "stage": "stage_2"}),
        ("complaint_closed", ago(2), {"complaint": ident, "kind": "complaint", "outcome": "partly_upheld"}),
    ]  # fmt: skip
    assert all(e.recorded_by == staff for e in found)
    # What the complaint says, the response and the learning stay off the timeline.
    for e in found:
        assert SUMMARY not in str(e.details)
        assert "Ring back" not in str(e.details)
        assert e.note == ""


def test_disagreement_resolution_is_recorded_with_its_kind(world, case):
    staff = world.user(Role.CASEWORKER)
    today = timezone.localdate()
    complaint = raise_one(world, case.child, kind="resolution", about="health", days=9)
    services.resolution_arrange(
        actor=staff, complaint=complaint, arranged_with="An independent service",
        meeting_on=today + dt.timedelta(days=10), today=today,
    )  # fmt: skip
    services.complaint_close(
        actor=staff, complaint=complaint, outcome="resolved", outcome_on=today, today=today
    )
    found = steps(case)
    assert [(e.type, e.date) for e in found] == [
        ("complaint_received", ago(9)),
        ("complaint_stage_started", today),  # arranged today, for a meeting ahead
        ("complaint_closed", today),
    ]
    assert {e.details["kind"] for e in found} == {"resolution"}
    assert found[1].details["stage"] == "arranged"
    assert found[2].details["outcome"] == "resolved"


def test_passed_on_is_a_step(world, case):
    complaint = raise_one(world, case.child, about="health", days=4)
    services.complaint_move(
        actor=world.user(Role.CASEWORKER), complaint=complaint, to="passed_on",
        started_on=ago(3), passed_to="The trust's complaints team", today=timezone.localdate(),
    )  # fmt: skip
    moved = case.events.get(type="complaint_stage_started")
    assert (moved.date, moved.details["stage"]) == (ago(3), "passed_on")
    assert "trust" not in str(moved.details)


def test_no_case_no_step_and_the_complaint_is_still_saved(world, family):
    child = family.other_child
    assert not Case.objects.filter(child=child).exists()
    before = CaseEvent.objects.count()
    complaint = raise_one(world, child)
    assert Complaint.objects.filter(pk=complaint.pk, child=child).exists()
    services.complaint_move(
        actor=world.user(Role.CASEWORKER), complaint=complaint, to="stage_2",
        started_on=ago(1), today=timezone.localdate(),
    )  # fmt: skip
    assert CaseEvent.objects.count() == before


def test_the_open_case_is_chosen_before_a_later_closed_one(world, family):
    older = case_in_force(world, family.child, meeting_in=None)
    Case.objects.filter(pk=older.pk).update(closed_at=timezone.now())
    newer = case_services.case_open(
        actor=world.user(Role.CASEWORKER), child=family.child, source="parent",
        received_on=ago(30),
    )  # fmt: skip
    # The newer one closes and the older one is open again: the open one is chosen.
    Case.objects.filter(pk=newer.pk).update(closed_at=timezone.now())
    Case.objects.filter(pk=older.pk).update(closed_at=None)
    raise_one(world, family.child)
    assert older.events.filter(type="complaint_received").count() == 1
    assert not newer.events.filter(type="complaint_received").exists()
    # With none open, the latest case.
    Case.objects.filter(pk=older.pk).update(closed_at=timezone.now())
    raise_one(world, family.child)
    assert newer.events.filter(type="complaint_received").count() == 1


def test_the_family_reads_the_steps_in_plain_words_and_never_the_summary(world, family, case):
    staff = world.user(Role.CASEWORKER)
    today = timezone.localdate()
    complaint = raise_one(world, case.child, days=12)
    services.complaint_move(
        actor=staff, complaint=complaint, to="stage_2", started_on=ago(6), today=today
    )
    services.complaint_close(
        actor=staff, complaint=complaint, outcome="upheld", outcome_on=ago(1), today=today
    )
    page = body(client_of(family.parent).get(reverse("portal:child", args=[case.child.pk])))
    assert "We got your complaint" in page
    assert "Your complaint moved to stage 2" in page
    assert "Your complaint was closed: we agreed with it" in page
    assert SUMMARY not in page


def test_the_family_reads_disagreement_resolution_as_such(world, family, case):
    complaint = raise_one(world, case.child, kind="resolution", about="health", days=3)
    services.complaint_close(
        actor=world.user(Role.CASEWORKER), complaint=complaint, outcome="withdrawn",
        outcome_on=ago(1), today=timezone.localdate(),
    )  # fmt: skip
    page = body(client_of(family.parent).get(reverse("portal:child", args=[case.child.pk])))
    assert "We got your request for disagreement resolution" in page
    assert "Your request for disagreement resolution was withdrawn" in page
    assert "We got your complaint" not in page


def test_the_case_timeline_labels_the_steps(world, case):
    staff = world.user(Role.CASEWORKER)
    today = timezone.localdate()
    complaint = raise_one(world, case.child, days=12)
    services.complaint_move(
        actor=staff, complaint=complaint, to="stage_2", started_on=ago(6), today=today
    )
    services.complaint_respond(
        actor=staff, complaint=complaint, responded_on=ago(2), response="Sorry", today=today
    )
    services.complaint_close(
        actor=staff, complaint=complaint, outcome="not_upheld", outcome_on=ago(1), today=today
    )
    resolution = raise_one(world, case.child, kind="resolution", about="health", days=2)
    assert resolution.kind == "resolution"
    page = body(client_of(staff).get(reverse("ehc:case", args=[case.pk])))
    for label in (
        "Complaint received",
        "Complaint moved on: stage 2",
        "Response to the complaint sent (stage 2)",
        "Complaint closed: not upheld",
        "Disagreement resolution requested",
    ):
        assert label in page
    assert SUMMARY not in page
