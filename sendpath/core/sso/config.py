"""The single sign-on settings, read when used (so they may come from the provider's discovery
document, fetched once an hour, and tests may change them)."""

from __future__ import annotations

from typing import Any

import requests
from django.conf import settings
from django.core.cache import cache
from mozilla_django_oidc.utils import import_from_settings

# Our setting -> the field of the provider's discovery document that gives it.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_ISSUER": "issuer",
}


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def discovery() -> dict[str, Any]:
    url = settings.OIDC_OP_DISCOVERY_URL
    if not url:
        return {}
    key = f"oidc-discovery:{url}"
    found = cache.get(key)
    if found is None:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        found = response.json()
        cache.set(key, found, 60 * 60)
    return dict(found)


def setting(name: str, *default: Any) -> Any:
    """A setting for mozilla-django-oidc: ours, else the discovery document's, else default."""
    value: Any = getattr(settings, name, None)
    if not value and name in DISCOVERED and settings.OIDC_OP_DISCOVERY_URL:
        value = discovery().get(DISCOVERED[name])
    if value not in (None, ""):
        return value
    return import_from_settings(name, *default)
