"""Creating and changing children's records through the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.people.models import Child, FamilyMember, Role, SettingAttendance

from .factories import PASSWORD, valid_nhs_number, valid_upn


@pytest.fixture
def caseworker(world):
    client = Client()
    assert client.login(username=world.user(Role.CASEWORKER).username, password=PASSWORD)
    return client


def form_data(**overrides):
    data = {
        "first_name": "Bethany",
        "last_name": "Newrecord",
        "date_of_birth-day": "14",
        "date_of_birth-month": "6",
        "date_of_birth-year": "2016",
        "sex": "F",
        "ethnicity": "WBRI",
        "upn": valid_upn(),
        "uln": "",
        "nhs_number": valid_nhs_number(),
        "sen_provision": "K",
        "primary_need": "SLCN",
        "postcode": "m5 4wt",
    }
    data.update(overrides)
    return data


def test_create_a_child_and_see_the_record(world, caseworker):
    data = form_data()
    response = caseworker.post(reverse("people:child_create"), data)
    assert response.status_code == 302
    child = Child.objects.get(upn=data["upn"])
    assert child.responsible_authority == world.la
    assert child.date_of_birth == dt.date(2016, 6, 14)
    assert child.postcode == "M5 4WT"
    assert child.created_by == world.user(Role.CASEWORKER)
    page = caseworker.get(response.url).content.decode()
    assert "Bethany Newrecord" in page
    assert "Speech, language and communication needs" in page
    created = AuditEntry.objects.get(action=AuditAction.CREATED, child_id=child.pk)
    assert created.actor == world.user(Role.CASEWORKER)
    assert created.changes["first_name"] == [None, "Bethany"]
    assert AuditEntry.objects.filter(action=AuditAction.VIEWED, child_id=child.pk).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"upn": "B123456789012"}, "upn", "check letter is wrong"),
        ({"uln": "1234567890"}, "uln", "check digit"),
        ({"nhs_number": "9434765918"}, "nhs_number", "check digit"),
        ({"ethnicity": "ZZZZ"}, "ethnicity", "Select the ethnicity from the list"),
        ({"sex": "X"}, "sex", "Select the sex from the list"),
        ({"date_of_birth-year": "2099"}, "date_of_birth", "must be today or in the past"),
        ({"first_name": ""}, "first_name", "Enter the first name"),
        ({"primary_need": ""}, "primary_need", "Select the primary type of need"),
        ({"secondary_need": "SLCN"}, "secondary_need", "must differ from the primary"),
        ({"cared_for": "on"}, "looked_after_by", "Select the local authority that looks after"),
        ({"interpreter_needed": "on"}, "interpreter_language", "Enter the language"),
    ],
)
def test_bad_input_names_the_field_keeps_what_was_typed_and_saves_nothing(
    world, caseworker, overrides, field, message
):
    before = Child.objects.count()
    data = form_data(**overrides)
    response = caseworker.post(reverse("people:child_create"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    # The error summary links to the field.
    assert f'href="#{field}' in body
    # What the user typed is still there.
    assert 'value="Newrecord"' in body or data["last_name"] == ""
    assert Child.objects.count() == before


def test_duplicate_upn_links_to_the_existing_record(world, caseworker):
    response = caseworker.post(reverse("people:child_create"), form_data(upn=world.ours.upn))
    assert response.status_code == 400
    body = response.content.decode()
    assert "A record with this UPN already exists" in body
    assert world.ours.get_absolute_url() in body
    assert Child.objects.filter(upn=world.ours.upn).count() == 1


def test_duplicate_name_and_date_of_birth(world, caseworker):
    data = form_data(
        first_name=world.ours.first_name.upper(),
        last_name=world.ours.last_name,
        **{
            "date_of_birth-day": str(world.ours.date_of_birth.day),
            "date_of_birth-month": str(world.ours.date_of_birth.month),
            "date_of_birth-year": str(world.ours.date_of_birth.year),
        },
    )
    response = caseworker.post(reverse("people:child_create"), data)
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert Child.objects.filter(last_name=world.ours.last_name).count() == 1


def test_duplicate_upn_held_elsewhere_reveals_nothing_about_that_child(world, caseworker):
    response = caseworker.post(reverse("people:child_create"), form_data(upn=world.theirs.upn))
    assert response.status_code == 400
    body = response.content.decode()
    assert "you do not have access to" in body
    assert world.theirs.first_name not in body
    assert world.theirs.get_absolute_url() not in body


def test_edit_records_the_change_in_the_audit_log(world, caseworker):
    child = world.ours
    page = caseworker.get(reverse("people:child_edit", args=[child.pk])).content.decode()
    assert f'value="{child.upn}"' in page
    data = form_data(
        first_name=child.first_name,
        last_name=child.last_name,
        upn=child.upn,
        nhs_number="",
        primary_need="ASD",
        **{"date_of_birth-day": "2", "date_of_birth-month": "3", "date_of_birth-year": "2015"},
    )
    response = caseworker.post(reverse("people:child_edit", args=[child.pk]), data)
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.primary_need == "ASD"
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATED, child_id=child.pk).latest("at")
    assert entry.changes["primary_need"] == ["SLCN", "ASD"]


def test_add_family_member_and_setting(world, caseworker):
    child = world.ours
    response = caseworker.post(
        reverse("people:family_add", args=[child.pk]),
        {
            "full_name": "Gwen Quokka",
            "relationship": "mother",
            "parental_responsibility": "on",
            "main_contact": "on",
            "telephone": "07700 900123",
        },
    )
    assert response.status_code == 302
    member = FamilyMember.objects.get(child=child, full_name="Gwen Quokka")
    assert member.parental_responsibility
    bad = caseworker.post(
        reverse("people:family_add", args=[child.pk]),
        {"full_name": "X", "relationship": "mother", "telephone": "call me"},
    )
    assert bad.status_code == 400
    assert "Enter a telephone number" in bad.content.decode()

    response = caseworker.post(
        reverse("people:setting_add", args=[child.pk]),
        {
            "organisation": str(world.other_school.pk),
            "start_date-day": "1",
            "start_date-month": "9",
            "start_date-year": "2014",
            "attendance": "full_time",
        },
    )
    assert response.status_code == 400
    assert "on or after the date of birth" in response.content.decode()
    attendance = SettingAttendance.objects.get(child=child)
    response = caseworker.post(
        reverse("people:setting_end", args=[child.pk, attendance.pk]),
        {"end_date-day": "22", "end_date-month": "7", "end_date-year": "2026"},
    )
    assert response.status_code == 302
    attendance.refresh_from_db()
    assert attendance.end_date == dt.date(2026, 7, 22)
    page = caseworker.get(child.get_absolute_url()).content.decode()
    assert "Gwen Quokka" in page


def test_manager_sees_who_has_looked_at_the_record(world):
    caseworker = Client()
    caseworker.login(username=world.user(Role.CASEWORKER).username, password=PASSWORD)
    caseworker.get(world.ours.get_absolute_url())
    manager = Client()
    manager.login(username=world.user(Role.MANAGER).username, password=PASSWORD)
    page = manager.get(world.ours.get_absolute_url()).content.decode()
    assert "Who has looked at this record" in page
    assert world.user(Role.CASEWORKER).get_full_name() in page
    log = manager.get(reverse("people:child_access_log", args=[world.ours.pk])).content.decode()
    assert world.user(Role.CASEWORKER).get_full_name() in log
    # A caseworker does not see the log.
    assert (
        "Who has looked at this record"
        not in caseworker.get(world.ours.get_absolute_url()).content.decode()
    )


def test_search_by_date_of_birth_and_pagination(world, caseworker, settings):
    settings.PAGE_SIZE = 2
    response = caseworker.get(
        reverse("people:child_list"), {"dob-day": "2", "dob-month": "3", "dob-year": "2015"}
    )
    body = response.content.decode()
    assert "4 results" in body
    assert "govuk-pagination" in body
    page2 = caseworker.get(
        reverse("people:child_list"),
        {"dob-day": "2", "dob-month": "3", "dob-year": "2015", "page": "2"},
    )
    assert "showing 3 to 4" in page2.content.decode()
    searched = AuditEntry.objects.filter(action=AuditAction.SEARCHED).count()
    assert searched >= 4


def test_search_with_a_bad_date_shows_the_error(world, caseworker):
    response = caseworker.get(
        reverse("people:child_list"), {"dob-day": "31", "dob-month": "2", "dob-year": "2015"}
    )
    assert "Date of birth must be a real date" in response.content.decode()


def test_link_and_unlink_a_professional_controls_their_access(world, caseworker):
    professional = world.user(Role.PROFESSIONAL)
    other = Client()
    other.login(username=professional.username, password=PASSWORD)
    assert other.get(world.ours.get_absolute_url()).status_code == 404
    bad = caseworker.post(reverse("people:professional_add", args=[world.ours.pk]), {"user": ""})
    assert bad.status_code == 400
    assert "Select the professional" in bad.content.decode()
    response = caseworker.post(
        reverse("people:professional_add", args=[world.ours.pk]),
        {"user": str(professional.pk), "reason": "Speech and language therapist"},
    )
    assert response.status_code == 302
    assert other.get(world.ours.get_absolute_url()).status_code == 200
    again = caseworker.post(
        reverse("people:professional_add", args=[world.ours.pk]), {"user": str(professional.pk)}
    )
    assert "already linked" in again.content.decode()
    link = world.ours.professionals.get(ended_on__isnull=True)
    caseworker.post(reverse("people:professional_end", args=[world.ours.pk, link.pk]))
    assert other.get(world.ours.get_absolute_url()).status_code == 404


def test_an_empty_form_sent_shows_its_errors(world, caseworker):
    response = caseworker.post(reverse("people:child_create"), {})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the first name" in body
    assert "Enter date of birth" in body


def test_sen_provision_since_is_recorded_when_provision_changes(world, caseworker):
    from django.utils import timezone

    child = world.ours
    assert child.sen_provision == "K"
    data = form_data(
        first_name=child.first_name,
        last_name=child.last_name,
        upn=child.upn,
        nhs_number="",
        sen_provision="N",
        primary_need="",
        **{"date_of_birth-day": "2", "date_of_birth-month": "3", "date_of_birth-year": "2015"},
    )
    assert caseworker.post(reverse("people:child_edit", args=[child.pk]), data).status_code == 302
    child.refresh_from_db()
    assert child.sen_provision_since is None
    data["sen_provision"] = "K"
    data["primary_need"] = "SLCN"
    caseworker.post(reverse("people:child_edit", args=[child.pk]), data)
    child.refresh_from_db()
    assert child.sen_provision == "K"
    assert child.sen_provision_since == timezone.localdate()


def test_an_ehc_plan_cannot_be_chosen_by_hand(world, caseworker):
    """One truth: "has an EHC plan" comes from the plan records, never from the child's form."""
    child = world.ours
    data = form_data(
        first_name=child.first_name,
        last_name=child.last_name,
        upn=child.upn,
        nhs_number="",
        sen_provision="E",
        primary_need="SLCN",
        **{"date_of_birth-day": "2", "date_of_birth-month": "3", "date_of_birth-year": "2015"},
    )
    response = caseworker.post(reverse("people:child_edit", args=[child.pk]), data)
    assert response.status_code == 400
    assert (
        "Select the special educational needs provision from the list" in response.content.decode()
    )
    child.refresh_from_db()
    assert child.sen_provision == "K"


def test_a_plan_holder_keeps_e_when_their_record_is_edited(world, caseworker):
    from sendpath.people.models import Child

    child = world.ours
    Child.objects.filter(pk=child.pk).update(sen_provision="E")
    page = caseworker.get(reverse("people:child_edit", args=[child.pk])).content.decode()
    assert "set from the plan records" in page
    assert 'name="sen_provision"' not in page
    data = form_data(
        first_name=child.first_name,
        last_name=child.last_name,
        upn=child.upn,
        nhs_number="",
        sen_provision="N",
        primary_need="SLCN",
        **{"date_of_birth-day": "2", "date_of_birth-month": "3", "date_of_birth-year": "2015"},
    )
    assert caseworker.post(reverse("people:child_edit", args=[child.pk]), data).status_code == 302
    child.refresh_from_db()
    assert child.sen_provision == "E"
