"""Forgetting what the shared cache keeps when the record it was read from changes."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_save

from sendpath.people.models.organisation import Organisation

from .selectors.public import authority_name_key


def _forget_authority_name(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    if instance.la_code:
        key = authority_name_key(instance.la_code)
        cache.delete(key)
        transaction.on_commit(lambda: cache.delete(key))


def connect() -> None:
    post_save.connect(
        _forget_authority_name, sender=Organisation, dispatch_uid="localoffer-authority-name"
    )
