"""The SEN Register, the Belonging Register and the key contacts directory."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD, ChildFactory
from sendpath.registers import selectors
from sendpath.registers.models import BelongingEntry, ContactRole, KeyContact, PlanCopy

pytestmark = pytest.mark.django_db

SEN = reverse("registers:sen")
BELONGING = reverse("registers:belonging")
CONTACTS = reverse("registers:contacts")


def signed_in(client: Client, world, role: str) -> Client:
    assert client.login(username=world.user(role).username, password=PASSWORD)
    return client


def names(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------------------------------------
# Year groups


@pytest.mark.parametrize(
    ("born", "today", "expected"),
    [
        (dt.date(2015, 3, 2), dt.date(2026, 11, 22), 7),
        (dt.date(2014, 9, 1), dt.date(2026, 11, 22), 7),
        (dt.date(2014, 8, 31), dt.date(2026, 11, 22), 8),
        (dt.date(2021, 8, 31), dt.date(2026, 7, 1), 0),
        (dt.date(2021, 8, 31), dt.date(2026, 9, 1), 1),
    ],
)
def test_year_group_uses_31_august_cut_off(born, today, expected):
    assert selectors.year_group(born, today) == expected
    start, end = selectors.births_for_year(expected, today)
    assert start <= born <= end


# ---------------------------------------------------------------------------------------------
# SEN Register


def test_caseworker_sees_their_authoritys_children_only(client, world):
    response = signed_in(client, world, Role.CASEWORKER).get(SEN)
    assert response.status_code == 200
    body = names(response)
    assert "Quokka" in body
    assert "Marmot" in body
    assert "Ocelot" not in body
    assert "Narwhal" not in body


def test_children_without_sen_are_not_on_the_register(client, world):
    world.ours.sen_provision = "N"
    world.ours.save()
    body = names(signed_in(client, world, Role.CASEWORKER).get(SEN))
    assert "Quokka" not in body
    assert "Marmot" in body


def test_senco_sees_only_their_pupils(client, world):
    body = names(signed_in(client, world, Role.SENCO).get(SEN))
    assert "Quokka" in body
    assert "Marmot" in body
    for other in ("Ocelot", "Narwhal", "Pangolin", "Wombat"):
        assert other not in body


def test_virtual_school_sees_cared_for_children_only(client, world):
    body = names(signed_in(client, world, Role.VIRTUAL_SCHOOL).get(SEN))
    assert "Marmot" in body
    assert "Narwhal" in body
    assert "Quokka" not in body
    assert "Ocelot" not in body


def test_another_authoritys_caseworker_sees_none_of_ours(client, world):
    body = names(signed_in(client, world, "other_caseworker").get(SEN))
    assert "Ocelot" in body
    for ours in ("Quokka", "Marmot", "Pangolin", "Wombat"):
        assert ours not in body


@pytest.mark.parametrize("role", [Role.FAMILY, Role.LEADER, Role.PROFESSIONAL])
def test_family_leader_and_professional_are_refused(client, world, role):
    signed_in(client, world, role)
    assert client.get(SEN).status_code == 403
    assert client.get(reverse("registers:sen_export", args=["csv"])).status_code == 403
    assert AuditEntry.objects.filter(action=AuditAction.DENIED, actor=world.user(role)).exists()


def test_filters(client, world):
    signed_in(client, world, Role.CASEWORKER)
    world.ours.sen_provision = "E"
    world.ours.primary_need = "ASD"
    world.ours.save()
    world.linked.secondary_need = "ASD"
    world.linked.date_of_birth = dt.date(2010, 1, 5)
    world.linked.save()

    body = names(client.get(SEN, {"status": "E"}))
    assert "Quokka" in body
    assert "Marmot" not in body

    body = names(client.get(SEN, {"need": "ASD"}))
    assert "Quokka" in body
    assert "Pangolin" in body
    assert "Marmot" not in body

    body = names(client.get(SEN, {"cared_for": "yes"}))
    assert "Marmot" in body
    assert "Quokka" not in body
    body = names(client.get(SEN, {"cared_for": "no"}))
    assert "Marmot" not in body
    assert "Quokka" in body

    body = names(client.get(SEN, {"school": str(world.school.pk)}))
    assert "Quokka" in body
    assert "Marmot" in body
    assert "Pangolin" not in body

    year = selectors.year_group(dt.date(2010, 1, 5))
    body = names(client.get(SEN, {"year": str(year)}))
    assert "Pangolin" in body
    assert "Quokka" not in body


def test_a_school_outside_the_list_is_an_error_and_the_other_filters_apply(client, world):
    response = signed_in(client, world, Role.CASEWORKER).get(
        SEN, {"school": str(world.other_school.pk)}
    )
    assert response.status_code == 400
    body = names(response)
    assert "There is a problem" in body
    assert "Select the school or setting from the list" in body
    assert "Quokka" in body  # the school filter is left out; the list still shows
    world.ours.sen_provision = "E"
    world.ours.save()
    response = client.get(SEN, {"school": str(world.other_school.pk), "status": "E"})
    assert response.status_code == 400
    assert "Quokka" in names(response)
    assert "Marmot" not in names(response)  # the status filter still applies


def test_register_is_paginated_and_audited(client, world):
    for _ in range(30):
        ChildFactory(responsible_authority=world.la)
    signed_in(client, world, Role.CASEWORKER)
    response = client.get(SEN)
    assert "showing 1 to 25" in names(response)
    listed = AuditEntry.objects.filter(summary="Listed on the SEN Register")
    assert listed.count() == 25
    assert client.get(SEN, {"page": 2}).status_code == 200


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_csv_export_has_the_filtered_rows_and_is_audited(client, world):
    signed_in(client, world, Role.CASEWORKER)
    response = client.get(reverse("registers:sen_export", args=["csv"]), {"cared_for": "yes"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response)
    assert rows[0][0] == "Name"
    assert [r[0] for r in rows[1:]] == ["Marmot, Casimir"]
    marmot = rows[1]
    assert marmot[4] == "SEN support"
    assert marmot[5] == "Speech, language and communication needs"
    assert marmot[7] == "Ourshire Primary"
    assert marmot[10] == "Yes"
    entries = AuditEntry.objects.filter(summary="Exported from the SEN Register (CSV)")
    assert list(entries.values_list("child_id", flat=True)) == [world.ours_cared_for.pk]


def test_csv_export_neutralises_formulas(client, world):
    world.ours.last_name = "=HYPERLINK(1)"
    world.ours.save()
    rows = _csv_rows(
        signed_in(client, world, Role.CASEWORKER).get(reverse("registers:sen_export", args=["csv"]))
    )
    assert any(r[0].startswith("'=HYPERLINK") for r in rows[1:])


def test_excel_export(client, world):
    signed_in(client, world, Role.SENCO)
    response = client.get(reverse("registers:sen_export", args=["xlsx"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["SEN Register"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Name"
    assert sorted(r[0] for r in rows[1:]) == ["Marmot, Casimir", "Quokka, Aurelia"]
    assert rows[1][7] == "Ourshire Primary"
    assert AuditEntry.objects.filter(summary="Exported from the SEN Register (XLSX)").count() == 2


def test_unknown_export_format_is_not_found(client, world):
    signed_in(client, world, Role.CASEWORKER)
    assert client.get(reverse("registers:sen_export", args=["pdf"])).status_code == 404


# ---------------------------------------------------------------------------------------------
# Belonging Register


def test_virtual_school_sees_cared_for_children_and_who_holds_the_plan(client, world):
    KeyContact.objects.create(
        name="Tess Theirs",
        role=ContactRole.SEN,
        organisation=world.other_la,
        email="tess@theirshire.example",
        last_confirmed=timezone.localdate(),
    )
    response = signed_in(client, world, Role.VIRTUAL_SCHOOL).get(BELONGING)
    assert response.status_code == 200
    body = names(response)
    assert "Marmot" in body
    assert "Narwhal" in body
    assert "Quokka" not in body
    assert "Theirshire Council" in body
    assert "tess@theirshire.example" in body  # from the key contacts directory
    assert "None stored" in body  # another authority holds Perpetua's plan
    assert AuditEntry.objects.filter(
        summary="Listed on the Belonging Register", child_id=world.theirs_placed_here.pk
    ).exists()


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.MANAGER, Role.ADMINISTRATOR])
def test_the_send_team_sees_its_authoritys_cared_for_children(client, world, role):
    """Both teams share the Belonging Register (the joint working protocol): the SEND team's
    caseworkers too, not only its managers."""
    body = names(signed_in(client, world, role).get(BELONGING))
    assert "Marmot" in body
    assert "Narwhal" not in body
    assert "Quokka" not in body


@pytest.mark.parametrize("role", [Role.SENCO, Role.FAMILY, Role.LEADER, Role.PROFESSIONAL])
def test_others_cannot_see_the_belonging_register(client, world, role):
    signed_in(client, world, role)
    assert client.get(BELONGING).status_code == 403
    url = reverse("registers:belonging_child", args=[world.ours_cared_for.pk])
    assert client.get(url).status_code == 403


def test_our_own_caseworker_is_shown_where_we_hold_the_plan(client, world):
    from sendpath.ehc.tests.helpers import open_case

    child = world.ours_cared_for
    url = reverse("registers:belonging_child", args=[child.pk])
    body = names(signed_in(client, world, Role.VIRTUAL_SCHOOL).get(url))
    assert "Not recorded" in body  # no case yet, no key contact
    caseworker = world.user(Role.CASEWORKER)
    caseworker.first_name, caseworker.last_name = "Cara", "Worker"
    caseworker.email = "cara.worker@ourshire.example"
    caseworker.save()
    case = open_case(world, child=child)
    assert case.caseworker == caseworker
    body = names(client.get(url))
    assert "Cara Worker" in body
    assert "cara.worker@ourshire.example" in body
    assert "allocated to" in body
    body = names(client.get(BELONGING))
    assert "Cara Worker" in body
    # A caseworker named on the entry wins over the case's.
    BelongingEntry.objects.create(
        child=child, plan_authority=world.la, plan_caseworker_name="Named Elsewhere"
    )
    assert "Named Elsewhere" in names(client.get(url))


def test_a_plan_copy_for_any_cared_for_child(client, world):
    """The Virtual School stores the copy of a plan another authority holds for every cared-for
    child, even one whose SEN provision is not yet recorded here."""
    child = world.ours_cared_for
    child.sen_provision = "N"
    child.save()
    signed_in(client, world, Role.VIRTUAL_SCHOOL)
    assert child.full_name not in names(client.get(BELONGING))
    add = reverse("registers:plan_copy_add", args=[child.pk])
    assert client.get(add).status_code == 200
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    post = {
        "holding_authority": str(world.other_la.pk),
        "received_on-day": "1",
        "received_on-month": "3",
        "received_on-year": str(timezone.localdate().year - 1),
        "file": pdf,
    }
    assert client.post(add, post).status_code == 302
    assert PlanCopy.objects.filter(child=child).count() == 1


def test_a_child_outside_scope_is_not_found(client, world):
    signed_in(client, world, Role.MANAGER)
    url = reverse("registers:belonging_child", args=[world.theirs_placed_here.pk])
    assert client.get(url).status_code == 404
    assert AuditEntry.objects.filter(
        action=AuditAction.DENIED, child_id=world.theirs_placed_here.pk
    ).exists()


def test_record_who_holds_the_plan(client, world):
    signed_in(client, world, Role.VIRTUAL_SCHOOL)
    child = world.theirs_placed_here
    url = reverse("registers:belonging_child", args=[child.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "plan_authority": str(world.other_la.pk),
            "plan_caseworker_name": "Priya Planholder",
            "email": "priya@theirshire.example",
            "telephone": "01234 567890",
            "notes": "Placed with foster carers in Ourshire",
        },
    )
    assert response.status_code == 302
    entry = BelongingEntry.objects.get(child=child)
    assert entry.plan_authority == world.other_la
    assert entry.plan_caseworker_name == "Priya Planholder"
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATED, child_id=child.pk, object_type="registers.BelongingEntry"
    ).exists()
    body = names(client.get(BELONGING))
    assert "Priya Planholder" in body
    assert "priya@theirshire.example" in body


def test_bad_belonging_input_saves_nothing(client, world):
    signed_in(client, world, Role.VIRTUAL_SCHOOL)
    url = reverse("registers:belonging_child", args=[world.theirs_placed_here.pk])
    response = client.post(url, {"plan_caseworker_name": "Priya", "email": "not-an-email"})
    assert response.status_code == 400
    body = names(response)
    assert "govuk-error-summary" in body
    assert "#email" in body
    assert 'value="Priya"' in body
    assert not BelongingEntry.objects.exists()


def _pdf(name: str = "plan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7 the plan", "application/pdf")


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {
        f"{prefix}-day": str(day.day),
        f"{prefix}-month": str(day.month),
        f"{prefix}-year": str(day.year),
    }


def test_store_list_and_download_a_plan_copy(client, world):
    signed_in(client, world, Role.VIRTUAL_SCHOOL)
    child = world.theirs_placed_here
    received = timezone.localdate() - dt.timedelta(days=10)
    add = reverse("registers:plan_copy_add", args=[child.pk])
    assert client.get(add).status_code == 200
    response = client.post(
        add,
        {
            "holding_authority": str(world.other_la.pk),
            "file": _pdf(),
            **_date("received_on", received),
        },
    )
    assert response.status_code == 302
    copy = PlanCopy.objects.get(child=child)
    assert copy.received_on == received
    assert copy.holding_authority == world.other_la
    assert copy.content_type == "application/pdf"
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATED, child_id=child.pk, object_type="registers.PlanCopy"
    ).exists()

    detail = names(client.get(reverse("registers:belonging_child", args=[child.pk])))
    assert "Download plan.pdf" in detail
    listing = names(client.get(BELONGING))
    assert "None stored" not in listing
    assert "Received" in listing

    download = client.get(reverse("registers:plan_copy_download", args=[child.pk, copy.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.7 the plan"
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEWED, child_id=child.pk, object_type="registers.PlanCopy"
    ).exists()

    # A SENCO cannot download it, and the other authority's copy stays out of others' reach.
    client.logout()
    signed_in(client, world, Role.SENCO)
    url = reverse("registers:plan_copy_download", args=[child.pk, copy.pk])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"file": "missing"}, "holding_authority"),
        ({"received_on": "future"}, "received_on"),
        ({"file": "exe"}, "file"),
        ({"file": "fake"}, "file"),
        ({"file": None}, "file"),
    ],
)
def test_bad_plan_copy_saves_nothing(client, world, data, field):
    signed_in(client, world, Role.VIRTUAL_SCHOOL)
    today = timezone.localdate()
    post: dict = {"holding_authority": str(world.other_la.pk), **_date("received_on", today)}
    files = {
        "missing": _pdf(),
        "exe": SimpleUploadedFile("plan.exe", b"MZ\x90\x00", "application/octet-stream"),
        "fake": SimpleUploadedFile("plan.pdf", b"not a pdf", "application/pdf"),
    }
    if data.get("file") == "missing":
        post.pop("holding_authority")
    if data.get("received_on") == "future":
        post.update(_date("received_on", today + dt.timedelta(days=3)))
    upload = files.get(data.get("file") or "", _pdf() if "file" not in data else None)
    if upload is not None:
        post["file"] = upload
    response = client.post(
        reverse("registers:plan_copy_add", args=[world.theirs_placed_here.pk]), post
    )
    assert response.status_code == 400
    body = names(response)
    assert "govuk-error-summary" in body
    assert f'href="#{field}' in body
    assert not PlanCopy.objects.exists()


# ---------------------------------------------------------------------------------------------
# Key contacts


def _contact(world, **kwargs) -> KeyContact:
    values = {
        "name": "Sam Senteam",
        "role": ContactRole.SEN,
        "organisation": world.other_la,
        "email": "sam@theirshire.example",
        "last_confirmed": timezone.localdate(),
        **kwargs,
    }
    return KeyContact.objects.create(**values)


def test_directory_search_and_stale_flag(client, world):
    _contact(world)
    _contact(
        world,
        name="Val Virtual",
        role=ContactRole.VIRTUAL_SCHOOL,
        organisation=world.la,
        email="val@ourshire.example",
        last_confirmed=timezone.localdate() - dt.timedelta(days=200),
    )
    signed_in(client, world, Role.VIRTUAL_SCHOOL)
    body = names(client.get(CONTACTS))
    assert "Sam Senteam" in body
    assert "Val Virtual" in body
    assert body.count("Over 6 months old") == 1

    body = names(client.get(CONTACTS, {"organisation": str(world.other_la.pk)}))
    assert "Sam Senteam" in body
    assert "Val Virtual" not in body
    body = names(client.get(CONTACTS, {"role": "virtual_school"}))
    assert "Val Virtual" in body
    assert "Sam Senteam" not in body
    body = names(client.get(CONTACTS, {"q": "sam"}))
    assert "Sam Senteam" in body
    assert "Val Virtual" not in body


def test_directory_is_paginated(client, world):
    for n in range(27):
        _contact(world, name=f"Contact {n:02d}")
    body = names(signed_in(client, world, Role.CASEWORKER).get(CONTACTS))
    assert "showing 1 to 25" in body


@pytest.mark.parametrize("role", [Role.SENCO, Role.FAMILY, Role.LEADER, Role.PROFESSIONAL])
def test_directory_refuses_other_roles(client, world, role):
    contact = _contact(world)
    signed_in(client, world, role)
    assert client.get(CONTACTS).status_code == 403
    assert client.get(reverse("registers:contact_add")).status_code == 403
    confirm = reverse("registers:contact_confirm", args=[contact.pk])
    assert client.post(confirm).status_code == 403


def test_add_change_and_confirm_a_contact(client, world):
    signed_in(client, world, Role.CASEWORKER)
    add = reverse("registers:contact_add")
    assert client.get(add).status_code == 200
    confirmed = timezone.localdate() - dt.timedelta(days=300)
    response = client.post(
        add,
        {
            "name": "Ina Inclusion",
            "role": "inclusion",
            "organisation": str(world.other_la.pk),
            "telephone": "0161 000 0000",
            **_date("last_confirmed", confirmed),
        },
    )
    assert response.status_code == 302
    contact = KeyContact.objects.get(name="Ina Inclusion")
    assert contact.needs_confirming
    assert AuditEntry.objects.filter(action=AuditAction.CREATED, object_id=str(contact.pk)).exists()

    edit = reverse("registers:contact_edit", args=[contact.pk])
    assert 'value="Ina Inclusion"' in names(client.get(edit))
    response = client.post(
        edit,
        {
            "name": "Ina Inclusion",
            "role": "inclusion",
            "organisation": str(world.other_la.pk),
            "email": "ina@theirshire.example",
            "telephone": "0161 000 0000",
            **_date("last_confirmed", confirmed),
        },
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.email == "ina@theirshire.example"

    response = client.post(reverse("registers:contact_confirm", args=[contact.pk]))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.last_confirmed == timezone.localdate()
    assert not contact.needs_confirming
    assert AuditEntry.objects.filter(
        action=AuditAction.UPDATED, object_id=str(contact.pk), summary__startswith="Confirmed"
    ).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"role": ""}, "role"),
        ({"organisation": ""}, "organisation"),
        ({"email": "nope"}, "email"),
        ({"email": "", "telephone": ""}, "email"),
        ({"last_confirmed-year": str(timezone.localdate().year + 1)}, "last_confirmed"),
    ],
)
def test_bad_contact_input_saves_nothing(client, world, data, field):
    signed_in(client, world, Role.VIRTUAL_SCHOOL)
    post = {
        "name": "Nia Name",
        "role": "sen",
        "organisation": str(world.other_la.pk),
        "email": "nia@example.com",
        "telephone": "",
        **_date("last_confirmed", timezone.localdate()),
        **data,
    }
    response = client.post(reverse("registers:contact_add"), post)
    assert response.status_code == 400
    body = names(response)
    assert "govuk-error-summary" in body
    assert f'href="#{field}' in body
    assert not KeyContact.objects.exists()
