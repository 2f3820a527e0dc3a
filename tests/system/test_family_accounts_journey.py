"""Family accounts: a caseworker invites a parent from the child's record; the parent makes a
password from the emailed link, enters the date of birth and the code, and sees their child."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sendpath.core.models import NotifyMessage
from sendpath.people.models import FamilyMember, Role
from sendpath.people.tests.factories import PASSWORD, UserFactory, build_world

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.system

NEW_PASSWORD = "a-long-family-passphrase-2026"


@pytest.fixture
def world(transactional_db):
    world = build_world()
    FamilyMember.objects.create(
        child=world.ours,
        full_name="Petra Quokka",
        relationship="mother",
        parental_responsibility=True,
        email="petra.quokka@example.com",
    )
    return world


def test_a_caseworker_invites_a_parent_who_links_to_their_child(page, browser, live_server, world):
    child = world.ours
    staff = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
    sign_in(staff, world.user(Role.CASEWORKER).username, PASSWORD)
    staff.goto(child.get_absolute_url())
    staff.get_by_role(
        "link", name="Invite a parent, carer or the young person to link their account"
    ).click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Invite a parent")
    assert_accessible(staff, "family-01-invite")
    staff.get_by_role("button", name="Send invitation").click()
    expect(staff.locator(".govuk-error-summary")).to_contain_text("Select who to invite")
    assert_accessible(staff, "family-02-invite-errors")
    staff.get_by_label("Petra Quokka (Mother)").check()
    staff.get_by_role("button", name="Send invitation").click()
    expect(staff.get_by_text("The link code is")).to_be_visible()
    shown = re.search(r"The link code is (?:<[^>]+>)?([A-Z0-9]{4}-[A-Z0-9]{4})", staff.content())
    assert shown
    assert_accessible(staff, "family-03-invited")
    staff.get_by_role("link", name=f"Back to {child.full_name}'s record").click()
    expect(staff.locator("#family-accounts + .govuk-summary-list")).to_contain_text("Invited")
    expect(staff.get_by_text(shown.group(1))).to_have_count(0)
    staff.context.close()

    email = NotifyMessage.objects.get(to="petra.quokka@example.com").body
    assert shown.group(1) in email
    assert child.first_name not in email
    link = re.search(r"/welcome/\S+/", email)
    assert link
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your password")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm your password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password is set")

    sign_in(page, "petra.quokka@example.com", NEW_PASSWORD)
    expect(page.get_by_text("invited to link your account to a child's record")).to_be_visible()
    expect(page.get_by_text(child.first_name)).to_have_count(0)
    assert_accessible(page, "family-04-home-invited")
    page.get_by_role("link", name="Link your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Link your account to a child's record"
    )
    expect(page.get_by_text(child.first_name)).to_have_count(0)
    assert_accessible(page, "family-05-link")

    page.get_by_role("group", name="Date of birth").get_by_label("Day").fill("1")
    page.get_by_role("group", name="Date of birth").get_by_label("Month").fill("1")
    page.get_by_role("group", name="Date of birth").get_by_label("Year").fill("2015")
    page.get_by_label("Link code").fill(shown.group(1))
    page.get_by_role("button", name="Link my account").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("4 tries left")
    assert_accessible(page, "family-06-link-wrong")

    dob = child.date_of_birth
    page.get_by_role("group", name="Date of birth").get_by_label("Day").fill(str(dob.day))
    page.get_by_role("group", name="Date of birth").get_by_label("Month").fill(str(dob.month))
    page.get_by_role("group", name="Date of birth").get_by_label("Year").fill(str(dob.year))
    page.get_by_label("Link code").fill(shown.group(1))
    page.get_by_role("button", name="Link my account").click()
    # The family's own page about the child (the portal, under /my/).
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Where things are and what happens next"
    )
    expect(page.locator(".govuk-caption-l")).to_have_text(child.full_name)
    expect(page.get_by_text("Ourshire Primary")).to_be_visible()
    assert_accessible(page, "family-07-child")
    page.get_by_role("link", name="Home").first.click()
    expect(page.get_by_role("heading", name=child.full_name)).to_be_visible()
    assert_accessible(page, "family-08-home-linked")


def test_the_young_person_decides_and_staff_record_capacity_and_remove_access(
    page, browser, live_server, world
):
    """The 16+ pages, each axe clean: the young person stops their parents' access; the parent's
    home page says why; staff record a lack of capacity and later remove an account's access."""
    child = world.family_child
    child.date_of_birth = timezone.localdate() - dt.timedelta(days=17 * 366)
    child.young_person_user = UserFactory(username="fenella", role=Role.FAMILY)
    child.save()

    sign_in(page, "fenella", PASSWORD)
    page.get_by_role("link", name="Your parents' access to your record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your parents' access")
    assert_accessible(page, "family-11-parents-access")
    page.get_by_role("button", name="Save my choice").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select whether your parents")
    assert_accessible(page, "family-12-parents-access-error")
    page.get_by_label("No, stop my parents' access").check()
    page.get_by_role("button", name="Save my choice").click()
    expect(page.get_by_text("no longer see your record")).to_be_visible()

    parent = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
    sign_in(parent, world.user(Role.FAMILY).username, PASSWORD)
    expect(parent.get_by_text("section 80")).to_be_visible()
    expect(parent.get_by_text(child.first_name)).to_have_count(0)
    assert_accessible(parent, "family-13-parent-withheld")

    staff = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
    sign_in(staff, world.user(Role.CASEWORKER).username, PASSWORD)
    staff.goto(child.get_absolute_url())
    staff.get_by_role("link", name="Record capacity to decide about parents' access").click()
    assert_accessible(staff, "family-14-capacity")
    staff.get_by_label("Yes, an assessment found they lack capacity").check()
    staff.get_by_role("button", name="Save").click()
    expect(staff.locator(".govuk-error-summary")).to_contain_text("Enter the date")
    assert_accessible(staff, "family-15-capacity-errors")
    staff.get_by_label("Day").fill("1")
    staff.get_by_label("Month").fill("9")
    staff.get_by_label("Year").fill(str(timezone.localdate().year - 1))
    staff.get_by_label("Who assessed capacity and how").fill("The college's psychologist")
    staff.get_by_role("button", name="Save").click()
    expect(staff.locator("#family-accounts + .govuk-summary-list")).to_contain_text(
        "Lacks capacity"
    )

    parent.goto("/")
    expect(parent.get_by_role("heading", name=child.full_name)).to_be_visible()

    staff.get_by_role("link", name="Remove a family account's access").click()
    assert_accessible(staff, "family-16-remove-access")
    staff.get_by_label("Pamela Wombat (Mother)").check()
    staff.get_by_label("Why are you removing their access?").fill("Asked by the family")
    staff.get_by_role("button", name="Remove access").click()
    expect(staff.get_by_text("Removed the account of Pamela Wombat")).to_be_visible()

    page.goto(child.get_absolute_url())
    page.get_by_role("link", name="Stop my access").click()
    assert_accessible(page, "family-17-stop")
    page.get_by_role("button", name="Stop my access").click()
    expect(page.get_by_text("Your access has stopped")).to_be_visible()
    assert_accessible(page, "family-18-stopped")
