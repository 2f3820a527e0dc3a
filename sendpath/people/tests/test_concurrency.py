"""Two people change the same record: the second save, based on an older page, is refused
with what changed, keeps what was typed and writes nothing; a fresh save still works."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.people.models import FamilyMember, Role

from .factories import PASSWORD
from .test_children import form_data


def based_on(page: str) -> str:
    found = re.search(r'name="based_on" value="([^"]*)"', page)
    assert found, "the form carries the version it was read at"
    return html.unescape(found.group(1))


@pytest.fixture
def two_caseworkers(world):
    first, second = Client(), Client()
    assert first.login(username=world.user(Role.CASEWORKER).username, password=PASSWORD)
    assert second.login(username=world.user(Role.CASEWORKER).username, password=PASSWORD)
    return first, second


def _child_data(child, **overrides):
    return form_data(
        first_name=child.first_name,
        last_name=child.last_name,
        upn=child.upn,
        nhs_number="",
        **{
            "date_of_birth-day": str(child.date_of_birth.day),
            "date_of_birth-month": str(child.date_of_birth.month),
            "date_of_birth-year": str(child.date_of_birth.year),
        },
        **overrides,
    )


def test_a_stale_change_to_a_child_record_is_refused(world, two_caseworkers):
    first, second = two_caseworkers
    child = world.ours
    url = reverse("people:child_edit", args=[child.pk])
    first_opened = based_on(first.get(url).content.decode())
    second_opened = based_on(second.get(url).content.decode())

    saved = first.post(url, {**_child_data(child, primary_need="ASD"), "based_on": first_opened})
    assert saved.status_code == 302
    changes = AuditEntry.objects.filter(child_id=child.pk, action=AuditAction.UPDATED).count()

    refused = second.post(
        url,
        {**_child_data(child, primary_need="MLD", postcode="M1 1AA"), "based_on": second_opened},
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Someone else changed this record after you opened this page" in page
    assert "govuk-error-summary" in page
    assert "Primary type of need: they changed it to “Autistic spectrum disorder”" in page
    assert 'value="M1 1AA"' in page  # what the second person typed is kept
    child.refresh_from_db()
    assert child.primary_need == "ASD"
    assert child.postcode != "M1 1AA"
    assert AuditEntry.objects.filter(child_id=child.pk, action=AuditAction.UPDATED).count() == (
        changes
    )

    # The refusal bases the form on the current version: saving again knowingly wins.
    again = second.post(url, {**_child_data(child, primary_need="MLD"), "based_on": based_on(page)})
    assert again.status_code == 302
    child.refresh_from_db()
    assert child.primary_need == "MLD"


def test_a_fresh_change_to_a_child_record_is_saved(world, two_caseworkers):
    first, _ = two_caseworkers
    child = world.ours
    url = reverse("people:child_edit", args=[child.pk])
    for need in ("ASD", "SLCN"):
        opened = based_on(first.get(url).content.decode())
        response = first.post(url, {**_child_data(child, primary_need=need), "based_on": opened})
        assert response.status_code == 302
        child.refresh_from_db()
        assert child.primary_need == need


def test_a_stale_change_to_a_family_member_is_refused(world, two_caseworkers):
    first, second = two_caseworkers
    child = world.ours
    member = FamilyMember.objects.create(
        child=child, full_name="Gwen Quokka", relationship="mother", telephone="07700 900123"
    )
    url = reverse("people:family_edit", args=[child.pk, member.pk])
    first_opened = based_on(first.get(url).content.decode())
    second_opened = based_on(second.get(url).content.decode())
    common = {"full_name": "Gwen Quokka", "relationship": "mother"}

    saved = first.post(url, {**common, "telephone": "07700 900999", "based_on": first_opened})
    assert saved.status_code == 302
    refused = second.post(
        url,
        {
            **common,
            "telephone": "07700 900555",
            "email": "g@example.com",
            "based_on": second_opened,
        },
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Someone else changed this record after you opened this page" in page
    assert "Telephone: they changed it to “07700 900999”" in page
    assert 'value="g@example.com"' in page
    member.refresh_from_db()
    assert member.telephone == "07700 900999"
    assert member.email == ""

    fresh = based_on(second.get(url).content.decode())
    response = second.post(url, {**common, "telephone": "07700 900555", "based_on": fresh})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.telephone == "07700 900555"


def test_a_stale_change_to_an_organisation_is_refused(world):
    """Two administrators change the same school: the second, from an older page, is refused."""
    from sendpath.people.models import Organisation

    first, second = Client(), Client()
    for client in (first, second):
        assert client.login(username=world.user(Role.ADMINISTRATOR).username, password=PASSWORD)
    school = world.school
    url = reverse("people:organisation_edit", args=[school.pk])
    first_page = first.get(url).content.decode()
    second_opened = based_on(second.get(url).content.decode())
    data = {
        "kind": school.kind,
        "name": "Ourshire Primary Academy",
        "la_code": "",
        "ons_code": "",
        "urn": school.urn,
        "ukprn": school.ukprn,
        "phase": school.phase,
        "setting_type": school.setting_type,
        "local_authority": str(school.local_authority_id),
        "is_active": "on",
        "based_on": based_on(first_page),
    }
    assert first.post(url, data).status_code == 302
    refused = second.post(url, {**data, "name": "Ourshire Infants", "based_on": second_opened})
    assert refused.status_code == 400
    body = html.unescape(refused.content.decode())
    assert "Someone else changed this record after you opened this page" in body
    assert "Ourshire Infants" in body  # what they typed is kept
    assert Organisation.objects.get(pk=school.pk).name == "Ourshire Primary Academy"
    # Saving again from the refused page (now based on the current version) works.
    again = second.post(url, {**data, "name": "Ourshire Infants", "based_on": based_on(body)})
    assert again.status_code == 302
    assert Organisation.objects.get(pk=school.pk).name == "Ourshire Infants"


def test_a_stale_record_of_capacity_is_refused(world, two_caseworkers):
    """Two caseworkers record capacity for the same young person: the second, from an older
    page, is refused; a change elsewhere on the record does not make the page stale."""
    from sendpath.people.models import Child

    first, second = two_caseworkers
    child = world.ours
    url = reverse("people:family_capacity", args=[child.pk])
    first_opened = based_on(first.get(url).content.decode())
    second_opened = based_on(second.get(url).content.decode())
    data = {
        "lacks_capacity": "yes",
        "assessed_on-day": "1",
        "assessed_on-month": "9",
        "assessed_on-year": "2026",
        "note": "Assessed by the college's educational psychologist",
    }
    Child.objects.filter(pk=child.pk).update(postcode="M1 1AA")
    assert first.post(url, {**data, "based_on": first_opened}).status_code == 302
    refused = second.post(url, {**data, "note": "Assessed by the GP", "based_on": second_opened})
    assert refused.status_code == 400
    body = html.unescape(refused.content.decode())
    assert "Someone else changed this record after you opened this page" in body
    assert "Assessed by the GP" in body
    child.refresh_from_db()
    assert child.lacks_capacity_note == "Assessed by the college's educational psychologist"
