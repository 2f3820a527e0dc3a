"""The SEN2 return through the pages: a SEND team manager builds the year's return, sees it
waiting for the background worker and then its progress, the problems with links to where each
is fixed, and downloads the file (audited for every child in it). Checked with axe."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from sendpath.core.models import AuditEntry
from sendpath.ehc.caseload import loading
from sendpath.ehc.models import Case
from sendpath.insight.models import Sen2Run
from sendpath.insight.tests.test_sen2_round_trip import RETURN
from sendpath.people.models import Child, Role
from sendpath.people.tests.factories import PASSWORD, build_world

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.system

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def world(transactional_db):
    world = build_world()
    world.la.la_code = "201"
    world.la.save()
    with override_settings(HOME_LA_CODE="201"):
        loading.import_return(raw=RETURN, actor=None)
        yield world


def test_a_manager_builds_checks_and_downloads_the_sen2_return(world, page, settings):
    settings.TASKS = DATABASE_TASKS
    planted = Child.objects.get(last_name="Issued")
    planted.primary_need = ""  # a plan in force with no type of need: an error to fix
    planted.save()
    sign_in(page, world.user(Role.MANAGER).username, PASSWORD)
    page.goto("/insight/sen2/")
    expect(page.get_by_role("heading", name="The SEN2 return")).to_be_visible()
    expect(page.get_by_text("No returns built yet")).to_be_visible()
    assert_accessible(page, "sen2-start")
    page.get_by_role("button", name="Build the return").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Select whether a Designated Medical Officer is in post"
    )
    assert_accessible(page, "sen2-errors")
    page.get_by_label("Collection year").select_option("2026")
    for officer in ("Medical", "Clinical", "Social Care"):
        group = page.get_by_role("group", name=f"Is a Designated {officer} Officer in post?")
        group.get_by_label("Yes, in post").check()
    page.get_by_role("button", name="Build the return").click()
    # Queued for the background worker: the page says so, with its progress.
    expect(page.get_by_text("Waiting to start")).to_be_visible()
    expect(page.locator("progress")).to_be_visible()
    assert_accessible(page, "sen2-waiting")
    run = Sen2Run.objects.get()
    # As the worker writes it while it reads the children (here written by hand).
    Sen2Run.objects.filter(pk=run.pk).update(status="running", done=3, total=7)
    page.get_by_role("button", name="Check progress").click()
    expect(page.get_by_text("Children read: 3 of 7")).to_be_visible()
    Sen2Run.objects.filter(pk=run.pk).update(status="queued", done=0, total=0)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
    run.refresh_from_db()
    assert run.status == "finished"
    page.get_by_role("button", name="Check progress").click()
    expect(page.get_by_text("7 people in the return")).to_be_visible()
    assert_accessible(page, "sen2-problems")
    need = page.get_by_role("row").filter(has_text="SP-5.8")
    expect(need.get_by_role("link", name=planted.full_name)).to_have_attribute(
        "href", f"/children/{planted.pk}/"
    )
    page.get_by_role("link", name="Queries").click()
    late = Case.objects.get(child__last_name="NoPlan")
    row = page.get_by_role("row").filter(has_text="SP-3.2q")
    expect(row.get_by_role("link")).to_have_attribute("href", f"/cases/{late.pk}/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the return (XML)").click()
    assert download.value.suggested_filename == "sen2_2026_201_001.xml"
    body = Path(download.value.path()).read_bytes()
    assert b"<Surname>NoPlan</Surname>" in body
    assert AuditEntry.objects.filter(
        child_id=planted.pk, summary="In the SEN2 return 2026 downloaded"
    ).exists()
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_role("link", name="2026 (serial 001)")).to_be_visible()
