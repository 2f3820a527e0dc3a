"""Support Teacher Advisers: a Virtual School account flagged as an adviser and linked by an
administrator to the cared-for children it supports reads only those children, and changes
nothing; the link is set through a page and audited on each child."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.core.rules import is_support_teacher_adviser, is_virtual_school
from sendpath.people.accounts import services as account_services
from sendpath.people.models import AdviserLink, Child, Role
from sendpath.people.tests.factories import PASSWORD, ChildFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def adviser(world):
    return UserFactory(
        username="adviser",
        role=Role.VIRTUAL_SCHOOL,
        organisation=world.la,
        is_support_teacher_adviser=True,
    )


@pytest.fixture
def another_cared_for(world):
    return ChildFactory(responsible_authority=world.la, cared_for=True, looked_after_by=world.la)


def link(world, adviser, *children):
    account_services.set_adviser(
        request=None,
        actor=world.user(Role.ADMINISTRATOR),
        user=adviser,
        is_adviser=True,
        children=list(children),
    )


def test_an_adviser_sees_only_the_children_linked(world, adviser, another_cared_for):
    assert not Child.objects.visible_to(adviser).exists()
    link(world, adviser, world.ours_cared_for)
    assert list(Child.objects.visible_to(adviser)) == [world.ours_cared_for]
    # Ordinary Virtual School staff still see every cared-for child of their scope.
    assert another_cared_for in Child.objects.visible_to(world.user(Role.VIRTUAL_SCHOOL))


def test_a_link_to_a_child_no_longer_cared_for_gives_no_reach(world, adviser):
    link(world, adviser, world.ours_cared_for)
    Child.objects.filter(pk=world.ours_cared_for.pk).update(cared_for=False)
    assert not Child.objects.visible_to(adviser).exists()


def test_adviser_pages_reach_and_404(client, world, adviser, another_cared_for):
    link(world, adviser, world.ours_cared_for)
    assert client.login(username="adviser", password=PASSWORD)
    assert client.get(reverse("people:child", args=[world.ours_cared_for.pk])).status_code == 200
    overview = client.get(reverse("support:overview", args=[world.ours_cared_for.pk]))
    assert overview.status_code == 200
    for child in (another_cared_for, world.ours, world.theirs_placed_here):
        assert client.get(reverse("people:child", args=[child.pk])).status_code == 404
        assert client.get(reverse("support:overview", args=[child.pk])).status_code == 404
    assert AuditEntry.objects.filter(
        actor=adviser, child_id=world.ours_cared_for.pk, action=AuditAction.VIEWED
    ).exists()


def test_an_adviser_changes_nothing(client, world, adviser):
    link(world, adviser, world.ours_cared_for)
    child = world.ours_cared_for
    assert is_support_teacher_adviser(adviser)
    assert not is_virtual_school(adviser)
    for perm in ("people.change_child", "ehc.change_case", "registers.use_contacts"):
        assert not adviser.has_perm(perm, child)
    assert client.login(username="adviser", password=PASSWORD)
    response = client.post(reverse("people:child_edit", args=[child.pk]), {"first_name": "X"})
    assert response.status_code in (403, 404)
    child.refresh_from_db()
    assert child.first_name != "X"
    # Virtual School pages that change things are refused too.
    assert client.get(reverse("registers:belonging")).status_code in (403, 404)


def test_administrator_sets_the_link_through_the_page_audited(client, world):
    staff = UserFactory(username="vs2", role=Role.VIRTUAL_SCHOOL, organisation=world.la)
    admin = world.user(Role.ADMINISTRATOR)
    assert client.login(username=admin.username, password=PASSWORD)
    detail = client.get(reverse("people:staff", args=[staff.pk])).content.decode()
    assert reverse("people:staff_adviser", args=[staff.pk]) in detail
    url = reverse("people:staff_adviser", args=[staff.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert world.ours_cared_for.full_name in page.content.decode()
    assert world.ours.full_name not in page.content.decode()  # not cared for
    response = client.post(url, {"is_adviser": "yes", "children": [str(world.ours_cared_for.pk)]})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.is_support_teacher_adviser
    assert AdviserLink.objects.filter(adviser=staff, child=world.ours_cared_for).exists()
    assert AuditEntry.objects.filter(
        actor=admin, child_id=world.ours_cared_for.pk, action=AuditAction.CREATED
    ).exists()
    assert AuditEntry.objects.filter(
        actor=admin, object_id=str(staff.pk), action=AuditAction.UPDATED
    ).exists()
    # Ending the link and the flag.
    response = client.post(url, {"is_adviser": "no"})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert not staff.is_support_teacher_adviser
    assert not AdviserLink.objects.filter(adviser=staff).exists()
    assert AuditEntry.objects.filter(
        child_id=world.ours_cared_for.pk, summary__contains="ended"
    ).exists()


def test_adviser_page_refuses_a_child_not_cared_for_and_an_empty_list(client, world):
    staff = UserFactory(username="vs3", role=Role.VIRTUAL_SCHOOL, organisation=world.la)
    assert client.login(username=world.user(Role.ADMINISTRATOR).username, password=PASSWORD)
    url = reverse("people:staff_adviser", args=[staff.pk])
    assert (
        client.post(url, {"is_adviser": "yes", "children": [str(world.ours.pk)]}).status_code == 400
    )
    assert client.post(url, {"is_adviser": "yes"}).status_code == 400
    assert not AdviserLink.objects.exists()


@pytest.mark.parametrize("who", [Role.MANAGER, Role.CASEWORKER, Role.VIRTUAL_SCHOOL])
def test_only_an_administrator_opens_the_adviser_page(client, world, who):
    staff = UserFactory(username="vs4", role=Role.VIRTUAL_SCHOOL, organisation=world.la)
    assert client.login(username=world.user(who).username, password=PASSWORD)
    response = client.get(reverse("people:staff_adviser", args=[staff.pk]))
    assert response.status_code in (403, 404)


def test_adviser_page_is_404_for_an_account_not_in_the_virtual_school(client, world):
    assert client.login(username=world.user(Role.ADMINISTRATOR).username, password=PASSWORD)
    url = reverse("people:staff_adviser", args=[world.user(Role.CASEWORKER).pk])
    assert client.get(url).status_code == 404


def test_an_adviser_moved_out_of_the_virtual_school_loses_the_links(world, adviser):
    link(world, adviser, world.ours_cared_for)
    account_services.change_staff(
        request=None,
        actor=world.user(Role.ADMINISTRATOR),
        user=adviser,
        role=Role.CASEWORKER,
        organisation=world.la,
    )
    adviser.refresh_from_db()
    assert not adviser.is_support_teacher_adviser
    assert not AdviserLink.objects.filter(adviser=adviser).exists()
