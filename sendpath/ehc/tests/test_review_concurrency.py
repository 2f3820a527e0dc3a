"""Two people record the same step of a review: the second, from a page opened before the
first's step was recorded, is refused with what was recorded, keeps what was typed and writes
nothing; recording again from a fresh page works."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from sendpath.ehc.models import CaseEvent
from sendpath.people.models import Role

from .helpers import client_for, date_fields, days_ago
from .test_reviews import in_force

STEPS = {
    "schedule": (
        "ehc:review_schedule",
        Role.CASEWORKER,
        {"kind": "annual", **date_fields("meeting_on", days_ago(20))},
        {"kind": "early", "reason": "Moved school", **date_fields("meeting_on", days_ago(18))},
        "Moved school",
        "review_meeting_scheduled",
    ),
    "report": (
        "ehc:review_report",
        Role.CASEWORKER,
        {"recommendations": "Amend section F", **date_fields("received_on", days_ago(10))},
        {"recommendations": "Keep the plan", **date_fields("received_on", days_ago(9))},
        "Keep the plan",
        "review_report_received",
    ),
    "decision": (
        "ehc:review_decision",
        Role.CASEWORKER,
        {"outcome": "amend", "reasons": "Needs changed", **date_fields("decided_on", days_ago(2))},
        {"outcome": "cease", "reasons": "Outcomes met", **date_fields("decided_on", days_ago(1))},
        "Outcomes met",
        "review_decision_notified",
    ),
}


def based_on(page: str) -> str:
    found = re.search(r'name="based_on" value="([^"]*)"', page)
    assert found, "the form carries the version it was read at"
    return html.unescape(found.group(1))


@pytest.mark.parametrize("step", STEPS)
def test_a_step_recorded_from_a_stale_page_is_refused(world, step):
    name, role, first_data, second_data, kept, event_type = STEPS[step]
    case = in_force(world)
    url = reverse(name, args=[case.pk])
    first, second = client_for(world, role), client_for(world, role)
    first_opened = based_on(first.get(url).content.decode())
    second_opened = based_on(second.get(url).content.decode())

    assert first.post(url, {**first_data, "based_on": first_opened}).status_code == 302
    events = CaseEvent.objects.filter(case=case).count()

    refused = second.post(url, {**second_data, "based_on": second_opened})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "govuk-error-summary" in page
    assert "Someone else changed this record after you opened this page" in page
    assert " recorded “" in page  # what the other person recorded, by name
    assert kept in page
    assert CaseEvent.objects.filter(case=case).count() == events

    again = second.post(url, {**second_data, "based_on": based_on(page)})
    assert again.status_code == 302
    assert CaseEvent.objects.filter(case=case, type=event_type).count() == 2


def test_a_fresh_page_records_its_step(world):
    case = in_force(world)
    url = reverse("ehc:review_schedule", args=[case.pk])
    client = client_for(world, Role.CASEWORKER)
    for days in (20, 19):
        opened = based_on(client.get(url).content.decode())
        data = {"kind": "annual", **date_fields("meeting_on", days_ago(days)), "based_on": opened}
        assert client.post(url, data).status_code == 302
    assert CaseEvent.objects.filter(case=case, type="review_meeting_scheduled").count() == 2
