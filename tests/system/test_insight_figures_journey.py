"""The figures DfE will publish, in a browser: a leader sees the dashboard with its charts and
counts (no child named, no link to a list of children); a manager follows a figure to the
children behind it. axe-core on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sendpath.ehc.caseload.services import EventDraft, case_from_history
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD, ChildFactory

from .conftest import assert_accessible, settled, sign_in

pytestmark = pytest.mark.system
D = dt.date


@pytest.fixture
def world(transactional_db):
    from sendpath.people.tests.factories import build_world

    world = build_world()
    world.la.la_code = "999"
    world.la.save()
    child = ChildFactory(responsible_authority=world.la, first_name="Octavia", last_name="Figwort")
    case_from_history(
        actor=world.user(Role.MANAGER),
        child=child,
        authority=world.la,
        source="parent",
        received_on=D(2024, 1, 8),
        events=[
            EventDraft("request_received", D(2024, 1, 8), {"source": "parent"}),
            EventDraft("decision_to_assess", D(2024, 2, 12), {"outcome": "yes"}),
            EventDraft("assessment_outcome", D(2024, 5, 20), {"outcome": "plan"}),
            EventDraft("final_plan_issued", D(2024, 5, 20), {}),
        ],
        why="test history",
    )
    return world


def test_a_leader_sees_counts_and_a_manager_the_children_behind_them(
    page, browser, live_server, world
):
    sign_in(page, world.user(Role.LEADER).username, PASSWORD)
    page.goto(reverse("insight:figures") + "?year=2024")
    expect(page.get_by_role("heading", level=1)).to_have_text("The figures DfE will publish")
    expect(
        page.get_by_text("No published authority or regional row was found for LA code 999").first
    ).to_be_visible()
    chart = page.locator('canvas[data-figure="figure-data-timely_ex"]')
    expect(chart).to_have_attribute("role", "img")
    page.wait_for_function(
        "() => document.querySelector('canvas[data-figure]').width > 0 && window.Chart !== undefined"
    )
    assert "Figwort" not in page.content()
    expect(page.get_by_role("link", name="The children behind this figure")).to_have_count(0)
    assert_accessible(page, "figures-01-leader")
    page.get_by_label("Year", exact=True).select_option("2023")
    settled(page)
    page.get_by_role("button", name="Show this year").click()
    expect(page.get_by_text("Showing requests, assessments and plans of 2023")).to_be_visible()

    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    manager = context.new_page()
    manager.set_default_timeout(15000)
    sign_in(manager, world.user(Role.MANAGER).username, PASSWORD)
    manager.goto(reverse("insight:figures") + "?year=2024")
    assert_accessible(manager, "figures-02-manager")
    new_plans = manager.locator("#figure-new_plans").get_by_role("link")
    expect(new_plans).to_contain_text("The children behind this figure")
    new_plans.click()
    expect(manager.get_by_role("heading", level=1)).to_contain_text("new plans, 2024")
    expect(manager.get_by_role("link", name="Figwort, Octavia")).to_be_visible()
    assert_accessible(manager, "figures-03-children")
    context.close()
