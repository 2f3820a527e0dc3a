"""Reads for single sign-on: the accounts an email address belongs to."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model


def accounts_with_email(email: str) -> list[Any]:
    return list(get_user_model().objects.filter(email__iexact=email.strip())[:2])
