"""Background tasks of the EHC pathway: the nightly deadline refresh.

``refresh_deadlines_nightly`` recomputes every open case's deadlines, then enqueues its own next
run for the next night (``run_after``). ``schedule_nightly_refresh`` makes sure exactly one run is
waiting: ``manage.py refresh_deadlines --schedule`` calls it (at each deploy, after ``migrate``),
and so does each run. Calling it again while a run is waiting changes nothing.

Only a backend that keeps tasks for later (the database backend, in production) can schedule;
the demo runs tasks at once and has no nightly run.
"""

from __future__ import annotations

import datetime as dt
import zlib

from django.db import connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from sendpath.ehc.cases.services import refresh_all

NIGHTLY_AT = dt.time(2, 0)  # local time (Europe/London), when few people are at work
_LOCK = zlib.crc32(b"sendpath.ehc.tasks.refresh_deadlines_nightly")


def next_night(now: dt.datetime | None = None) -> dt.datetime:
    """The next NIGHTLY_AT after ``now``, in local time (so 02:00 all year, either side of BST)."""
    local = timezone.localtime(now or timezone.now())
    at = timezone.make_aware(dt.datetime.combine(local.date(), NIGHTLY_AT))
    if at <= local:
        at = timezone.make_aware(
            dt.datetime.combine(local.date() + dt.timedelta(days=1), NIGHTLY_AT)
        )
    return at


def pending_runs() -> list[dt.datetime]:
    """When the waiting nightly runs will start (none, or one)."""
    backend = refresh_deadlines_nightly.get_backend()
    if not backend.supports_defer:
        return []
    waiting = DBTaskResult.objects.filter(
        task_path=refresh_deadlines_nightly.module_path,
        backend_name=backend.alias,
        status=TaskResultStatus.READY,
    )
    return list(waiting.values_list("run_after", flat=True))


def schedule_nightly_refresh(now: dt.datetime | None = None) -> dt.datetime | None:
    """Make sure one nightly run is waiting; returns when it will start.

    Returns None when the task backend cannot keep a task for later (the demo's).
    """
    if not refresh_deadlines_nightly.get_backend().supports_defer:
        return None
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Two processes scheduling at once (two workers finishing, a deploy) queue one run.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        waiting = pending_runs()
        if waiting:
            return min(waiting)
        run_after = next_night(now)
        refresh_deadlines_nightly.using(run_after=run_after).enqueue()
        return run_after


@task()
def refresh_deadlines_nightly() -> int:
    """Recompute every open case's deadlines as of today, then queue tomorrow night's run."""
    count = refresh_all()
    schedule_nightly_refresh()
    return count
