"""Signing in safely: a locked account, its unlock by an administrator, and a password reset."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sendpath.core.models import NotifyMessage
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD, build_world

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.system

NEW_PASSWORD = "a-long-new-passphrase-2026"


@pytest.fixture
def world(transactional_db):
    return build_world()


def try_password(page, username: str, password: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_lockout_unlock_and_password_reset(page, browser, live_server, world):
    # Five wrong passwords lock the account; then even the right one is refused.
    page.goto("/sign-in/")
    for _ in range(5):
        try_password(page, "caseworker", "wrong-password")
    try_password(page, "caseworker", PASSWORD)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("This account is locked because of too many failed sign-ins")
    expect(summary).to_contain_text("ask your administrator")
    assert_accessible(page, "signin-01-locked")

    # An administrator unlocks it.
    admin = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
    sign_in(admin, world.user(Role.ADMINISTRATOR).username, PASSWORD)
    admin.get_by_role("link", name="Locked accounts").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Locked accounts")
    expect(admin.get_by_role("table")).to_contain_text("caseworker")
    assert_accessible(admin, "signin-02-locked-accounts")
    admin.get_by_role("button", name="Unlock caseworker").click()
    expect(admin.get_by_text("caseworker is unlocked and can sign in again")).to_be_visible()
    expect(admin.get_by_text("No accounts are locked.")).to_be_visible()
    assert_accessible(admin, "signin-03-unlocked")
    admin.context.close()

    # Forgotten password: the link comes by email and sets a new password once.
    user = world.user(Role.CASEWORKER)
    user.email = "case.worker@ourshire.example"
    user.save()
    page.goto("/sign-in/")
    page.get_by_role("link", name="Forgotten your password?").click()
    assert_accessible(page, "signin-04-reset")
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    assert_accessible(page, "signin-05-reset-error")
    page.get_by_label("Email address").fill("case.worker@ourshire.example")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page, "signin-06-reset-sent")

    link = re.search(r"/password-reset/\S+/", NotifyMessage.objects.get().body)
    assert link
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    expect(page.get_by_text("must contain at least 12 characters")).to_be_visible()
    assert_accessible(page, "signin-07-new-password")
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("Confirm new password").fill("short")
    page.get_by_role("button", name="Save the password").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("at least 12 characters")
    assert_accessible(page, "signin-08-new-password-error")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password has been changed")
    assert_accessible(page, "signin-09-changed")

    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    assert_accessible(page, "signin-10-used-link")
    sign_in(page, "caseworker", NEW_PASSWORD)
