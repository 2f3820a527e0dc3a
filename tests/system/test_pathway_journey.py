"""A caseworker takes one request from receipt to final plan through the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sendpath.ehc.models import Case
from sendpath.people.tests.factories import PASSWORD, build_world

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def world(transactional_db):
    return build_world()


def fill_date(page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def worklist_row(page, name: str):
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=name))


def test_request_to_decision_through_the_pages(page, world):
    today = timezone.localdate()
    received = today - dt.timedelta(days=30)
    child = world.ours
    sign_in(page, "caseworker", PASSWORD)
    expect(page.get_by_role("heading", name="My worklist")).to_be_visible()
    expect(page.get_by_text("No open cases match")).to_be_visible()
    assert_accessible(page, "p01-worklist-empty")

    # Record the request from the child's record; first with a date in the future.
    page.goto(child.get_absolute_url())
    page.get_by_role("link", name="Record a request for an EHC needs assessment").click()
    assert_accessible(page, "p02-request-form")
    page.get_by_label("Parent or carer").check()
    fill_date(page, "Date the request was received", today + dt.timedelta(days=3))
    page.get_by_role("button", name="Record request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be today or in the past")
    assert_accessible(page, "p03-request-errors")
    assert not Case.objects.exists()
    fill_date(page, "Date the request was received", received)
    page.get_by_role("button", name="Record request").click()
    expect(page.get_by_text("Request recorded")).to_be_visible()
    due = received + dt.timedelta(weeks=6)
    expect(page.get_by_role("row", name="Decide whether to assess")).to_contain_text(
        f"{due.day} {due:%B %Y}"
    )
    expect(page.get_by_role("row", name="Decide whether to assess")).to_contain_text("reg 5(1)")
    assert_accessible(page, "p04-case")

    # The worklist shows it with its next deadline.
    page.get_by_role("link", name="Worklist").first.click()
    row = worklist_row(page, f"{child.last_name}, {child.first_name}")
    expect(row).to_contain_text("Decide whether to assess")
    expect(row).to_contain_text(f"{due.day} {due:%B %Y}")

    # Panel: record the decision, first dated before the request.
    page.get_by_role("link", name="Panel").first.click()
    assert_accessible(page, "p05-panel")
    page.get_by_role("link", name=f"Record decision for {child.full_name}").click()
    page.get_by_label("Yes, carry out an assessment").check()
    fill_date(page, "Date of the decision", received - dt.timedelta(days=2))
    page.get_by_label("Reasons").fill("Evidence shows needs that may need special provision")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The date must be on or after")
    expect(page.get_by_label("Reasons")).to_have_value(
        "Evidence shows needs that may need special provision"
    )
    assert_accessible(page, "p06-decision-errors")
    fill_date(page, "Date of the decision", received + dt.timedelta(days=20))
    page.get_by_role("button", name="Record decision").click()
    expect(
        page.get_by_role("heading", name="Assessments: decide whether to issue a plan (1)")
    ).to_be_visible()

    # The worklist's next deadline has moved on from the decision to assess.
    page.get_by_role("link", name="Worklist").first.click()
    row = worklist_row(page, f"{child.last_name}, {child.first_name}")
    expect(row).not_to_contain_text("Decide whether to assess")
    expect(row).to_contain_text("Assessing")
