"""Signing in with the council's account: off (404) unless single sign-on is configured."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction
from sendpath.core.twofactor import policy as twofactor_policy

from . import backends, config

TITLES = {
    backends.UNKNOWN: "There is no account for this email address",
    backends.FAMILY: "Families sign in with their username and password",
    backends.INACTIVE: "This account has been switched off",
    backends.AMBIGUOUS: "More than one account has this email address",
    backends.NO_EMAIL: "Your council account did not give an email address",
    backends.FAILED: "Sorry, we could not check your council sign-in",
}


class StartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider's sign-in page (with state, nonce and PKCE)."""

    get_settings = staticmethod(config.setting)

    def __init__(self, **kwargs: Any) -> None:
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not config.enabled():
            raise Http404("Single sign-on is not set up")
        self.OIDC_OP_AUTH_ENDPOINT = config.setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = config.setting("OIDC_RP_CLIENT_ID")
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back: sign in the matched staff account, or say
    clearly why not (audited either way)."""

    get_settings = staticmethod(config.setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not config.enabled():
            raise Http404("Single sign-on is not set up")
        try:
            return super().get(request)
        except SuspiciousOperation as exc:  # a state this browser never asked for
            backends.refuse(request, backends.FAILED, detail=str(exc)[:200])
            return self.login_failure()

    def login_failure(self) -> HttpResponse:
        request = self.request
        refusal = getattr(request, "sso_refusal", None) or backends.Refused(
            backends.FAILED,
            detail=str(request.GET.get("error_description") or request.GET.get("error") or ""),
        )
        who = f" for {refusal.email!r}" if refusal.email else ""
        audit_record(
            request=request,
            action=AuditAction.DENIED,
            summary=f"Single sign-on refused{who}: {refusal.reason}"
            + (f" ({refusal.detail})" if refusal.detail else ""),
        )
        return render(
            request,
            "core/sso_refused.html",
            {"title": TITLES[refusal.reason], "reason": refusal.reason, "email": refusal.email},
            status=403,
        )

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        methods = getattr(self.user, "sso_amr", [])
        if settings.OIDC_TRUSTS_PROVIDER_MFA and "mfa" in methods:
            # The provider checked a second factor, and we trust it: none is asked for here.
            self.request.session[twofactor_policy.STATE] = twofactor_policy.PROVIDER_MFA
            audit_record(
                request=self.request,
                actor=self.user,
                action=AuditAction.SIGNED_IN,
                summary="Second factor checked by the council's identity provider (amr: mfa)",
            )
        return response
