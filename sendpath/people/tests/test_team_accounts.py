"""SEND team managers manage their team's caseworker accounts; invitations can be sent again."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sendpath.core.models import AuditAction, AuditEntry, NotifyMessage
from sendpath.people.accounts import services
from sendpath.people.models import Role, User
from sendpath.people.tests.factories import UserFactory

from .test_staff_accounts import NEW_PASSWORD, as_user, invite


def _invited(world, **extra) -> User:
    data = {"username": "newcase", "email": "new.case@ourshire.example", **extra}
    return UserFactory(password=None, role=Role.CASEWORKER, organisation=world.la, **data)


def _never_set(user: User) -> User:
    user.set_unusable_password()
    user.save()
    return user


def test_a_manager_lists_only_their_teams_caseworkers(world):
    body = as_user(world.user(Role.MANAGER)).get("/staff/").content.decode()
    assert "The caseworkers in your SEND team" in body
    assert world.user(Role.CASEWORKER).username in body
    for hidden in (Role.ADMINISTRATOR, Role.SENCO, Role.VIRTUAL_SCHOOL, "other_caseworker"):
        assert f">{world.user(hidden).display_name()}<" not in body


def test_the_staff_accounts_menu_item_shows_for_a_manager(world):
    body = as_user(world.user(Role.MANAGER)).get("/children/").content.decode()
    assert 'href="/staff/"' in body


@pytest.mark.parametrize(
    "target", [Role.ADMINISTRATOR, Role.MANAGER, Role.SENCO, Role.LEADER, "other_caseworker"]
)
def test_a_manager_gets_404_for_an_account_outside_their_team(world, target):
    manager = world.user(Role.MANAGER)
    account = world.user(target)
    client = as_user(manager)
    for url in ("", "change/"):
        assert client.get(f"/staff/{account.pk}/{url}").status_code == 404
    for url in ("deactivate/", "reactivate/", "resend-invitation/"):
        assert client.post(f"/staff/{account.pk}/{url}").status_code == 404
    account.refresh_from_db()
    assert account.is_active
    assert not NotifyMessage.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.DENIED, actor=manager).exists()


def test_a_manager_cannot_change_a_role_even_in_their_team(world):
    caseworker = world.user(Role.CASEWORKER)
    client = as_user(world.user(Role.MANAGER))
    assert "/change/" not in client.get(f"/staff/{caseworker.pk}/").content.decode()
    response = client.post(
        f"/staff/{caseworker.pk}/change/",
        {"role": Role.ADMINISTRATOR, "organisation": str(world.la.pk)},
    )
    assert response.status_code == 403
    caseworker.refresh_from_db()
    assert caseworker.role == Role.CASEWORKER


def test_a_manager_deactivates_and_reactivates_a_caseworker(world):
    manager = world.user(Role.MANAGER)
    caseworker = world.user(Role.CASEWORKER)
    client = as_user(manager)
    assert client.post(f"/staff/{caseworker.pk}/deactivate/").status_code == 302
    caseworker.refresh_from_db()
    assert not caseworker.is_active
    assert client.post(f"/staff/{caseworker.pk}/reactivate/").status_code == 302
    caseworker.refresh_from_db()
    assert caseworker.is_active
    assert (
        AuditEntry.objects.filter(
            actor=manager, object_id=str(caseworker.pk), action=AuditAction.UPDATED
        ).count()
        == 2
    )


def test_a_manager_invites_a_caseworker_of_their_authority(world):
    manager = world.user(Role.MANAGER)
    response = as_user(manager).post("/staff/invite/", invite(world))
    assert response.status_code == 302
    user = User.objects.get(username="cworker")
    assert (user.role, user.organisation) == (Role.CASEWORKER, world.la)
    assert AuditEntry.objects.filter(actor=manager, action=AuditAction.CREATED).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"role": Role.ADMINISTRATOR}, "role"),
        ({"role": Role.MANAGER}, "role"),
        ({"role": Role.VIRTUAL_SCHOOL}, "role"),
        ({"role": Role.SENCO, "organisation": "SCHOOL"}, "role"),
        ({"organisation": "SCHOOL"}, "organisation"),
        ({"organisation": "OTHER"}, "organisation"),
    ],
)
def test_a_manager_cannot_invite_outside_their_team(world, changes, field):
    orgs = {"SCHOOL": str(world.school.pk), "OTHER": str(world.other_la.pk)}
    data = invite(world, **{k: orgs.get(v, v) for k, v in changes.items()})
    response = as_user(world.user(Role.MANAGER)).post("/staff/invite/", data)
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.content.decode()
    assert not User.objects.filter(username="cworker").exists()
    assert not NotifyMessage.objects.exists()


def test_the_services_refuse_a_manager_outside_their_team_too(world, rf):
    request = rf.post("/")
    manager = world.user(Role.MANAGER)
    admin = world.user(Role.ADMINISTRATOR)
    with pytest.raises(Exception, match="do not manage this account"):
        services.set_staff_active(request=request, actor=manager, user=admin, active=False)
    with pytest.raises(Exception, match="do not manage this account"):
        services.resend_invitation(request=request, actor=manager, user=admin)
    admin.refresh_from_db()
    assert admin.is_active


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMINISTRATOR])
def test_a_new_invitation_replaces_the_old_link(world, role):
    actor = world.user(role)
    invited = _never_set(_invited(world))
    client = as_user(actor)
    assert "Send a new invitation" in client.get(f"/staff/{invited.pk}/").content.decode()
    as_user(actor).post("/staff/invite/", invite(world))  # an account of their own
    invited_first = User.objects.get(username="cworker")
    first = NotifyMessage.objects.get()
    response = client.post(f"/staff/{invited_first.pk}/resend-invitation/")
    assert response.status_code == 302
    second = NotifyMessage.objects.exclude(pk=first.pk).get()
    assert second.to == invited_first.email
    old, new = (re.search(r"/welcome/\S+/", m.body).group(0) for m in (first, second))
    assert old != new
    assert "This link does not work" in Client().get(old, follow=True).content.decode()
    fresh = Client()
    page = fresh.get(new, follow=True)
    assert "Create your password" in page.content.decode()
    fresh.post(
        page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    invited_first.refresh_from_db()
    assert invited_first.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(
        actor=actor, object_id=str(invited_first.pk), summary__startswith="Sent"
    ).exists()


def test_no_new_invitation_once_a_password_is_set(world):
    caseworker = world.user(Role.CASEWORKER)
    client = as_user(world.user(Role.MANAGER))
    assert "Send a new invitation" not in client.get(f"/staff/{caseworker.pk}/").content.decode()
    response = client.post(f"/staff/{caseworker.pk}/resend-invitation/")
    assert response.status_code == 400
    assert "password is already set" in response.content.decode()
    assert not NotifyMessage.objects.exists()


def test_no_new_invitation_for_a_deactivated_account(world):
    invited = _never_set(_invited(world, is_active=False))
    response = as_user(world.user(Role.ADMINISTRATOR)).post(
        f"/staff/{invited.pk}/resend-invitation/"
    )
    assert response.status_code == 400
    assert "reactivate it first" in response.content.decode()
    assert not NotifyMessage.objects.exists()


def test_a_manager_cannot_reset_a_caseworkers_second_factor(world):
    """Resetting a second factor is for administrators only, even within a manager's team."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    caseworker = world.user(Role.CASEWORKER)
    TOTPDevice.objects.create(user=caseworker, name="Authenticator app")
    client = as_user(world.user(Role.MANAGER))
    page = client.get(f"/staff/{caseworker.pk}/").content.decode()
    assert "Reset two-factor sign-in" not in page
    assert client.post(f"/staff/{caseworker.pk}/reset-two-factor/").status_code == 403
    assert TOTPDevice.objects.filter(user=caseworker).exists()
    admin_page = as_user(world.user(Role.ADMINISTRATOR)).get(f"/staff/{caseworker.pk}/")
    assert "Reset two-factor sign-in" in admin_page.content.decode()
