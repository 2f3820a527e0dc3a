"""The SEN2 return page: who reaches it, building in the background, the problems with links to
where each is fixed, and the download (audited for every child in it)."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from sendpath.core.models import AuditEntry
from sendpath.ehc.caseload import loading
from sendpath.ehc.models import Case
from sendpath.insight.models import Sen2Run
from sendpath.people.models import Child, Role
from sendpath.people.tests.factories import PASSWORD

from .test_sen2_round_trip import RETURN

pytestmark = pytest.mark.django_db


def signed_in(world, role) -> Client:
    client = Client()
    assert client.login(username=world.user(role).username, password=PASSWORD)
    return client


@pytest.fixture
def imported(world):
    world.la.la_code = "201"
    world.la.save()
    with override_settings(HOME_LA_CODE="201"):
        loading.import_return(raw=RETURN, actor=None)
        yield world


FORM = {"year": "2026", "dmo": "Y", "dco": "N", "dsco": "R"}


@pytest.mark.parametrize("role", [Role.LEADER, Role.CASEWORKER, Role.SENCO, Role.FAMILY])
def test_only_managers_and_administrators_reach_it(world, role):
    client = signed_in(world, role)
    assert client.get(reverse("insight:sen2")).status_code == 403
    assert client.post(reverse("insight:sen2"), FORM).status_code == 403
    assert not Sen2Run.objects.exists()


def test_bad_input_is_named_and_kept(world):
    client = signed_in(world, Role.MANAGER)
    answer = client.post(reverse("insight:sen2"), {"year": "1999", "dmo": "Y", "dsco": "X"})
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "govuk-error-summary" in page
    assert "Select a collection year from the list" in page
    assert "Select whether a Designated Clinical Officer is in post" in page
    assert "Select whether a Designated Social Care Officer is in post" in page
    assert 'value="Y" checked' in page
    assert not Sen2Run.objects.exists()


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMINISTRATOR])
def test_a_manager_builds_it_sees_the_problems_and_downloads_it(
    imported, role, django_capture_on_commit_callbacks
):
    planted = Child.objects.get(last_name="Issued")
    planted.primary_need = ""
    planted.secondary_need = ""
    planted.save()
    client = signed_in(imported, role)
    assert "No returns built yet" in client.get(reverse("insight:sen2")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("insight:sen2"), FORM)
    assert answer.status_code == 302
    run = Sen2Run.objects.get()
    assert (run.status, run.year, run.lea, run.persons) == ("finished", 2026, "201", 7)
    assert (run.dmo, run.dco, run.dsco) == ("Y", "N", "R")
    page = client.get(answer["Location"]).content.decode()
    assert "7 people in the return" in page
    assert "SP-5.8" in page
    # Each problem links to where it is fixed: the need on the child's record, the refusal
    # after 16 weeks on its case.
    assert reverse("people:child", args=[planted.pk]) in page
    refused = Case.objects.get(child__last_name="NoPlan")
    assert reverse("ehc:case", args=[refused.pk]) in page
    assert "Person[" in page
    assert AuditEntry.objects.filter(child_id=planted.pk, action="viewed").exists()
    # Errors only.
    errors = client.get(answer["Location"] + "?severity=E").content.decode()
    assert "SP-5.8" in errors
    assert "SP-3.2q" not in errors
    queries = client.get(answer["Location"] + "?severity=Q").content.decode()
    assert "SP-3.2q" in queries  # the refusal to issue a plan after 16 weeks
    # The download is every child's record: one audit entry each.
    before = AuditEntry.objects.count()
    got = client.get(reverse("insight:sen2_download", args=[run.pk]))
    assert got.status_code == 200
    assert got["Content-Disposition"].startswith('attachment; filename="sen2_2026_201_001.xml"')
    body = b"".join(got.streaming_content)
    assert b"<Surname>Issued</Surname>" in body
    entries = AuditEntry.objects.order_by("id")[before:]
    assert {e.child_id for e in entries if e.child_id} == set(
        Child.objects.values_list("pk", flat=True).filter(cases__isnull=False)
    )
    # Past runs stay listed.
    assert "Returns built" in client.get(reverse("insight:sen2")).content.decode()
    assert str(run.pk) in client.get(reverse("insight:sen2")).content.decode()


def test_another_authoritys_run_is_not_found(imported, django_capture_on_commit_callbacks):
    client = signed_in(imported, Role.MANAGER)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("insight:sen2"), FORM)
    run = Sen2Run.objects.get()
    Sen2Run.objects.filter(pk=run.pk).update(lea="202")
    assert client.get(reverse("insight:sen2_run", args=[run.pk])).status_code == 404
    assert client.get(reverse("insight:sen2_download", args=[run.pk])).status_code == 404


def test_a_run_still_building_shows_its_progress(imported):
    client = signed_in(imported, Role.MANAGER)
    client.post(reverse("insight:sen2"), FORM)  # queued: the callback never runs here
    run = Sen2Run.objects.get()
    Sen2Run.objects.filter(pk=run.pk).update(status="running", done=500, total=2000)
    page = client.get(reverse("insight:sen2_run", args=[run.pk])).content.decode()
    assert "Children read: 500 of 2000" in page
    assert "Check progress" in page
    assert 'http-equiv="refresh"' not in page  # no timed refresh (WCAG 2.2.1)
    assert client.get(reverse("insight:sen2_download", args=[run.pk])).status_code == 404
