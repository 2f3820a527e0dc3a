"""The two-factor pages: enter a code, use a recovery code, set up an authenticator app, see
the recovery codes once, and "Account security"."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import segno
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendpath.core.access import request_user
from sendpath.core.steps import form_step
from sendpath.core.views import posted

from . import policy, selectors, services
from .forms import CodeForm, ConfirmForm, RecoveryCodeForm


def _next(request: HttpRequest) -> str:
    """Where to go once through: the page first asked for (on this site only), else home."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("home")


def _with_next(name: str, nxt: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': nxt})}"


def _page(request: HttpRequest, title: str, nxt: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": title,
        "next": nxt,
        "locked": not request.user.is_authenticated,
        "required": request.user.is_authenticated and policy.required_for(request.user),
        **extra,
    }


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    nxt = _next(request)
    if not policy.owed(request):
        return redirect(nxt)
    if not selectors.has_second_factor(user):
        return redirect(_with_next("twofactor:set_up", nxt))
    if selectors.authenticator(user) is None:
        return redirect(_with_next("twofactor:recovery", nxt))
    return form_step(
        request,
        CodeForm(posted(request)),
        save=lambda data: services.verify_code(request=request, user=user, code=data["code"]),
        template="core/twofactor_verify.html",
        context=lambda: _page(request, "Enter the code from your authenticator app", nxt),
        next=lambda _device: nxt,
    )


@require_http_methods(["GET", "POST"])
def recovery(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    nxt = _next(request)
    if not policy.owed(request):
        return redirect(nxt)
    return form_step(
        request,
        RecoveryCodeForm(posted(request)),
        save=lambda data: services.verify_recovery_code(
            request=request, user=user, code=data["recovery_code"]
        ),
        template="core/twofactor_recovery.html",
        context=lambda: _page(
            request, "Use a recovery code", nxt, has_app=selectors.authenticator(user) is not None
        ),
        success=lambda left: (
            f"You have {left} recovery code{'' if left == 1 else 's'} left. "
            "Make new ones from Account security if you are running out"
        ),
        next=lambda _left: nxt,
    )


def qr_code_svg(config_url: str) -> str:
    """The authenticator's set-up link as a QR code, an inline SVG with a text alternative."""
    svg = segno.make(config_url, error="m").svg_inline(scale=4, border=4)
    label = escape("QR code to scan with your authenticator app")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" focusable="false" ', 1)


@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    nxt = _next(request)
    replacing = selectors.has_second_factor(user)
    if replacing and not policy.is_verified(request):
        # Someone part-way through signing in may not add an authenticator to get past it.
        return redirect(_with_next("twofactor:verify", nxt))
    key = services.new_pending_key(request=request)
    config_url = TOTPDevice(user=user, key=key).config_url

    def save(data: dict[str, Any]) -> list[str]:
        codes = services.set_up_authenticator(request=request, user=user, code=data["code"])
        request.session[policy.NEW_CODES] = codes
        return codes

    return form_step(
        request,
        CodeForm(posted(request)),
        save=save,
        template="core/twofactor_set_up.html",
        context=lambda: _page(
            request,
            "Replace your authenticator app" if replacing else "Set up two-factor sign-in",
            nxt,
            replacing=replacing,
            qr_code=mark_safe(qr_code_svg(config_url)),  # noqa: S308 - built by segno, escaped
            secret=policy.secret_for_typing(key),
        ),
        success=lambda codes: "" if codes else "Your new authenticator app is set up",
        next=lambda codes: _with_next("twofactor:codes", nxt) if codes else nxt,
    )


@require_http_methods(["GET"])
def codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes just made, shown once."""
    request_user(request)
    nxt = _next(request)
    new = request.session.pop(policy.NEW_CODES, None)
    if not new:
        return redirect(nxt)
    return render(
        request,
        "core/twofactor_codes.html",
        {"title": "Save your recovery codes", "codes": new, "next": nxt},
    )


@require_http_methods(["GET"])
def account_security(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    return render(
        request,
        "core/account_security.html",
        {
            "title": "Account security",
            "factor": selectors.second_factor(user),
            "required": policy.required_for(user),
            "form": ConfirmForm(),
        },
    )


@require_http_methods(["POST"])
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    here = reverse("twofactor:account_security")

    def save(_data: dict[str, Any]) -> list[str]:
        new = services.new_recovery_codes(request=request, user=user)
        request.session[policy.NEW_CODES] = new
        return new

    return form_step(
        request,
        ConfirmForm(posted(request)),
        save=save,
        template="core/account_security.html",
        context=lambda: {
            "title": "Account security",
            "factor": selectors.second_factor(user),
            "required": policy.required_for(user),
        },
        next=lambda _codes: _with_next("twofactor:codes", here),
        errors_on=None,
    )


@require_http_methods(["POST"])
def turn_off(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    return form_step(
        request,
        ConfirmForm(posted(request)),
        save=lambda _data: services.turn_off(request=request, user=user),
        template="core/account_security.html",
        context=lambda: {
            "title": "Account security",
            "factor": selectors.second_factor(user),
            "required": policy.required_for(user),
        },
        success="Two-factor sign-in is off: you sign in with your password only",
        next="twofactor:account_security",
        errors_on=None,
    )
