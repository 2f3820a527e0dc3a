"""Bringing in the caseload through the pages: an administrator tries an SEN2 return (dry run),
then imports it; a caseworker records a plan a child already has, which goes on the reviews
list at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import expect

from sendpath.ehc.models import Case
from sendpath.ehc.tests import sen2_files
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD, build_world

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def world(transactional_db):
    world = build_world()
    world.la.la_code = "201"
    world.la.save()
    return world


@override_settings(HOME_LA_CODE="201")
def test_an_administrator_tries_then_imports_an_sen2_return(world, page, tmp_path):
    today = timezone.localdate()
    return_file = tmp_path / "sen2.xml"
    return_file.write_bytes(
        sen2_files.sen2([sen2_files.in_force_person(i, today=today) for i in range(3)])
    )
    sign_in(page, world.user(Role.ADMINISTRATOR).username, PASSWORD)
    page.get_by_role("link", name="Import SEN2 return").click()
    expect(
        page.get_by_role("heading", name="Import the caseload from an SEN2 return")
    ).to_be_visible()
    assert_accessible(page, "caseload-upload")
    page.get_by_label("SEN2 return").set_input_files(str(return_file))
    page.get_by_label("Dry run").check()
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_text("What the return would bring in (nothing was kept)")).to_be_visible()
    assert_accessible(page, "caseload-dry-run")
    assert Case.objects.count() == 0
    page.get_by_role("link", name="Back").click()
    page.get_by_label("SEN2 return").set_input_files(str(return_file))
    page.get_by_label("Import: bring in").check()
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_text("What was brought in")).to_be_visible()
    assert Case.objects.count() == 3
    page.get_by_role("link", name="Go to the reviews list").click()
    for case in Case.objects.all():
        expect(page.get_by_text(case.reference)).to_be_visible()


def test_a_caseworker_records_a_plan_the_child_already_has(world, page):
    child = world.ours
    sign_in(page, world.user(Role.CASEWORKER).username, PASSWORD)
    page.goto(child.get_absolute_url())
    page.get_by_role("link", name="Record an EHC plan the child already has").click()
    assert_accessible(page, "existing-plan-form")
    page.get_by_role("button", name="Record the plan").click()
    expect(page.get_by_role("alert")).to_contain_text("Select the primary type of need")
    assert_accessible(page, "existing-plan-errors")
    issued = timezone.localdate() - dt.timedelta(days=500)
    group = page.get_by_role("group", name="Date the plan was first issued")
    group.get_by_label("Day").fill(str(issued.day))
    group.get_by_label("Month").fill(str(issued.month))
    group.get_by_label("Year").fill(str(issued.year))
    page.get_by_label("Primary type of need").select_option("SEMH")
    page.get_by_role("button", name="Record the plan").click()
    case = Case.objects.get(child=child)
    expect(page.get_by_text(f"recorded as case {case.reference}")).to_be_visible()
    page.goto("/reviews/")
    expect(page.get_by_text(case.reference)).to_be_visible()
