"""The demo's complaints: one at each point, one overdue, one from the family's pages, and a
disagreement resolution arranged."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sendpath.demo.generator import load_demo
from sendpath.disputes.complaints import selectors
from sendpath.disputes.models import Complaint, ComplaintAction
from sendpath.people.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_has_complaints_at_each_stage():
    summary = load_demo(seed=2026, children=200)
    assert any(line.startswith("  Complaints:") for line in summary.notes)
    stages = set(Complaint.objects.values_list("stage", flat=True))
    assert {"stage_1", "stage_2", "ombudsman", "closed", "passed_on", "arranged"} <= stages
    today = timezone.localdate()
    caseworker = User.objects.get(username="caseworker")
    assert selectors.overdue_count(selectors.complaints_in_scope(caseworker), today) == 1
    family = Complaint.objects.get(from_family=True)
    assert family.child.family.filter(user__username="parent").exists()
    assert Complaint.objects.get(stage="closed").learning
    assert ComplaintAction.objects.filter(done_on__isnull=True).count() == 1
