"""What every page of this part does first: the child, from the family account's own children
only (a 404 that looks like a missing page otherwise, audited as a refusal), then the
permission; and the links the pages share."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from sendpath.core.access import get_in_scope_or_404, request_user, require
from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction
from sendpath.people.models import Child

from .. import selectors


def family_child(request: HttpRequest, pk: UUID, perm: str) -> Child:
    user = request_user(request)
    child = get_in_scope_or_404(
        request,
        selectors.family_children(user=user),
        pk,
        refused="a family page for a child outside the account's access",
        child_id=pk,
    )
    require(request, perm, child)
    request.portal_child = child  # type: ignore[attr-defined]
    return child


View = Callable[..., HttpResponse]


def audit_unsent(view: View) -> View:
    """A form sent back with errors, or refused (nothing written), still showed the child's
    page: audit it as a read, saying it was not sent. (A GET is audited on the way in, a
    change by the service that makes it, a refusal to reach the child by ``family_child``.)"""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        child = getattr(request, "portal_child", None)
        if request.method == "POST" and child is not None and response.status_code in (400, 409):
            audit_record(
                request=request,
                action=AuditAction.VIEWED,
                obj=child,
                child_id=child.pk,
                summary=f"Shown a family page again, nothing sent ({response.status_code}: "
                + (
                    "the form had errors)" if response.status_code == 400 else "nothing to send to)"
                ),
            )
        return response

    return wrapper


def child_page(child: Child) -> str:
    """The child's status page on the family pages (``portal:child``)."""
    return reverse("portal:child", kwargs={"pk": child.pk})


def page_context(child: Child, title: str, **more: Any) -> dict[str, Any]:
    return {
        "title": title,
        "child": child,
        "back": child_page(child),
        "glossary": reverse("portal:glossary"),
        **more,
    }
