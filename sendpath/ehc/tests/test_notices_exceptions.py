"""Exceptions to time limits only where the SEND Regulations 2014 allow them: reg 5(4), 8(2),
10(4) and 13(3); a missed appointment for advice only (reg 8(2))."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sendpath.ehc.models import CaseEvent
from sendpath.ehc.requests import services as request_services
from sendpath.ehc.tests.helpers import client_for, open_case, record
from sendpath.people.models import Role
from sendpath.timescales.rules import EXCEPTION_REASONS

pytestmark = pytest.mark.django_db

STATUTORY = [
    "decide_whether_to_assess",
    "advice:ep",
    "decide_whether_to_issue_plan",
    "issue_final_plan",
]
NOT_EXCUSABLE = [
    "draft_plan_target",
    "setting_response:s1",
    "annual_review",
    "review_decision",
    "issue_amended_plan",
    "transfer_notice",
    "arrange_mediation",
    "appeal_deadline",
    "comply_with_order:assess",
]


def allowed(applies_to: str, reason: str) -> bool:
    if reason == "missed_appointment":
        return applies_to.startswith("advice")
    return applies_to.split(":")[0] in {
        "decide_whether_to_assess",
        "advice",
        "decide_whether_to_issue_plan",
        "issue_final_plan",
    }


@pytest.mark.parametrize("reason", sorted(EXCEPTION_REASONS))
@pytest.mark.parametrize("applies_to", STATUTORY + NOT_EXCUSABLE)
def test_each_reason_against_each_deadline_kind(world, applies_to, reason):
    case = open_case(world, received_days_ago=150)
    before = CaseEvent.objects.filter(case=case, type="exception").count()
    call = lambda: request_services.exception_record(  # noqa: E731
        actor=world.user(Role.CASEWORKER),
        case=case,
        applies_to=applies_to,
        applies_to_label="",
        reason=reason,
        note="What happened",
    )
    if allowed(applies_to, reason):
        event = call()
        assert event.details["applies_to"] == applies_to
        assert event.details["reason"] == reason
        return
    with pytest.raises(ValidationError) as caught:
        call()
    field = "applies_to" if applies_to in NOT_EXCUSABLE else "reason"
    assert field in caught.value.message_dict
    message = caught.value.message_dict[field][0]
    assert "regulation" in message
    assert CaseEvent.objects.filter(case=case, type="exception").count() == before


def test_missed_appointment_on_the_final_plan_is_refused_on_the_page(world):
    case = open_case(world, received_days_ago=150)
    record(world, case, "decision_to_assess", 140, outcome="yes")
    record(world, case, "advice_requested", 139, id="ep", source="psychological")
    client = client_for(world, Role.CASEWORKER)
    url = reverse("ehc:exception", args=[case.pk])
    page = client.get(url).content.decode()
    assert 'value="issue_final_plan"' in page
    assert 'value="advice:ep"' in page
    assert 'value="draft_plan_target"' not in page
    response = client.post(
        url,
        {"applies_to": "issue_final_plan", "reason": "missed_appointment", "details": "Missed it"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "A missed appointment excuses only late advice (regulation 8(2))" in body
    assert "#reason" in body or 'href="#reason' in body
    assert "Missed it" in body  # what was typed is kept
    assert not CaseEvent.objects.filter(case=case, type="exception").exists()
    response = client.post(
        url, {"applies_to": "advice:ep", "reason": "missed_appointment", "details": "Missed it"}
    )
    assert response.status_code == 302
    assert CaseEvent.objects.get(case=case, type="exception").details["applies_to"] == "advice:ep"


def test_a_deadline_no_regulation_excuses_is_refused_naming_the_field(world):
    case = open_case(world, received_days_ago=150)
    record(world, case, "decision_to_assess", 140, outcome="yes")
    client = client_for(world, Role.CASEWORKER)
    response = client.post(
        reverse("ehc:exception", args=[case.pk]),
        {"applies_to": "draft_plan_target", "reason": "school_closure", "details": "Closed"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Select a deadline an exception can excuse" in body
    assert not CaseEvent.objects.filter(case=case, type="exception").exists()
