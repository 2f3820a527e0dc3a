"""The lockout check, first in AUTHENTICATION_BACKENDS."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked account's sign-in through the pages (axes' check).

    A sign-in with no request (the shell, the test client's ``login``) has no browser to throttle:
    it is passed on to the next backend instead of being refused as an error.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)
