"""The import run: check each record, save the good ones, keep the problems and the counts."""

from __future__ import annotations

from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction

from .. import services
from ..models import (
    FeedImport,
    ImportStatus,
)
from .checks import RecordCheck
from .payload import parse_payload
from .records import NOTE, Problem, Terms
from .saving import Saver

MAX_PROBLEMS: Final = 2000  # kept on the import's record; the counts stay exact


def checked_label(label: str) -> str:
    """Whose feed it is, or ValueError saying what is wrong with it."""
    label = label.strip()
    if not label:
        raise ValueError("Say whose feed this is (for example the council's name)")
    if len(label) > 200:
        raise ValueError("The label must be 200 characters or fewer")
    return label


def feed_import(
    *,
    actor: Any,
    source: str,
    label: str,
    payload: bytes | str | dict[str, Any] | list[Any],
    request: Any = None,
) -> FeedImport:
    """Import a feed now (the command's way); returns the import's record, finished.

    Raises ValueError, writing nothing, if the file as a whole cannot be used.
    """
    label = checked_label(label)
    records = parse_payload(payload)
    with transaction.atomic():
        imp = FeedImport.objects.create(
            source=source.strip()[:500] or "unnamed file",
            label=label,
            status=ImportStatus.RUNNING,
            started_at=timezone.now(),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        import_records(imp, records, actor=actor, request=request)
    return imp


def import_records(imp: FeedImport, records: list[Any], *, actor: Any, request: Any) -> None:
    """Check and save each record into the import ``imp``, then record it as finished.

    Call inside a transaction: the import's counts and problems are saved with its services.
    """
    label = imp.label
    terms = Terms.load()
    problems: list[Problem] = []
    created = updated = skipped = 0
    saver = Saver(imp, actor, request)
    first_seen: dict[str, int] = {}
    for position, record in enumerate(records, start=1):
        check = RecordCheck(record, position, terms, label).run()
        if check.external_id and check.result is not None:
            earlier = first_seen.setdefault(check.external_id, position)
            if earlier != position:
                check.error(
                    "id", f"The same id is used by record {earlier}; only that one was imported"
                )
                check.result = None
        problems.extend(check.problems)
        if check.result is None:
            skipped += 1
            continue
        try:
            with transaction.atomic():
                added = saver.save(check.result)
        except ValidationError as error:
            saver.forget()
            skipped += 1
            for name, messages in error.message_dict.items():
                problems.append(Problem(check.name, name, "; ".join(messages)))
            continue
        except DatabaseError as error:
            saver.forget()
            skipped += 1
            problems.append(
                Problem(
                    check.name, "", f"It could not be saved: {str(error).splitlines()[0][:200]}"
                )
            )
            continue
        if added:
            created += 1
        else:
            updated += 1
    services.refresh_search(saver.touched)
    kept = [p.as_dict() for p in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        kept.append(
            {
                "record": "",
                "field": "",
                "message": f"and {len(problems) - MAX_PROBLEMS:,} more problems not listed",
                "kind": NOTE,
            }
        )
    imp.created_count, imp.updated_count, imp.skipped_count = created, updated, skipped
    imp.problems = kept
    imp.status = ImportStatus.FINISHED
    imp.payload = None
    imp.finished_at = timezone.now()
    imp.save(
        update_fields=[
            "created_count",
            "updated_count",
            "skipped_count",
            "problems",
            "status",
            "payload",
            "finished_at",
        ]
    )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=imp,
        summary=f"Imported the feed of {label}: {created} added, {updated} updated, "
        f"{skipped} skipped",
    )
