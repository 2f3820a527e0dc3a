"""Background work of joint working: the weekly panel decisions digest (``digest.py``).

``send_panel_digests_weekly`` emails the digests of the week just ended, then queues its own
next run for the following Monday morning (``run_after``). ``schedule_weekly_digest`` makes
sure exactly one run is waiting: ``manage.py send_panel_digest --schedule`` calls it (at each
deploy), and so does each run. Only a backend that keeps tasks for later (the database
backend, in production) can schedule; the demo runs tasks at once and has no weekly run.
"""

from __future__ import annotations

import datetime as dt
import zlib

from django.db import connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from .digest import panel_digests_send

WEEKLY_AT = dt.time(7, 0)  # Monday, local time (Europe/London): there at the start of the week
_LOCK = zlib.crc32(b"sendpath.jointworking.tasks.send_panel_digests_weekly")


def next_monday(now: dt.datetime | None = None) -> dt.datetime:
    """The next Monday at WEEKLY_AT after ``now``, in local time."""
    local = timezone.localtime(now or timezone.now())
    day = local.date() - dt.timedelta(days=local.weekday())
    at = timezone.make_aware(dt.datetime.combine(day, WEEKLY_AT))
    if at <= local:
        at = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=7), WEEKLY_AT))
    return at


def schedule_weekly_digest(now: dt.datetime | None = None) -> dt.datetime | None:
    """Make sure one weekly run is waiting; returns when it will start (None when the task
    backend cannot keep a task for later)."""
    backend = send_panel_digests_weekly.get_backend()
    if not backend.supports_defer:
        return None
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        waiting = list(
            DBTaskResult.objects.filter(
                task_path=send_panel_digests_weekly.module_path,
                backend_name=backend.alias,
                status=TaskResultStatus.READY,
            ).values_list("run_after", flat=True)
        )
        if waiting:
            return min(waiting)
        run_after = next_monday(now)
        send_panel_digests_weekly.using(run_after=run_after).enqueue()
        return run_after


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
