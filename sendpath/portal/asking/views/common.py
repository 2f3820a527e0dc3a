"""What every page of this part does first: the child, from the family account's own children
only (a 404 that looks like a missing page otherwise, audited as a refusal), then the
permission; and the links the pages share."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from sendpath.core.access import get_in_scope_or_404, request_user, require
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
    return child


def _reverse(name: str, **kwargs: Any) -> str:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def child_page(child: Child) -> str:
    """The child's status page on the family pages (``portal:child``), else their record."""
    return _reverse("portal:child", pk=child.pk) or child.get_absolute_url()


def page_context(child: Child, title: str, **more: Any) -> dict[str, Any]:
    return {
        "title": title,
        "child": child,
        "back": child_page(child),
        "glossary": _reverse("portal:glossary"),
        **more,
    }
