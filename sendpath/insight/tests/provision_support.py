"""Records the provision part's tests share: placements and young people with plans."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.test import Client
from django.utils import timezone

from sendpath.ehc.models import Case, Stage
from sendpath.insight.provision import services
from sendpath.people.models import Child, Organisation
from sendpath.people.tests.factories import PASSWORD, ChildFactory

_refs = itertools.count(1)


def today() -> dt.date:
    return timezone.localdate()


def client_of(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def date_fields(name: str, day: dt.date | None) -> dict[str, str]:
    if day is None:
        return {f"{name}-day": "", f"{name}-month": "", f"{name}-year": ""}
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def placement_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "provider_organisation": None,
        "provider_service": None,
        "provider_name": "Riverside Learning Centre",
        "ofsted": "yes",
        "school": None,
        "start_date": today() - dt.timedelta(days=30),
        "end_date": None,
        "hours_per_week": "25",
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "reason": "permanent_exclusion",
        "reason_detail": "",
        "objectives": "Return to a mainstream school by the summer",
        "reviewed_by": "SENCO",
        "next_review_on": today() + dt.timedelta(days=14),
        "outcome": "",
    }
    data.update(overrides)
    return data


def place(actor: Any, child: Child, **overrides: Any) -> Any:
    return services.placement_save(actor=actor, child=child, data=placement_data(**overrides))


def with_plan(authority: Organisation, *, years: int, **fields: Any) -> Child:
    """A young person aged ``years`` today with an open case whose final plan is issued."""
    born = today().replace(year=today().year - years) - dt.timedelta(days=40)
    child = ChildFactory(
        responsible_authority=authority, date_of_birth=born, sen_provision="E", **fields
    )
    Case.objects.create(
        child=child,
        authority=authority,
        reference=f"PFA-{next(_refs):05d}",
        request_source="parent",
        received_on=today() - dt.timedelta(days=400),
        stage=Stage.FINAL_ISSUED,
    )
    return child
