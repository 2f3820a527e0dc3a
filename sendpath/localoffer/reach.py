"""Uniform 404 on the Local Offer's management pages.

Someone without the right to an entry, provider, comment or import is answered exactly as if it
did not exist (404), so the answer never tells them which hidden records exist; asking for one
that does exist is audited as a refusal (ADR 0003).
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model
from django.http import Http404, HttpRequest

from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction

T = TypeVar("T", bound=Model)


def in_reach_or_404(request: HttpRequest, perm: str, found: T | None, *, what: str) -> T:
    """``found`` if the user holds ``perm`` on it; otherwise a 404, audited if it exists."""
    if found is not None and request.user.has_perm(perm, found):
        return found
    if found is not None:
        audit_record(
            request=request, action=AuditAction.DENIED, obj=found, summary=f"Refused: {what}"
        )
    raise Http404
