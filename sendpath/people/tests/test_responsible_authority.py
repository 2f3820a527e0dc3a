"""Recording that another authority is responsible hands the record to them, once confirmed."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.people.models import Child, Role

from .factories import PASSWORD
from .test_children import form_data


def _client(world, role) -> Client:
    client = Client()
    assert client.login(username=world.user(role).username, password=PASSWORD)
    return client


def _edit(child: Child, **overrides) -> dict[str, str]:
    return form_data(
        first_name=child.first_name,
        last_name=child.last_name,
        upn=child.upn,
        nhs_number=child.nhs_number,
        sex=child.sex,
        **{
            "date_of_birth-day": str(child.date_of_birth.day),
            "date_of_birth-month": str(child.date_of_birth.month),
            "date_of_birth-year": str(child.date_of_birth.year),
        },
        **overrides,
    )


def _cared_for_here(world) -> Child:
    """Cared for by us and living here, the record ours until another authority is named."""
    child = world.ours_cared_for
    child.resident_authority = world.la
    child.save()
    return child


def test_the_form_says_plainly_that_another_authority_takes_the_record(world):
    page = _client(world, Role.CASEWORKER).get(reverse("people:child_edit", args=[world.ours.pk]))
    body = page.content.decode()
    assert "Local authority responsible for the child" in body
    assert "the record is handed to them" in body
    assert f'<option value="{world.la.pk}" selected' in body


def test_choosing_another_authority_without_confirming_is_refused_and_writes_nothing(world):
    child = world.ours
    before = AuditEntry.objects.filter(action=AuditAction.UPDATED).count()
    response = _client(world, Role.CASEWORKER).post(
        reverse("people:child_edit", args=[child.pk]),
        _edit(child, responsible_authority=str(world.other_la.pk), primary_need="ASD"),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="confirm_handover-error"' in body
    assert f'<option value="{world.other_la.pk}" selected' in body
    child.refresh_from_db()
    assert child.responsible_authority == world.la
    assert child.primary_need != "ASD"
    assert AuditEntry.objects.filter(action=AuditAction.UPDATED).count() == before


def test_a_confirmed_handover_moves_the_record_out_of_the_teams_scope(world):
    child = _cared_for_here(world)
    caseworker = world.user(Role.CASEWORKER)
    response = _client(world, Role.CASEWORKER).post(
        reverse("people:child_edit", args=[child.pk]),
        _edit(
            child,
            responsible_authority=str(world.other_la.pk),
            confirm_handover="on",
            cared_for="on",
            looked_after_by=str(world.other_la.pk),
            resident_authority=str(world.la.pk),
        ),
        follow=True,
    )
    assert response.status_code == 200
    assert "handed to Theirshire Council" in response.content.decode()
    child.refresh_from_db()
    assert child.responsible_authority == world.other_la
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATED, child_id=child.pk).latest("at")
    assert entry.actor == caseworker
    assert entry.summary.startswith("Handed the record to Theirshire Council")
    assert entry.changes["responsible_authority"] == [str(world.la.pk), str(world.other_la.pk)]

    # Our SEND team no longer sees it; theirs does; our Virtual School still does (lives here).
    for role in (Role.CASEWORKER, Role.MANAGER, Role.ADMINISTRATOR):
        assert not Child.objects.visible_to(world.user(role)).filter(pk=child.pk).exists()
    assert _client(world, Role.CASEWORKER).get(child.get_absolute_url()).status_code == 404
    assert Child.objects.visible_to(world.user("other_caseworker")).filter(pk=child.pk).exists()
    assert Child.objects.visible_to(world.user(Role.VIRTUAL_SCHOOL)).filter(pk=child.pk).exists()
    assert _client(world, Role.VIRTUAL_SCHOOL).get(child.get_absolute_url()).status_code == 200


def test_a_new_record_for_another_authority_needs_confirming(world):
    client = _client(world, Role.CASEWORKER)
    data = form_data(responsible_authority=str(world.other_la.pk))
    assert client.post(reverse("people:child_create"), data).status_code == 400
    assert not Child.objects.filter(upn=data["upn"]).exists()
    response = client.post(reverse("people:child_create"), {**data, "confirm_handover": "on"})
    assert response.status_code == 302
    assert response.url == reverse("people:child_list")
    assert Child.objects.get(upn=data["upn"]).responsible_authority == world.other_la


def test_keeping_the_same_authority_needs_no_confirmation(world):
    child = world.ours
    response = _client(world, Role.CASEWORKER).post(
        reverse("people:child_edit", args=[child.pk]),
        _edit(child, responsible_authority=str(world.la.pk), primary_need="ASD"),
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.responsible_authority, child.primary_need) == (world.la, "ASD")


@pytest.mark.parametrize("value", ["not-a-key", "SCHOOL"])
def test_the_responsible_authority_must_be_a_local_authority(world, value):
    child = world.ours
    value = str(world.school.pk) if value == "SCHOOL" else value
    response = _client(world, Role.CASEWORKER).post(
        reverse("people:child_edit", args=[child.pk]),
        _edit(child, responsible_authority=value, confirm_handover="on"),
    )
    assert response.status_code == 400
    assert 'id="responsible_authority-error"' in response.content.decode()
    child.refresh_from_db()
    assert child.responsible_authority == world.la
