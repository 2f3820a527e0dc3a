"""The weekly panel decisions digest emailed to the Virtual School: counts and references only,
once per authority and week."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from sendpath.core.models import AuditEntry, NotifyMessage
from sendpath.ehc.models import Case
from sendpath.ehc.tests.helpers import client_for, days_ago, open_case, record
from sendpath.jointworking import digest, services, tasks
from sendpath.jointworking.models import PanelDigest
from sendpath.people.models import Role
from sendpath.people.tests.factories import ChildFactory, UserFactory

LONDON = ZoneInfo("Europe/London")
WEDNESDAY = dt.datetime(2027, 3, 10, 11, 0, tzinfo=LONDON)  # in the week of Monday 8 March
NEXT_MONDAY = dt.datetime(2027, 3, 15, 7, 0, tzinfo=LONDON)
WEEK = dt.date(2027, 3, 8)


def decided_in_care(world) -> Case:
    """A child in care given a plan: two decisions (yes to assess, plan to be issued)."""
    child = ChildFactory(
        first_name="Rosalind",
        last_name="Tapir",
        responsible_authority=world.la,
        cared_for=True,
        looked_after_by=world.la,
    )
    case = open_case(world, child=child, received_days_ago=120)
    record(world, case, "decision_to_assess", 100, outcome="yes")
    record(world, case, "assessment_outcome", 20, outcome="plan")
    return case


@pytest.fixture
def week(world):
    """Decisions recorded in the week of 8 March 2027, and Virtual School staff to tell."""
    vs = world.user(Role.VIRTUAL_SCHOOL)
    vs.email = "virtual.school@ourshire.example"
    vs.save()
    UserFactory(
        role=Role.VIRTUAL_SCHOOL,
        organisation=world.la,
        email="left@ourshire.example",
        is_active=False,
    )
    world.user(Role.CASEWORKER).email = "caseworker@ourshire.example"
    world.user(Role.CASEWORKER).save()
    with time_machine.travel(WEDNESDAY, tick=False):
        case = decided_in_care(world)
        services.other_decision_record(
            actor=vs,
            child=world.theirs_placed_here,
            authority=world.other_la,
            decision="yes_to_assess",
            decided_on=days_ago(2),
            note="",
        )
        # Not in care: not in the Virtual School's digest.
        plain = open_case(world, child=world.ours, received_days_ago=50)
        record(world, plain, "decision_to_assess", 10, outcome="yes")
    return case


def send(*args: str) -> str:
    out = io.StringIO()
    call_command("send_panel_digest", *args, stdout=out)
    return out.getvalue()


def test_the_virtual_school_is_emailed_counts_and_references_but_no_names(world, week):
    with time_machine.travel(NEXT_MONDAY, tick=False):
        out = send()
    assert "Ourshire Council: sent to 1 (3 decisions)" in out
    [message] = NotifyMessage.objects.all()
    assert message.to == "virtual.school@ourshire.example"
    assert message.template_id == "00000000-0000-4000-8000-00000000a005"
    assert message.subject == "Panel decisions for children in care: week of 8 March 2027"
    body = message.body
    assert "recorded from 8 March 2027 to 14 March 2027" in body
    assert "3 decisions recorded this week:" in body
    assert f"* Yes to assess: 1 (case {week.reference})" in body
    assert f"* Plan to be issued: 1 (case {week.reference})" in body
    assert "* Yes to assess, by another authority: 1" in body
    assert "http://127.0.0.1:8000/joint-working/panel-decisions/?week=2027-03-08" in body
    for name in ("Rosalind", "Tapir", "Perpetua", "Narwhal", "Aurelia", "Quokka"):
        assert name not in body
        assert name not in str(message.personalisation)
    digest_row = PanelDigest.objects.get()
    assert (digest_row.authority, digest_row.week_start) == (world.la, WEEK)
    assert digest_row.recipients == ["virtual.school@ourshire.example"]
    assert AuditEntry.objects.filter(
        child_id=week.child_id, summary__contains="weekly panel decisions digest"
    ).exists()


def test_the_digest_goes_once_per_week(world, week):
    with time_machine.travel(NEXT_MONDAY, tick=False):
        send()
        assert "0 digests sent, 2 already sent or with nobody to send to" in send()
        assert tasks.send_panel_digests.enqueue().return_value == 0
    with time_machine.travel(NEXT_MONDAY + dt.timedelta(days=3), tick=False):
        send()  # later the same week: still last week's, already sent
    assert NotifyMessage.objects.count() == 1
    with time_machine.travel(NEXT_MONDAY + dt.timedelta(days=7), tick=False):
        assert tasks.send_panel_digests.enqueue().return_value == 1
    [_, following] = NotifyMessage.objects.order_by("id")
    assert "No panel decisions were recorded this week." in following.body
    assert following.subject.endswith("week of 15 March 2027")
    assert PanelDigest.objects.count() == 2


def test_a_week_not_yet_ended_is_refused(world, week):
    with time_machine.travel(NEXT_MONDAY, tick=False):
        with pytest.raises(CommandError, match="not ended"):
            send("--week", "2027-03-15")
        with pytest.raises(CommandError, match="like 2027-03-08"):
            send("--week", "soon")
        assert "1 digest sent" in send("--week", "2027-03-09")
    assert not NotifyMessage.objects.exclude(to="virtual.school@ourshire.example").exists()


def test_the_page_says_when_it_was_last_sent(world, week):
    with time_machine.travel(NEXT_MONDAY, tick=False):
        client = client_for(world, Role.VIRTUAL_SCHOOL)
        page = client.get(reverse("jointworking:digest")).content.decode()
        assert "It has not been emailed yet." in page
        send()
        page = client.get(reverse("jointworking:digest")).content.decode()
        assert "Last sent on 15 March 2027, for the week of 8 March 2027." in page
        last_week = client.get(reverse("jointworking:digest") + "?week=2027-03-08")
        text = last_week.content.decode()
        assert "This week&#39;s digest was emailed" in text or "This week's digest" in text
        assert "(1 person) on 15 March 2027" in text


def test_an_authority_without_virtual_school_addresses_gets_nothing(world):
    assert digest.panel_digest_send(authority=world.other_la, week_start=WEEK) is None
    assert not PanelDigest.objects.exists()


# ---------------------------------------------------------------------------------------------
# The weekly run

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def waiting() -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(
            task_path="sendpath.jointworking.tasks.send_panel_digests_weekly", status="READY"
        )
    )


def test_next_monday_is_seven_in_the_morning_local_time():
    sunday = dt.datetime(2027, 3, 14, 21, 0, tzinfo=LONDON)
    assert tasks.next_monday(sunday) == dt.datetime(2027, 3, 15, 7, 0, tzinfo=LONDON)
    monday_early = dt.datetime(2027, 3, 15, 6, 0, tzinfo=LONDON)
    assert tasks.next_monday(monday_early) == dt.datetime(2027, 3, 15, 7, 0, tzinfo=LONDON)
    monday_late = dt.datetime(2027, 3, 15, 7, 0, tzinfo=LONDON)
    assert tasks.next_monday(monday_late) == dt.datetime(2027, 3, 22, 7, 0, tzinfo=LONDON)


@pytest.mark.django_db
def test_scheduling_twice_leaves_one_weekly_run_waiting(settings):
    settings.TASKS = DATABASE_TASKS
    first = tasks.schedule_weekly_digest()
    assert first == tasks.next_monday()
    assert tasks.schedule_weekly_digest() == first
    assert len(waiting()) == 1
    assert "queued to run after" in send("--schedule")
    assert len(waiting()) == 1


@pytest.mark.django_db
def test_a_weekly_run_sends_and_queues_the_next(settings, world, week):
    settings.TASKS = DATABASE_TASKS
    with time_machine.travel(NEXT_MONDAY, tick=False):
        assert tasks.send_panel_digests_weekly.call() == 1
        [run] = waiting()
        assert run.run_after == dt.datetime(2027, 3, 22, 7, 0, tzinfo=LONDON)
    assert NotifyMessage.objects.count() == 1


@pytest.mark.django_db
def test_the_demo_keeps_no_weekly_schedule():
    assert tasks.schedule_weekly_digest() is None
    assert "Not scheduled" in send("--schedule")


def test_summary_lines_count_and_list_references():
    from types import SimpleNamespace

    rows = [
        SimpleNamespace(decision="Yes to assess", reference="EHC-2", by_other=False),
        SimpleNamespace(decision="Yes to assess", reference="EHC-1", by_other=False),
        SimpleNamespace(decision="No to assess", reference="", by_other=True),
    ]
    total, lines = digest.summary_lines(rows)  # type: ignore[arg-type]
    assert total == "3 decisions recorded this week:"
    assert lines == [
        "Yes to assess: 2 (cases EHC-1, EHC-2)",
        "No to assess, by another authority: 1",
    ]
    assert digest.summary_lines([]) == ("No panel decisions were recorded this week.", [])
