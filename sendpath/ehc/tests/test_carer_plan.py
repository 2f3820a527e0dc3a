"""A foster carer given read access sees the cared-for child's final plan, and nothing else."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.ehc.cases import services
from sendpath.ehc.models import Plan, PlanStatus
from sendpath.people.models import FamilyMember, Role
from sendpath.people.tests.factories import PASSWORD, UserFactory


def test_a_carer_reads_the_final_plan_but_not_the_case_or_record(world):
    child = world.ours_cared_for
    case = services.case_open(
        actor=world.user(Role.CASEWORKER),
        child=child,
        source="parent",
        received_on=timezone.localdate() - dt.timedelta(days=200),
    )
    Plan.objects.filter(case=case).update(
        status=PlanStatus.FINAL, section_a="Casimir loves trains and wants to be a driver"
    )
    carer = UserFactory(username="carer", role=Role.FAMILY)
    member = FamilyMember.objects.create(
        child=child,
        full_name="Cora Carer",
        relationship="foster_carer",
        plan_read_access=True,
        user=carer,
        has_account_access=False,
    )
    client = Client()
    assert client.login(username="carer", password=PASSWORD)
    url = reverse("ehc:carer_plan", args=[child.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Casimir loves trains" in body
    assert "Cora Carer" not in body
    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.get(reverse("ehc:plan", args=[case.pk])).status_code == 404
    assert client.get(child.get_absolute_url()).status_code == 404
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEWED, child_id=child.pk, summary__contains="as a carer"
    ).exists()

    member.plan_read_access = False
    member.save()
    assert client.get(url).status_code == 404
