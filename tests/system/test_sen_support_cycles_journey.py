"""SEN support in school: a SENCO puts a pupil on SEN support, records their tier, runs a cycle
of assess, plan, do and review, and starts the next from it, axe clean on every page."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sendpath.people.models import Role, SettingAttendance
from sendpath.people.tests.factories import PASSWORD, ChildFactory, build_world
from sendpath.support.models import Cycle

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def world(transactional_db):
    return build_world()


def test_a_senco_runs_a_cycle_and_starts_the_next(page, world):
    child = ChildFactory(
        first_name="Ottoline",
        last_name="Tapir",
        sen_provision="N",
        primary_need="",
        responsible_authority=world.la,
    )
    SettingAttendance.objects.create(
        child=child, organisation=world.school, start_date="2022-09-01"
    )
    sign_in(page, world.user(Role.SENCO).username, PASSWORD)
    page.get_by_role("link", name="SEN support").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("SEN support")
    assert_accessible(page, "support-01-home")
    page.get_by_label("Search by name").fill("tapir")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Ottoline Tapir").click()
    assert_accessible(page, "support-02-pupil")

    page.get_by_role("link", name="Change SEN status").click()
    page.get_by_label("SEN support (K)").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the pupil's primary need")
    assert_accessible(page, "support-03-register-error")
    page.get_by_label("Primary need").select_option("SPLD")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("SEN status saved")).to_be_visible()

    page.get_by_role("link", name="Change the tier and about me").click()
    page.get_by_label("Targeted plus").check()
    page.get_by_label("What is important to me").fill("My dog and drawing")
    assert_accessible(page, "support-04-about-me")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("button", name="Start cycle 1").click()
    assert_accessible(page, "support-05-start")
    page.get_by_role("button", name="Start the cycle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cycle 1")
    page.get_by_role("link", name="Add a target").click()
    page.get_by_label("Target", exact=True).fill("Read 20 common words")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record the result of target 1").click()
    page.get_by_label("Partly met").check()
    assert_accessible(page, "support-06-result")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Change the review").click()
    today = timezone.localdate()
    held = page.get_by_role("group", name="Date of the review")
    held.get_by_label("Day").fill(str(today.day))
    held.get_by_label("Month").fill(str(today.month))
    held.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Next step").select_option("another_cycle")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Change what was learnt").click()
    page.get_by_label("What we learnt").fill("Short daily sessions work best")
    page.get_by_role("button", name="Save").click()
    assert_accessible(page, "support-07-cycle")

    page.get_by_role("link", name=f"Back to {child.full_name}").click()
    page.get_by_role("button", name="Start cycle 2").click()
    expect(page.get_by_text("Short daily sessions work best")).to_be_visible()
    expect(page.get_by_text("Read 20 common words (partly met)")).to_be_visible()
    page.get_by_role("button", name="Start the cycle").click()
    expect(page.get_by_text("carried from cycle 1")).to_be_visible()
    assert_accessible(page, "support-08-second-cycle")
    assert Cycle.objects.get(child=child, number=2).targets.count() == 1
