"""The authentication backend for single sign-on: checks the provider's signed id token and
matches an existing, active staff account by email. Never creates an account."""

from __future__ import annotations

from typing import Any

import jwt
import requests
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from sendpath.core.roles import Role

from . import config, selectors

# Why a sign-in was refused, as the refusal page and the audit log say it.
UNKNOWN = "unknown"
FAMILY = "family"
INACTIVE = "inactive"
AMBIGUOUS = "ambiguous"
NO_EMAIL = "no-email"
FAILED = "failed"


class Refused(Exception):  # noqa: N818 - what happened, not an error of ours
    """A sign-in the provider vouched for, but which may not sign in here."""

    def __init__(self, reason: str, email: str = "", detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason, self.email, self.detail = reason, email, detail


def refuse(request: HttpRequest, reason: str, email: str = "", detail: str = "") -> None:
    request.sso_refusal = Refused(reason, email, detail)  # type: ignore[attr-defined]


class CouncilAccountBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(config.setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Configured when used: single sign-on may be off, and its endpoints may come from the
        # provider's discovery document.
        self.UserModel = get_user_model()

    def _configure(self) -> None:
        self.OIDC_OP_TOKEN_ENDPOINT = config.setting("OIDC_OP_TOKEN_ENDPOINT")
        self.OIDC_OP_USER_ENDPOINT = config.setting("OIDC_OP_USER_ENDPOINT")
        self.OIDC_OP_JWKS_ENDPOINT = config.setting("OIDC_OP_JWKS_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = config.setting("OIDC_RP_CLIENT_ID")
        self.OIDC_RP_CLIENT_SECRET = config.setting("OIDC_RP_CLIENT_SECRET")
        self.OIDC_RP_SIGN_ALGO = config.setting("OIDC_RP_SIGN_ALGO", "RS256")
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        if request is None or not config.enabled() or "username" in kwargs:
            return None
        if "nonce" not in kwargs:  # only the callback's sign-in is ours
            return None
        try:
            self._configure()
            return super().authenticate(request, **kwargs)
        except Refused as refusal:
            request.sso_refusal = refusal  # type: ignore[attr-defined]
        except (SuspiciousOperation, jwt.PyJWTError, requests.RequestException, KeyError) as exc:
            refuse(request, FAILED, detail=f"{type(exc).__name__}: {exc}"[:200])
        return None

    def get_payload_data(self, token: Any, key: Any) -> dict[str, Any]:
        """Check the id token's signature (RS256 only), audience (our client id), issuer (when
        known) and expiry; mozilla-django-oidc alone does not check the audience."""
        header = jwt.get_unverified_header(token)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"The id token is signed with {header.get('alg')!r}")
        issuer = config.setting("OIDC_OP_ISSUER", "") or None
        required = ["exp", "iat", "aud"] + (["iss"] if issuer else [])
        payload: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=issuer,
            options={"require": required},
            leeway=60,
        )
        return payload

    def get_or_create_user(self, access_token: Any, id_token: Any, payload: Any) -> Any:
        claims = self.get_userinfo(access_token, id_token, payload)
        email = str(claims.get("email") or payload.get("email") or "").strip()
        if not email:
            raise Refused(NO_EMAIL)
        if claims.get("email_verified") is False:
            raise Refused(NO_EMAIL, email, "The provider says the email is not verified")
        users = selectors.accounts_with_email(email)
        if not users:
            raise Refused(UNKNOWN, email)
        if len(users) > 1:
            raise Refused(AMBIGUOUS, email)
        user = users[0]
        if user.role == Role.FAMILY:
            raise Refused(FAMILY, email)
        if not user.is_active:
            raise Refused(INACTIVE, email)
        amr = payload.get("amr") or []
        user.sso_amr = [str(m) for m in amr] if isinstance(amr, list) else [str(amr)]
        return user
