"""Staff accounts through the pages: administrators list, invite, change and deactivate."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from sendpath.core.models import AuditAction, AuditEntry, NotifyMessage
from sendpath.people.models import Role, User
from sendpath.people.tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "a-long-new-passphrase-2026"


def as_user(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def invite(world, **changes) -> dict[str, str]:
    data = {
        "first_name": "Casey",
        "last_name": "Worker",
        "email": "casey.worker@ourshire.example",
        "username": "cworker",
        "role": Role.CASEWORKER,
        "organisation": str(world.la.pk),
    }
    data.update(changes)
    return data


def test_an_administrator_lists_and_searches_their_authoritys_staff(world):
    client = as_user(world.user(Role.ADMINISTRATOR))
    body = client.get("/staff/").content.decode()
    assert "Staff accounts" in body
    assert world.user(Role.SENCO).username in body
    assert "other_caseworker" not in body  # another authority's
    assert "Last signed in" in body
    assert "Never" in body
    body = client.get("/staff/", {"q": "senco"}).content.decode()
    assert "1 account" in body
    body = client.get("/staff/", {"q": "nobody-by-this-name"}).content.decode()
    assert "No staff accounts found" in body
    assert client.get(f"/staff/{world.user('other_caseworker').pk}/").status_code == 404


@pytest.mark.parametrize(
    "role",
    [Role.CASEWORKER, Role.SENCO, Role.PROFESSIONAL, Role.LEADER, Role.FAMILY],
)
def test_only_administrators_and_managers_reach_the_staff_pages(world, role):
    client = as_user(world.user(role))
    target = world.user(Role.CASEWORKER)
    assert "/staff/" not in client.get("/", follow=True).content.decode()
    assert client.get("/staff/").status_code == 403
    assert client.post("/staff/invite/", invite(world)).status_code == 403
    assert client.post(f"/staff/{target.pk}/deactivate/").status_code == 403
    response = client.post(
        f"/staff/{target.pk}/change/", {"role": Role.MANAGER, "organisation": str(world.la.pk)}
    )
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.is_active
    assert target.role == Role.CASEWORKER
    assert not User.objects.filter(username="cworker").exists()
    assert not NotifyMessage.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(db):
    response = Client().get("/staff/")
    assert response.status_code == 302
    assert response.url.startswith("/sign-in/")


def test_an_invitation_emails_a_link_to_set_a_password_once(world):
    admin = world.user(Role.ADMINISTRATOR)
    response = as_user(admin).post("/staff/invite/", invite(world))
    assert response.status_code == 302
    user = User.objects.get(username="cworker")
    assert user.role == Role.CASEWORKER
    assert user.organisation == world.la
    assert not user.has_usable_password()
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATED, actor=admin, object_id=str(user.pk)
    ).exists()
    message = NotifyMessage.objects.get()
    assert message.to == "casey.worker@ourshire.example"
    assert "cworker" in message.body
    link = re.search(r"https?://[^/\s]+(/welcome/[^\s]+/)", message.body).group(1)

    client = Client()
    page = client.get(link, follow=True)
    assert "Create your password" in page.content.decode()
    assert "Welcome to sendpath" in page.content.decode()
    set_url = page.redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "Your password is set" in response.content.decode()
    assert "This link does not work" in Client().get(link, follow=True).content.decode()
    assert AuditEntry.objects.filter(
        actor=user, summary="Set a first password through an invitation link"
    ).exists()
    response = Client().post("/sign-in/", {"username": "cworker", "password": NEW_PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "SENCO@example.com"}, "email", "already has this email"),
        ({"username": "Senco"}, "username", "already taken"),
        ({"role": Role.SENCO}, "organisation", "must belong to a school"),
        ({"role": Role.CASEWORKER, "organisation": "SCHOOL"}, "organisation", "local authority"),
        ({"role": Role.FAMILY}, "role", "Select the role from the list"),
        ({"organisation": "OTHER"}, "organisation", "Select the organisation from the list"),
    ],
)
def test_bad_invitations_keep_what_was_typed_and_name_the_field(world, changes, field, message):
    senco = world.user(Role.SENCO)
    senco.email = "senco@example.com"
    senco.save()
    orgs = {"SCHOOL": str(world.school.pk), "OTHER": str(world.other_la.pk)}
    changes = {k: orgs.get(v, v) for k, v in changes.items()}
    data = invite(world, **changes)
    response = as_user(world.user(Role.ADMINISTRATOR)).post("/staff/invite/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert f'href="#{field}' in body or f'id="{field}-error"' in body
    assert 'value="Casey"' in body
    assert not User.objects.filter(first_name="Casey").exists()
    assert not NotifyMessage.objects.exists()


def test_an_administrator_changes_a_role_and_organisation(world):
    admin = world.user(Role.ADMINISTRATOR)
    target = world.user(Role.CASEWORKER)
    client = as_user(admin)
    response = client.post(
        f"/staff/{target.pk}/change/", {"role": Role.SENCO, "organisation": str(world.la.pk)}
    )
    assert response.status_code == 400
    assert "must belong to a school" in response.content.decode()
    response = client.post(
        f"/staff/{target.pk}/change/", {"role": Role.SENCO, "organisation": str(world.school.pk)}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role == Role.SENCO
    assert target.organisation == world.school
    entry = AuditEntry.objects.get(object_id=str(target.pk), action=AuditAction.UPDATED)
    assert entry.changes["role"] == [Role.CASEWORKER, Role.SENCO]


def test_a_change_from_an_out_of_date_page_is_refused_and_keeps_the_newer_one(world):
    admin = world.user(Role.ADMINISTRATOR)
    target = world.user(Role.CASEWORKER)
    first, second = as_user(admin), as_user(admin)
    page = second.get(f"/staff/{target.pk}/change/").content.decode()
    based_on = html.unescape(re.search(r'name="based_on" value="([^"]*)"', page).group(1))
    saved = first.post(
        f"/staff/{target.pk}/change/",
        {"role": Role.MANAGER, "organisation": str(world.la.pk), "based_on": based_on},
    )
    assert saved.status_code == 302
    stale = second.post(
        f"/staff/{target.pk}/change/",
        {"role": Role.SENCO, "organisation": str(world.school.pk), "based_on": based_on},
    )
    assert stale.status_code == 400
    page = stale.content.decode()
    assert "Someone else changed this record after you opened this page" in page
    assert "Role: they changed it to “SEND team manager”" in page
    assert 'value="senco" checked' in page  # what the second administrator chose is kept
    target.refresh_from_db()
    assert (target.role, target.organisation) == (Role.MANAGER, world.la)


def test_deactivated_accounts_cannot_sign_in_and_can_be_reactivated(world):
    admin = world.user(Role.ADMINISTRATOR)
    target = world.user(Role.CASEWORKER)
    client = as_user(admin)
    assert client.post(f"/staff/{target.pk}/deactivate/").status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    assert User.objects.filter(pk=target.pk).exists()
    assert "Deactivated" in client.get("/staff/").content.decode()
    response = Client().post("/sign-in/", {"username": target.username, "password": PASSWORD})
    assert response.status_code == 200  # refused: the sign-in page again
    assert client.post(f"/staff/{target.pk}/reactivate/").status_code == 302
    target.refresh_from_db()
    assert target.is_active
    response = Client().post("/sign-in/", {"username": target.username, "password": PASSWORD})
    assert response.status_code == 302
    summaries = list(
        AuditEntry.objects.filter(object_id=str(target.pk)).values_list("summary", flat=True)
    )
    assert any(s.startswith("Deactivated") for s in summaries)
    assert any(s.startswith("Reactivated") for s in summaries)


def test_an_administrator_cannot_deactivate_themself(world):
    admin = world.user(Role.ADMINISTRATOR)
    response = as_user(admin).post(f"/staff/{admin.pk}/deactivate/")
    assert response.status_code == 400
    assert "You cannot deactivate your own account" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_the_staff_list_is_paginated(world, settings):
    settings.PAGE_SIZE = 2
    for n in range(3):
        UserFactory(username=f"extra{n}", role=Role.CASEWORKER, organisation=world.la)
    body = as_user(world.user(Role.ADMINISTRATOR)).get("/staff/").content.decode()
    assert "govuk-pagination" in body
