"""Feed imports in the background: queue one from the pages, and the task that runs it.

``queue_feed_import`` records the import as queued (an uploaded file's records kept on it, or
the web address to fetch) and, once that is committed, enqueues ``run_feed_import``. The task
fetches the feed if it has an address (up to 200 pages), imports it and records it as finished
with its counts and problems, or as failed with the reason in plain English.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction

from . import feeds
from .models import FeedImport, ImportStatus

UNEXPECTED = (
    "Nothing was imported: something went wrong on our side. Try the import again; if it fails "
    "again, tell the service's support team the time of this import."
)


def queue_feed_import(
    *,
    actor: Any,
    label: str,
    url: str = "",
    file_name: str = "",
    payload: bytes | str | None = None,
    request: Any = None,
) -> FeedImport:
    """Record an import of a feed (a web address, or a file's contents) as queued, and queue it.

    A file is read now: ValueError, writing nothing, if it is not a feed at all. A web address
    is fetched by the task, and a failure there is kept on the import.
    """
    label = feeds.checked_label(label)
    url = url.strip()
    records = None if url else feeds.parse_payload(payload or b"")
    with transaction.atomic():
        imp = FeedImport.objects.create(
            source=(url or file_name.strip())[:500] or "unnamed file",
            label=label,
            url=url[:500],
            payload=records,
            status=ImportStatus.QUEUED,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            request=request,
            actor=actor,
            action=AuditAction.CREATED,
            obj=imp,
            summary=f"Queued the import of the feed of {label} from {imp.source}",
        )
        transaction.on_commit(lambda: run_feed_import.enqueue(str(imp.pk)))
    return imp


@task()
def run_feed_import(import_id: str) -> str:
    """Run one queued import; returns its status. An import not queued is left alone."""
    claimed = FeedImport.objects.filter(pk=import_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "not queued"
    imp = FeedImport.objects.select_related("created_by").get(pk=import_id)
    try:
        records = feeds.fetch_feed(imp.url) if imp.url else feeds.parse_payload(imp.payload or [])
        with transaction.atomic():
            feeds.import_records(imp, records, actor=imp.created_by, request=None)
    except ValueError as error:
        _failed(import_id, f"Nothing was imported. {error}")
        return str(ImportStatus.FAILED)
    except Exception:
        _failed(import_id, UNEXPECTED)
        raise  # the task is recorded as failed, with the traceback for the support team
    return str(ImportStatus.FINISHED)


def _failed(import_id: str, reason: str) -> None:
    FeedImport.objects.filter(pk=import_id).update(
        status=ImportStatus.FAILED, failure=reason, payload=None, finished_at=timezone.now()
    )
