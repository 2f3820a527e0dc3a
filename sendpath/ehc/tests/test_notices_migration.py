"""Sent notices stored under the old name (``details["kind"]``, and the demo's ``no_plan`` and
``final_plan``) are renamed to ``details["notice"]`` with the notices' own keys."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from sendpath.ehc.models import CaseEvent
from sendpath.ehc.notices import selectors as notice_selectors
from sendpath.ehc.tests.helpers import open_case

pytestmark = pytest.mark.django_db

migration = importlib.import_module("sendpath.ehc.migrations.0009_decision_notice_named")


def test_old_names_are_renamed_and_other_events_left_alone(world):
    case = open_case(world, received_days_ago=150)
    old = [
        CaseEvent.objects.create(
            case=case, type="decision_notice_sent", date=case.received_on, details=d
        )
        for d in (
            {"kind": "not_to_assess", "kind_label": "Notice"},
            {"kind": "no_plan"},
            {"notice": "final_plan", "kind_label": "Final plan issued notice"},
            {"notice": "plan_ceased"},
        )
    ]
    order = CaseEvent.objects.create(
        case=case, type="tribunal_order", date=case.received_on, details={"kind": "assess"}
    )
    migration.rename(apps, None)
    names = [CaseEvent.objects.get(pk=e.pk).details for e in old]
    assert names == [
        {"notice": "not_to_assess", "kind_label": "Notice"},
        {"notice": "not_to_issue"},
        {"notice": "final_plan_issued", "kind_label": "Final plan issued notice"},
        {"notice": "plan_ceased"},
    ]
    assert all(n["notice"] in notice_selectors.KINDS for n in names)
    assert CaseEvent.objects.get(pk=order.pk).details == {"kind": "assess"}
