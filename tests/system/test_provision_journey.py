"""SEN support provision: a SENCO records a pupil's views with a drawing, builds a costed
provision map (a mistake in the rate corrected), adds evidence of need and sees the school's
spend; a SEND team manager sets the threshold and reads the map. axe clean on every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD, build_world
from sendpath.support.models import ProvisionEntry, PupilVoice

from .conftest import assert_accessible, settled, sign_in

pytestmark = pytest.mark.system

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def world(transactional_db):
    return build_world()


def test_a_senco_keeps_a_pupils_voice_provision_and_evidence(page, world, tmp_path):
    child = world.ours
    sign_in(page, world.user(Role.SENCO).username, PASSWORD)
    page.goto(child.get_absolute_url())
    page.get_by_role("link", name="SEN support, cycles and Individual Support Plan").click()
    page.get_by_role("link", name="My Story: the child's views").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My Story: the child's views")
    assert_accessible(page, "provision-01-voice-empty")

    page.get_by_role("button", name="Record the child's views").click()
    assert_accessible(page, "provision-02-voice-form")
    page.get_by_label("How the child's views were gathered").select_option(label="Three wishes")
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2025")
    page.get_by_label("How the child preferred to communicate").fill("Drawing")
    page.get_by_label("What the child said or showed").fill("To read comics on my own")
    drawing = tmp_path / "wishes.png"
    drawing.write_bytes(PNG)
    page.get_by_label("A drawing, photograph or document").set_input_files(str(drawing))
    settled(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("To read comics on my own")).to_be_visible()
    expect(page.get_by_role("link", name="Download wishes.png")).to_be_visible()
    assert_accessible(page, "provision-03-voice-list")
    assert PupilVoice.objects.get().original_name == "wishes.png"

    page.get_by_role("link", name="Provision map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Costed provision map")
    assert_accessible(page, "provision-04-map-empty")
    page.get_by_role("button", name="Add provision").click()
    page.get_by_label("Provision", exact=True).fill("Reading recovery")
    page.get_by_label("Wave 3: specialist (individual)").check()
    page.get_by_label("By the hour").check()
    page.get_by_label("Cost per hour or per session").fill("twenty five")
    page.get_by_label("Minutes a week").fill("90")
    page.get_by_label("Weeks this term").fill("12")
    page.get_by_label("Group size").fill("2")
    settled(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Cost per hour or per session must be an amount in pounds"
    )
    assert_accessible(page, "provision-05-map-error")
    page.get_by_label("Cost per hour or per session").fill("25")
    settled(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Provision saved: £225 for the term")).to_be_visible()
    expect(page.get_by_text("£5,775 below the threshold")).to_be_visible()
    assert_accessible(page, "provision-06-map")
    assert ProvisionEntry.objects.get().cost_pence == 22_500

    page.get_by_role("link", name="Evidence of need").first.click()
    page.get_by_role("button", name="Add evidence of need").click()
    page.get_by_label("Reading age").check()
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("10")
    page.get_by_label("Year").fill("2025")
    page.get_by_label("What it shows").fill("Reading age 6 years 2 months at 9 years 4 months")
    settled(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Reading age 6 years 2 months")).to_be_visible()
    assert_accessible(page, "provision-07-evidence")

    page.goto("/support/provision/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Provision across the school")
    assert_accessible(page, "provision-08-school")


def test_a_manager_sets_the_threshold_and_reads_the_map(page, world):
    sign_in(page, world.user(Role.MANAGER).username, PASSWORD)
    page.goto("/support/settings/")
    assert_accessible(page, "provision-09-threshold")
    page.get_by_label("Notional SEN budget threshold a year").fill("6500")
    settled(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The threshold is now £6,500 a year")).to_be_visible()
    page.goto(f"/support/pupils/{world.ours.pk}/provision/")
    expect(page.get_by_text("£6,500 below the threshold").first).to_be_visible()
    expect(page.get_by_role("button", name="Add provision")).to_have_count(0)
    assert_accessible(page, "provision-10-map-read-only")
