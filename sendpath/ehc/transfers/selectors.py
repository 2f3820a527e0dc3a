"""Reads for moving between authorities."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from sendpath.people.models import (
    Organisation,
    OrganisationKind,
)


def other_authorities(authority: Organisation | None) -> Any:
    queryset = Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY, is_active=True)
    if authority is not None:
        queryset = queryset.filter(~Q(pk=authority.pk))
    return queryset.order_by("name")
