"""Each role, signed in, tries to reach records it must not see: by URL and by search.

It must get a 403 or a 404 and learn nothing: not the name, not even that the record exists
(an out-of-reach record answers exactly like a record that does not exist).
"""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.people.models import Child, Role

from .factories import PASSWORD

CHILDREN = ("ours", "ours_cared_for", "theirs", "theirs_placed_here", "linked", "family_child")

# Which of the world's children each signed-in role may see.
VISIBLE = {
    Role.CASEWORKER: {"ours", "ours_cared_for", "linked", "family_child"},
    Role.MANAGER: {"ours", "ours_cared_for", "linked", "family_child"},
    Role.ADMINISTRATOR: {"ours", "ours_cared_for", "linked", "family_child"},
    Role.VIRTUAL_SCHOOL: {"ours_cared_for", "theirs_placed_here"},
    Role.SENCO: {"ours", "ours_cared_for"},
    Role.PROFESSIONAL: {"linked"},
    Role.FAMILY: {"family_child"},
    Role.LEADER: set(),
    "other_caseworker": {"theirs", "theirs_placed_here"},
    "other_senco": {"theirs"},
}
ROLES = list(VISIBLE)


def signed_in(world, role) -> Client:
    client = Client()
    assert client.login(username=world.user(role).username, password=PASSWORD)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_scope_matches_the_table(world, role):
    visible = set(Child.objects.visible_to(world.user(role)).values_list("pk", flat=True))
    expected = {getattr(world, name).pk for name in VISIBLE[role]}
    assert visible == expected


@pytest.mark.parametrize("role", ROLES)
def test_record_pages_out_of_reach_answer_like_missing_records(world, role):
    client = signed_in(world, role)
    missing = client.get(reverse("people:child", args=[uuid.uuid4()]))
    assert missing.status_code == 404
    for name in CHILDREN:
        child = getattr(world, name)
        for view in (
            "people:child",
            "people:child_edit",
            "people:child_access_log",
            "people:family_add",
            "people:setting_add",
        ):
            response = client.get(reverse(view, args=[child.pk]))
            if name in VISIBLE[role]:
                # (a family is sent on from the record to its own pages: 302)
                assert response.status_code in (200, 302, 403), (role, name, view)
            else:
                assert response.status_code == 404, (role, name, view)
                body = response.content.decode()
                assert child.first_name not in body
                assert child.last_name not in body
                # Same page as for a record that does not exist.
                assert body.replace(str(child.pk), "").count(
                    "Page not found"
                ) == missing.content.decode().count("Page not found")


@pytest.mark.parametrize("role", ROLES)
def test_posting_to_out_of_reach_records_changes_nothing(world, role):
    client = signed_in(world, role)
    for name in CHILDREN:
        if name in VISIBLE[role]:
            continue
        child = getattr(world, name)
        response = client.post(
            reverse("people:child_edit", args=[child.pk]),
            {
                "first_name": "Hacked",
                "last_name": "Name",
                "sex": "M",
                "sen_provision": "N",
                "date_of_birth-day": "1",
                "date_of_birth-month": "1",
                "date_of_birth-year": "2015",
            },
        )
        assert response.status_code == 404
        child.refresh_from_db()
        assert child.first_name != "Hacked"


@pytest.mark.parametrize("role", [r for r in ROLES if r not in (Role.FAMILY, Role.LEADER)])
def test_search_finds_only_what_the_role_may_see(world, role):
    client = signed_in(world, role)
    for name in CHILDREN:
        child = getattr(world, name)
        for query in (child.last_name, child.upn):
            response = client.get(reverse("people:child_list"), {"q": query})
            assert response.status_code == 200
            body = response.content.decode()
            if name in VISIBLE[role]:
                assert child.get_absolute_url() in body
            else:
                assert child.get_absolute_url() not in body
                assert child.first_name not in body
                assert "No children or young people found" in body


@pytest.mark.parametrize("role", [Role.FAMILY, Role.LEADER])
def test_roles_without_search_are_refused(world, role):
    client = signed_in(world, role)
    response = client.get(reverse("people:child_list"), {"q": "Quokka"})
    assert response.status_code == 403
    assert "Aurelia" not in response.content.decode()
    assert "You do not have access to this page" in response.content.decode()


@pytest.mark.parametrize(
    "role", [Role.VIRTUAL_SCHOOL, Role.SENCO, Role.PROFESSIONAL, Role.FAMILY, Role.LEADER]
)
def test_roles_that_may_not_edit_are_refused(world, role):
    client = signed_in(world, role)
    assert client.get(reverse("people:child_create")).status_code == 403
    for name in VISIBLE[role]:
        child = getattr(world, name)
        assert client.get(reverse("people:child_edit", args=[child.pk])).status_code == 403
        assert client.get(reverse("people:child_access_log", args=[child.pk])).status_code == 403


def test_leader_sees_counts_but_no_names(world):
    client = signed_in(world, Role.LEADER)
    body = client.get(reverse("home")).content.decode()
    assert "Overview" in body
    for name in CHILDREN:
        assert getattr(world, name).first_name not in body


def test_family_home_lists_only_their_child(world):
    client = signed_in(world, Role.FAMILY)
    # The family's home is their own pages (the portal, under /my/).
    body = client.get(reverse("home"), follow=True).content.decode()
    assert reverse("portal:child", args=[world.family_child.pk]) in body
    assert world.ours.first_name not in body


def test_refused_attempts_on_existing_records_are_audited(world):
    client = signed_in(world, "other_caseworker")
    client.get(reverse("people:child", args=[world.ours.pk]))
    entry = AuditEntry.objects.get(action=AuditAction.DENIED, child_id=world.ours.pk)
    assert entry.actor == world.user("other_caseworker")


def test_signed_out_visitors_are_sent_to_sign_in(world):
    response = Client().get(reverse("people:child", args=[world.ours.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_organisations_are_for_staff_only(world):
    assert signed_in(world, Role.FAMILY).get(reverse("people:organisation_list")).status_code == 403
    assert signed_in(world, Role.SENCO).get(reverse("people:organisation_list")).status_code == 200
    assert (
        signed_in(world, Role.CASEWORKER).get(reverse("people:organisation_create")).status_code
        == 403
    )
    assert (
        signed_in(world, Role.ADMINISTRATOR).get(reverse("people:organisation_create")).status_code
        == 200
    )
