"""The demo's disagreements: each point of the pathway, with the engine's deadlines."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sendpath.demo.disputes import load_disputes
from sendpath.disputes.models import AgreedAction, TribunalOrder
from sendpath.ehc.models import Deadline
from sendpath.ehc.tests.helpers import client_for
from sendpath.people.models import Role

pytestmark = pytest.mark.django_db


def test_the_demo_holds_each_point(world):
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
