"""The registers' lists at scale: a fixed number of queries per page, whatever the number of
children, and the school filter found without sorting every attendance."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sendpath.people.models import Organisation, OrganisationKind, Role, SettingAttendance
from sendpath.people.tests.factories import PASSWORD, ChildFactory
from sendpath.registers import selectors
from sendpath.registers.models import ContactRole, KeyContact

pytestmark = pytest.mark.django_db

BELONGING = reverse("registers:belonging")


def belonging_queries(client, world) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(BELONGING).status_code == 200
    return len(queries)


def test_belonging_register_queries_do_not_grow_with_rows(client, world):
    assert client.login(username=world.user(Role.VIRTUAL_SCHOOL).username, password=PASSWORD)
    for authority in (world.la, world.other_la):
        KeyContact.objects.create(
            name=f"Contact at {authority.name}",
            role=ContactRole.SEN,
            organisation=authority,
            email="sen@example.org",
            last_confirmed=timezone.localdate(),
        )
    few = belonging_queries(client, world)
    for n in range(6):
        ChildFactory(
            first_name=f"Extra{n}",
            responsible_authority=world.other_la if n % 2 else world.la,
            cared_for=True,
            looked_after_by=world.la,
            sen_provision="K",
        )
    many = belonging_queries(client, world)
    assert many == few
    body = client.get(BELONGING).content.decode()
    assert "Contact at Theirshire Council" in body  # still from the directory


def test_register_schools_lists_current_settings_of_pupils_on_the_register(world):
    today = timezone.localdate()
    empty = Organisation.objects.create(
        kind=OrganisationKind.SCHOOL, name="Aardvark Academy (no pupils on the register)"
    )
    child = ChildFactory(responsible_authority=world.la, sen_provision="K")
    SettingAttendance.objects.create(child=child, organisation=world.school, start_date=today)
    schools = selectors.register_schools(user=world.user(Role.CASEWORKER))
    assert (str(world.school.pk), world.school.name) in schools
    assert str(empty.pk) not in [pk for pk, _ in schools]
    assert [name for _, name in schools] == sorted(name for _, name in schools)
