"""The Auditor: the one place that writes the audit log.

Every read and change of a child's record calls :func:`audit_record` (ARCHITECTURE.md,
principle 6). Entries are written in the caller's transaction for changes, so a change that
rolls back leaves no entry claiming it happened.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.http import HttpRequest

from .models import AuditAction, AuditEntry


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
    """One entry per child shown (for search results), written in one query."""
    user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    common = {
        "actor": user,
        "actor_label": (user.get_full_name() or user.get_username()) if user else "Anonymous",
        "actor_role": getattr(user, "role", "") if user else "",
        "action": str(action),
        "object_type": "people.Child",
        "summary": summary[:300],
        "ip_address": client_ip(request),
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300] if request else "",
        "path": request.get_full_path()[:300] if request else "",
        "method": (request.method or "") if request else "",
    }
    entries = [AuditEntry(child_id=cid, object_id=str(cid), **common) for cid in child_ids]
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
