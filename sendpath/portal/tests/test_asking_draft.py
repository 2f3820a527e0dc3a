"""The draft plan from the family's side: reading it, comments within the 15 days (and late
ones marked late), asking for a meeting and naming a school or college; each on the timeline
the caseworker reads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.ehc.models import CaseEvent, Deadline
from sendpath.people.models import Role
from sendpath.timescales.calendar import period_of_days

from .asking_support import body, build_family, case_with_draft, client_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(world):
    return build_family(world)


def url(name: str, child) -> str:
    return reverse(f"portal:{name}", kwargs={"pk": child.pk})


def test_the_parent_reads_the_draft_with_the_last_day_for_comments(world, family):
    case = case_with_draft(world, family.child, sent_days_ago=3)
    last_day = Deadline.objects.get(case=case, key="draft_representations_close").due
    # The engine's date (the same the caseworker sees): 15 days from the day it was sent.
    assert last_day == period_of_days(timezone.localdate() - dt.timedelta(days=3), 15)
    response = client_of(family.parent).get(url("draft_plan", family.child))
    assert response.status_code == 200
    text = body(response)
    assert "Loves drawing and wants to be a vet" in text  # section A, as sent
    assert f"{last_day.day} {last_day:%B %Y}" in text
    assert "regulation 13(1)" in text
    raw = response.content.decode()
    assert "&lt;strong" not in raw  # the date is bold, not shown as markup
    assert raw.count("<h1") == 1  # the plan document sits under the page's heading
    assert AuditEntry.objects.filter(
        child_id=family.child.pk, action=AuditAction.VIEWED, actor=family.parent
    ).exists()


def test_the_family_reads_the_draft_as_sent_not_later_edits(world, family):
    case = case_with_draft(world, family.child)
    plan = case.plan
    plan.section_a = "Edited after the draft was sent"
    plan.save(update_fields=["section_a"])
    plan.provisions.update(what="Changed provision")
    text = body(client_of(family.parent).get(url("draft_plan", family.child)))
    assert "This is the draft as it was sent" in text
    assert "Loves drawing and wants to be a vet" in text
    assert "Edited after the draft was sent" not in text
    assert "Speech therapy" in text
    assert "Need 1: Communication" in text
    assert "Talks in short sentences" in text
    assert "Changed provision" not in text


def test_comments_within_the_15_days_reach_the_caseworker(world, family):
    case = case_with_draft(world, family.child, sent_days_ago=3)
    client = client_of(family.parent)
    response = client.post(
        url("draft_representations", family.child), {"comments": "Section F needs speech therapy"}
    )
    assert response.status_code == 302
    event = CaseEvent.objects.get(case=case, type="family_representations")
    assert event.details["late"] is False
    assert event.details["from"] == "Pamela Wombat (mother)"
    assert event.recorded_by == family.parent
    timeline = body(client_of(world.user(Role.CASEWORKER)).get(case.get_absolute_url()))
    assert "Family's comments on the draft plan" in timeline
    assert "Section F needs speech therapy" in timeline


def test_comments_after_the_15_days_are_taken_and_marked_late(world, family):
    case = case_with_draft(world, family.child, sent_days_ago=20)
    client = client_of(family.parent)
    page = body(client.get(url("draft_representations", family.child)))
    assert "will be marked as late" in page
    response = client.post(
        url("draft_representations", family.child), {"comments": "Sorry this is late"}
    )
    assert response.status_code == 302
    assert "marked as late" in body(client.get(response["Location"]))
    event = CaseEvent.objects.get(case=case, type="family_representations")
    assert event.details["late"] is True
    assert event.note.startswith("From Pamela Wombat (mother): LATE")
    timeline = body(client_of(world.user(Role.CASEWORKER)).get(case.get_absolute_url()))
    assert "LATE, after the last day" in timeline


def test_a_meeting_and_a_school_are_asked_for(world, family):
    case = case_with_draft(world, family.child)
    client = client_of(family.parent)
    assert (
        client.post(
            url("draft_meeting", family.child), {"about": "Section F", "times": "Mornings"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            url("draft_placement", family.child),
            {"setting_type": "special", "name": "Ourshire Special School", "reason": "Small"},
        ).status_code
        == 302
    )
    meeting = CaseEvent.objects.get(case=case, type="family_meeting_requested")
    assert meeting.details["times"] == "Mornings"
    school = CaseEvent.objects.get(case=case, type="family_placement_preference")
    assert school.details["name"] == "Ourshire Special School"
    assert school.details["setting_type"] == "special"
    timeline = body(client_of(world.user(Role.CASEWORKER)).get(case.get_absolute_url()))
    assert "Family asked for a meeting about the draft plan" in timeline
    assert "Family named the school or college they want" in timeline
    assert "Ourshire Special School" in timeline


def test_a_young_person_responds_to_their_own_draft(world, family):
    case = case_with_draft(world, family.own)
    client = client_of(family.young_person)
    response = client.post(
        url("draft_placement", family.own),
        {"setting_type": "college", "name": "Ourshire College", "reason": ""},
    )
    assert response.status_code == 302
    event = CaseEvent.objects.get(case=case, type="family_placement_preference")
    assert event.details["from"] == "Yolanda Kestrel (the young person)"
    assert (
        client.post(url("draft_representations", family.own), {"comments": "I agree"}).status_code
        == 302
    )
    meeting = client.post(url("draft_meeting", family.own), {"about": "College days", "times": ""})
    assert meeting.status_code == 302
    asked = CaseEvent.objects.get(case=case, type="family_meeting_requested")
    assert asked.details["from"] == "Yolanda Kestrel (the young person)"


def test_bad_input_is_named_and_nothing_is_written(world, family):
    case = case_with_draft(world, family.child)
    client = client_of(family.parent)
    response = client.post(
        url("draft_placement", family.child),
        {"setting_type": "castle", "name": "", "reason": "Because"},
    )
    assert response.status_code == 400
    text = body(response)
    assert 'href="#setting_type"' in text
    assert 'href="#name"' in text
    assert "Because" in text
    empty = client.post(url("draft_representations", family.child), {"comments": "   "})
    assert empty.status_code == 400
    assert "Enter your comments on the draft plan" in body(empty)
    assert not CaseEvent.objects.filter(case=case, type__startswith="family_").exists()


def test_without_a_draft_nothing_can_be_sent(world, family):
    client = client_of(family.parent)
    page = client.get(url("draft_plan", family.child))
    assert page.status_code == 200
    assert "There is no draft plan" in body(page)
    refused = client.post(url("draft_representations", family.child), {"comments": "Hello"})
    assert refused.status_code == 409
    assert not CaseEvent.objects.filter(type="family_representations").exists()


@pytest.mark.parametrize("name", ["draft_plan", "draft_representations", "draft_placement"])
def test_another_family_and_staff_get_a_missing_page(world, family, name):
    case_with_draft(world, family.child)
    for client in (
        client_of(family.other_parent),
        client_of(world.user(Role.SENCO)),
        client_of(world.user("other_caseworker")),
    ):
        assert client.get(url(name, family.child)).status_code == 404
        if name != "draft_plan":  # a page to read only
            assert client.post(url(name, family.child), {"comments": "x"}).status_code == 404
    assert not CaseEvent.objects.filter(type__startswith="family_").exists()
