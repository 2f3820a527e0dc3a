"""The ages the pathway turns on: a young person's own request (over compulsory
school age and under 25) and plans at 25."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sendpath.ehc.amendments import selectors as amendment_selectors
from sendpath.ehc.models import Case, RequestSource
from sendpath.ehc.plans import issuing as plan_issuing
from sendpath.ehc.requests import services as request_services
from sendpath.people.ages import birthday
from sendpath.people.models import Child, Role

from .helpers import client_for, date_fields
from .test_final import name_placement
from .test_plan import days_ago, draft_sent_case

YOUNG_PERSON_ONLY = "Only a young person can ask for an assessment themselves"
RECEIVED = dt.date(2026, 3, 2)


def _record(world, child: Child, received_on: dt.date = RECEIVED) -> Case:
    return request_services.request_record(
        actor=world.user(Role.CASEWORKER),
        child=child,
        source="young_person",
        received_on=received_on,
        details={},
    )


def _born(child: Child, dob: dt.date) -> Child:
    Child.objects.filter(pk=child.pk).update(date_of_birth=dob)
    child.refresh_from_db()
    return child


@pytest.mark.parametrize(
    ("dob", "allowed"),
    [
        (dt.date(2010, 3, 3), False),  # the day before the 16th birthday
        (dt.date(2010, 3, 2), False),  # the 16th birthday: still in Year 11 until 26 June 2026
        (dt.date(2009, 3, 2), True),  # 17
        (dt.date(2001, 3, 3), True),  # the day before the 25th birthday
        (dt.date(2001, 3, 2), False),  # the 25th birthday
    ],
)
def test_a_young_persons_own_request_is_refused_outside_16_to_25(world, dob, allowed):
    child = _born(world.ours, dob)
    if allowed:
        assert _record(world, child).request_source == "young_person"
        return
    with pytest.raises(ValidationError) as error:
        _record(world, child)
    message = error.value.message_dict["source"][0]
    assert message.startswith(YOUNG_PERSON_ONLY)
    assert "Children and Families Act 2014, sections 36(1) and 83(2)" in message
    assert not Case.objects.filter(child=child).exists()


def test_the_request_page_refuses_a_young_persons_request_at_25(world):
    child = _born(world.ours, birthday(days_ago(3), -25))
    response = client_for(world, Role.CASEWORKER).post(
        reverse("ehc:request_create", args=[child.pk]),
        {"source": "young_person", **date_fields("received_on", days_ago(3))},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert YOUNG_PERSON_ONLY in body
    assert 'href="#source"' in body
    assert not Case.objects.filter(child=child).exists()


@pytest.fixture
def in_force(world):
    case = draft_sent_case(world, sent_ago=40)
    name_placement(world, case)
    plan_issuing.final_issue(actor=world.user(Role.CASEWORKER), case=case, issued_on=days_ago(20))
    case.refresh_from_db()
    return case


def test_a_plan_near_or_past_the_25th_birthday_is_flagged(world, in_force):
    today = timezone.localdate()
    child = in_force.child
    _born(child, birthday(today, -24) - dt.timedelta(days=1))  # 25 in a year less a day
    turns = birthday(today, 1) - dt.timedelta(days=1)
    assert amendment_selectors.turning_25(in_force) == turns
    client = client_for(world, Role.CASEWORKER)
    for url in (in_force.get_absolute_url(), child.get_absolute_url()):
        body = client.get(url).content.decode()
        assert f"{child.full_name} turns 25 on {turns.day} {turns:%B %Y}" in body
        assert "section 46" in body
    # More than 12 months away: nothing to say.
    _born(child, birthday(today, -24) + dt.timedelta(days=1))
    assert amendment_selectors.turning_25(in_force) is None
    assert "turns 25" not in client.get(in_force.get_absolute_url()).content.decode()


def test_ceasing_the_plan_of_someone_who_has_turned_25_offers_reached_maximum_age(world, in_force):
    client = client_for(world, Role.CASEWORKER)
    url = reverse("ehc:cease", args=[in_force.pk])
    assert 'value="1" checked' not in client.get(url).content.decode()
    _born(in_force.child, birthday(timezone.localdate(), -25))
    body = client.get(url).content.decode()
    assert "turned 25 on" in body
    assert 'value="1" checked' in body
    assert "Reached maximum age" in body


def test_the_young_person_source_is_labelled_by_the_rule_enforced() -> None:
    # CFA 2014 s.83(2), as people/ages.py enforces it: not "16 to 25".
    assert RequestSource.YOUNG_PERSON.label == (
        "Young person (over compulsory school age and under 25)"
    )
