"""Reads are audited by construction: the in-scope lookup notes the child, and one `viewed`
entry is written per child and request once the page has answered with success."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.people.models import Role

from .factories import PASSWORD


def signed_in(world, role) -> Client:
    client = Client()
    assert client.login(username=world.user(role).username, password=PASSWORD)
    return client


def viewed(child_id) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=AuditAction.VIEWED, child_id=child_id))


@pytest.mark.django_db
def test_a_form_page_get_writes_one_viewed_entry(world):
    """Editing a family member shows the record: its GET is a read (issue 14)."""
    member = world.family_child.family.get()
    url = reverse("people:family_edit", args=[world.family_child.pk, member.pk])
    response = signed_in(world, Role.CASEWORKER).get(url)
    assert response.status_code == 200
    [entry] = viewed(world.family_child.pk)
    assert entry.actor == world.user(Role.CASEWORKER)
    assert entry.path == url
    assert entry.method == "GET"


@pytest.mark.django_db
def test_each_child_is_audited_once_per_request(world):
    client = signed_in(world, Role.CASEWORKER)
    client.get(reverse("people:child", args=[world.ours.pk]))
    assert len(viewed(world.ours.pk)) == 1  # the page's own entry, not a second from the lookup
    client.get(reverse("people:child", args=[world.ours.pk]))
    assert len(viewed(world.ours.pk)) == 2  # a second look is a second read


@pytest.mark.django_db
def test_a_refused_or_missing_record_writes_no_viewed_entry(world):
    client = signed_in(world, Role.SENCO)
    assert client.get(reverse("people:child_edit", args=[world.theirs.pk])).status_code == 404
    assert client.get(reverse("people:child_edit", args=[uuid.uuid4()])).status_code == 404
    assert not viewed(world.theirs.pk)
    assert AuditEntry.objects.filter(action=AuditAction.DENIED, child_id=world.theirs.pk).exists()


@pytest.mark.django_db
def test_a_post_is_not_audited_as_a_read(world):
    member = world.family_child.family.get()
    url = reverse("people:family_edit", args=[world.family_child.pk, member.pk])
    signed_in(world, Role.CASEWORKER).post(url, {})
    assert not viewed(world.family_child.pk)


@pytest.mark.django_db
def test_the_manager_sees_the_form_page_read_in_the_access_log(world):
    member = world.family_child.family.get()
    signed_in(world, Role.CASEWORKER).get(
        reverse("people:family_edit", args=[world.family_child.pk, member.pk])
    )
    log = signed_in(world, Role.MANAGER).get(
        reverse("people:child_access_log", args=[world.family_child.pk])
    )
    assert log.status_code == 200
    assert world.user(Role.CASEWORKER).get_full_name() in log.content.decode()
