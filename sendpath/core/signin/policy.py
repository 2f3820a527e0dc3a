"""The sign-in policy, in numbers and in the words the pages use."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings


def failure_limit() -> int:
    return int(settings.AXES_FAILURE_LIMIT)


def cool_off() -> timedelta:
    value = settings.AXES_COOLOFF_TIME
    return value if isinstance(value, timedelta) else timedelta(hours=float(value))


def minutes(delta: timedelta) -> str:
    count = int(delta.total_seconds() // 60)
    if count % 60 == 0 and count >= 60:
        hours = count // 60
        return f"{hours} hour" if hours == 1 else f"{hours} hours"
    return f"{count} minute" if count == 1 else f"{count} minutes"


def lockout_period() -> str:
    """How long an account stays locked, e.g. "30 minutes"."""
    return minutes(cool_off())


def session_period() -> str:
    """How long a session lasts without activity, e.g. "1 hour"."""
    return minutes(timedelta(seconds=settings.SESSION_COOKIE_AGE))
