"""Refusing, audited: the checks every staff page makes before it shows or changes anything."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from .audit import audit_record, child_of, note_read
from .models import AuditAction

M = TypeVar("M", bound=Model)


def request_user(request: HttpRequest) -> Any:
    """The signed-in user (the sign-in middleware guarantees one on every staff page)."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return user


def require(request: HttpRequest, perm: str, obj: Any = None, *, what: str = "") -> None:
    """Refuse with a 403, and an audit entry, unless the user holds the permission (rules.py).

    The entry names the child when ``obj`` is one of a child's records (``audit_child_id``).
    """
    if not request.user.has_perm(perm, obj):
        audit_record(
            request=request,
            action=AuditAction.DENIED,
            obj=obj,
            child_id=getattr(obj, "audit_child_id", None),
            summary=f"Refused: {what or perm}",
        )
        raise PermissionDenied


def get_in_scope_or_404(
    request: HttpRequest,
    scoped: QuerySet[M],
    pk: Any,
    *,
    refused: str,
    child_id: uuid.UUID | None = None,
) -> M:
    """The object ``pk`` from the user's scoped queryset, or a 404 that looks the same as a
    missing one. Asking for one that exists but is out of scope is audited as a refusal.

    Every page about a child comes through here, so this is where its read is audited: on a
    GET the child the object belongs to (``audit_child_id``, else ``child_id``) is noted, and
    one ``viewed`` entry is written if the page answers with success (``core.audit.note_read``).
    """
    try:
        found = scoped.get(pk=pk)
    except (ObjectDoesNotExist, ValidationError, ValueError):  # missing, or not a key at all
        if _exists(scoped.model, pk):
            audit_record(
                request=request,
                action=AuditAction.DENIED,
                child_id=child_id,
                summary=f"Refused: {refused}",
            )
        raise Http404 from None
    note_read(request, child_id=child_of(found), obj=found)
    return found


def _exists(model: type[Model], pk: Any) -> bool:
    try:
        return model._default_manager.filter(pk=pk).exists()
    except (ValidationError, ValueError):
        return False
