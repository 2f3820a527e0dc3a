"""The check every page about one child makes first: is this child in the user's scope?"""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest

from sendpath.core.access import get_in_scope_or_404, request_user

from . import selectors
from .models import Child


def get_child(request: HttpRequest, pk: UUID) -> Child:
    """A child the user may see, or a 404 that looks the same as a missing record (asking for
    one out of scope is audited as a refusal)."""
    scoped = selectors.children_in_scope(user=request_user(request))
    return get_in_scope_or_404(
        request, scoped, pk, refused="record outside the user's access", child_id=pk
    )
