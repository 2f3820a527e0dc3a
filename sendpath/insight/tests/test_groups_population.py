"""The authority's 0-25 population (administrators only), and the child record's census facts
that the groups page counts (free school meals and first language)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.insight.models import LocalPopulation
from sendpath.people.models import Child, Role
from sendpath.people.tests.factories import PASSWORD, valid_nhs_number, valid_upn

URL = "/insight/groups/population/"


def signed_in(world, role):
    client = Client()
    assert client.login(username=world.user(role).username, password=PASSWORD)
    return client


def test_only_an_administrator_enters_the_population(world):
    assert reverse("insight:groups_population") == URL
    for role in (Role.MANAGER, Role.LEADER, Role.CASEWORKER):
        assert signed_in(world, role).get(URL).status_code == 403
        assert signed_in(world, role).post(URL, {"sex-F": "10"}).status_code == 403
    assert not LocalPopulation.objects.exists()
    admin = signed_in(world, Role.ADMINISTRATOR)
    page = admin.get(URL)
    assert page.status_code == 200
    assert "Sex: Female" in page.content.decode()
    saved = admin.post(
        URL,
        {"source": "ONS mid-year estimates", "year": "mid-2024", "sex-F": "48,100".replace(",", ""),
         "sex-M": "50200", "age-under-5": "12000", "ethnicity-white-british": "70000"},
    )  # fmt: skip
    assert saved.status_code == 302
    found = LocalPopulation.objects.get(authority=world.la)
    assert found.counts == {
        "sex": {"F": 48100, "M": 50200},
        "age": {"under-5": 12000},
        "ethnicity": {"white-british": 70000},
    }
    assert found.source == "ONS mid-year estimates"
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATED, actor=world.user(Role.ADMINISTRATOR)
    ).exists()
    # The groups page now names its source and compares with it.
    body = signed_in(world, Role.LEADER).get("/insight/groups/").content.decode()
    assert "ONS mid-year estimates, mid-2024" in body
    assert "The authority&#39;s 0-25 population: share" in body


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"source": "ONS", "sex-F": "lots"}, "sex-F", "Sex: Female must be a whole number"),
        ({"source": "ONS", "age-5-to-10": "-3"}, "age-5-to-10", "must be 0 or more"),
        ({"source": "ONS", "sex-M": "99999999"}, "sex-M", "must be 5,000,000 or fewer"),
        ({"sex-F": "100"}, "source", "Enter where the figures come from"),
        ({"source": "x" * 201}, "source", "200 characters or fewer"),
    ],
)
def test_bad_input_names_the_field_and_keeps_what_was_typed(world, data, field, message):
    response = signed_in(world, Role.ADMINISTRATOR).post(URL, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    assert f'href="#{field}' in body
    for value in data.values():
        assert f'value="{value}"' in body
    assert not LocalPopulation.objects.exists()


def test_a_stale_save_is_refused(world):
    admin = signed_in(world, Role.ADMINISTRATOR)
    admin.post(URL, {"source": "ONS", "sex-F": "100", "sex-M": "120"})
    page = admin.get(URL).content.decode()
    token = page.split('name="based_on" value="', 1)[1].split('"', 1)[0]
    # Someone else saves meanwhile.
    other = Client()
    assert other.login(username=world.user(Role.ADMINISTRATOR).username, password=PASSWORD)
    assert (
        other.post(URL, {"source": "Census 2021", "sex-F": "90", "based_on": token}).status_code
        == 302
    )
    refused = admin.post(URL, {"source": "ONS", "sex-F": "101", "based_on": token})
    assert refused.status_code == 400
    assert "Someone else changed this record" in refused.content.decode()
    assert LocalPopulation.objects.get().counts == {"sex": {"F": 90}}


# -- the child record's census facts ---------------------------------------------------------


def child_form(**overrides):
    data = {
        "first_name": "Ottoline",
        "last_name": "Censusfacts",
        "date_of_birth-day": "14",
        "date_of_birth-month": "6",
        "date_of_birth-year": "2016",
        "sex": "F",
        "upn": valid_upn(),
        "nhs_number": valid_nhs_number(),
        "sen_provision": "K",
        "primary_need": "SLCN",
    }
    data.update(overrides)
    return data


def test_free_school_meals_and_first_language_are_recorded_and_shown(world):
    caseworker = signed_in(world, Role.CASEWORKER)
    data = child_form(
        fsm_eligible="Y",
        **{"fsm_eligible_from-day": "3", "fsm_eligible_from-month": "9",
           "fsm_eligible_from-year": "2024"},
        first_language_code="OTB",
    )  # fmt: skip
    response = caseworker.post(reverse("people:child_create"), data)
    assert response.status_code == 302
    child = Child.objects.get(last_name="Censusfacts")
    assert child.fsm_eligible == "Y"
    assert child.fsm_eligible_from == dt.date(2024, 9, 3)
    assert child.first_language_code == "OTB"
    page = caseworker.get(response.url).content.decode()
    assert "Eligible since 3 September 2024" in page
    assert "Not known but believed to be other than English" in page
    # Changing the answer to "not eligible" drops the date.
    edit = reverse("people:child_edit", args=[child.pk])
    form = caseworker.get(edit).content.decode()
    token = form.split('name="based_on" value="', 1)[1].split('"', 1)[0]
    changed = caseworker.post(
        edit, {**data, "fsm_eligible": "N", "upn": child.upn, "nhs_number": child.nhs_number,
               "based_on": token},
    )  # fmt: skip
    assert changed.status_code == 302
    child.refresh_from_db()
    assert child.fsm_eligible == "N"
    assert child.fsm_eligible_from is None
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATED, child_id=child.pk).latest("at")
    assert entry.changes["fsm_eligible"] == ["Y", "N"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"fsm_eligible": "X"}, "fsm_eligible", "Select the free school meals eligibility from the list"),
        ({"first_language_code": "ZZZ"}, "first_language_code", "from the list"),
        (
            {"fsm_eligible": "Y", "fsm_eligible_from-day": "1", "fsm_eligible_from-month": "1",
             "fsm_eligible_from-year": "2010"},
            "fsm_eligible_from",
            "must be on or after the date of birth",
        ),
        (
            {"fsm_eligible": "Y", "fsm_eligible_from-day": "31", "fsm_eligible_from-month": "2",
             "fsm_eligible_from-year": "2024"},
            "fsm_eligible_from",
            "must be a real date",
        ),
    ],
)  # fmt: skip
def test_bad_census_facts_name_the_field(world, overrides, field, message):
    response = signed_in(world, Role.CASEWORKER).post(
        reverse("people:child_create"), child_form(**overrides)
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert f'href="#{field}' in body
    assert not Child.objects.filter(last_name="Censusfacts").exists()


def test_a_from_date_with_no_eligibility_is_ignored(world):
    data = child_form(
        fsm_eligible="N",
        **{"fsm_eligible_from-day": "40", "fsm_eligible_from-month": "1",
           "fsm_eligible_from-year": "2024"},
    )  # fmt: skip
    response = signed_in(world, Role.CASEWORKER).post(reverse("people:child_create"), data)
    assert response.status_code == 302
    child = Child.objects.get(last_name="Censusfacts")
    assert child.fsm_eligible == "N"
    assert child.fsm_eligible_from is None
