"""The nightly deadline refresh as a scheduled task: one run waiting, each run queues the next."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sendpath.ehc import tasks

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LONDON = ZoneInfo("Europe/London")


def waiting() -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(
            task_path="sendpath.ehc.tasks.refresh_deadlines_nightly", status="READY"
        )
    )


def test_next_night_is_the_next_two_in_the_morning_in_local_time():
    evening = dt.datetime(2026, 7, 1, 21, 30, tzinfo=LONDON)
    assert tasks.next_night(evening) == dt.datetime(2026, 7, 2, 2, 0, tzinfo=LONDON)
    small_hours = dt.datetime(2026, 12, 1, 1, 0, tzinfo=LONDON)
    assert tasks.next_night(small_hours) == dt.datetime(2026, 12, 1, 2, 0, tzinfo=LONDON)
    on_the_hour = dt.datetime(2026, 12, 1, 2, 0, tzinfo=LONDON)
    assert tasks.next_night(on_the_hour) == dt.datetime(2026, 12, 2, 2, 0, tzinfo=LONDON)


@pytest.mark.django_db
def test_scheduling_twice_leaves_one_run_waiting(settings):
    settings.TASKS = DATABASE_TASKS
    now = timezone.now()
    first = tasks.schedule_nightly_refresh()
    assert first == tasks.next_night(now)
    assert tasks.schedule_nightly_refresh() == first
    out = io.StringIO()
    call_command("refresh_deadlines", "--schedule", stdout=out)
    assert "queued to run after" in out.getvalue()
    assert f"{timezone.localtime(first):%H:%M}" in out.getvalue()
    [run] = waiting()
    assert run.run_after == first


@pytest.mark.django_db
def test_a_run_refreshes_and_queues_the_next_night(settings):
    settings.TASKS = DATABASE_TASKS
    assert tasks.refresh_deadlines_nightly.call() == 0  # no open cases: nothing to refresh
    [run] = waiting()
    assert run.run_after == tasks.next_night()
    tasks.refresh_deadlines_nightly.call()
    assert len(waiting()) == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_due_refresh_and_it_queues_the_next(settings):
    settings.TASKS = DATABASE_TASKS
    tasks.schedule_nightly_refresh()
    DBTaskResult.objects.update(run_after=timezone.now() - dt.timedelta(minutes=1))  # it is due
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
    done = DBTaskResult.objects.filter(status="SUCCESSFUL")
    # The refresh, then what it queued: the day's reminders to people asked for advice, and the
    # families' messages about steps now late.
    assert sorted(done.values_list("task_path", flat=True)) == [
        "sendpath.ehc.tasks.refresh_deadlines_nightly",
        "sendpath.ehc.tasks.send_reminders",
        "sendpath.portal.messages.tasks.messages_for_late",
    ]
    [following] = waiting()
    assert following.run_after == tasks.next_night()
    assert following.run_after > timezone.now()


@pytest.mark.django_db
def test_the_demo_runs_tasks_at_once_and_keeps_no_schedule():
    assert tasks.schedule_nightly_refresh() is None
    out = io.StringIO()
    call_command("refresh_deadlines", "--schedule", stdout=out)
    assert "Not scheduled" in out.getvalue()
    assert waiting() == []


@pytest.mark.django_db
def test_the_command_still_refreshes_at_once():
    out = io.StringIO()
    call_command("refresh_deadlines", stdout=out)
    assert "The deadlines of 0 open cases are up to date" in out.getvalue()
