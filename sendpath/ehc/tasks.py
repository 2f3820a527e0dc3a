"""Background tasks of the EHC pathway: the nightly deadline refresh, followed by the day's
reminders to people asked for advice (``send_reminders``), and SEN2 imports started from the page (``queue_caseload_import``, ``run_caseload_import``).

``refresh_deadlines_nightly`` recomputes every open case's deadlines, then enqueues its own next
run for the next night (``run_after``). ``schedule_nightly_refresh`` makes sure exactly one run is
waiting: ``manage.py refresh_deadlines --schedule`` calls it (at each deploy, after ``migrate``),
and so does each run. Calling it again while a run is waiting changes nothing.

Only a backend that keeps tasks for later (the database backend, in production) can schedule;
the demo runs tasks at once and has no nightly run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.http import HttpRequest
from django.utils import timezone
from django_tasks import task

from sendpath.core import schedule
from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction
from sendpath.core.uploads import XML, check_upload
from sendpath.ehc.advice.reminders import advice_reminders_send
from sendpath.ehc.caseload import loading, sen2
from sendpath.ehc.cases.services import refresh_all
from sendpath.ehc.models import CaseloadImport, RunStatus
from sendpath.people.models import User

NIGHTLY_AT = dt.time(2, 0)  # local time (Europe/London), when few people are at work


def next_night(now: dt.datetime | None = None) -> dt.datetime:
    """The next NIGHTLY_AT after ``now``, in local time (so 02:00 all year, either side of BST)."""
    return schedule.next_daily(NIGHTLY_AT, now)


def pending_runs() -> list[dt.datetime]:
    """When the waiting nightly runs will start (none, or one)."""
    return schedule.pending_runs(refresh_deadlines_nightly)


def schedule_nightly_refresh(now: dt.datetime | None = None) -> dt.datetime | None:
    """Make sure one nightly run is waiting; returns when it will start.

    Returns None when the task backend cannot keep a task for later (the demo's).
    """
    return schedule.schedule_once(refresh_deadlines_nightly, next_night(now))


@task()
def refresh_deadlines_nightly() -> int:
    """Recompute every open case's deadlines as of today, then queue tomorrow night's run and
    the day's reminders to people asked for advice (on fresh deadlines, as a task of their
    own: a failed send does not stop the refresh)."""
    done = refresh_all()
    schedule_nightly_refresh()
    send_reminders.enqueue()
    return done.open_cases


@task()
def send_reminders() -> int:
    """Send today's reminders to people asked for advice (``advice/reminders.py``); returns
    how many were sent. Running it again the same day sends nothing new."""
    return advice_reminders_send().emails


# ---------------------------------------------------------------------------------------------
# Bringing in the caseload from an SEN2 return uploaded from the page

UNEXPECTED = (
    "Nothing was imported: something went wrong on our side. Try again; if it fails again, "
    "tell the service's support team the time of this import."
)


def queue_caseload_import(
    *, actor: User, upload: UploadedFile, dry_run: bool, request: HttpRequest | None = None
) -> CaseloadImport:
    """Keep the uploaded return for its run (checked like every upload: XML only, 20 MB, virus
    scan; ``ValidationError`` otherwise) and queue the run once that is committed."""
    _content_type, data = check_upload(upload, XML, "an XML file (.xml)")
    with transaction.atomic():
        run = CaseloadImport(
            original_name=(upload.name or "return.xml")[:255],
            size=len(data),
            dry_run=dry_run,
            created_by=actor,
            modified_by=actor,
        )
        run.file.save(upload.name or "return.xml", ContentFile(data), save=False)
        run.save()
        audit_record(
            request=request,
            actor=actor,
            action=AuditAction.CREATED,
            obj=run,
            summary=f"Queued {'a dry run' if dry_run else 'the import'} of the SEN2 return "
            f"{run.original_name}",
        )
        transaction.on_commit(lambda: run_caseload_import.enqueue(str(run.pk)))
    return run


def _progress_writer(pk: str) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """Progress is written on a second connection, so it is seen while the import's own
    transaction is still open (PostgreSQL; SQLite has one writer, so the bar jumps to the end)."""
    if connection.vendor != "postgresql":
        return (lambda done, total: None), (lambda: None)
    side = connections.create_connection(DEFAULT_DB_ALIAS)

    def write(done: int, total: int) -> None:
        with side.cursor() as cursor:
            cursor.execute(
                "UPDATE ehc_caseloadimport SET done = %s, total = %s WHERE id = %s",
                [done, total, pk],
            )

    return write, side.close


@task()
def run_caseload_import(import_id: str) -> str:
    """Run one queued import (or dry run); returns its status. A run not queued is left alone."""
    claimed = CaseloadImport.objects.filter(pk=import_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "not queued"
    run = CaseloadImport.objects.select_related("created_by").get(pk=import_id)
    write, close = _progress_writer(import_id)
    changes: dict[str, Any] = {}
    try:
        with run.file.open("rb") as handle:
            raw = handle.read()
        report = loading.import_return(
            raw=raw, actor=run.created_by, dry_run=run.dry_run, progress=write
        )
        changes = {"status": RunStatus.FINISHED, "report": report.as_dict()}
        changes |= {"done": report.persons, "total": report.persons}
    except sen2.Sen2Error as error:
        changes = {"status": RunStatus.FAILED, "errors": error.errors}
        changes["failure"] = "Nothing was imported: the return has the problems listed below."
    except Exception:
        changes = {"status": RunStatus.FAILED, "failure": UNEXPECTED}
        raise  # the task is recorded as failed, with the traceback for the support team
    finally:
        close()
        run.file.delete(save=False)  # the return is kept only for its run
        CaseloadImport.objects.filter(pk=import_id).update(
            file="", finished_at=timezone.now(), **changes
        )
    return str(changes["status"])
