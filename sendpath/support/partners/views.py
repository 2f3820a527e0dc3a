"""Pages for the SEND team and the Virtual School: a child's SEN support, read-only."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from sendpath.core.access import get_in_scope_or_404, request_user, require
from sendpath.support.money import pounds

from . import selectors


@require_http_methods(["GET"])
def overview(request: HttpRequest, child_id: UUID) -> HttpResponse:
    """A child's SEN support in school, read-only: cycles, provision map and voice."""
    user = request_user(request)
    child = get_in_scope_or_404(
        request,
        selectors.children_for_overview(user=user),
        child_id,
        refused="a child's SEN support out of scope",
        child_id=child_id,
    )
    return render(
        request,
        "support/partners/overview.html",
        {
            "title": f"SEN support in school: {child.full_name}",
            "child": child,
            "pounds": pounds,
            **selectors.overview(child=child),
        },
    )


@require_http_methods(["GET"])
def profile(request: HttpRequest) -> HttpResponse:
    """The SENCO's school's SEND data profile: counts only, no child named."""
    require(request, "support.view_profile")
    user = request_user(request)
    school = user.organisation
    if school is None:
        raise Http404
    return render(
        request,
        "support/partners/profile.html",
        {
            "title": "Your school's SEND data profile",
            "profile": selectors.school_profile(school=school),
        },
    )
