"""Sign-ins and sign-outs go in the audit log; and the signals by which an app below tells the
apps built on it that something happened, without naming them (``ehc`` sends, ``portal``
listens).
"""

from __future__ import annotations

import logging
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import Signal, receiver

from .audit import audit_record
from .models import AuditAction
from .signin import policy

# A step was recorded on a statutory case, and its transaction has committed (sent from
# ``transaction.on_commit``, so never for a step that rolled back). Arguments: ``case_id``,
# ``event_id``, ``type`` (the event's type).
case_step_recorded = Signal()

# The nightly refresh has brought the open cases' deadlines up to date as of ``as_of`` (a date);
# sent once it has committed.
deadlines_refreshed = Signal()

logger = logging.getLogger(__name__)


def announce(signal: Signal, sender: Any, **kwargs: Any) -> None:
    """Send ``signal`` to every receiver; one that fails is logged, and neither stops the others
    nor undoes what was announced (it has committed)."""
    for listener, result in signal.send_robust(sender=sender, **kwargs):
        if isinstance(result, Exception):
            logger.error(
                "A receiver of %s failed: %r",
                getattr(listener, "__qualname__", listener),
                result,
                exc_info=result,
            )


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    how = getattr(user, "backend", "") or ""
    summary = (
        "Signed in with their council account (single sign-on)"
        if how.startswith("sendpath.core.sso.")
        else "Signed in"
    )
    audit_record(request=request, actor=user, action=AuditAction.SIGNED_IN, summary=summary)


@receiver(user_logged_out)
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(
            request=request, actor=user, action=AuditAction.SIGNED_OUT, summary="Signed out"
        )


@receiver(user_login_failed)
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    # A wrong second-factor code is a failed sign-in too (sendpath.core.twofactor.services).
    what = str(credentials.get("second_factor") or "Failed sign-in")
    audit_record(
        request=request,
        action=AuditAction.SIGN_IN_FAILED,
        summary=f"{what} for username {username!r}",
    )


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    audit_record(
        request=request,
        action=AuditAction.DENIED,
        summary=(
            f"Sign-in refused: the account {str(username or '')[:150]!r} is locked after "
            f"{policy.failure_limit()} failed sign-ins"
        ),
    )
