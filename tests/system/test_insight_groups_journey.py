"""Who is over- or under-represented: an administrator enters the 0-25 population (after a
mistake), a leader reads the counts (no names, no links), a manager opens the children behind a
count, and a caseworker records free school meals on a child's record. axe clean on every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD, ChildFactory, build_world

from .conftest import assert_accessible, settled, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def world(transactional_db):
    w = build_world()
    for i in range(40):
        ChildFactory(
            responsible_authority=w.la,
            sen_provision="E",
            sex="M",
            last_name=f"Plannedboy{i:02d}",
            fsm_eligible="Y" if i < 15 else "N",
        )
    for i in range(10):
        ChildFactory(
            responsible_authority=w.la, sen_provision="E", sex="F", last_name=f"Plannedgirl{i:02d}"
        )
    return w


def test_who_is_over_or_under_represented(page, world):
    sign_in(page, world.user(Role.ADMINISTRATOR).username, PASSWORD)
    page.goto("/insight/groups/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Who is over- or under-represented")
    expect(page.get_by_text("0 to 25 population is not known")).to_be_visible()
    assert_accessible(page, "groups-01-no-population")
    page.get_by_role("link", name="Enter the 0 to 25 population").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The authority's 0-25 population")
    page.get_by_label("Sex: Female").fill("5000")
    page.get_by_label("Sex: Male").fill("five thousand")
    settled(page)
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Sex: Male must be a whole number")
    expect(summary).to_contain_text("Enter where the figures come from")
    expect(page.get_by_label("Sex: Female")).to_have_value("5000")
    assert_accessible(page, "groups-02-population-errors")
    page.get_by_label("Where the figures come from").fill("ONS mid-year estimates")
    page.get_by_label("Sex: Male").fill("5000")
    settled(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The 0-25 population is saved")).to_be_visible()
    # 40 boys of 50 plans against half the population: flagged.
    sex = page.locator("#plans-sex")
    expect(sex.get_by_text("Over-represented")).to_be_visible()
    expect(sex.get_by_text("Under-represented")).to_be_visible()
    assert_accessible(page, "groups-03-with-population")

    page.context.clear_cookies()
    sign_in(page, world.user(Role.LEADER).username, PASSWORD)
    page.goto("/insight/groups/")
    expect(page.locator("#plans-sex")).to_contain_text("40")
    assert page.locator("#plans-sex a").count() == 0
    expect(page.get_by_text("Plannedboy00")).to_have_count(0)
    assert_accessible(page, "groups-04-leader")

    page.context.clear_cookies()
    sign_in(page, world.user(Role.MANAGER).username, PASSWORD)
    page.goto("/insight/groups/")
    page.locator("#plans-fsm").get_by_role("link", name="15 children: Eligible").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "EHC plans in force: free school meals, Eligible"
    )
    expect(page.get_by_text("15 children and young people")).to_be_visible()
    expect(page.get_by_role("link", name="Plannedboy00, ")).to_be_visible()
    assert_accessible(page, "groups-05-children")


def test_a_caseworker_records_free_school_meals(page, world):
    sign_in(page, world.user(Role.CASEWORKER).username, PASSWORD)
    page.goto(f"/children/{world.ours.pk}/edit/")
    fsm = page.get_by_role("group", name="Free school meals eligibility")
    fsm.get_by_label("Eligible for free school meals", exact=True).check()
    page.get_by_role("group", name="Date eligible for free school meals from").get_by_label(
        "Year"
    ).fill("2024")
    page.get_by_role("group", name="Date eligible for free school meals from").get_by_label(
        "Month"
    ).fill("9")
    page.get_by_role("group", name="Date eligible for free school meals from").get_by_label(
        "Day"
    ).fill("3")
    page.get_by_label("First language category on the school census").select_option("OTH")
    assert_accessible(page, "groups-06-child-form")
    settled(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Changes saved")).to_be_visible()
    expect(page.get_by_text("Eligible since 3 September 2024")).to_be_visible()
    assert_accessible(page, "groups-07-child-record")
