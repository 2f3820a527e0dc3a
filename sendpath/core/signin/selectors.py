"""Reads for the sign-in pages: which accounts are locked now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.db.models import Max, Sum
from django.utils import timezone

from . import policy


@dataclass(frozen=True)
class LockedAccount:
    username: str
    failures: int
    last_attempt: datetime
    unlocks_at: datetime


def locked_accounts() -> list[LockedAccount]:
    """Usernames locked out now (enough failures within the cool-off period), newest first."""
    since = timezone.now() - policy.cool_off()
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=since, username__isnull=False)
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=policy.failure_limit())
        .order_by("-last")
    )
    return [
        LockedAccount(
            username=row["username"],
            failures=row["failures"],
            last_attempt=row["last"],
            unlocks_at=row["last"] + policy.cool_off(),
        )
        for row in rows
    ]


def is_locked(username: str) -> bool:
    return any(account.username == username for account in locked_accounts())
