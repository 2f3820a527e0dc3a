"""Recurring background work: a task that queues its own next run (``run_after``), with exactly
one run waiting at a time (ADR 0011). The nightly refresh of deadlines, the weekly panel digest
and the nightly recount of insight's figures all schedule themselves through this.

Only a backend that keeps tasks for later (the database backend, in production) can schedule;
the demo and the tests run tasks at once and have no recurring runs.
"""

from __future__ import annotations

import datetime as dt
import zlib
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def next_daily(at: dt.time, now: dt.datetime | None = None) -> dt.datetime:
    """The next ``at`` after ``now``, in local time (the same clock time either side of BST)."""
    local = timezone.localtime(now or timezone.now())
    when = timezone.make_aware(dt.datetime.combine(local.date(), at))
    if when <= local:
        when = timezone.make_aware(dt.datetime.combine(local.date() + dt.timedelta(days=1), at))
    return when


def next_weekly(at: dt.time, now: dt.datetime | None = None) -> dt.datetime:
    """The next Monday at ``at`` after ``now``, in local time."""
    local = timezone.localtime(now or timezone.now())
    monday = local.date() - dt.timedelta(days=local.weekday())
    when = timezone.make_aware(dt.datetime.combine(monday, at))
    if when <= local:
        when = timezone.make_aware(dt.datetime.combine(monday + dt.timedelta(days=7), at))
    return when


def pending_runs(task: Any) -> list[dt.datetime]:
    """When the waiting runs of ``task`` will start (none, or one)."""
    backend = task.get_backend()
    if not backend.supports_defer:
        return []
    waiting = DBTaskResult.objects.filter(
        task_path=task.module_path, backend_name=backend.alias, status=TaskResultStatus.READY
    )
    return list(waiting.values_list("run_after", flat=True))


def schedule_once(task: Any, run_after: dt.datetime) -> dt.datetime | None:
    """Make sure one run of ``task`` is waiting, queued for ``run_after`` if none is; returns
    when the waiting run will start (None when the backend cannot keep a task for later)."""
    if not task.get_backend().supports_defer:
        return None
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Two processes scheduling at once (two workers finishing, a deploy) queue one run.
            lock = zlib.crc32(task.module_path.encode())
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock])
        waiting = pending_runs(task)
        if waiting:
            return min(waiting)
        task.using(run_after=run_after).enqueue()
        return run_after
