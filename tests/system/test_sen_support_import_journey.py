"""SEN support import: a caseworker reads the guide, uploads a file with a mistake, corrects it
and imports it, by keyboard and mouse, axe clean on every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sendpath.people.models import Child, Role
from sendpath.people.tests.factories import PASSWORD, build_world
from sendpath.people.tests.test_sen_support_import import HEADER, csv_bytes, row

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def world(transactional_db):
    return build_world()


def test_a_caseworker_imports_pupils_on_sen_support(page, world, tmp_path):
    sign_in(page, world.user(Role.CASEWORKER).username, PASSWORD)
    page.goto("/children/")
    page.get_by_role("link", name="Import pupils on SEN support (CSV)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import pupils on SEN support")
    assert_accessible(page, "sen-support-01-upload")
    page.get_by_role("link", name="what each column means").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The SEN support import file")
    assert_accessible(page, "sen-support-02-columns")
    page.go_back()

    bad = tmp_path / "pupils.csv"
    bad.write_bytes(csv_bytes([row(world), row(world, Forename="Second", Sex="X")]))
    page.get_by_label("CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Row 3, Sex: Enter F (female) or M (male)"
    )
    assert_accessible(page, "sen-support-03-problems")
    assert not Child.objects.filter(last_name="Newrecord").exists()

    good = tmp_path / "pupils-corrected.csv"
    good.write_bytes(csv_bytes([row(world), row(world, Forename="Second", Sex="M")], HEADER))
    page.get_by_role("button", name="Upload the file again").click()
    page.get_by_label("CSV file").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the pupils before importing")
    expect(page.get_by_role("table")).to_contain_text("Second Newrecord")
    assert_accessible(page, "sen-support-04-check")
    page.get_by_role("button", name="Import 2 records").click()
    expect(page.get_by_text("2 new records")).to_be_visible()
    assert_accessible(page, "sen-support-05-imported")
    assert Child.objects.filter(last_name="Newrecord", sen_provision="K").count() == 2
