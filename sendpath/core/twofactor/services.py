"""Writes for two-factor sign-in: setting up an authenticator, checking codes, recovery codes,
and an administrator's reset. Each is audited; wrong codes count towards the account lockout.

A wrong code is recorded (throttle, audit, lockout count) and committed before the error is
raised, so the error never undoes the record of the attempt.
"""

from __future__ import annotations

import time
from typing import Any

import django_otp
from axes.utils import reset as axes_reset
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction
from sendpath.core.signin import policy as signin_policy
from sendpath.core.signin import selectors as signin_selectors

from . import policy, selectors

WRONG_CODE = "The code is not right. Enter the 6-digit code your authenticator app shows now"
WRONG_RECOVERY_CODE = "The recovery code is not right, or it has been used already"


def locked_message() -> str:
    return (
        "This account is locked because of too many failed sign-ins. Try again in "
        f"{signin_policy.lockout_period()}, or ask your administrator to unlock it"
    )


def _digits(code: str) -> str:
    return "".join(code.split())


def _throttled(device: Any) -> str | None:
    """The wait message while django-otp's throttle refuses this device, else None."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    seconds = 1
    if info and info.get("locked_until"):
        from django.utils import timezone

        seconds = max(1, int((info["locked_until"] - timezone.now()).total_seconds()) + 1)
    unit = "second" if seconds == 1 else "seconds"
    return f"You have entered too many wrong codes. Wait {seconds} {unit}, then try again"


def _refuse_if_locked(request: HttpRequest, user: Any) -> None:
    if signin_selectors.is_locked(user.get_username()):
        logout(request)
        raise ValidationError(locked_message())


def _failed(request: HttpRequest, user: Any, what: str) -> None:
    """Count a wrong code as a failed sign-in (django-axes, audited by core.signals); when that
    locks the account, sign the person out and say so."""
    user_login_failed.send(
        sender=__name__,
        credentials={"username": user.get_username(), "second_factor": what},
        request=request,
    )
    _refuse_if_locked(request, user)


def _signed_in(request: HttpRequest, user: Any, device: Any, summary: str) -> None:
    """The sign-in is complete: remember the device in the session, clear failed sign-ins."""
    django_otp.login(request, device)
    request.session.pop(policy.STATE, None)
    axes_reset(username=user.get_username())
    audit_record(request=request, actor=user, action=AuditAction.SIGNED_IN, summary=summary)


def verify_code(*, request: HttpRequest, user: Any, code: str) -> TOTPDevice:
    """Check a code from the person's authenticator app and complete their sign-in."""
    _refuse_if_locked(request, user)
    with transaction.atomic():
        device = selectors.authenticator(user, for_update=True)
        if device is None:
            raise ValidationError(
                {"code": "You have no authenticator app set up: use a recovery code"}
            )
        wait = _throttled(device)
        verified = wait is None and device.verify_token(_digits(code))
    if wait:
        raise ValidationError({"code": wait})
    if not verified:
        _failed(request, user, "Wrong code from the authenticator app")
        raise ValidationError({"code": WRONG_CODE})
    with transaction.atomic():
        _signed_in(request, user, device, "Entered a code from their authenticator app")
    return device


def verify_recovery_code(*, request: HttpRequest, user: Any, code: str) -> int:
    """Use one recovery code (it then stops working) to complete a sign-in; returns how many
    codes are left."""
    _refuse_if_locked(request, user)
    token = "".join(code.split()).replace("-", "").lower()
    with transaction.atomic():
        device = selectors.recovery_device(user, for_update=True)
        if device is None:
            raise ValidationError({"recovery_code": "You have no recovery codes"})
        wait = _throttled(device)
        verified = wait is None and device.verify_token(token)
    if wait:
        raise ValidationError({"recovery_code": wait})
    if not verified:
        _failed(request, user, "Wrong recovery code")
        raise ValidationError({"recovery_code": WRONG_RECOVERY_CODE})
    with transaction.atomic():
        left = device.token_set.count()
        _signed_in(request, user, device, f"Signed in with a recovery code ({left} left)")
    return left


def new_pending_key(*, request: HttpRequest) -> str:
    """The secret of an authenticator being set up, kept in the session until confirmed."""
    key = request.session.get(policy.PENDING_KEY)
    if not key:
        from django_otp.util import random_hex

        key = random_hex(20)
        request.session[policy.PENDING_KEY] = key
    return str(key)


def _make_codes(device: StaticDevice) -> list[str]:
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(policy.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def set_up_authenticator(*, request: HttpRequest, user: Any, code: str) -> list[str]:
    """Confirm the authenticator being set up with a code from it, then keep it (replacing any
    earlier one). The first time, also make the recovery codes, returned to be shown once."""
    key = request.session.get(policy.PENDING_KEY)
    if not key:
        raise ValidationError({"code": "Start again: the set-up page has expired"})
    totp = TOTP(bytes.fromhex(key))
    totp.time = time.time()
    try:
        token = int(_digits(code))
    except ValueError:
        token = -1
    if not totp.verify(token, tolerance=1):
        audit_record(
            request=request,
            actor=user,
            action=AuditAction.SIGN_IN_FAILED,
            summary="Wrong code while setting up an authenticator app",
        )
        raise ValidationError({"code": WRONG_CODE})
    with transaction.atomic():
        replacing = TOTPDevice.objects.filter(user=user).exists()
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(
            user=user, name="Authenticator app", key=key, confirmed=True, last_t=totp.t()
        )
        codes: list[str] = []
        if selectors.recovery_device(user) is None:
            codes = _make_codes(StaticDevice.objects.create(user=user, name="Recovery codes"))
        request.session.pop(policy.PENDING_KEY, None)
        audit_record(
            request=request,
            actor=user,
            action=AuditAction.UPDATED if replacing else AuditAction.CREATED,
            obj=user,
            summary=(
                "Replaced their authenticator app"
                if replacing
                else "Set up an authenticator app for two-factor sign-in"
            ),
        )
        _signed_in(request, user, device, "Signed in with their new authenticator app")
    return codes


@transaction.atomic
def new_recovery_codes(*, request: HttpRequest, user: Any) -> list[str]:
    """Make 10 new recovery codes; the old ones stop working (audited)."""
    device = selectors.recovery_device(user, for_update=True)
    if device is None:
        if selectors.authenticator(user) is None:
            raise ValidationError("Set up an authenticator app first")
        device = StaticDevice.objects.create(user=user, name="Recovery codes")
    codes = _make_codes(device)
    audit_record(
        request=request,
        actor=user,
        action=AuditAction.UPDATED,
        obj=user,
        summary="Made new recovery codes (the old ones stop working)",
    )
    return codes


@transaction.atomic
def second_factor_reset(*, request: HttpRequest, actor: Any, user: Any, summary: str) -> Any:
    """Remove a person's authenticator and recovery codes (audited). If a second factor is
    required of them they set one up again at their next page or sign-in."""
    if not selectors.has_second_factor(user):
        raise ValidationError("This account has no second factor set up")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(
        request=request, actor=actor, action=AuditAction.UPDATED, obj=user, summary=summary
    )
    return user


def turn_off(*, request: HttpRequest, user: Any) -> Any:
    """Someone of whom no second factor is required stops using one (audited)."""
    if policy.required_for(user):
        raise ValidationError("Your role must sign in with a second factor: replace it instead")
    return second_factor_reset(
        request=request, actor=user, user=user, summary="Stopped using two-factor sign-in"
    )
