"""Journeys through the children's pages, as caseworkers, managers, SENCOs and families do them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.people.models import Child, Role
from sendpath.people.tests.factories import PASSWORD, build_world, valid_nhs_number, valid_upn

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def world(transactional_db):
    return build_world()


def test_caseworker_finds_adds_and_changes_a_record(page, world):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    assert_accessible(page, "01-sign-in")
    sign_in(page, "caseworker", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, "02-home")

    # Search that finds nothing: a helpful empty state.
    page.get_by_role("link", name="Children and young people").first.click()
    page.get_by_label("Name or UPN").fill("Nosuchname")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No children or young people found")).to_be_visible()
    assert_accessible(page, "03-search-empty")

    # Search by name finds the child.
    page.get_by_label("Name or UPN").fill("Quokka")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Quokka, Aurelia")).to_be_visible()
    assert_accessible(page, "04-search-results")

    # Open the child and change the UPN to one with a wrong check letter.
    page.get_by_role("link", name="Quokka, Aurelia").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aurelia Quokka")
    page.get_by_role("button", name="Change details").click()
    good_upn = world.ours.upn
    typo = ("B" if good_upn[0] != "B" else "C") + good_upn[1:]
    page.get_by_label("Unique pupil number (UPN)").fill(typo)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("check letter is wrong")
    expect(page.get_by_label("Unique pupil number (UPN)")).to_have_value(typo)
    assert_accessible(page, "04b-edit-errors")
    world.ours.refresh_from_db()
    assert world.ours.upn == good_upn
    page.get_by_label("Unique pupil number (UPN)").fill(good_upn)
    page.get_by_label("Known as").fill("Relly")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Changes saved")).to_be_visible()
    expect(page.get_by_text("(known as Relly)")).to_be_visible()
    page.get_by_role("link", name="Children and young people").first.click()

    # Add a child, first with a bad UPN and a date in the future.
    page.get_by_role("button", name="Add a child or young person").click()
    upn, nhs = valid_upn(), valid_nhs_number()
    page.get_by_label("First name").fill("Rosalind")
    page.get_by_label("Last name").fill("Journeytest")
    born = page.get_by_role("group", name="Date of birth")
    born.get_by_label("Day").fill("5")
    born.get_by_label("Month").fill("4")
    born.get_by_label("Year").fill("2099")
    page.get_by_label("Female").check()
    bad_upn = ("B" if upn[0] != "B" else "C") + upn[1:]
    page.get_by_label("Unique pupil number (UPN)").fill(bad_upn)
    page.get_by_label("NHS number").fill(nhs)
    page.get_by_label("SEN support").check()
    page.get_by_label("Primary type of need").select_option("ASD")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Date of birth must be today or in the past")
    expect(summary).to_contain_text("check letter is wrong")
    expect(page.get_by_label("Last name")).to_have_value("Journeytest")
    expect(page).to_have_title("Error: Add a child or young person \u2013 sendpath")
    assert_accessible(page, "05-add-child-errors")
    assert not Child.objects.filter(last_name="Journeytest").exists()

    # The error summary link moves focus to the field.
    summary.get_by_role("link", name="check letter is wrong").click()
    expect(page.get_by_label("Unique pupil number (UPN)")).to_be_focused()

    page.get_by_role("group", name="Date of birth").get_by_label("Year").fill("2016")
    page.get_by_label("Unique pupil number (UPN)").fill(upn)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rosalind Journeytest")
    expect(page.get_by_text("Record created for Rosalind Journeytest")).to_be_visible()
    assert_accessible(page, "06-record")

    # Add a parent with parental responsibility.
    page.get_by_role("link", name="Add a parent, carer or family member").click()
    page.get_by_label("Full name").fill("Miriam Journeytest")
    page.get_by_label("Relationship to the child").select_option("mother")
    page.get_by_label("Has parental responsibility").check()
    page.get_by_label("Telephone").fill("not a number")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a telephone number")
    expect(page.get_by_label("Full name")).to_have_value("Miriam Journeytest")
    assert_accessible(page, "07-family-errors")
    page.get_by_label("Telephone").fill("07700 900456")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("cell", name="Miriam Journeytest", exact=True)).to_be_visible()

    # Change a detail.
    page.get_by_role("button", name="Change details").click()
    assert_accessible(page, "08-edit")
    page.get_by_label("Known as").fill("Roz")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("(known as Roz)")).to_be_visible()

    child = Child.objects.get(last_name="Journeytest")
    actions = set(AuditEntry.objects.filter(child_id=child.pk).values_list("action", flat=True))
    assert {AuditAction.CREATED, AuditAction.VIEWED, AuditAction.UPDATED} <= actions


def test_manager_sees_the_access_log(page, world):
    sign_in(page, "manager", PASSWORD)
    page.goto(world.ours.get_absolute_url())
    expect(page.get_by_role("heading", name="Who has looked at this record")).to_be_visible()
    assert_accessible(page, "09-record-manager")
    page.get_by_role("link", name="See everyone who has looked at or changed this record").click()
    expect(page.get_by_role("cell", name="Viewed: Viewed the record").first).to_be_visible()
    assert_accessible(page, "10-access-log")


def test_senco_cannot_reach_another_schools_pupil(page, world):
    sign_in(page, "senco", PASSWORD)
    page.goto(world.theirs.get_absolute_url())
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_text(world.theirs.first_name)).to_have_count(0)
    assert_accessible(page, "11-not-found")
    page.goto("/children/?q=" + world.theirs.upn)
    expect(page.get_by_text("No children or young people found")).to_be_visible()
    page.goto("/children/new/")
    expect(page.get_by_role("heading", name="You do not have access to this page")).to_be_visible()
    assert_accessible(page, "12-forbidden")


def test_family_sees_only_their_child(page, world):
    sign_in(page, Role.FAMILY.value, PASSWORD)
    # The family's home is their own pages (under /my/).
    expect(page.get_by_role("heading", name=world.family_child.full_name)).to_be_visible()
    assert_accessible(page, "13-family-home")
    page.get_by_role("link", name="See where things are and what happens next").click()
    expect(page.locator(".govuk-caption-l")).to_have_text(world.family_child.full_name)
    assert_accessible(page, "14-family-record")
    page.goto(world.ours.get_absolute_url())
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()


def test_sign_in_works_with_the_keyboard_alone(page, world):
    page.goto("/sign-in/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.get_by_label("Username").focus()
    page.keyboard.type("caseworker")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/sign-in/" not in url)
    expect(page.get_by_text("Signed in as")).to_be_visible()


def test_organisations_pages(page, world):
    sign_in(page, Role.ADMINISTRATOR.value, PASSWORD)
    page.goto("/organisations/")
    assert_accessible(page, "15-organisations")
    page.get_by_role("button", name="Add an organisation").click()
    page.get_by_label("School", exact=True).check()
    page.get_by_label("Name", exact=True).fill("Journey Test Primary")
    page.get_by_label("URN").fill("12A45")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a URN of up to 6 digits")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the type of school or setting"
    )
    assert_accessible(page, "16-organisation-errors")
    page.get_by_label("URN").fill("123456")
    page.get_by_label("Type of school or setting").select_option("mainstream_academy")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Journey Test Primary")
    assert_accessible(page, "17-organisation")


def test_sign_out_from_the_navigation(page, world):
    sign_in(page, "caseworker", PASSWORD)
    page.get_by_role("link", name="Sign out").click()
    assert_accessible(page, "18-sign-out")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to sendpath")).to_be_visible()
    page.goto("/children/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/children/$"))
