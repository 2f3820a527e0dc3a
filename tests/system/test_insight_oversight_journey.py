"""Oversight of reviews and disagreements: a leader reaches both pages from Insight's front page
and sees counts only (no child named, no list); a manager opens the plans behind a review
figure. axe-core on every page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sendpath.insight.tests.oversight_support import oversight_disputes, oversight_history
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def world(transactional_db):
    from sendpath.people.tests.factories import build_world

    world = build_world()
    case = oversight_history(world, world.ours, world.user(Role.CASEWORKER))
    oversight_disputes(world, case, world.la)
    return world


def test_a_leader_sees_counts_and_a_manager_the_plans_behind_them(
    page, browser, live_server, world
):
    sign_in(page, world.user(Role.LEADER).username, PASSWORD)
    page.goto(reverse("insight:index"))
    page.get_by_role("link", name="Annual reviews and phase transfers").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual reviews and phase transfers")
    expect(page.get_by_role("heading", name="Annual reviews held on time")).to_be_visible()
    expect(
        page.get_by_text("DfE publishes no comparable figure for phase transfers")
    ).to_be_visible()
    expect(page.get_by_role("link", name="The children behind this figure")).to_have_count(0)
    assert "Quokka" not in page.content()
    assert_accessible(page, "insight-oversight-01-reviews-leader")

    page.goto(reverse("insight:disagreements"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaints, mediation and tribunals")
    expect(page.get_by_role("heading", name="Appeal rate", exact=True)).to_be_visible()
    expect(page.get_by_role("columnheader", name="England (published by DfE)")).to_be_visible()
    assert "Quokka" not in page.content()
    assert_accessible(page, "insight-oversight-02-disagreements-leader")

    other = browser.new_context(base_url=live_server.url, bypass_csp=True)
    manager = other.new_page()
    sign_in(manager, world.user(Role.MANAGER).username, PASSWORD)
    manager.goto(reverse("insight:reviews"))
    manager.get_by_role(
        "link", name=re.compile(r"The children behind this figure\W+Annual reviews held on time")
    ).click()
    expect(manager.get_by_role("heading", level=1)).to_contain_text(
        "Reviews not held by their due date"
    )
    assert_accessible(manager, "insight-oversight-03-children-manager")
    manager.get_by_role("link", name="2025", exact=True).click()
    expect(manager.get_by_role("link", name="Quokka, Aurelia")).to_be_visible()
    assert_accessible(manager, "insight-oversight-04-children-2025")
    manager.goto(reverse("insight:disagreements"))
    expect(manager.get_by_role("link", name="Appeals (list)")).to_be_visible()
    assert_accessible(manager, "insight-oversight-05-disagreements-manager")
    other.close()
