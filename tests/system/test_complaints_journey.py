"""A complaint from the family's pages to its outcome: a parent makes a complaint from /my/
(a missing answer first, kept as typed), sees it at stage 1; the caseworker finds it on the
complaints list with its response date, responds at stage 1, moves it to stage 2 when the
family asks, and records the outcome and what the council learnt. axe-core on every page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sendpath.disputes.models import Complaint
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD
from sendpath.portal.tests.asking_support import build_family

from .conftest import assert_accessible, settled, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def world_and_family(transactional_db):
    from sendpath.people.tests.factories import build_world

    world = build_world()
    return world, build_family(world)


def test_a_family_complains_and_the_caseworker_takes_it_to_an_outcome(
    page, browser, live_server, world_and_family
):
    world, family = world_and_family
    child = family.child

    # The family, on a phone, from their child's page.
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, family.parent.username, PASSWORD)
    page.goto(reverse("portal:child", kwargs={"pk": child.pk}))
    page.get_by_role("link", name="Make a complaint").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make a complaint")
    assert_accessible(page, "complaints-01-make")
    page.get_by_label("The council's special educational needs team").check()
    settled(page)
    page.get_by_role("button", name="Send your complaint").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter what went wrong")
    expect(page.get_by_label("The council's special educational needs team")).to_be_checked()
    assert_accessible(page, "complaints-02-errors")
    page.get_by_label("What went wrong").fill("Nobody has rung me back for three weeks")
    page.get_by_label("What would put it right (optional)").fill("A meeting")
    settled(page)
    page.get_by_role("button", name="Send your complaint").click()
    expect(page.get_by_text("Your complaint has been sent to the council")).to_be_visible()
    expect(page.get_by_text("Stage 1", exact=True)).to_be_visible()
    assert_accessible(page, "complaints-03-yours")
    complaint = Complaint.objects.get(child=child)
    assert complaint.from_family

    # The caseworker.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    staff = context.new_page()
    staff.set_default_timeout(15000)
    sign_in(staff, world.user(Role.CASEWORKER).username, PASSWORD)
    staff.goto(reverse("disputes:complaints"))
    expect(staff.get_by_role("heading", level=1)).to_have_text(
        "Complaints and disagreement resolution"
    )
    assert_accessible(staff, "complaints-04-list")
    staff.get_by_role("link", name=child.full_name).click()
    expect(staff.get_by_text("Response due by")).to_be_visible()
    assert_accessible(staff, "complaints-05-complaint")

    staff.get_by_role("button", name="Record the response").click()
    assert_accessible(staff, "complaints-06-respond")
    staff.get_by_label("What the response said").fill("We are sorry; a meeting is booked")
    settled(staff)
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_text("Response recorded")).to_be_visible()

    staff.get_by_role("button", name="Move to the next stage").click()
    staff.get_by_label("Stage 2: the family asked for the complaint to be looked at again").check()
    assert_accessible(staff, "complaints-07-move")
    settled(staff)
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_text("Moved to the next stage")).to_be_visible()
    expect(staff.get_by_role("cell", name="Stage 2", exact=True)).to_be_visible()

    staff.get_by_role("button", name="Record the outcome").click()
    staff.get_by_label("Partly upheld").check()
    staff.get_by_label("What the council has learnt (optional)").fill(
        "Ring families back within 2 working days"
    )
    assert_accessible(staff, "complaints-08-outcome")
    settled(staff)
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_text("Outcome recorded")).to_be_visible()
    expect(staff.get_by_text("Ring families back within 2 working days")).to_be_visible()
    assert_accessible(staff, "complaints-09-closed")
    context.close()

    complaint.refresh_from_db()
    assert complaint.stage == "closed"
    assert complaint.outcome == "partly_upheld"
    assert list(complaint.stages.values_list("stage", flat=True)) == ["stage_1", "stage_2"]

    # The family sees where it ended.
    page.goto(reverse("disputes:family_complaints", kwargs={"pk": child.pk}))
    expect(page.get_by_text("Closed: partly upheld")).to_be_visible()
