"""Reads of a person's second factor: their authenticator app and recovery codes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator(user: Any, *, for_update: bool = False) -> TOTPDevice | None:
    devices = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id")
    if for_update:
        devices = devices.select_for_update()
    return devices.first()


def recovery_device(user: Any, *, for_update: bool = False) -> StaticDevice | None:
    devices = StaticDevice.objects.filter(user=user, confirmed=True).order_by("-id")
    if for_update:
        devices = devices.select_for_update()
    return devices.first()


def has_second_factor(user: Any) -> bool:
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or StaticDevice.objects.filter(user=user, confirmed=True).exists()
    )


def recovery_codes_left(user: Any) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device is not None else 0


@dataclass(frozen=True)
class SecondFactor:
    """What the account pages say about someone's second factor."""

    set_up: bool
    authenticator_added: datetime | None
    authenticator_last_used: datetime | None
    recovery_codes_left: int


def second_factor(user: Any) -> SecondFactor:
    device = authenticator(user)
    return SecondFactor(
        set_up=device is not None or recovery_device(user) is not None,
        authenticator_added=device.created_at if device else None,
        authenticator_last_used=device.last_used_at if device else None,
        recovery_codes_left=recovery_codes_left(user),
    )
