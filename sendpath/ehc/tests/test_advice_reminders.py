"""Emails to the people asked for advice: the request at once, then automatic reminders 10
working days before the due date, on it, and every 5 working days after it, each once only,
none once the advice is received or the request withdrawn."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sendpath.core.models import AuditEntry, NotifyMessage
from sendpath.ehc import tasks
from sendpath.ehc.advice import reminders
from sendpath.ehc.advice import services as advice_services
from sendpath.ehc.advice.schedule import next_reminder, points
from sendpath.ehc.cases import services
from sendpath.ehc.models import Deadline, StaffEmail
from sendpath.ehc.tests.test_advice import TODAY, ask, caseworker, days_ago, open_case
from sendpath.people.models import Role
from sendpath.timescales import default_calendar

__all__ = ["caseworker"]  # the fixture, used by the page's tests


def due_of(case, ident="psychological-1") -> dt.date:
    return Deadline.objects.get(case=case, key=f"advice:{ident}").due


def reminder_messages():
    return NotifyMessage.objects.filter(subject__startswith="Reminder").order_by("id")


# ---------------------------------------------------------------------------------------------
# The schedule


def test_the_points_are_10_working_days_before_the_due_date_then_on_it_then_weekly():
    due = dt.date(2027, 3, 15)  # a Monday
    found = list(points(due, dt.date(2027, 4, 10)))
    assert [(p.key, p.on) for p in found] == [
        ("before", dt.date(2027, 3, 1)),  # two working weeks before
        ("due", due),
        ("late-1", dt.date(2027, 3, 22)),
        # Good Friday (26 March 2027) and Easter Monday (29 March) are not working days.
        ("late-2", dt.date(2027, 3, 31)),
        ("late-3", dt.date(2027, 4, 7)),
    ]
    assert found[3].on == default_calendar().add_working_days(found[2].on, 5)


def test_the_next_reminder_is_the_next_point_not_yet_covered():
    due = dt.date(2027, 3, 15)
    assert next_reminder(due, None, dt.date(2027, 2, 1)).on == dt.date(2027, 3, 1)
    assert next_reminder(due, dt.date(2027, 3, 1), dt.date(2027, 3, 1)).key == "due"
    # The point of today not sent yet (the daily run has not run): it is today's.
    assert next_reminder(due, dt.date(2027, 3, 1), dt.date(2027, 3, 15)).key == "due"
    assert next_reminder(due, dt.date(2027, 3, 15), dt.date(2027, 3, 15)).key == "late-1"


# ---------------------------------------------------------------------------------------------
# The request, emailed at once


def test_a_request_with_an_email_is_sent_at_once_with_the_stored_due_date(
    world, django_capture_on_commit_callbacks
):
    case = open_case(world)
    with django_capture_on_commit_callbacks(execute=True):
        event = ask(world, case, on=3)
    due = due_of(case)
    assert due == days_ago(3) + dt.timedelta(weeks=6)
    message = NotifyMessage.objects.get()
    assert message.to == "ep@example.org"
    assert message.status == "delivered-locally"
    assert message.template_id == "00000000-0000-4000-8000-00000000a002"
    long_due = f"{due.day} {due:%B %Y}"
    assert long_due in message.subject
    assert case.reference in message.subject
    child = world.ours
    assert "Aurelia Quokka" in message.body
    born = child.date_of_birth
    assert f"born {born.day} {born:%B %Y}" in message.body
    assert f"Please send it by {long_due}" in message.body
    assert "psychological advice" in message.body
    assert "regulation 6(1)(d)" in message.body
    assert "regulation 8(1)(a)" in message.body
    assert "That date has passed" not in message.body
    # Name and date of birth only: nothing else about the child leaves the system.
    for other in (child.upn, "Ourshire Primary"):
        assert other not in message.body
    row = StaffEmail.objects.get()
    assert (row.case, row.key, row.kind, row.to) == (
        case,
        "advice:psychological-1:request",
        "advice_request",
        "ep@example.org",
    )
    assert row.message == message
    assert row.sent_on == TODAY
    assert event.details["email"] == "ep@example.org"
    assert AuditEntry.objects.filter(
        object_type="ehc.StaffEmail", child_id=child.pk, summary__contains="Dr Patel"
    ).exists()


def test_a_request_recorded_after_its_due_date_says_so(world):
    case = open_case(world)
    ask(world, case, on=50)  # due 8 days ago
    message = NotifyMessage.objects.get()
    assert "That date has passed: please send it as soon as you can." in message.body


def test_a_request_without_an_email_sends_nothing(world):
    case = open_case(world)
    ask(world, case, email="")
    assert not NotifyMessage.objects.exists()
    assert not StaffEmail.objects.exists()
    assert reminders.advice_reminders_send(due_of(case)).emails == 0


def test_an_address_notify_cannot_take_writes_nothing(world):
    case = open_case(world)
    with pytest.raises(ValidationError) as error:
        ask(world, case, email="not an address")
    assert "email" in error.value.error_dict
    assert not case.events.filter(type="advice_requested").exists()
    assert not NotifyMessage.objects.exists()
    assert not StaffEmail.objects.exists()


# ---------------------------------------------------------------------------------------------
# The reminders


def run_days(first: dt.date, last: dt.date, times: int = 2) -> list[tuple[dt.date, int]]:
    """Run the daily reminders for each day (twice a day): how many were sent each day."""
    sent = []
    day = first
    while day <= last:
        for _ in range(times):
            n = reminders.advice_reminders_send(day).emails
            if n:
                sent.append((day, n))
        day += dt.timedelta(days=1)
    return sent


def test_reminders_go_at_each_point_exactly_once_and_name_the_engines_date(world):
    case = open_case(world)
    ask(world, case, on=0)
    due = due_of(case)
    last = due + dt.timedelta(days=30)
    expected = list(points(due, last))
    assert [p.key for p in expected][:3] == ["before", "due", "late-1"]
    sent = run_days(TODAY, last)
    assert sent == [(p.on, 1) for p in expected]
    keys = list(StaffEmail.objects.filter(kind="advice_reminder").values_list("key", flat=True))
    assert keys == [f"advice:psychological-1:{p.key}" for p in expected]
    long_due = f"{due.day} {due:%B %Y}"
    messages = list(reminder_messages())
    assert len(messages) == len(expected)
    for message in messages:
        assert message.to == "ep@example.org"
        assert long_due in message.body
        assert "Aurelia Quokka" in message.body
        assert message.template_id == "00000000-0000-4000-8000-00000000a003"
    assert f"Your advice is due by {long_due}, in 10 working days." in messages[0].body
    assert f"Your advice is due today, {long_due}." in messages[1].body
    late = (expected[2].on - due).days
    assert f"was due on {long_due} and is now {late} days late" in messages[2].body
    assert f"advice {late} days late" in messages[2].subject


def test_no_reminder_once_the_advice_is_received(world):
    case = open_case(world)
    ask(world, case, on=35)  # due in a week
    ask(world, case, "educational", on=35, email="senco@example.org", author="Ms Senco")
    advice_services.advice_receive(
        actor=world.user(Role.CASEWORKER),
        case=case,
        ident="psychological-1",
        received_on=TODAY,
    )
    due = due_of(case)
    run_days(TODAY, due + dt.timedelta(days=20), times=1)
    assert set(reminder_messages().values_list("to", flat=True)) == {"senco@example.org"}


def test_no_reminder_once_the_request_is_withdrawn(world):
    case = open_case(world)
    ask(world, case, on=35)
    services.event_record(
        actor=world.user(Role.CASEWORKER), case=case, type="request_withdrawn", date=TODAY
    )
    assert run_days(TODAY, due_of(case) + dt.timedelta(days=20), times=1) == []
    assert not reminder_messages().exists()


def test_no_reminder_once_the_case_is_closed(world):
    case = open_case(world)
    ask(world, case, on=35)
    type(case).objects.filter(pk=case.pk).update(closed_at=timezone.now())
    assert run_days(TODAY, due_of(case) + dt.timedelta(days=20), times=1) == []


def test_a_missed_run_sends_only_the_latest_point_and_the_request_covers_its_day(world):
    case = open_case(world)
    ask(world, case, on=50)  # recorded late: the request email already says it is late
    due = due_of(case)
    assert reminders.advice_reminders_send(TODAY).emails == 0  # the request covers today
    # Nothing run for three weeks: one reminder, the latest point, not a burst.
    later = TODAY + dt.timedelta(days=21)
    assert reminders.advice_reminders_send(later).emails == 1
    [row] = StaffEmail.objects.filter(kind="advice_reminder")
    latest = [p for p in points(due, later) if p.on > TODAY][-1]
    assert row.key == f"advice:psychological-1:{latest.key}"
    assert reminders.advice_reminders_send(later).emails == 0


def test_the_command_and_the_task_send_todays_reminders_once(world):
    case = open_case(world)
    ask(world, case, on=42)  # due today: the request email covers it
    ask(world, case, "educational", on=0, email="senco@example.org", author="Ms Senco")
    # A request made earlier whose email went before today: today's point is still to send.
    StaffEmail.objects.filter(key="advice:psychological-1:request").update(sent_on=days_ago(1))
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert "Sent 1 reminder about advice on 1 case" in out.getvalue()
    [message] = reminder_messages()
    assert message.to == "ep@example.org"
    assert "due today" in message.subject
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert "Sent 0 reminders about advice on 0 cases" in out.getvalue()
    assert tasks.send_reminders.enqueue().return_value == 0
    assert reminder_messages().count() == 1


# ---------------------------------------------------------------------------------------------
# The page


def test_the_page_shows_what_was_sent_and_the_next_reminder(world, caseworker):
    case = open_case(world)
    ask(world, case, on=0)
    ask(world, case, "medical", on=0, email="", author="Dr Heart")
    due = due_of(case)
    page = caseworker.get(reverse("ehc:advice", args=[case.pk])).content.decode()
    assert f"Request emailed {TODAY.day} {TODAY:%B %Y}" in page
    before = next(points(due, due))
    assert f"Next reminder {before.on.day} {before.on:%B %Y}" in page
    assert "No email address: no reminders" in page
    assert "10 working days before the due date" in page
    assert "Chase by email" not in page


def test_the_page_shows_no_next_reminder_once_received(world, caseworker):
    case = open_case(world)
    ask(world, case, on=10)
    advice_services.advice_receive(
        actor=world.user(Role.CASEWORKER), case=case, ident="psychological-1", received_on=TODAY
    )
    page = caseworker.get(reverse("ehc:advice", args=[case.pk])).content.decode()
    assert "Request emailed" in page
    assert "Next reminder" not in page


def test_an_address_notify_refuses_sends_nothing_and_the_others_still_go(world):
    case = open_case(world)
    ask(world, case, on=42)  # due today
    # An address recorded before addresses were checked (an import): refused when sent.
    services.event_record(
        actor=world.user(Role.CASEWORKER),
        case=case,
        type="advice_requested",
        date=days_ago(42),
        details={
            "id": "medical-1",
            "source": "medical",
            "source_label": "Medical advice",
            "author": "Dr Heart",
            "email": "not an address",
        },
    )
    StaffEmail.objects.update(sent_on=days_ago(1))
    assert reminders.advice_reminders_send(TODAY).emails == 1
    assert set(StaffEmail.objects.values_list("to", flat=True)) == {"ep@example.org"}
    assert reminder_messages().get().to == "ep@example.org"


def test_the_parent_asked_for_their_advice_is_not_emailed_from_here(world, caseworker):
    case = open_case(world)
    ask(world, case, "parent", on=42, email="parent@family.example", author="Jo Parent")
    assert not NotifyMessage.objects.exists()
    assert run_days(TODAY, TODAY + dt.timedelta(days=30), times=1) == []
    page = caseworker.get(reverse("ehc:advice", args=[case.pk])).content.decode()
    assert "The family is told through their own messages" in page
    assert "Next reminder" not in page


def test_no_reminder_once_the_assessment_is_over(world, caseworker):
    case = open_case(world)
    ask(world, case, on=35)
    services.event_record(
        actor=world.user(Role.CASEWORKER),
        case=case,
        type="assessment_outcome",
        date=TODAY,
        details={"outcome": "plan"},
    )
    assert run_days(TODAY, due_of(case) + dt.timedelta(days=20), times=1) == []
    page = caseworker.get(reverse("ehc:advice", args=[case.pk])).content.decode()
    assert "Next reminder" not in page
