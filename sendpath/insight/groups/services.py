"""Writes for "who is over- or under-represented": the authority's 0-25 population."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from sendpath.core.audit import audit_record, diff
from sendpath.core.concurrency import FIELD as BASED_ON
from sendpath.core.concurrency import check_version
from sendpath.core.models import AuditAction
from sendpath.insight.models import LocalPopulation
from sendpath.people.models import User

from .forms import MOST, field_name, population_dimensions


def _counts(data: dict[str, Any]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for dim in population_dimensions():
        for group in dim.groups:
            value = data.get(field_name(dim, group.key))
            if value is None or value == "":
                continue
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MOST:
                raise ValidationError(
                    {
                        field_name(dim, group.key): f"{dim.title}: {group.label} must be a whole "
                        f"number from 0 to {MOST:,}"
                    }
                )
            counts.setdefault(dim.key, {})[group.key] = value
    return counts


@transaction.atomic
def population_save(
    *, actor: User, data: dict[str, Any], request: HttpRequest | None = None
) -> LocalPopulation:
    """Save the actor's authority's 0-25 population (refused if someone saved it since the
    form was opened)."""
    authority = actor.authority
    if authority is None:
        raise ValidationError("Your account is not linked to a local authority")
    counts = _counts(data)
    source = (data.get("source") or "").strip()
    if counts and not source:
        raise ValidationError({"source": "Enter where the figures come from"})
    found = LocalPopulation.objects.select_for_update().filter(authority=authority).first()
    if found is not None:
        check_version(found, data.get(BASED_ON))
        before = {"counts": found.counts, "source": found.source, "year": found.year}
    else:
        found = LocalPopulation(authority=authority, created_by=actor)
        before = {}
    found.counts = counts
    found.source = source
    found.year = (data.get("year") or "").strip()
    found.modified_by = actor
    try:
        with transaction.atomic():
            found.save()
    except IntegrityError:  # another administrator saved the first figures a moment ago
        raise ValidationError(
            "Someone else saved the population a moment ago: open this page again"
        ) from None
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED if before else AuditAction.CREATED,
        obj=found,
        summary="Saved the authority's 0-25 population",
        changes=diff(before, {"counts": counts, "source": found.source, "year": found.year}),
    )
    return found
