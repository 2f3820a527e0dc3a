"""What apps contribute to the pages below them, each gated by a permission."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sendpath.core import registry
from sendpath.core.roles import Role
from sendpath.people.models import Child
from sendpath.people.tests.factories import PASSWORD, ChildFactory, UserFactory


def _client(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.CASEWORKER, True),
        (Role.VIRTUAL_SCHOOL, True),
        (Role.SENCO, False),
        (Role.PROFESSIONAL, False),
    ],
)
def test_the_cases_panel_on_a_child_record_follows_the_permission(world, role, shown):
    child = world.ours_cared_for
    body = _client(world.user(role)).get(reverse("people:child", args=[child.pk])).content
    assert (b"EHC needs assessment" in body) is shown
    if role == Role.CASEWORKER:
        assert b"Record a request for an EHC needs assessment" in body


@pytest.mark.parametrize(
    ("role", "home"),
    [
        (Role.CASEWORKER, "ehc:worklist"),
        (Role.MANAGER, "ehc:worklist"),
        (Role.LOCAL_OFFER, "localoffer:manage"),
        (Role.PROVIDER, "localoffer:manage"),
        (Role.ADMINISTRATOR, None),
        (Role.SENCO, "support:home"),
    ],
)
def test_each_role_starts_on_the_home_page_its_app_provides(world, role, home):
    user = world.users.get(role) or UserFactory(role=role, organisation=world.la)
    assert registry.home_page_for(user) == home
    response = _client(user).get("/")
    if home:
        assert response.status_code == 302
        assert response.url == reverse(home)
    else:
        assert response.status_code == 200


def test_the_local_offer_roles_may_not_search_children(world):
    user = UserFactory(role=Role.LOCAL_OFFER, organisation=world.la)
    assert not user.has_perm("people.search_children")
    assert not user.has_perm("people.view_organisation")


def test_a_leader_counts_their_own_authoritys_children_and_sees_none(world):
    leader = world.user(Role.LEADER)
    ChildFactory(responsible_authority=world.other_la)
    counted = Child.objects.counted_for(leader)
    assert counted.count() == Child.objects.filter(responsible_authority=world.la).count() > 0
    assert not Child.objects.visible_to(leader).exists()
    assert Child.objects.counted_for(world.user(Role.CASEWORKER)).count() == (
        Child.objects.visible_to(world.user(Role.CASEWORKER)).count()
    )


def test_a_template_name_is_taken_once():
    registry.add_template_global(
        "case_deadline_label", registry.REGISTRY.template_globals["case_deadline_label"]
    )
    with pytest.raises(ValueError, match="already taken"):
        registry.add_template_global("case_deadline_label", len)
