"""Alternative provision and preparing for adulthood: a caseworker records a part-time placement
from the child's record (a bad entry refused, naming the field, with what was typed kept), and a
young person's destination; a manager finds the child flagged part time on the oversight page
and the NEET young person behind the count; a leader sees the same counts and no names.
axe-core on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from sendpath.insight.models import AdulthoodRecord, Placement
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD

from .conftest import assert_accessible, settled, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def setup(transactional_db):
    from sendpath.insight.tests.provision_support import with_plan
    from sendpath.people.tests.factories import build_world

    world = build_world()
    young = with_plan(world.la, years=19, first_name="Octavia", last_name="Heron")
    return world, young


def _date(page, label: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=label)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_recording_and_overseeing_alternative_provision(browser, live_server, page, setup):
    world, young = setup
    child = world.ours
    today = timezone.localdate()

    sign_in(page, world.user(Role.CASEWORKER).username, PASSWORD)
    page.goto(reverse("people:child", args=[child.pk]))
    expect(page.get_by_text("No alternative provision placement has been recorded")).to_be_visible()
    page.get_by_role("link", name="Record an alternative provision placement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Record an alternative provision placement"
    )
    assert_accessible(page, "insight-provision-01-placement-form")
    page.get_by_label("Or the provider's name (optional)").fill("Riverside Learning Centre")
    page.get_by_label("Yes, registered with Ofsted").check()
    page.get_by_label("Hours a week").fill("twelve")
    page.get_by_label("Suspended (fixed-period exclusion)").check()
    settled(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Hours a week must be a number")
    expect(page.get_by_label("Or the provider's name (optional)")).to_have_value(
        "Riverside Learning Centre"
    )
    assert_accessible(page, "insight-provision-02-refused")
    page.get_by_label("Hours a week").fill("12")
    page.get_by_label("Thursday").uncheck()
    page.get_by_label("Friday").uncheck()
    settled(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Placement recorded")).to_be_visible()
    expect(page.get_by_text("Part time").first).to_be_visible()
    placement = Placement.objects.get(child=child)
    assert placement.days == ["mon", "tue", "wed"]
    assert placement.school == world.school  # the school of record, offered by default

    # A young person's destination, from their record.
    page.goto(reverse("people:child", args=[young.pk]))
    page.get_by_role("link", name="Record the destination and transitions").click()
    assert_accessible(page, "insight-provision-03-adulthood-form")
    page.get_by_label("Not in education, employment or training (NEET)").check()
    _date(page, "Referred to adult social care on (optional)", today - dt.timedelta(days=30))
    settled(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Preparing for adulthood saved")).to_be_visible()
    assert AdulthoodRecord.objects.get(child=young).destination == "neet"

    # The manager: the child flagged part time, and the NEET young person behind the count.
    manager = browser.new_context(
        base_url=live_server.url, bypass_csp=True, viewport={"width": 1200, "height": 900}
    ).new_page()
    sign_in(manager, world.user(Role.MANAGER).username, PASSWORD)
    manager.goto(reverse("insight:alternative_provision"))
    expect(manager.get_by_role("heading", level=1)).to_have_text("Alternative provision")
    assert_accessible(manager, "insight-provision-04-ap-manager")
    manager.locator('[data-count="part_time"] a').click()
    expect(manager.locator("#ap-children")).to_contain_text(child.full_name)
    expect(manager.locator("#ap-children")).to_contain_text("12.0 of 25")
    manager.goto(reverse("insight:adulthood"))
    assert_accessible(manager, "insight-provision-05-adulthood-manager")
    manager.locator('[data-count="neet"] a').click()
    expect(manager.locator("#adulthood-young-people")).to_contain_text(young.full_name)

    # The leader: the same counts, no names and no links to children.
    leader = browser.new_context(
        base_url=live_server.url, bypass_csp=True, viewport={"width": 1200, "height": 900}
    ).new_page()
    sign_in(leader, world.user(Role.LEADER).username, PASSWORD)
    leader.goto(reverse("insight:alternative_provision"))
    expect(leader.locator('[data-count="part_time"]')).to_contain_text("1")
    expect(leader.get_by_text(child.full_name)).to_have_count(0)
    assert_accessible(leader, "insight-provision-06-ap-leader")
    leader.goto(reverse("insight:adulthood"))
    expect(leader.locator('[data-count="neet"]')).to_contain_text("1")
    expect(leader.get_by_text(young.full_name)).to_have_count(0)
    assert_accessible(leader, "insight-provision-07-adulthood-leader")
