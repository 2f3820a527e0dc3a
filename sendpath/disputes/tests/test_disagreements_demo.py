"""The demo's disagreements: each point of the pathway, with the engine's deadlines."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sendpath.demo.disputes import load_disputes
from sendpath.disputes.models import AgreedAction, TribunalOrder
from sendpath.ehc.models import CaseEvent, Deadline
from sendpath.ehc.tests.helpers import client_for, open_case, record
from sendpath.people.models import Role

pytestmark = pytest.mark.django_db


def test_the_demo_holds_each_point(world):
    for child, days in (
        (world.ours, 40),
        (world.ours_cared_for, 30),
        (world.linked, 20),
        (world.family_child, 10),
    ):
        case = open_case(world, child=child, received_days_ago=days + 30)
        record(world, case, "decision_to_assess", days + 2, outcome="no")
        record(world, case, "decision_notice_sent", days, kind="not_to_assess")
    made = load_disputes(today=timezone.localdate(), home=world.la).made
    assert set(made) == {
        "mediation arranged",
        "certificate issued",
        "mediated agreement",
        "order to comply",
    }
    assert made["mediation arranged"].stage == "mediation_arranged"
    assert made["certificate issued"].certificate_on is not None
    assert AgreedAction.objects.filter(done_on__isnull=True).count() == 2
    order = TribunalOrder.objects.get()
    assert order.complied_on is None
    waiting = Deadline.objects.get(key="comply_with_order:assess")
    assert waiting.pending
    assert waiting.case_id == made["order to comply"].case_id
    arranged = made["mediation arranged"].case
    assert Deadline.objects.get(case=arranged, key="mediation_notice").pending
    client = client_for(world, Role.CASEWORKER)
    html = client.get(reverse("disputes:disagreements")).content.decode()
    assert "4 disagreements" in html
    for d in made.values():
        assert client.get(reverse("disputes:disagreement", args=[d.pk])).status_code == 200
    # Each step recorded on its day, never ahead (as the demo's other steps).
    for event in CaseEvent.objects.filter(details__has_key="disagreement").exclude(date=None):
        if event.type == "mediation_scheduled":
            assert timezone.localdate(event.recorded_at) <= event.date
        else:
            assert timezone.localdate(event.recorded_at) == event.date
