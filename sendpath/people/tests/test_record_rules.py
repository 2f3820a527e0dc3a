"""A record is for 0 to 25, and carries the flags leaders ask to know, with their dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.people import services
from sendpath.people.ages import birthday, is_young_person, too_old_for_a_record
from sendpath.people.models import Child, Role

from .factories import PASSWORD, valid_upn
from .test_children import form_data

TOO_OLD = "Date of birth must be for someone aged 25 or under"


@pytest.fixture
def caseworker(world):
    client = Client()
    assert client.login(username=world.user(Role.CASEWORKER).username, password=PASSWORD)
    return client


def dob_fields(day: dt.date, prefix: str = "date_of_birth") -> dict[str, str]:
    return {
        f"{prefix}-day": str(day.day),
        f"{prefix}-month": str(day.month),
        f"{prefix}-year": str(day.year),
    }


def today() -> dt.date:
    return timezone.localdate()


def test_the_26th_birthday_is_the_limit():
    dob = dt.date(2000, 5, 17)
    assert not too_old_for_a_record(dob, dt.date(2026, 5, 16))
    assert too_old_for_a_record(dob, dt.date(2026, 5, 17))
    # Born on 29 February: 26 on 1 March in a year that is not a leap year.
    assert birthday(dt.date(2000, 2, 29), 26) == dt.date(2026, 3, 1)
    assert not too_old_for_a_record(dt.date(2000, 2, 29), dt.date(2026, 2, 28))


def test_a_young_person_is_past_compulsory_school_age_and_under_25():
    # 16 on Saturday 20 June 2026: compulsory school age ends on Friday 26 June 2026.
    dob = dt.date(2010, 6, 20)
    assert not is_young_person(dob, dt.date(2026, 6, 19))  # the day before the 16th birthday
    assert not is_young_person(dob, dt.date(2026, 6, 20))  # the 16th birthday, still in Year 11
    assert not is_young_person(dob, dt.date(2026, 6, 26))
    assert is_young_person(dob, dt.date(2026, 6, 27))
    # 16 in the summer holiday: a young person from the end of Year 11, while still 15.
    assert is_young_person(dt.date(2010, 8, 10), dt.date(2026, 7, 1))
    # Under 25: the day before the 25th birthday, not on it.
    assert is_young_person(dob, dt.date(2035, 6, 19))
    assert not is_young_person(dob, dt.date(2035, 6, 20))


@pytest.mark.parametrize(
    ("born_days_later", "refused"),
    [(0, True), (1, False)],  # 26 today; 26 tomorrow (today is the day before the birthday)
)
def test_create_refuses_a_date_of_birth_giving_26(world, caseworker, born_days_later, refused):
    dob = birthday(today(), -26) + dt.timedelta(days=born_days_later)
    response = caseworker.post(
        reverse("people:child_create"), form_data(sen_provision="N", **dob_fields(dob))
    )
    body = response.content.decode()
    if refused:
        assert response.status_code == 400
        assert TOO_OLD in body
        assert 'href="#date_of_birth-day"' in body
        assert not Child.objects.filter(last_name="Newrecord").exists()
    else:
        assert response.status_code == 302, body
        assert Child.objects.get(last_name="Newrecord").date_of_birth == dob


def test_edit_refuses_a_new_date_of_birth_giving_26_but_keeps_an_old_record_editable(
    world, caseworker
):
    child = world.ours
    data = form_data(
        first_name=child.first_name,
        last_name=child.last_name,
        upn=child.upn,
        nhs_number="",
        **dob_fields(birthday(today(), -26)),
    )
    response = caseworker.post(reverse("people:child_edit", args=[child.pk]), data)
    assert response.status_code == 400
    assert TOO_OLD in response.content.decode()
    child.refresh_from_db()
    assert child.date_of_birth == dt.date(2015, 3, 2)
    # A record kept past the 26th birthday: its other details can still be changed.
    old = birthday(today(), -27)
    Child.objects.filter(pk=child.pk).update(date_of_birth=old)
    data.update(dob_fields(old), postcode="M5 4WT")
    response = caseworker.post(reverse("people:child_edit", args=[child.pk]), data)
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.postcode == "M5 4WT"


def test_the_service_refuses_26_or_over_and_the_future(world):
    actor = world.user(Role.CASEWORKER)
    base = {"first_name": "Ada", "last_name": "Limit", "sex": "F", "upn": valid_upn()}
    for dob, message in (
        (birthday(today(), -26), TOO_OLD),
        (today() + dt.timedelta(days=1), "Date of birth must be today or in the past"),
    ):
        with pytest.raises(ValidationError) as error:
            services.child_create(actor=actor, data={**base, "date_of_birth": dob})
        assert message in error.value.message_dict["date_of_birth"][0]
    with pytest.raises(ValidationError) as error:
        services.child_update(
            actor=actor,
            child=world.ours,
            data={
                "first_name": "Aurelia",
                "last_name": "Quokka",
                "date_of_birth": birthday(today(), -30),
            },
        )
    assert TOO_OLD in error.value.message_dict["date_of_birth"][0]
    child = services.child_create(
        actor=actor, data={**base, "date_of_birth": birthday(today(), -26) + dt.timedelta(days=1)}
    )
    assert child.pk


def test_flags_with_dates_are_saved_shown_and_audited(world, caseworker):
    child = world.ours
    data = form_data(
        first_name=child.first_name,
        last_name=child.last_name,
        upn=child.upn,
        nhs_number="",
        dynamic_support_register="on",
        youth_justice="on",
        eotas="on",
        **dob_fields(child.date_of_birth),
        **dob_fields(dt.date(2025, 2, 3), "dynamic_support_register_from"),
        **dob_fields(dt.date(2025, 1, 6), "youth_justice_from"),
        **dob_fields(dt.date(2025, 11, 30), "youth_justice_to"),
        **dob_fields(dt.date(2024, 9, 2), "eotas_from"),
    )
    response = caseworker.post(reverse("people:child_edit", args=[child.pk]), data)
    assert response.status_code == 302, response.content.decode()
    child.refresh_from_db()
    assert child.dynamic_support_register
    assert child.dynamic_support_register_from == dt.date(2025, 2, 3)
    assert child.dynamic_support_register_to is None
    assert child.youth_justice_to == dt.date(2025, 11, 30)
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATED, child_id=child.pk).latest("at")
    assert entry.changes["dynamic_support_register"] == [False, True]
    assert entry.changes["dynamic_support_register_from"] == [None, "2025-02-03"]
    assert entry.changes["eotas_from"] == [None, "2024-09-02"]
    page = caseworker.get(child.get_absolute_url()).content.decode()
    assert "Dynamic Support Register" in page
    assert "Yes, since 3 February 2025" in page
    assert "No, ended 30 November 2025 (from 6 January 2025)" in page
    assert "Yes, since 2 September 2024" in page
    # The edit page shows each flag's dates, revealed by its checkbox.
    form = caseworker.get(reverse("people:child_edit", args=[child.pk])).content.decode()
    assert 'id="conditional-dynamic_support_register"' in form
    assert 'name="youth_justice_to-year" type="text" value="2025"' in form


def test_a_flag_ending_before_it_began_is_refused_naming_the_field(world, caseworker):
    child = world.ours
    data = form_data(
        first_name=child.first_name,
        last_name=child.last_name,
        upn=child.upn,
        nhs_number="",
        youth_justice="on",
        **dob_fields(child.date_of_birth),
        **dob_fields(dt.date(2025, 6, 1), "youth_justice_from"),
        **dob_fields(dt.date(2025, 5, 31), "youth_justice_to"),
    )
    response = caseworker.post(reverse("people:child_edit", args=[child.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert (
        "Date youth justice involvement ended must be the same as or after the date youth "
        "justice involvement began"
    ) in body
    assert 'href="#youth_justice_to-day"' in body
    child.refresh_from_db()
    assert not child.youth_justice


def test_a_flags_dates_without_the_flag_are_ignored(world, caseworker):
    child = world.ours
    data = form_data(
        first_name=child.first_name,
        last_name=child.last_name,
        upn=child.upn,
        nhs_number="",
        **dob_fields(child.date_of_birth),
        **dob_fields(dt.date(2025, 6, 1), "eotas_from"),
        **{"eotas_to-day": "99", "eotas_to-month": "1", "eotas_to-year": "2025"},
    )
    response = caseworker.post(reverse("people:child_edit", args=[child.pk]), data)
    assert response.status_code == 302
    child.refresh_from_db()
    assert not child.eotas
    assert child.eotas_from is None
    assert child.eotas_to is None


def test_the_service_checks_the_flags_dates_too(world):
    actor = world.user(Role.CASEWORKER)
    child = world.ours
    base = {"first_name": "Aurelia", "last_name": "Quokka", "date_of_birth": child.date_of_birth}
    with pytest.raises(ValidationError) as error:
        services.child_update(
            actor=actor,
            child=child,
            data={
                **base,
                "dynamic_support_register": True,
                "dynamic_support_register_from": dt.date(2025, 3, 1),
                "dynamic_support_register_to": dt.date(2025, 2, 1),
            },
        )
    assert error.value.message_dict["dynamic_support_register_to"] == [
        "Date taken off the register must be the same as or after the date added to the register"
    ]
    with pytest.raises(ValidationError) as error:
        services.child_update(
            actor=actor,
            child=child,
            data={**base, "eotas": True, "eotas_from": dt.date(2014, 1, 1)},
        )
    assert "eotas_from" in error.value.message_dict
    services.child_update(
        actor=actor,
        child=child,
        data={**base, "youth_justice": False, "youth_justice_from": dt.date(2025, 3, 1)},
    )
    child.refresh_from_db()
    assert child.youth_justice_from is None
