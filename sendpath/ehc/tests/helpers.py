"""Helpers for the EHC tests: open a case and move it along the pathway."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from sendpath.ehc.cases import services
from sendpath.ehc.models import Case
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def open_case(world, *, child=None, received_days_ago: int = 60, source: str = "parent") -> Case:
    return services.case_open(
        actor=world.user(Role.CASEWORKER),
        child=child or world.ours,
        source=source,
        received_on=days_ago(received_days_ago),
    )


def record(world, case: Case, type: str, days: int | None, **details) -> None:
    services.event_record(
        actor=world.user(Role.CASEWORKER),
        case=case,
        type=type,
        date=days_ago(days) if days is not None else None,
        details=details,
    )


def client_for(world, role) -> Client:
    client = Client()
    assert client.login(username=world.user(role).username, password=PASSWORD)
    return client


def date_fields(prefix: str, day: dt.date) -> dict[str, str]:
    return {
        f"{prefix}-day": str(day.day),
        f"{prefix}-month": str(day.month),
        f"{prefix}-year": str(day.year),
    }
