"""The joint meeting's agenda page: each section paginated with its count."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sendpath.core.models import AuditEntry
from sendpath.ehc.tests.helpers import client_for
from sendpath.jointworking import services
from sendpath.jointworking.models import AgendaItem, Section
from sendpath.people.models import Role

pytestmark = pytest.mark.django_db


def test_agenda_sections_are_paginated_with_counts(world, settings):
    settings.PAGE_SIZE = 2
    vs = world.user(Role.VIRTUAL_SCHOOL)
    meeting = services.meeting_create(actor=vs, held_on=timezone.localdate())
    AgendaItem.objects.filter(meeting=meeting).delete()
    for n in range(5):
        AgendaItem.objects.create(
            meeting=meeting,
            section=Section.OTHER,
            title=f"Item number {n}",
            child=world.ours_cared_for if n == 4 else None,
            created_by=vs,
            modified_by=vs,
        )
    url = reverse("jointworking:meeting", args=[meeting.pk])
    client = client_for(world, Role.VIRTUAL_SCHOOL)
    first = client.get(url).content.decode()
    assert "Other items (5)" in first
    assert "1 to 2 of 5 shown" in first
    assert "Item number 0" in first
    assert "Item number 2" not in first
    AuditEntry.objects.all().delete()
    last = client.get(url, {"other_page": 3}).content.decode()
    assert "Item number 4" in last
    assert "Item number 0" not in last
    assert AuditEntry.objects.filter(child_id=world.ours_cared_for.pk).exists()
    # The printable agenda carries every item.
    printed = client.get(reverse("jointworking:meeting_print", args=[meeting.pk, "agenda"]))
    assert all(f"Item number {n}" in printed.content.decode() for n in range(5))
