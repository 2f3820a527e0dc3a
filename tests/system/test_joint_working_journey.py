"""Joint working through the pages: the Virtual School opens a meeting whose agenda builds
itself from the record, records an action and an escalation, and sees the open action carried
forward to the next meeting; a SENCO cannot see the Belonging Register."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sendpath.ehc.cases import services
from sendpath.jointworking.models import Action, Escalation
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD, build_world

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def world(transactional_db):
    return build_world()


def shown(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def fill_date(page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def sign_out(page) -> None:
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to sendpath")).to_be_visible()


def test_virtual_school_runs_a_joint_meeting_and_a_senco_cannot_see_belonging(page, world):
    today = timezone.localdate()
    child = world.ours_cared_for
    # A request received 50 days ago: the decision to assess (6 weeks) is overdue, so the
    # agenda builds an item for this cared-for child.
    services.case_open(
        actor=world.user(Role.CASEWORKER),
        child=child,
        source="parent",
        received_on=today - dt.timedelta(days=50),
    )
    vs = world.user(Role.VIRTUAL_SCHOOL)
    owner = f"{vs.display_name()} ({vs.role_label()})"
    first, second = today, today + dt.timedelta(days=14)
    due = today + dt.timedelta(days=7)

    sign_in(page, "virtual_school", PASSWORD)
    page.get_by_role("link", name="Joint working", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Joint meetings")
    expect(page.get_by_text("No meetings yet.")).to_be_visible()
    assert_accessible(page, "jw01-meetings")

    # Create a meeting: its agenda is built from the record.
    fill_date(page, "Date of the meeting", first)
    page.get_by_role("button", name="Create meeting and build agenda").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Meeting created and its agenda built from the record"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Joint meeting on {shown(first)}")
    item = page.locator("li").filter(has_text=f"{child.full_name}:")
    expect(item.first).to_be_visible()
    expect(item.first).to_contain_text("Overdue")
    expect(page.get_by_text("No open actions from earlier meetings.")).to_be_visible()
    assert_accessible(page, "jw02-meeting")

    # Record an action: without its description it is refused, and what was typed is kept.
    page.get_by_role("link", name="Record an action").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an action")
    assert_accessible(page, "jw03-action")
    page.get_by_label("Owner (optional)", exact=True).select_option(label=owner)
    fill_date(page, "Due date", due)
    page.get_by_role("button", name="Save action").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name="Enter the action")).to_have_attribute(
        "href", "#description"
    )
    expect(page.get_by_label("Owner (optional)", exact=True)).to_have_value(str(vs.pk))
    expect(page.get_by_role("group", name="Due date").get_by_label("Day")).to_have_value(
        str(due.day)
    )
    assert_accessible(page, "jw04-action-errors")
    assert Action.objects.count() == 0

    description = f"Chase the decision to assess for {child.first_name} with the SEND team"
    page.get_by_label("Action", exact=True).fill(description)
    page.get_by_role("button", name="Save action").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Action recorded")
    agreed = page.get_by_role("table", name="Actions agreed at this meeting")
    expect(agreed).to_contain_text(description)
    expect(agreed).to_contain_text(vs.display_name())
    expect(agreed).to_contain_text(shown(due))
    assert Action.objects.count() == 1

    # Raise an escalation on the child, from their joint working summary.
    page.get_by_role("link", name=f"Joint working summary for {child.full_name}").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Joint working: {child.full_name}")
    assert_accessible(page, "jw05-child")
    page.get_by_role("link", name=f"Raise an escalation for {child.full_name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise an escalation")
    expect(page.get_by_label("Child or young person")).to_have_value(str(child.pk))
    assert_accessible(page, "jw06-escalation-new")
    page.get_by_label("Reason for the escalation").fill(
        "The decision to assess is overdue and the family have had no word"
    )
    page.get_by_label("Level 1: caseworker and Virtual School adviser").check()
    page.get_by_label("Owner (optional)", exact=True).select_option(label=owner)
    fill_date(page, "Date raised", today)
    fill_date(page, "Review-by date", today + dt.timedelta(days=10))
    page.get_by_role("button", name="Raise escalation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Escalation raised")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Escalation for {child.full_name}")
    assert_accessible(page, "jw07-escalation")
    assert Escalation.objects.filter(child=child, resolved_on__isnull=True).count() == 1

    # The next meeting: the open action is carried forward onto it.
    page.get_by_role("link", name="Joint working", exact=True).first.click()
    expect(page.get_by_role("link", name=f"Joint meeting on {shown(first)}")).to_be_visible()
    fill_date(page, "Date of the meeting", second)
    page.get_by_role("button", name="Create meeting and build agenda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Joint meeting on {shown(second)}")
    expect(page.get_by_role("heading", name="Actions carried forward (1)")).to_be_visible()
    carried = page.get_by_role("table", name="Open actions from earlier meetings")
    expect(carried).to_contain_text(description)
    expect(carried).to_contain_text(f"From the meeting of {shown(first)}")
    expect(carried).to_contain_text("Open")
    assert_accessible(page, "jw08-next-meeting")
    sign_out(page)

    # A SENCO cannot see the Belonging Register.
    sign_in(page, "senco", PASSWORD)
    response = page.goto("/registers/belonging/")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")
    assert_accessible(page, "jw09-belonging-senco")
