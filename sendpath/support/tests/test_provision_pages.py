"""The pages of a pupil's voice, provision map and evidence of need, the whole-school view and
the authority's threshold: each GET, valid and invalid POSTs, stale saves, uploads, each role's
reach and the audit rows written."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD
from sendpath.support.models import (
    CostBasis,
    EvidenceKind,
    EvidenceOfNeed,
    ProvisionEntry,
    PupilVoice,
    SupportSettings,
    Term,
    VoiceMethod,
    Wave,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 10, 12, tzinfo=dt.UTC)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def signed_in(world, role) -> Client:
    client = Client()
    assert client.login(username=world.user(role).username, password=PASSWORD)
    return client


def based_on(page: str) -> str:
    found = re.search(r'name="based_on" value="([^"]*)"', page)
    assert found, "the change form carries the version it was opened at"
    return found.group(1)


def entries(child, action) -> int:
    return AuditEntry.objects.filter(child_id=child.pk, action=action).count()


def voice_data(**more):
    return {
        "method": VoiceMethod.THREE_WISHES,
        "gathered_on-day": "3",
        "gathered_on-month": "11",
        "gathered_on-year": "2026",
        "gathered_by": "Ms Teaching Assistant",
        "communication": "Drawing",
        "content": "I wish I could read comics on my own",
        **more,
    }


def provision_data(**more):
    return {
        "term_key": "2026-autumn",
        "description": "Reading recovery",
        "wave": Wave.SPECIALIST,
        "staff": "Specialist teacher",
        "cost_basis": CostBasis.HOUR,
        "rate": "£25",
        "minutes_per_week": "90",
        "sessions_per_week": "",
        "weeks": "12",
        "group_size": "2",
        **more,
    }


# ---------------------------------------------------------------------------------------------
# Pupil voice


@time_machine.travel(NOW)
def test_the_senco_records_changes_and_removes_the_childs_views(world):
    senco = signed_in(world, Role.SENCO)
    child = world.ours
    page = reverse("support:voice", kwargs={"pk": child.pk})
    response = senco.get(page)
    assert response.status_code == 200
    assert "have not been recorded yet" in response.content.decode()
    assert entries(child, AuditAction.VIEWED) == 1

    add = reverse("support:voice_add", kwargs={"pk": child.pk})
    assert senco.get(add).status_code == 200
    response = senco.post(add, voice_data())
    assert response.status_code == 302
    voice = PupilVoice.objects.get(child=child)
    assert voice.method == VoiceMethod.THREE_WISHES
    assert entries(child, AuditAction.CREATED) == 1
    body = senco.get(page).content.decode()
    assert "I wish I could read comics on my own" in body
    assert "Three wishes" in body

    edit = reverse("support:voice_edit", kwargs={"pk": child.pk, "item_pk": voice.pk})
    opened = based_on(senco.get(edit).content.decode())
    response = senco.post(edit, voice_data(content="Reading with a friend", based_on=opened))
    assert response.status_code == 302
    voice.refresh_from_db()
    assert voice.content == "Reading with a friend"
    assert entries(child, AuditAction.UPDATED) == 1

    remove = reverse("support:voice_remove", kwargs={"pk": child.pk, "item_pk": voice.pk})
    assert senco.get(remove).status_code == 200
    assert senco.post(remove).status_code == 302
    assert not PupilVoice.objects.filter(pk=voice.pk).exists()
    assert entries(child, AuditAction.UPDATED) == 2


@time_machine.travel(NOW)
def test_invalid_views_are_refused_naming_the_field_and_keeping_the_input(world):
    senco = signed_in(world, Role.SENCO)
    add = reverse("support:voice_add", kwargs={"pk": world.ours.pk})
    response = senco.post(add, voice_data(content="", gathered_by="Mr Kept"))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#content"' in body
    assert "Enter what the child said or showed" in body
    assert "Mr Kept" in body
    response = senco.post(add, voice_data(**{"gathered_on-year": "2030"}))
    assert response.status_code == 400
    assert "must be today or in the past" in response.content.decode()
    assert not PupilVoice.objects.exists()


@time_machine.travel(NOW)
def test_an_upload_is_checked_stored_and_downloaded_through_an_audited_page(world):
    senco = signed_in(world, Role.SENCO)
    child = world.ours
    add = reverse("support:voice_add", kwargs={"pk": child.pk})
    bad = SimpleUploadedFile("wishes.exe", b"MZ not a picture", "application/octet-stream")
    response = senco.post(add, {**voice_data(), "file": bad})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#file"' in body
    assert "The selected file must be a PDF" in body
    assert not PupilVoice.objects.exists()
    fake = SimpleUploadedFile("wishes.png", b"not really a png", "image/png")
    response = senco.post(add, {**voice_data(), "file": fake})
    assert response.status_code == 400
    assert "is not a real PNG file" in response.content.decode()

    good = SimpleUploadedFile("wishes.png", PNG, "image/png")
    assert senco.post(add, {**voice_data(), "file": good}).status_code == 302
    voice = PupilVoice.objects.get()
    assert voice.original_name == "wishes.png"
    assert voice.content_type == "image/png"
    download = reverse("support:voice_file", kwargs={"pk": child.pk, "item_pk": voice.pk})
    assert download in senco.get(reverse("support:voice", kwargs={"pk": child.pk})).content.decode()
    before = entries(child, AuditAction.VIEWED)
    response = senco.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert entries(child, AuditAction.VIEWED) == before + 1
    # The SEND team may download it too; another school may not.
    assert signed_in(world, Role.CASEWORKER).get(download).status_code == 200
    assert signed_in(world, "other_senco").get(download).status_code == 404


@time_machine.travel(NOW)
def test_a_stale_save_of_views_is_refused(world):
    first, second = signed_in(world, Role.SENCO), signed_in(world, Role.SENCO)
    child = world.ours
    first.post(reverse("support:voice_add", kwargs={"pk": child.pk}), voice_data())
    voice = PupilVoice.objects.get()
    edit = reverse("support:voice_edit", kwargs={"pk": child.pk, "item_pk": voice.pk})
    opened_first = based_on(first.get(edit).content.decode())
    opened_second = based_on(second.get(edit).content.decode())
    assert first.post(edit, voice_data(content="First", based_on=opened_first)).status_code == 302
    response = second.post(edit, voice_data(content="Second", based_on=opened_second))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Someone else changed this record" in body
    assert "Second" in body  # what they typed is kept
    voice.refresh_from_db()
    assert voice.content == "First"


def test_my_story_partial_shows_the_views_wherever_it_is_included(world):
    from django.template import engines
    from django.test import RequestFactory

    PupilVoice.objects.create(
        child=world.ours,
        method=VoiceMethod.GOOD_DAY_BAD_DAY,
        gathered_on=dt.date(2026, 10, 1),
        gathered_by="SENCO",
        content="A good day is when I sit near the window",
    )
    template = engines["jinja2"].from_string('{% include "support/provision/_my_story.html" %}')
    request = RequestFactory().get("/")
    request.user = world.user(Role.CASEWORKER)
    html = template.render({"child": world.ours}, request)
    assert "A good day is when I sit near the window" in html
    assert "Good day, bad day" in html
    assert "Change" not in html


# ---------------------------------------------------------------------------------------------
# The costed provision map


@time_machine.travel(NOW)
def test_the_senco_builds_the_provision_map(world):
    senco = signed_in(world, Role.SENCO)
    child = world.ours
    page = reverse("support:provision", kwargs={"pk": child.pk})
    body = senco.get(page).content.decode()
    for term in ("Summer 2026", "Autumn 2026", "Spring 2027"):
        assert term in body
    assert "No provision recorded for Autumn 2026" in body
    assert "£6,000 below the threshold" in body

    add = reverse("support:provision_add", kwargs={"pk": child.pk})
    assert senco.get(add).status_code == 200
    response = senco.post(add, provision_data())
    assert response.status_code == 302
    entry = ProvisionEntry.objects.get()
    # 25 pounds an hour x 90 minutes x 12 weeks / 60 / 2 = 225 pounds.
    assert entry.rate_pence == 2500
    assert entry.cost_pence == 22_500
    assert (entry.school_year, entry.term, entry.school) == (2026, Term.AUTUMN, world.school)
    assert entries(child, AuditAction.CREATED) == 1
    body = senco.get(page).content.decode()
    assert "Reading recovery" in body
    assert "£225" in body
    assert "£5,775 below the threshold" in body

    edit = reverse("support:provision_edit", kwargs={"pk": child.pk, "item_pk": entry.pk})
    page_body = senco.get(edit).content.decode()
    assert 'value="25"' in page_body
    opened = based_on(page_body)
    response = senco.post(
        edit,
        provision_data(
            rate="6000", cost_basis=CostBasis.SESSION, sessions_per_week="1", based_on=opened
        ),
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    # 6,000 pounds a session, 1 a week, 12 weeks, shared by 2: 36,000 pounds.
    assert entry.cost_pence == 3_600_000
    assert entry.minutes_per_week == 0
    body = senco.get(page).content.decode()
    assert "Above the threshold by £30,000" in body

    remove = reverse("support:provision_remove", kwargs={"pk": child.pk, "item_pk": entry.pk})
    assert senco.get(remove).status_code == 200
    assert senco.post(remove).status_code == 302
    assert not ProvisionEntry.objects.exists()


@time_machine.travel(NOW)
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"rate": "ten pounds"},
            "rate",
            "Cost per hour or per session must be an amount in pounds",
        ),
        ({"rate": "12.345"}, "rate", "must be an amount in pounds"),
        ({"rate": "20000"}, "rate", "must be £10,000 or less"),
        ({"minutes_per_week": ""}, "minutes_per_week", "Enter how many minutes a week"),
        ({"group_size": "0"}, "group_size", "Group size must be 1 or more"),
        ({"weeks": "x"}, "weeks", "Weeks this term must be a whole number"),
        ({"term_key": "1999-autumn"}, "term_key", "Select the term from the list"),
        ({"wave": "9"}, "wave", "Select the wave from the list"),
    ],
)
def test_invalid_provision_is_refused_naming_the_field(world, changes, field, message):
    senco = signed_in(world, Role.SENCO)
    add = reverse("support:provision_add", kwargs={"pk": world.ours.pk})
    response = senco.post(add, provision_data(description="Kept description", **changes))
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert f'href="#{field}' in body
    assert "Kept description" in body
    assert not ProvisionEntry.objects.exists()


@time_machine.travel(NOW)
def test_a_stale_save_of_provision_is_refused(world):
    first, second = signed_in(world, Role.SENCO), signed_in(world, Role.SENCO)
    child = world.ours
    first.post(reverse("support:provision_add", kwargs={"pk": child.pk}), provision_data())
    entry = ProvisionEntry.objects.get()
    edit = reverse("support:provision_edit", kwargs={"pk": child.pk, "item_pk": entry.pk})
    a = based_on(first.get(edit).content.decode())
    b = based_on(second.get(edit).content.decode())
    assert first.post(edit, provision_data(weeks="10", based_on=a)).status_code == 302
    response = second.post(edit, provision_data(weeks="14", based_on=b))
    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    entry.refresh_from_db()
    assert entry.weeks == 10


# ---------------------------------------------------------------------------------------------
# Evidence of need


@time_machine.travel(NOW)
def test_the_senco_keeps_evidence_of_need(world):
    senco = signed_in(world, Role.SENCO)
    child = world.ours
    page = reverse("support:evidence", kwargs={"pk": child.pk})
    assert "No evidence of need has been recorded" in senco.get(page).content.decode()
    add = reverse("support:evidence_add", kwargs={"pk": child.pk})
    data = {
        "kind": EvidenceKind.READING_AGE,
        "recorded_on-day": "1",
        "recorded_on-month": "10",
        "recorded_on-year": "2026",
        "summary": "Reading age 6 years 2 months at 9 years 4 months",
    }
    response = senco.post(add, {**data, "summary": ""})
    assert response.status_code == 400
    assert 'href="#summary"' in response.content.decode()
    assert senco.post(add, data).status_code == 302
    evidence = EvidenceOfNeed.objects.get()
    assert "Reading age 6 years 2 months" in senco.get(page).content.decode()
    edit = reverse("support:evidence_edit", kwargs={"pk": child.pk, "item_pk": evidence.pk})
    opened = based_on(senco.get(edit).content.decode())
    response = senco.post(edit, {**data, "kind": EvidenceKind.BOXALL, "based_on": opened})
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert evidence.kind == EvidenceKind.BOXALL
    # The same page opened before the change is refused.
    assert senco.post(edit, {**data, "based_on": opened}).status_code == 400
    remove = reverse("support:evidence_remove", kwargs={"pk": child.pk, "item_pk": evidence.pk})
    assert senco.post(remove).status_code == 302
    assert not EvidenceOfNeed.objects.exists()
    assert entries(child, AuditAction.CREATED) == 1
    assert entries(child, AuditAction.UPDATED) == 2


# ---------------------------------------------------------------------------------------------
# Each role's reach


@time_machine.travel(NOW)
@pytest.mark.parametrize("name", ["support:voice", "support:provision", "support:evidence"])
def test_each_roles_reach(world, name):
    ours = reverse(name, kwargs={"pk": world.ours.pk})
    add = ours + "add/"
    # Another school's SENCO, and another authority's caseworker: as if it did not exist.
    for role in ("other_senco", "other_caseworker"):
        assert signed_in(world, role).get(ours).status_code == 404
    assert AuditEntry.objects.filter(child_id=world.ours.pk, action=AuditAction.DENIED).count() == 2
    # The SEND team of the child's authority: read-only, change links hidden, POSTs refused.
    for role in (Role.CASEWORKER, Role.MANAGER):
        client = signed_in(world, role)
        response = client.get(ours)
        assert response.status_code == 200
        assert add not in response.content.decode()
        assert client.get(add).status_code == 403
        assert client.post(add, provision_data()).status_code == 403
    # The Virtual School: cared-for children only, read-only.
    vs = signed_in(world, Role.VIRTUAL_SCHOOL)
    assert vs.get(reverse(name, kwargs={"pk": world.ours_cared_for.pk})).status_code == 200
    assert vs.get(ours).status_code == 404
    cared_for_add = reverse(name, kwargs={"pk": world.ours_cared_for.pk}) + "add/"
    assert vs.post(cared_for_add, provision_data()).status_code == 403
    # A linked health professional and a family: not these pages.
    assert (
        signed_in(world, Role.PROFESSIONAL)
        .get(reverse(name, kwargs={"pk": world.linked.pk}))
        .status_code
        == 403
    )
    # The school's SENCO changes them.
    response = signed_in(world, Role.SENCO).get(ours)
    assert response.status_code == 200
    assert add in response.content.decode()


# ---------------------------------------------------------------------------------------------
# The whole school and the threshold


@time_machine.travel(NOW)
def test_the_whole_school_view(world):
    senco = signed_in(world, Role.SENCO)
    page = reverse("support:school_provision")
    body = senco.get(page).content.decode()
    assert "No provision has been costed for this school year yet" in body
    assert "No pupil's provision is above the threshold" in body
    add = reverse("support:provision_add", kwargs={"pk": world.ours.pk})
    senco.post(
        add,
        provision_data(
            rate="6001",
            cost_basis=CostBasis.SESSION,
            sessions_per_week="1",
            weeks="1",
            group_size="1",
        ),
    )
    senco.post(
        add,
        provision_data(
            rate="40", minutes_per_week="60", weeks="10", group_size="4", wave=Wave.TARGETED
        ),
    )
    before = entries(world.ours, AuditAction.VIEWED)
    body = senco.get(page).content.decode()
    # 6,001 + 40 x 10 / 4 = 6,101 pounds.
    assert "£6,101" in body
    assert "£6,001" in body
    assert "£100" in body
    assert "Quokka, Aurelia" in body
    assert "£101" in body  # above the threshold by
    assert entries(world.ours, AuditAction.VIEWED) == before + 1
    assert signed_in(world, Role.CASEWORKER).get(page).status_code == 403
    assert "Quokka" not in signed_in(world, "other_senco").get(page).content.decode()


def test_a_manager_sets_the_authoritys_threshold(world):
    manager = signed_in(world, Role.MANAGER)
    page = reverse("support:settings")
    body = manager.get(page).content.decode()
    assert "£6,000 a year now" in body
    response = manager.post(page, {"threshold": "six thousand"})
    assert response.status_code == 400
    assert 'href="#threshold"' in response.content.decode()
    assert "six thousand" in response.content.decode()
    assert manager.post(page, {"threshold": "£6,500"}).status_code == 302
    assert SupportSettings.objects.get(authority=world.la).threshold_pence == 650_000
    opened = based_on(manager.get(page).content.decode())
    assert manager.post(page, {"threshold": "7000", "based_on": opened}).status_code == 302
    assert SupportSettings.objects.get(authority=world.la).threshold_pence == 700_000
    assert manager.post(page, {"threshold": "8000", "based_on": opened}).status_code == 400
    entry = AuditEntry.objects.filter(object_type="support.SupportSettings").latest("at")
    assert entry.summary == "Set the notional SEN budget threshold to £7,000 a year (was £6,500)"
    for role in (Role.SENCO, Role.CASEWORKER, Role.VIRTUAL_SCHOOL):
        assert signed_in(world, role).get(page).status_code == 403


@time_machine.travel(NOW)
def test_a_replaced_or_removed_file_is_deleted_once_the_change_is_saved(
    world, django_capture_on_commit_callbacks
):
    senco = signed_in(world, Role.SENCO)
    child = world.ours
    add = reverse("support:voice_add", kwargs={"pk": child.pk})
    first = SimpleUploadedFile("first.png", PNG, "image/png")
    senco.post(add, {**voice_data(), "file": first})
    voice = PupilVoice.objects.get()
    storage, old_name = voice.file.storage, voice.file.name
    assert storage.exists(old_name)
    edit = reverse("support:voice_edit", kwargs={"pk": child.pk, "item_pk": voice.pk})
    second = SimpleUploadedFile("second.png", PNG, "image/png")
    with django_capture_on_commit_callbacks(execute=True):
        response = senco.post(edit, {**voice_data(), "file": second})
    assert response.status_code == 302
    voice.refresh_from_db()
    assert voice.original_name == "second.png"
    assert not storage.exists(old_name)
    assert storage.exists(voice.file.name)
    remove = reverse("support:voice_remove", kwargs={"pk": child.pk, "item_pk": voice.pk})
    with django_capture_on_commit_callbacks(execute=True):
        senco.post(remove)
    assert not storage.exists(voice.file.name)


@time_machine.travel(NOW)
def test_the_provision_map_partial_can_be_included_by_another_page(world):
    from django.template import engines
    from django.test import RequestFactory

    from sendpath.support.provision import services

    services.provision_save(
        actor=world.user(Role.SENCO),
        child=world.ours,
        school=world.school,
        data={
            "school_year": 2026,
            "term": Term.AUTUMN,
            "description": "Social skills group",
            "wave": Wave.TARGETED,
            "staff": "",
            "cost_basis": CostBasis.HOUR,
            "rate_pence": 3000,
            "minutes_per_week": 45,
            "sessions_per_week": 0,
            "weeks": 12,
            "group_size": 3,
        },
    )
    template = engines["jinja2"].from_string(
        '{% include "support/provision/_provision_map.html" %}'
    )
    request = RequestFactory().get("/")
    request.user = world.user(Role.CASEWORKER)
    html = template.render({"child": world.ours}, request)
    # 30 pounds an hour x 45 minutes x 12 weeks / 60 / 3 = 90 pounds.
    assert "Social skills group" in html
    assert "45 minutes a week for 12 weeks" in html
    assert "£30 an hour, shared by a group of 3" in html
    assert "£5,910 below the threshold" in html
    assert "Change" not in html


def _costly_pupil(world, n: int):
    from sendpath.people.models import SettingAttendance
    from sendpath.people.tests.factories import ChildFactory
    from sendpath.support.provision import services

    child = ChildFactory(
        first_name=f"Costly{n}", last_name=f"Pupil{n:02d}", responsible_authority=world.la
    )
    SettingAttendance.objects.create(
        child=child, organisation=world.school, start_date=dt.date(2020, 9, 1)
    )
    services.provision_save(
        actor=world.user(Role.SENCO),
        child=child,
        school=world.school,
        data={
            "school_year": 2026,
            "term": Term.AUTUMN,
            "description": "One-to-one support",
            "wave": Wave.SPECIALIST,
            "staff": "",
            "cost_basis": CostBasis.SESSION,
            "rate_pence": 700_000 + n,
            "minutes_per_week": 0,
            "sessions_per_week": 1,
            "weeks": 1,
            "group_size": 1,
        },
    )
    return child


@time_machine.travel(NOW)
def test_the_whole_school_view_takes_the_same_queries_however_many_pupils_and_pages(
    world, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_SIZE = 2
    senco = signed_in(world, Role.SENCO)
    page = reverse("support:school_provision")
    for n in range(2):
        _costly_pupil(world, n)
    with CaptureQueriesContext(connection) as few:
        assert senco.get(page).status_code == 200
    for n in range(2, 7):
        _costly_pupil(world, n)
    with CaptureQueriesContext(connection) as many:
        response = senco.get(page)
    assert len(many) == len(few)
    body = response.content.decode()
    # Most costly first, two to a page.
    assert "Pupil06, Costly6" in body
    assert "Pupil05, Costly5" in body
    assert "Pupil04" not in body
    body = senco.get(page + "?page=4").content.decode()
    assert "Pupil00, Costly0" in body
    assert "£49,000.21" in body  # 7,000 pounds and n pence for each of the 7 pupils


@time_machine.travel(NOW)
def test_provision_of_an_older_term_keeps_its_term_when_changed(world):
    from sendpath.support.provision import services

    entry = services.provision_save(
        actor=world.user(Role.SENCO),
        child=world.ours,
        school=world.school,
        data={
            "school_year": 2024,
            "term": Term.SPRING,
            "description": "Old group",
            "wave": Wave.TARGETED,
            "staff": "",
            "cost_basis": CostBasis.HOUR,
            "rate_pence": 1200,
            "minutes_per_week": 60,
            "sessions_per_week": 0,
            "weeks": 10,
            "group_size": 1,
        },
    )
    senco = signed_in(world, Role.SENCO)
    the_map = senco.get(reverse("support:provision", kwargs={"pk": world.ours.pk}))
    assert "1 older provision entry is kept but not shown here" in the_map.content.decode()
    edit = reverse("support:provision_edit", kwargs={"pk": world.ours.pk, "item_pk": entry.pk})
    body = senco.get(edit).content.decode()
    assert "Spring 2025" in body
    opened = based_on(body)
    response = senco.post(edit, provision_data(term_key="2024-spring", weeks="11", based_on=opened))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.school_year, entry.term, entry.weeks) == (2024, Term.SPRING, 11)
