"""The Auditor: the one place that writes the audit log.

Every read and change of a child's record calls :func:`audit_record` (ARCHITECTURE.md,
principle 6). Entries are written in the caller's transaction for changes, so a change that
rolls back leaves no entry claiming it happened.

Reads are audited by construction: the in-scope lookup every page about a child goes through
(``core.access.get_in_scope_or_404``) calls :func:`note_read`, and ``AuditReadsMiddleware``
writes one ``viewed`` entry per child noted, in one insert, once the page has answered with
success. A request writes at most one read entry per child, whichever way it was recorded
(:func:`audit_record`, :func:`audit_many` or :func:`note_read`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.http import HttpRequest

from .models import AuditAction, AuditEntry

READ_ACTIONS = frozenset({str(AuditAction.VIEWED), str(AuditAction.SEARCHED)})
_PENDING = "_sendpath_reads_pending"  # request attribute: {child id: (object, summary)}
_DONE = "_sendpath_reads_done"  # request attribute: children whose read is already recorded


def _as_uuid(value: Any) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _done(request: HttpRequest) -> set[uuid.UUID]:
    done: set[uuid.UUID] = request.__dict__.setdefault(_DONE, set())
    return done


def child_of(obj: Any) -> uuid.UUID | None:
    """The child a record belongs to: ``audit_child_id`` if it says, else its ``child_id``."""
    if obj is None:
        return None
    value = getattr(obj, "audit_child_id", None)
    if value is None:
        value = getattr(obj, "child_id", None)
    return _as_uuid(value)


def note_read(
    request: HttpRequest | None,
    *,
    child_id: Any,
    obj: models.Model | None = None,
    summary: str = "",
) -> None:
    """Note that this request shows the child's record. The ``viewed`` entry is written by
    ``AuditReadsMiddleware`` if the page answers with success (a refusal or a missing record
    writes none), at most once per child and request. Only reads (GET, HEAD) are noted: a
    change is audited by the service that makes it."""
    child = _as_uuid(child_id)
    if request is None or child is None or request.method not in ("GET", "HEAD"):
        return
    pending: dict[uuid.UUID, tuple[Any, str]] = request.__dict__.setdefault(_PENDING, {})
    pending.setdefault(child, (obj, summary))


def note_reads(request: HttpRequest | None, *, child_ids: Iterable[Any], summary: str) -> None:
    """:func:`note_read` for every child a page lists (a list of names to choose from)."""
    for child_id in child_ids:
        note_read(request, child_id=child_id, summary=summary)


def write_noted_reads(request: HttpRequest, status_code: int) -> int:
    """Write the reads :func:`note_read` noted, in one insert, if the page succeeded."""
    pending: dict[uuid.UUID, tuple[Any, str]] = request.__dict__.pop(_PENDING, {})
    if not pending or not 200 <= status_code < 300:
        return 0
    done = _done(request)
    common = _common(request, AuditAction.VIEWED)
    entries = []
    for child, (obj, summary) in pending.items():
        if child in done:
            continue
        done.add(child)
        label = obj._meta.verbose_name if obj is not None else "record"
        reference = getattr(obj, "reference", "")
        if reference:
            label = f"{label} {reference}"
        entries.append(
            AuditEntry(
                child_id=child,
                object_type=obj._meta.label if obj is not None else "people.Child",
                object_id=str(obj.pk) if obj is not None else str(child),
                summary=(summary or f"Viewed {label}")[:300],
                **common,
            )
        )
    if entries:
        AuditEntry.objects.bulk_create(entries)
    return len(entries)


def _common(request: HttpRequest | None, action: AuditAction | str) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return {
        "actor": user,
        "actor_label": (user.get_full_name() or user.get_username()) if user else "Anonymous",
        "actor_role": getattr(user, "role", "") if user else "",
        "action": str(action),
        "ip_address": client_ip(request),
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300] if request else "",
        "path": request.get_full_path()[:300] if request else "",
        "method": (request.method or "") if request else "",
    }


def client_ip(request: HttpRequest | None) -> str | None:
    """The client address. X-Forwarded-For is trusted only when a proxy is configured."""
    if request is None:
        return None
    from django.conf import settings

    if getattr(settings, "USE_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    request: HttpRequest | None,
    action: AuditAction | str,
    obj: models.Model | None = None,
    child_id: uuid.UUID | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    actor: Any = None,
) -> AuditEntry:
    user = actor if actor is not None else getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if request is not None and child_id is not None and str(action) in READ_ACTIONS:
        child = _as_uuid(child_id)
        if child is not None:
            _done(request).add(child)
    return AuditEntry.objects.create(
        actor=user,
        actor_label=(user.get_full_name() or user.get_username()) if user else "Anonymous",
        actor_role=getattr(user, "role", "") if user else "",
        action=str(action),
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        child_id=child_id,
        summary=summary[:300],
        changes=changes or {},
        ip_address=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request else ""),
        path=(request.get_full_path()[:300] if request else ""),
        method=(request.method or "" if request else ""),
    )


def audit_many(
    *,
    request: HttpRequest | None,
    action: AuditAction | str,
    child_ids: Iterable[uuid.UUID],
    summary: str,
) -> int:
    """One entry per child shown (for lists and search results), written in one insert.

    A child shown twice on the page, or whose read this request already recorded, gets no
    second entry."""
    children: dict[uuid.UUID, None] = {}
    for value in child_ids:
        child = _as_uuid(value)
        if child is not None:
            children.setdefault(child)
    if request is not None and str(action) in READ_ACTIONS:
        done = _done(request)
        fresh = [c for c in children if c not in done]
        done.update(fresh)
    else:
        fresh = list(children)
    common = {**_common(request, action), "object_type": "people.Child", "summary": summary[:300]}
    entries = [AuditEntry(child_id=cid, object_id=str(cid), **common) for cid in fresh]
    if entries:
        AuditEntry.objects.bulk_create(entries)
    return len(entries)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The fields that changed, as {field: [old, new]} with values made JSON-safe."""
    changed: dict[str, Any] = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            changed[key] = [_jsonable(old), _jsonable(new)]
    return changed


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
