"""SEN support for partners: a caseworker reads a pupil's SEN support from the child's record,
a SENCO reads the school's SEND data profile, and an administrator makes a Virtual School
account a Support Teacher Adviser; axe clean on every page."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sendpath.people.models import AdviserLink, Role
from sendpath.people.tests.factories import PASSWORD, UserFactory, build_world
from sendpath.support.models import Cycle, Target

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def world(transactional_db):
    return build_world()


def test_a_caseworker_reads_a_pupils_sen_support(page, world, live_server):
    today = timezone.localdate()
    cycle = Cycle.objects.create(
        child=world.ours, school=world.school, number=1, started_on=today, review_due=today
    )
    Target.objects.create(cycle=cycle, outcome="Reads ten new words a week")
    sign_in(page, world.user(Role.CASEWORKER).username, PASSWORD)
    page.goto(f"{live_server.url}{world.ours.get_absolute_url()}")
    expect(page.get_by_role("heading", name="SEN support in school")).to_be_visible()
    assert_accessible(page, "partners-01-child-panel")
    page.get_by_role("link", name="See the SEN support in school").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("SEN support in school")
    expect(page.get_by_text("Reads ten new words a week")).to_be_visible()
    assert_accessible(page, "partners-02-overview")


def test_a_senco_reads_the_schools_profile(page, world):
    sign_in(page, world.user(Role.SENCO).username, PASSWORD)
    page.get_by_role("link", name="SEND data profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your school's SEND data profile")
    assert_accessible(page, "partners-03-profile")


def test_an_administrator_makes_a_support_teacher_adviser(page, world, live_server):
    staff = UserFactory(username="adviser", role=Role.VIRTUAL_SCHOOL, organisation=world.la)
    sign_in(page, world.user(Role.ADMINISTRATOR).username, PASSWORD)
    page.goto(f"{live_server.url}/staff/{staff.pk}/")
    page.get_by_role("link", name="Change whether they are a Support Teacher Adviser").click()
    assert_accessible(page, "partners-04-adviser")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the children")
    assert_accessible(page, "partners-05-adviser-error")
    page.get_by_label(world.ours_cared_for.full_name, exact=False).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("children are saved")).to_be_visible()
    assert AdviserLink.objects.filter(adviser=staff, child=world.ours_cared_for).exists()
