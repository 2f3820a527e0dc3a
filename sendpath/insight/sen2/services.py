"""Writes for the SEN2 return: queue a build from the page, run it (the background task calls
``build``), keep the file and its problems."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import Any

from django.core.files import File
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.http import HttpRequest
from django.utils import timezone

from sendpath.core.audit import audit_many, audit_record
from sendpath.core.models import AuditAction
from sendpath.insight.models import Sen2Problem, Sen2Run, Sen2RunStatus
from sendpath.people.models import Organisation, User

from . import selectors
from .build import census_day
from .export import Officers, write_return

UNEXPECTED = (
    "The return was not built: something went wrong on our side. Try again; if it fails "
    "again, tell the service's support team the time of this run."
)
BATCH = 2000


def queue_build(
    *,
    actor: User,
    authority: Organisation,
    year: int,
    officers: Officers,
    request: HttpRequest | None = None,
    enqueue: Callable[[str], Any] | None = None,
) -> Sen2Run:
    """Record a run as queued and start it once that is committed."""
    lea = authority.la_code or ""
    with transaction.atomic():
        run = Sen2Run.objects.create(
            year=year,
            reference_date=census_day(year),
            lea=lea,
            serial_no=selectors.next_serial(lea, year),
            dmo=officers.dmo,
            dco=officers.dco,
            dsco=officers.dsco,
            created_by=actor,
            modified_by=actor,
        )
        audit_record(
            request=request,
            actor=actor,
            action=AuditAction.CREATED,
            obj=run,
            summary=f"Queued the SEN2 return {year} of LA {lea}",
        )
        if enqueue is not None:
            pk = str(run.pk)
            transaction.on_commit(lambda: enqueue(pk))
    return run


def _progress_writer(pk: str) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """Progress goes on a connection of its own (PostgreSQL), so the page sees it at once."""
    if connection.vendor != "postgresql":

        def plain(done: int, total: int) -> None:
            Sen2Run.objects.filter(pk=pk).update(done=done, total=total)

        return plain, lambda: None
    side = connections.create_connection(DEFAULT_DB_ALIAS)

    def write(done: int, total: int) -> None:
        with side.cursor() as cursor:
            cursor.execute(
                "UPDATE insight_sen2run SET done = %s, total = %s WHERE id = %s",
                [done, total, pk],
            )

    return write, side.close


def build(run_id: str) -> str:
    """Build one queued run; returns its status. A run not queued is left alone."""
    claimed = Sen2Run.objects.filter(pk=run_id, status=Sen2RunStatus.QUEUED).update(
        status=Sen2RunStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "not queued"
    run = Sen2Run.objects.get(pk=run_id)
    authority = Organisation.objects.filter(la_code=run.lea, kind="local_authority").first()
    write, close = _progress_writer(run_id)
    try:
        if authority is None:
            raise LookupError(run.lea)
        with tempfile.TemporaryFile() as out:
            result = write_return(
                out,
                authority=authority,
                year=run.year,
                officers=Officers(run.dmo, run.dco, run.dsco),
                serial=run.serial_no,
                progress=write,
            )
            out.seek(0)
            run.file.save(run.file_name, File(out), save=False)
            run.size = run.file.size
        rows = (
            Sen2Problem(
                run=run,
                severity=p.severity,
                rule=p.rule,
                child_id=p.child_id,
                case_id=p.case_id,
                element=p.element[:200],
                message=p.message,
            )
            for p in result.problems
        )
        batch: list[Sen2Problem] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                Sen2Problem.objects.bulk_create(batch)
                batch = []
        Sen2Problem.objects.bulk_create(batch)
        run.status = Sen2RunStatus.FINISHED
        run.persons = result.persons
        run.errors = result.count("E")
        run.queries = result.count("Q")
        run.child_ids = [str(pk) for pk in result.child_ids]
        run.done = run.total
    except Exception:
        run.status = Sen2RunStatus.FAILED
        run.failure = UNEXPECTED
        raise  # the task is recorded as failed, with the traceback for the support team
    finally:
        close()
        run.finished_at = timezone.now()
        run.save()
    return str(run.status)


def downloaded(*, request: HttpRequest, run: Sen2Run) -> None:
    """A download is a read of every child's record in the return: audited for each."""
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=run,
        summary=f"Downloaded the SEN2 return {run.year} ({run.persons} people)",
    )
    audit_many(
        request=request,
        action=AuditAction.VIEWED,
        child_ids=run.child_ids,
        summary=f"In the SEN2 return {run.year} downloaded",
    )
