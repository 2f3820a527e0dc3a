"""A caseworker takes one request from receipt to final plan through the pages."""

from __future__ import annotations

import datetime as dt
import re

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


def test_request_to_final_plan_through_the_pages(page, world):
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

    case = Case.objects.get(child=child)
    decided = received + dt.timedelta(days=20)

    # Advice: ask the educational psychologist; a date before the decision is refused.
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Advice", exact=True).click()
    assert_accessible(page, "p07-advice")
    page.get_by_role("button", name="Request advice").click()
    page.get_by_label("Psychological", exact=False).first.check()
    page.get_by_label("Name of the person giving the advice").fill("Dr Ellis Park")
    page.get_by_label("Their email address").fill("ellis.park@example.org")
    fill_date(page, "Date the advice was requested", decided - dt.timedelta(days=5))
    page.get_by_role("button", name="Record the request").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_label("Name of the person giving the advice")).to_have_value("Dr Ellis Park")
    assert_accessible(page, "p08-advice-errors")
    fill_date(page, "Date the advice was requested", decided + dt.timedelta(days=1))
    page.get_by_role("button", name="Record the request").click()
    advice_due = decided + dt.timedelta(days=1, weeks=6)
    expect(page.get_by_text(f"{advice_due.day} {advice_due:%B %Y}").first).to_be_visible()
    page.get_by_role("link", name="Record received").first.click()
    fill_date(page, "Date the advice was received", today + dt.timedelta(days=1))
    page.get_by_role("button", name="Record advice received").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    fill_date(page, "Date the advice was received", today - dt.timedelta(days=5))
    page.get_by_role("button", name="Record advice received").click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()

    # Panel: decide to issue a plan.
    page.goto(case.get_absolute_url())
    page.get_by_role("button", name="Record the decision whether to issue a plan").click()
    page.get_by_label("Yes, issue a plan").check()
    fill_date(page, "Date of the decision", today - dt.timedelta(days=4))
    page.get_by_label("Reasons").fill(
        "The advice shows needs that require special educational provision"
    )
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Drafting the plan").first).to_be_visible()

    # Draft plan: a need, an outcome and quantified provision, all linked.
    page.get_by_role("link", name="Plan", exact=True).click()
    assert_accessible(page, "p09-plan-empty")
    page.get_by_role("link", name="Add a need").click()
    page.get_by_label("Communication and interaction").check()
    page.get_by_role("button", name=re.compile("Save|Add")).first.click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("description")
    assert_accessible(page, "p10-need-errors")
    page.get_by_label("Description of the need").fill(
        "Difficulty following spoken instructions of more than two steps"
    )
    page.get_by_role("button", name=re.compile("Save|Add")).first.click()
    page.get_by_role("link", name="Add an outcome").click()
    page.get_by_label("Outcome", exact=True).fill(
        "Follow three-step classroom instructions independently"
    )
    page.get_by_label("By when").fill("By the end of Year 7 (July 2027)")
    page.get_by_label("How progress will be measured").fill(
        "Speech and language therapist's assessment each term"
    )
    page.get_by_role("group", name=re.compile("Needs this")).get_by_role("checkbox").first.check()
    page.get_by_role("button", name=re.compile("Save|Add")).first.click()
    page.get_by_role("link", name=re.compile("Add provision")).first.click()
    page.get_by_label("What the provision is").fill(
        "Speech and language therapy in a small group of 3 on following instructions"
    )
    page.get_by_label("Who will provide it").fill("Speech and language therapist")
    page.get_by_label("How often").fill("regular")
    page.get_by_label("For how long").fill("30 minutes each session, for 2 terms")
    page.get_by_role("group", name=re.compile("Needs this")).get_by_role("checkbox").first.check()
    page.get_by_role("button", name=re.compile("Save|Add")).first.click()
    expect(page.get_by_text("regular", exact=False).first).to_be_visible()
    assert_accessible(page, "p11-plan-warnings")

    # Send the draft: the vague frequency is a golden-thread warning to confirm.
    page.get_by_role("button", name="Send the draft plan").click()
    fill_date(page, "Date the draft plan was sent", today - dt.timedelta(days=3))
    page.get_by_role("button", name=re.compile("Send")).last.click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "p12-send-errors")
    page.get_by_label("I have checked these warnings and want to send the draft anyway").check()
    page.get_by_role("button", name=re.compile("Send")).last.click()
    closes = today - dt.timedelta(days=3) + dt.timedelta(days=14)
    expect(page.get_by_text(f"{closes.day} {closes:%B %Y}").first).to_be_visible()

    # Consultation: consult the school, record its answer, name it.
    page.get_by_role("link", name="Consultation", exact=True).click()
    page.get_by_role("button", name="Consult a setting").click()
    page.get_by_label("School, college or setting").select_option(str(world.school.pk))
    fill_date(page, "Date consulted", today - dt.timedelta(days=3))
    page.get_by_role("button", name=re.compile("Consult|Record|Save")).last.click()
    page.get_by_role("link", name=re.compile("Record the response")).first.click()
    fill_date(page, "Date of the response", today - dt.timedelta(days=2))
    page.get_by_role("group", name="Can the setting meet the child's needs?").get_by_label(
        "No"
    ).check()
    page.get_by_role("button", name=re.compile("Record|Save")).last.click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("reason")
    assert_accessible(page, "p13-response-errors")
    page.get_by_role("group", name="Can the setting meet the child's needs?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("button", name=re.compile("Record|Save")).last.click()
    page.get_by_role("button", name="Name the placement").click()
    page.get_by_label(world.school.name).check()
    fill_date(page, "Date the placement was decided", today - dt.timedelta(days=1))
    page.get_by_role("button", name=re.compile("Name|Record|Save")).last.click()
    assert_accessible(page, "p14-consultation")

    # Issue the final plan inside the family's 15 days: they must have made representations.
    page.get_by_role("link", name="Plan", exact=True).click()
    page.get_by_role("button", name="Issue the final plan").click()
    fill_date(page, "Date the final plan was issued", today)
    page.get_by_role("button", name=re.compile("Issue")).last.click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "p15-issue-errors")
    page.get_by_label("The family have already made their representations on the draft").check()
    page.get_by_role("button", name=re.compile("Issue")).last.click()
    expect(page.get_by_text("Final plan issued").first).to_be_visible()
    case.refresh_from_db()
    assert case.stage == "final_issued"
    met = case.deadlines.get(key="issue_final_plan")
    assert met.completed_on == today
    assert met.status == "met"

    # The printable plan and the final plan notice with the family's rights and dates.
    page.get_by_role("button", name="Printable plan").click()
    expect(
        page.get_by_role("heading", name=re.compile("Section B|B:|Special educational needs")).first
    ).to_be_visible()
    assert_accessible(page, "p16-plan-print")
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Notices", exact=True).click()
    page.get_by_role("link", name=re.compile("[Ff]inal plan")).first.click()
    expect(page.get_by_text(re.compile("[Tt]ribunal")).first).to_be_visible()
    expect(page.get_by_text(re.compile("mediation adviser")).first).to_be_visible()
    assert_accessible(page, "p17-notice")

    # The worklist no longer lists the case as needing pathway work.
    page.get_by_role("link", name="Worklist").first.click()
    expect(worklist_row(page, f"{child.last_name}, {child.first_name}")).to_contain_text(
        "Final plan issued"
    )
