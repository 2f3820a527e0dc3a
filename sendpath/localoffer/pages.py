"""Helpers every Local Offer page uses: the public frame, and refusing staff pages (the
project's audited ``require``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors

SHORTLIST_KEY = "local_offer_shortlist"


def shortlist_ids(request: HttpRequest) -> list[str]:
    return list(request.session.get(SHORTLIST_KEY, []))


def render_public(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render a public Local Offer page (its template extends ``localoffer/base.html``)."""
    context.setdefault("local_offer_name", f"{selectors.authority_name()} Local Offer")
    context.setdefault("shortlist_count", len(shortlist_ids(request)))
    return render(request, template, context, status=status)
