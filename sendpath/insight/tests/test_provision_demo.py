"""The demo's alternative provision and preparing-for-adulthood records, counted on the pages."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sendpath.demo.generator import load_demo
from sendpath.insight.models import AdulthoodRecord, Placement
from sendpath.insight.provision import selectors
from sendpath.people.models import Child, User

pytestmark = pytest.mark.django_db


def test_the_demo_has_placements_flags_and_destinations():
    summary = load_demo(seed=2026, children=300, cases=True)
    assert any(n.startswith("  Alternative provision:") for n in summary.notes)
    today = timezone.localdate()
    leader = User.objects.get(username="leader")
    overview = selectors.ap_overview(leader, today)
    assert overview.children > 0
    assert overview.part_time > 0
    assert overview.overdue > 0
    assert overview.returned > 0
    # The child's flag follows the placements: every flagged child has one open today.
    flagged = Child.objects.filter(alternative_provision=True)
    open_now = Placement.objects.filter(selectors.open_on(today)).values("child")
    assert set(flagged.values_list("pk", flat=True)) == set(
        Child.objects.filter(pk__in=open_now).values_list("pk", flat=True)
    )
    assert AdulthoodRecord.objects.filter(destination="neet").exists()
    adulthood = selectors.adulthood_overview(leader, today)
    assert adulthood.young_people >= AdulthoodRecord.objects.count() > 0
