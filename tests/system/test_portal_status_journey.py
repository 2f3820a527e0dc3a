"""The family's status pages in a browser, each page axe clean: a parent sees where the request
is and by when; the caseworker records the decision to assess; the parent sees the stage and the
dates move, prints the timeline and reads the glossary. A young person sees their own case and
their plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sendpath.core.formatting import govuk_date
from sendpath.ehc.cases import services
from sendpath.ehc.models import Deadline
from sendpath.ehc.plans import issuing as plan_issuing
from sendpath.ehc.tests.test_final import name_placement
from sendpath.ehc.tests.test_plan import draft_sent_case
from sendpath.people.models import FamilyMember, Role
from sendpath.people.tests.factories import PASSWORD, UserFactory, build_world

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.system


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture
def world(transactional_db):
    world = build_world()
    FamilyMember.objects.filter(child=world.family_child).update(has_account_access=True)
    return world


def test_a_parent_follows_the_request_as_the_caseworker_records_the_decision(page, world):
    child = world.family_child
    case = services.case_open(
        actor=world.user(Role.CASEWORKER), child=child, source="parent", received_on=days_ago(20)
    )
    decide = Deadline.objects.get(case=case, key="decide_whether_to_assess").due

    sign_in(page, world.user(Role.FAMILY).username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your family")
    expect(page.get_by_text(f"by {govuk_date(decide)}")).to_be_visible()
    assert_accessible(page, "portal-01-home")

    page.get_by_role("link", name="See where things are and what happens next").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Where things are and what happens next"
    )
    expect(page.get_by_text("We have the request for an assessment")).to_be_visible()
    due = page.locator('[data-key="decide_whether_to_assess"]')
    expect(due).to_have_text(govuk_date(decide))
    expect(page.get_by_text("The law says within 6 weeks of getting the request.")).to_be_visible()
    assert_accessible(page, "portal-02-child-requested")

    # The caseworker records the decision to assess (through the same service the staff page uses).
    services.event_record(
        actor=world.user(Role.CASEWORKER),
        case=case,
        type="decision_to_assess",
        date=days_ago(1),
        details={"outcome": "yes"},
    )
    page.reload()
    expect(page.get_by_text("Assessment: finding out about your child's needs")).to_be_visible()
    expect(page.locator('[data-key="decide_whether_to_assess"]')).to_have_count(0)
    expect(page.get_by_text("We decided to do an assessment")).to_be_visible()
    plan_by = Deadline.objects.get(case=case, key="decide_whether_to_issue_plan").due
    expect(page.locator('[data-key="decide_whether_to_issue_plan"]')).to_have_text(
        govuk_date(plan_by)
    )
    assert_accessible(page, "portal-03-child-assessing")

    page.get_by_role("link", name="See and print the whole timeline").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Timeline")
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()
    expect(page.get_by_role("link", name="Download the timeline as a PDF")).to_be_visible()
    assert_accessible(page, "portal-04-timeline")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print this page")).to_be_hidden()
    page.emulate_media(media="screen")

    page.go_back()
    page.get_by_role("link", name="Words we use, explained").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Words we use")
    assert_accessible(page, "portal-05-glossary")


def test_a_late_step_is_said_plainly_on_a_phone(page, world):
    page.set_viewport_size({"width": 375, "height": 800})
    child = world.family_child
    case = services.case_open(
        actor=world.user(Role.CASEWORKER), child=child, source="parent", received_on=days_ago(60)
    )
    decide = Deadline.objects.get(case=case, key="decide_whether_to_assess").due
    sign_in(page, world.user(Role.FAMILY).username, PASSWORD)
    expect(page.get_by_text("Something is late")).to_be_visible()
    page.get_by_role("link", name="See where things are and what happens next").click()
    expect(page.locator(".govuk-warning-text").first).to_contain_text(
        f"this should have happened by {govuk_date(decide)}"
    )
    expect(page.locator(".govuk-warning-text").first).to_contain_text("Your caseworker is")
    assert_accessible(page, "portal-06-late-phone")


def test_a_young_person_sees_their_own_case_and_plan(page, world):
    child = world.ours
    child.date_of_birth = timezone.localdate() - dt.timedelta(days=17 * 366)
    child.young_person_user = UserFactory(username="aurelia", role=Role.FAMILY)
    child.save()
    case = draft_sent_case(world, sent_ago=40, child=child)
    name_placement(world, case)
    plan_issuing.final_issue(actor=world.user(Role.CASEWORKER), case=case, issued_on=days_ago(2))
    case.refresh_from_db()

    sign_in(page, "aurelia", PASSWORD)
    expect(page.get_by_role("heading", name="Your own case")).to_be_visible()
    assert_accessible(page, "portal-07-young-person-home")
    page.get_by_role("link", name="See where things are and what happens next").click()
    expect(page.get_by_text("The plan is in place")).to_be_visible()
    expect(page.locator('[data-key="annual_review"]')).to_have_text(govuk_date(case.review_due))
    assert_accessible(page, "portal-08-young-person-case")
    page.get_by_role("link", name="Read your plan").click()
    expect(page.get_by_text("Finds it hard to follow spoken instructions")).to_be_visible()
    expect(page.get_by_role("link", name="Download the plan as a PDF")).to_be_visible()
    assert_accessible(page, "portal-09-young-person-plan")
