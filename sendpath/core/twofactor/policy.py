"""Who owes a second factor, and how a session records that it has been given.

The session holds one of two marks: ``NOT_NEEDED`` (set at sign-in for someone who owes none)
or ``PROVIDER_MFA`` (the council's identity provider checked a second factor, and the settings
trust it). Otherwise a session is through only once django-otp's middleware finds the device
that verified it (``request.user.is_verified()``): removing that device (an administrator's
reset) ends that at the next page.
"""

from __future__ import annotations

import base64
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from sendpath.core.roles import Role

from . import selectors

STATE = "second_factor"
NOT_NEEDED = "not-needed"
PROVIDER_MFA = "provider-mfa"
# The secret of an authenticator being set up, kept in the session until a code confirms it.
PENDING_KEY = "second_factor_pending_key"
# Recovery codes just made, shown once by the next page.
NEW_CODES = "second_factor_new_codes"
RECOVERY_CODE_COUNT = 10


def required_for(user: Any) -> bool:
    """Every staff role must use a second factor when the setting requires it; families never
    have to (they may choose to)."""
    return bool(settings.TWO_FACTOR_REQUIRED) and user.role != Role.FAMILY


def needs_second_factor(user: Any) -> bool:
    """Whether signing in asks this person for a code: required of them, or set up by them."""
    return required_for(user) or selectors.has_second_factor(user)


def is_verified(request: HttpRequest) -> bool:
    user: Any = request.user
    if request.session.get(STATE) == PROVIDER_MFA:
        return True
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def owed(request: HttpRequest) -> bool:
    """Whether the signed-in user still owes a second factor in this session."""
    state = request.session.get(STATE)
    if state == NOT_NEEDED or is_verified(request):
        return False
    if not needs_second_factor(request.user):
        request.session[STATE] = NOT_NEEDED
        return False
    return True


def secret_for_typing(hex_key: str) -> str:
    """The secret as an authenticator app asks for it: base32, in groups of four."""
    text = base64.b32encode(bytes.fromhex(hex_key)).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
