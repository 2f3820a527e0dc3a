"""Issue 15's journey: a SENCO puts a pupil on SEN support, runs two cycles with targets, outside
advice, the pupil's views and a costed provision map, sees the readiness check turn ready and
sends the request from the record; it arrives complete at the SEND team's panel. axe clean on
every page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sendpath.ehc.models import Case, Document
from sendpath.people.models import Role, SettingAttendance
from sendpath.people.tests.factories import PASSWORD, ChildFactory, build_world

from .conftest import assert_accessible, settled, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def world(transactional_db):
    return build_world()


def _date(page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def _cycle(page, number: int, started: dt.date, reviewed: dt.date, result: str, step: str):
    """Start cycle ``number``, record its target's result, review it and what was learnt."""
    page.get_by_role("button", name=f"Start cycle {number}").click()
    _date(page, "Start date", started)
    _date(page, "Review date", started + dt.timedelta(weeks=7))
    page.get_by_role("button", name="Start the cycle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Cycle {number}")
    if number == 1:
        page.get_by_role("link", name="Add outside advice").click()
        page.get_by_label("Who the advice came from").select_option("ep")
        _date(page, "Date received", started + dt.timedelta(days=7))
        page.get_by_label("What they advised").fill("Precision teaching of common words")
        page.get_by_label("Targets were set from this advice").check()
        assert_accessible(page, "to-request-03-advice")
        page.get_by_role("button", name="Save").click()
        page.get_by_role("link", name="Add a target").click()
        page.get_by_label("Target", exact=True).fill("Read 50 common words by sight")
        page.get_by_label("How we will know it has worked").fill("Reads 50 of the 100 words")
        page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record the result of target 1").click()
    page.get_by_label(result).check()
    page.get_by_label("Evidence of impact").fill(f"Cycle {number}: words read checked weekly")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Change the review").click()
    _date(page, "Date of the review", reviewed)
    page.get_by_label("Next step").select_option(step)
    page.get_by_role("button", name="Save").click()
    assert_accessible(page, f"to-request-04-cycle-{number}")
    page.get_by_role("link", name="Back to Ottoline Tapir").click()


def test_a_school_takes_a_pupil_from_sen_support_to_a_request(page, world):
    today = timezone.localdate()
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
    expect(page.get_by_role("heading", level=1)).to_have_text("SEN support")
    page.get_by_label("Search by name").fill("tapir")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Ottoline Tapir", exact=True).click()

    page.get_by_role("link", name="Change SEN status").click()
    page.get_by_label("SEN support (K)").check()
    page.get_by_label("Primary need").select_option("SPLD")
    _date(page, "Date of the change", today - dt.timedelta(weeks=30))
    assert_accessible(page, "to-request-01-register")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("SEN status saved")).to_be_visible()

    page.get_by_role("link", name="Readiness check for an EHC needs assessment").click()
    expect(page.get_by_text("Ready:")).to_have_count(0)
    assert_accessible(page, "to-request-02-not-ready")
    page.go_back()

    # Two cycles, reviewed no more than a term apart, targets measured in both.
    _cycle(
        page,
        1,
        today - dt.timedelta(weeks=28),
        today - dt.timedelta(weeks=17),
        "Partly met",
        "another_cycle",
    )
    _cycle(
        page,
        2,
        today - dt.timedelta(weeks=16),
        today - dt.timedelta(weeks=3),
        "Partly met",
        "ehc_request",
    )

    page.get_by_role("link", name="My Story: the child's views").click()
    page.get_by_role("button", name="Record the child's views").click()
    page.get_by_label("How the child's views were gathered").select_option(label="Three wishes")
    _date(page, "Date gathered", today - dt.timedelta(weeks=4))
    page.get_by_label("Who gathered them").fill("Class teacher")
    page.get_by_label("What the child said or showed").fill("To read comics on my own")
    settled(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("To read comics on my own")).to_be_visible()

    page.get_by_role("link", name="Provision map").click()
    page.get_by_role("button", name="Add provision").click()
    page.get_by_label("Provision", exact=True).fill("Specialist reading teacher")
    page.get_by_label("Wave 3: specialist (individual)").check()
    page.get_by_label("By the hour").check()
    page.get_by_label("Cost per hour or per session").fill("50")
    page.get_by_label("Minutes a week").fill("600")
    page.get_by_label("Weeks this term").fill("13")
    page.get_by_label("Group size").fill("1")
    settled(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Provision saved: £6,500 for the term")).to_be_visible()
    assert_accessible(page, "to-request-05-provision")

    page.get_by_role("link", name="Evidence of need").first.click()
    page.get_by_role("button", name="Add evidence of need").click()
    page.get_by_label("Reading age").check()
    _date(page, "Date recorded", today - dt.timedelta(weeks=2))
    page.get_by_label("What it shows").fill("Reading age 6 years 2 months at 9 years 4 months")
    settled(page)
    page.get_by_role("button", name="Save").click()

    page.goto(f"/support/pupils/{child.pk}/readiness/")
    expect(page.get_by_text("Ready:")).to_be_visible()
    assert_accessible(page, "to-request-06-ready")
    page.get_by_role("button", name="Request an EHC needs assessment").click()
    assert_accessible(page, "to-request-07-request")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("agree")
    assert_accessible(page, "to-request-08-agreement-missing")
    page.get_by_label("The parent or carer agrees to this request").check()
    page.get_by_label("Who agreed").fill("Mother")
    _date(page, "Date they agreed", today)
    page.get_by_label("Why the school is asking now").fill("Progress has stalled after two cycles")
    settled(page)
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Request sent to the SEND team")).to_be_visible()

    case = Case.objects.get(child=child, closed_at__isnull=True)
    assert case.request_source == "school"
    assert case.caseworker is None
    assert Document.objects.filter(case=case).exists()

    # The SEND team finds it at the panel, complete: nothing to type again.
    page.context.clear_cookies()
    sign_in(page, world.user(Role.CASEWORKER).username, PASSWORD)
    page.goto("/panel/")
    expect(page.get_by_role("link", name="Ottoline Tapir", exact=True)).to_be_visible()
    assert_accessible(page, "to-request-09-panel")
    page.get_by_role("link", name="Ottoline Tapir", exact=True).click()
    expect(page.get_by_text("School, college or early years setting").first).to_be_visible()
    assert_accessible(page, "to-request-10-case")
