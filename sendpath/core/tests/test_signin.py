"""Signing in safely: lockout and unlock, password reset by email, sessions ending when idle."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from sendpath.core.models import AuditAction, AuditEntry, NotifyMessage
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "a-long-new-passphrase-2026"


def fail(client: Client, username: str, times: int) -> None:
    for _ in range(times):
        response = client.post("/sign-in/", {"username": username, "password": "wrong"})
        assert response.status_code in (200, 429)


def signed_in_as(role: str, world) -> Client:
    client = Client()
    assert client.login(username=world.user(role).username, password=PASSWORD)
    return client


# Lockout


def test_five_failures_lock_the_account_and_the_right_password_is_refused(world):
    client = Client()
    fail(client, "caseworker", 4)
    assert not AuditEntry.objects.filter(summary__contains="is locked").exists()
    response = client.post("/sign-in/", {"username": "caseworker", "password": "wrong"})
    assert response.status_code == 429
    body = response.content.decode()
    assert "There is a problem" in body
    assert "This account is locked because of too many failed sign-ins" in body
    assert "30 minutes" in body
    assert "ask your administrator" in body

    response = client.post("/sign-in/", {"username": "caseworker", "password": PASSWORD})
    assert response.status_code == 429
    assert "This account is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still signed out
    lockouts = AuditEntry.objects.filter(
        action=AuditAction.DENIED, summary__contains="'caseworker' is locked"
    )
    assert lockouts.exists()

    # Other accounts are not affected (the lock is by username, not by address).
    response = client.post("/sign-in/", {"username": "manager", "password": PASSWORD})
    assert response.status_code == 302


def test_the_lock_ends_by_itself_after_the_cool_off(world):
    client = Client()
    fail(client, "caseworker", 5)
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        response = client.post("/sign-in/", {"username": "caseworker", "password": PASSWORD})
    assert response.status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(world):
    client = Client()
    fail(client, "caseworker", 4)
    assert (
        client.post("/sign-in/", {"username": "caseworker", "password": PASSWORD}).status_code
        == 302
    )
    client.post("/sign-out/")
    fail(client, "caseworker", 4)
    assert (
        client.post("/sign-in/", {"username": "caseworker", "password": PASSWORD}).status_code
        == 302
    )


def test_an_administrator_sees_locked_accounts_and_unlocks_one(world):
    fail(Client(), "caseworker", 5)
    admin = signed_in_as(Role.ADMINISTRATOR, world)
    home = admin.get("/", follow=True).content.decode()
    assert "/locked-accounts/" in home
    body = admin.get("/locked-accounts/").content.decode()
    assert "1 account is locked" in body
    assert "caseworker" in body

    response = admin.post("/locked-accounts/", {"username": "caseworker"}, follow=True)
    body = response.content.decode()
    assert "caseworker is unlocked and can sign in again" in body
    assert "No accounts are locked." in body
    assert AuditEntry.objects.filter(
        action=AuditAction.UPDATED,
        actor=world.user(Role.ADMINISTRATOR),
        summary__contains="Unlocked the account 'caseworker'",
    ).exists()

    client = Client()
    assert (
        client.post("/sign-in/", {"username": "caseworker", "password": PASSWORD}).status_code
        == 302
    )


def test_unlocking_an_account_that_is_not_locked_says_so(world):
    admin = signed_in_as(Role.ADMINISTRATOR, world)
    body = admin.get("/locked-accounts/").content.decode()
    assert "No accounts are locked." in body
    response = admin.post("/locked-accounts/", {"username": "caseworker"})
    assert response.status_code == 400
    assert "This account is not locked any more" in response.content.decode()


@pytest.mark.parametrize(
    "role",
    [
        Role.CASEWORKER,
        Role.MANAGER,
        Role.VIRTUAL_SCHOOL,
        Role.SENCO,
        Role.PROFESSIONAL,
        Role.FAMILY,
        Role.LEADER,
        Role.LOCAL_OFFER,
        Role.PROVIDER,
    ],
)
def test_only_administrators_reach_locked_accounts(world, role):
    locked = world.user("other_caseworker").username
    fail(Client(), locked, 5)
    client = Client(raise_request_exception=False)
    client.force_login(world.users.get(role) or UserFactory(role=role))
    assert "/locked-accounts/" not in client.get("/", follow=True).content.decode()
    assert client.get("/locked-accounts/").status_code == 403
    assert client.post("/locked-accounts/", {"username": locked}).status_code == 403
    assert AuditEntry.objects.filter(
        action=AuditAction.DENIED, summary__contains="core.unlock_accounts"
    ).exists()
    response = Client().post("/sign-in/", {"username": locked, "password": PASSWORD})
    assert response.status_code == 429  # still locked


def test_signed_out_visitors_are_sent_to_sign_in_from_locked_accounts(db):
    response = Client().get("/locked-accounts/")
    assert response.status_code == 302
    assert response.url.startswith("/sign-in/")


# Password reset


def reset_link(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/password-reset/[^\s]+/)", body)
    assert match, body
    return match.group(1)


def test_forgotten_password_is_linked_from_sign_in(db):
    body = Client().get("/sign-in/").content.decode()
    assert 'href="/password-reset/"' in body
    assert "Forgotten your password?" in body


def test_password_reset_sends_a_link_that_works_once(world):
    user = world.user(Role.CASEWORKER)
    user.email = "case.worker@ourshire.example"
    user.save()
    client = Client()
    response = client.post("/password-reset/", {"email": "Case.Worker@ourshire.example"})
    assert response.status_code == 302
    assert response.url == "/password-reset/sent/"
    message = NotifyMessage.objects.get()
    assert message.to == "case.worker@ourshire.example"
    assert "Reset your sendpath password" in message.subject
    link = reset_link(message.body)
    assert AuditEntry.objects.filter(
        action=AuditAction.UPDATED, summary="Sent a password reset link by email"
    ).exists()

    page = client.get(link, follow=True)
    body = page.content.decode()
    assert "Choose a new password" in body
    assert "must contain at least 12 characters" in body
    set_url = page.redirect_chain[-1][0]

    response = client.post(set_url, {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "at least 12 characters" in body

    response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": "other"})
    assert "The passwords do not match" in response.content.decode()

    response = client.post(
        set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "Your password has been changed" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(
        actor=user, summary="Set a new password through a reset link"
    ).exists()

    # The link works once.
    body = Client().get(link, follow=True).content.decode()
    assert "This link does not work" in body
    assert (
        Client()
        .post("/sign-in/", {"username": user.username, "password": NEW_PASSWORD})
        .status_code
        == 302
    )


def test_password_reset_answers_the_same_for_an_unknown_address(world):
    client = Client()
    response = client.post("/password-reset/", {"email": "nobody@nowhere.example"})
    assert response.status_code == 302
    assert response.url == "/password-reset/sent/"
    assert not NotifyMessage.objects.exists()
    body = client.get(response.url).content.decode()
    assert "If an account uses that email address" in body
    assert AuditEntry.objects.filter(
        action=AuditAction.DENIED, summary__contains="no active account"
    ).exists()


def test_password_reset_asks_for_a_valid_address(db):
    body = Client().post("/password-reset/", {"email": "not an address"}).content.decode()
    assert "There is a problem" in body
    assert "Enter an email address in the correct format" in body
    body = Client().post("/password-reset/", {"email": ""}).content.decode()
    assert "Enter your email address" in body


def test_a_made_up_reset_link_does_not_work(world):
    body = Client().get("/password-reset/MQ/abc-123/", follow=True).content.decode()
    assert "This link does not work" in body


# Sessions


def test_sessions_end_after_an_hour_without_activity(world):
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert (
            client.post("/sign-in/", {"username": "caseworker", "password": PASSWORD}).status_code
            == 302
        )
    with time_machine.travel(start + timedelta(minutes=50), tick=False):
        assert client.get("/children/").status_code == 200  # activity starts the hour again
    with time_machine.travel(start + timedelta(minutes=100), tick=False):
        assert client.get("/children/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=161), tick=False):
        response = client.get("/children/")
    assert response.status_code == 302
    assert response.url.startswith("/sign-in/")


def test_sign_in_and_cookies_pages_say_how_long_a_session_lasts(db):
    assert "after 1 hour without activity" in Client().get("/sign-in/").content.decode()
    assert "after 1 hour without activity" in Client().get("/cookies/").content.decode()
