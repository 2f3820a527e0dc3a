"""Writes for signing in: unlocking an account, sending a reset link, setting a new password."""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from sendpath.core import notify
from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction

from . import selectors

RESET_SUBJECT = "Reset your sendpath password"
RESET_BODY = (
    "Hello ((name)),\n\n"
    "Someone asked to reset the password of your sendpath account, ((username)).\n\n"
    "To choose a new password, open this link:\n((link))\n\n"
    "The link works once, for ((days)) days. If you did not ask for this, you can ignore this "
    "email: your password has not changed."
)


# The kinds of link to the page that sets a password: a reset of a forgotten password, or an
# invitation to a new account (the same page, with welcome wording).
RESET = "reset"
INVITATION = "invitation"
_LINK_URLS = {RESET: "signin:password_reset_confirm", INVITATION: "signin:invitation_confirm"}


def set_password_link(*, request: HttpRequest, user: Any, kind: str = RESET) -> str:
    """A one-time link to choose a password (Django's token: it stops working once used, or
    once the account's password changes, as a new invitation does)."""
    return request.build_absolute_uri(
        reverse(
            _LINK_URLS[kind],
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    )


@transaction.atomic
def unlock_account(*, request: HttpRequest, username: str) -> str:
    """Clear a username's failed sign-ins so it can sign in again (audited)."""
    if not selectors.is_locked(username):
        raise ValidationError("This account is not locked any more")
    axes_reset(username=username)
    audit_record(
        request=request,
        action=AuditAction.UPDATED,
        summary=f"Unlocked the account {username!r} after failed sign-ins",
    )
    return username


@transaction.atomic
def send_password_reset(*, request: HttpRequest, email: str) -> int:
    """Email a one-time reset link to each active account with this address (audited).

    Says nothing about whether the address is known: the caller shows the same page either way.
    """
    from django.conf import settings

    sent = 0
    for user in PasswordResetForm().get_users(email):
        link = set_password_link(request=request, user=user)
        notify.send_email(
            to=user.email,
            template_id=settings.NOTIFY_TEMPLATES["password_reset"],
            personalisation={
                "name": user.get_full_name() or user.get_username(),
                "username": user.get_username(),
                "link": link,
                "days": settings.PASSWORD_RESET_TIMEOUT // (60 * 60 * 24),
            },
            reference=f"password-reset-{user.pk}",
            subject=RESET_SUBJECT,
            body=RESET_BODY,
        )
        audit_record(
            request=request,
            action=AuditAction.UPDATED,
            obj=user,
            summary="Sent a password reset link by email",
        )
        sent += 1
    if not sent:
        audit_record(
            request=request,
            action=AuditAction.DENIED,
            summary="Password reset asked for an address with no active account",
        )
    return sent


@transaction.atomic
def set_new_password(*, request: HttpRequest, user: Any, password: str, kind: str = RESET) -> Any:
    """Set the password chosen through a reset or invitation link (which then stops working),
    audited.

    Also clears the account's failed sign-ins: proving the email address unlocks it.
    """
    user.set_password(password)
    user.save(update_fields=["password"])
    axes_reset(username=user.get_username())
    audit_record(
        request=request,
        action=AuditAction.UPDATED,
        obj=user,
        actor=user,
        summary="Set a first password through an invitation link"
        if kind == INVITATION
        else "Set a new password through a reset link",
    )
    return user
