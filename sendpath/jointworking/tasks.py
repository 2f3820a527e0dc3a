"""Background work of joint working: the weekly panel decisions digest (``digest.py``).

``send_panel_digests_weekly`` emails the digests of the week just ended, then queues its own
next run for the following Monday morning (``run_after``). ``schedule_weekly_digest`` makes
sure exactly one run is waiting: ``manage.py send_panel_digest --schedule`` calls it (at each
deploy), and so does each run. Only a backend that keeps tasks for later (the database
backend, in production) can schedule; the demo runs tasks at once and has no weekly run.
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from sendpath.core import schedule

from .digest import panel_digests_send

WEEKLY_AT = dt.time(7, 0)  # Monday, local time (Europe/London): there at the start of the week


def next_monday(now: dt.datetime | None = None) -> dt.datetime:
    """The next Monday at WEEKLY_AT after ``now``, in local time."""
    return schedule.next_weekly(WEEKLY_AT, now)


def schedule_weekly_digest(now: dt.datetime | None = None) -> dt.datetime | None:
    """Make sure one weekly run is waiting; returns when it will start (None when the task
    backend cannot keep a task for later)."""
    return schedule.schedule_once(send_panel_digests_weekly, next_monday(now))


@task()
def send_panel_digests() -> int:
    """Email each authority's digest of last week's panel decisions to its Virtual School;
    returns how many authorities' digests were sent (none already sent goes again)."""
    return len(panel_digests_send().digests)


@task()
def send_panel_digests_weekly() -> int:
    """The weekly run: last week's digests, then queue next Monday's run."""
    sent = len(panel_digests_send().digests)
    schedule_weekly_digest()
    return sent
