"""Request-wide policies: sign-in required by default; security headers; reads audited."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from .audit import write_noted_reads

# Paths anyone may open without signing in.
PUBLIC_PREFIXES = (
    "/sign-in/",
    "/password-reset/",  # forgotten passwords: the request, and the one-time link it sends
    "/welcome/",  # a new member of staff's invitation: the one-time link to create a password
    "/static/",
    "/accessibility/",
    "/cookies/",
    "/privacy/",
    "/healthz",
    "/api/plan-transfer/",  # the published JSON Schema of the plan transfer format
    "/favicon.ico",
    "/local-offer/",  # the public Local Offer (SEND Regulations 2014 reg 53): no sign-in
    "/api/oruk/",  # its open Open Referral UK API
    "/my/help/",  # the family pages' help: the glossary of words we use
)


class LoginRequiredMiddleware:
    """Every page needs a signed-in user unless its path is listed as public."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """A strict content security policy: our own scripts and styles only, no third parties."""

    POLICY = (
        "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; "
        "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.POLICY.format(nonce=nonce))
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if request.user.is_authenticated:
            # Pages about children must not be kept in shared caches or the back-forward cache.
            response.headers.setdefault("Cache-Control", "no-store")
        return response


class AuditReadsMiddleware:
    """Writes the reads of children's records a page noted (``core.audit.note_read``, called by
    the in-scope lookup every page about a child makes), in one insert, once the page has
    answered with success. A refused or missing record writes no ``viewed`` entry."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        write_noted_reads(request, response.status_code)
        return response
