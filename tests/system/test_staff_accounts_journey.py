"""Staff accounts: an administrator invites a caseworker, who sets a password, sets up an
authenticator app for two-factor sign-in and signs in with a code."""

from __future__ import annotations

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from sendpath.core.models import NotifyMessage
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD, build_world

from .conftest import assert_accessible, settled, sign_in

pytestmark = pytest.mark.system

NEW_PASSWORD = "a-long-new-passphrase-2026"


@pytest.fixture
def world(transactional_db):
    return build_world()


def next_code(device: TOTPDevice) -> str:
    """The code the person's app shows next: never one already used, and allowing for the
    clock drift django-otp has learnt for the device."""
    device.refresh_from_db()
    now = int(time.time()) // device.step
    step = max(now + device.drift, device.last_t + 1)
    return f"{totp(device.bin_key, drift=step - now):06d}"


def enter_code(page, code: str) -> None:
    settled(page)
    page.get_by_label("Code", exact=True).fill(code)
    page.get_by_role("button", name="Continue").click()


def test_an_administrator_invites_a_caseworker_who_signs_in(
    page, browser, live_server, world, settings
):
    settings.TWO_FACTOR_REQUIRED = True
    administrator = world.user(Role.ADMINISTRATOR)
    admin_app = TOTPDevice.objects.create(user=administrator, name="Authenticator app")
    admin = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
    sign_in(admin, administrator.username, PASSWORD)
    expect(admin.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    assert_accessible(admin, "staff-00-admin-code")
    enter_code(admin, next_code(admin_app))
    admin.get_by_role("link", name="Staff accounts").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Staff accounts")
    expect(admin.get_by_role("table")).to_contain_text("senco")
    assert_accessible(admin, "staff-01-list")

    admin.get_by_role("button", name="Invite a member of staff").click()
    admin.get_by_role("button", name="Send invitation").click()
    expect(admin.locator(".govuk-error-summary")).to_contain_text("Enter the first name")
    assert_accessible(admin, "staff-02-invite-errors")
    admin.get_by_label("First name").fill("Casey")
    admin.get_by_label("Last name").fill("Worker")
    admin.get_by_label("Email address").fill("casey.worker@ourshire.example")
    admin.get_by_label("Username").fill("cworker")
    admin.get_by_label("SEND caseworker").check()
    admin.get_by_label("Organisation").select_option(label="Ourshire Council (Local authority)")
    admin.get_by_role("button", name="Send invitation").click()
    expect(admin.get_by_text("Casey Worker is invited")).to_be_visible()
    expect(admin.get_by_role("table")).to_contain_text("Casey Worker")
    assert_accessible(admin, "staff-03-invited")
    admin.get_by_role("link", name="Casey Worker").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Casey Worker")
    assert_accessible(admin, "staff-04-account")
    admin.context.close()

    link = re.search(r"/welcome/\S+/", NotifyMessage.objects.get().body)
    assert link
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your password")
    assert_accessible(page, "staff-05-set-password")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm your password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password is set")
    sign_in(page, "cworker", NEW_PASSWORD)

    # Two-factor sign-in is required of staff: first they set up an authenticator app.
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.get_by_role("link", name="Worklist")).to_have_count(0)
    assert_accessible(page, "staff-06-set-up-two-factor")
    key = b32decode(page.locator("#secret").inner_text().replace(" ", ""))
    page.get_by_label("Code", exact=True).fill("000000" if totp(key) != 0 else "111111")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    assert_accessible(page, "staff-07-set-up-wrong-code")
    settled(page)
    page.get_by_label("Code", exact=True).fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    recovery_codes = page.locator(".app-recovery-codes code").all_inner_texts()
    assert len(recovery_codes) == 10
    assert_accessible(page, "staff-08-recovery-codes")
    settled(page)
    page.get_by_role("button", name="I have saved my recovery codes").click()
    expect(page.get_by_role("link", name="Worklist")).to_be_visible()
    assert_accessible(page, "staff-09-signed-in")
    page.get_by_role("link", name="Account security").click()
    expect(page.get_by_text("10 of 10 left")).to_be_visible()
    assert_accessible(page, "staff-10-account-security")

    # Next time: password, then a code from the app (the next one it shows).
    page.goto("/sign-out/")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "cworker", NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    enter_code(page, next_code(TOTPDevice.objects.get(user__username="cworker")))
    expect(page.get_by_role("link", name="Worklist")).to_be_visible()

    # A lost phone: a recovery code works instead.
    page.goto("/sign-out/")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "cworker", NEW_PASSWORD)
    page.get_by_role("link", name="Use a recovery code instead").click()
    assert_accessible(page, "staff-11-recovery-code")
    settled(page)
    page.get_by_label("Recovery code").fill(recovery_codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("You have 9 recovery codes left")).to_be_visible()
    expect(page.get_by_role("link", name="Worklist")).to_be_visible()

    # The administrator sees the caseworker's second factor and can reset it.
    admin = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
    sign_in(admin, administrator.username, PASSWORD)
    enter_code(admin, next_code(admin_app))
    admin.goto("/staff/")
    admin.get_by_role("link", name="Casey Worker").click()
    expect(admin.get_by_text("Authenticator app set up on")).to_be_visible()
    assert_accessible(admin, "staff-12-account-with-two-factor")
    admin.get_by_role("button", name="Reset two-factor sign-in").click()
    expect(admin.get_by_text("two-factor sign-in is reset")).to_be_visible()
    assert_accessible(admin, "staff-13-two-factor-reset")
    admin.context.close()


def test_a_manager_invites_a_caseworker_and_sends_a_new_invitation(
    page, browser, live_server, world
):
    manager = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
    sign_in(manager, world.user(Role.MANAGER).username, PASSWORD)
    manager.get_by_role("link", name="Staff accounts").click()
    expect(manager.get_by_role("table")).to_contain_text("caseworker")
    expect(manager.get_by_role("table")).not_to_contain_text("senco")
    manager.get_by_role("button", name="Invite a member of staff").click()
    manager.get_by_label("First name").fill("Casey")
    manager.get_by_label("Last name").fill("Worker")
    manager.get_by_label("Email address").fill("casey.worker@ourshire.example")
    manager.get_by_label("Username").fill("cworker")
    manager.get_by_label("SEND caseworker").check()
    manager.get_by_label("Organisation").select_option(label="Ourshire Council (Local authority)")
    manager.get_by_role("button", name="Send invitation").click()
    expect(manager.get_by_text("Casey Worker is invited")).to_be_visible()
    manager.get_by_role("link", name="Casey Worker").click()
    manager.get_by_role("button", name="Send a new invitation").click()
    expect(manager.get_by_text("The link sent before no longer works")).to_be_visible()
    assert_accessible(manager, "staff-14-manager-resent")
    manager.context.close()

    first, second = (
        re.search(r"/welcome/\S+/", m.body).group(0)  # type: ignore[union-attr]
        for m in NotifyMessage.objects.order_by("id")
    )
    page.goto(first)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    page.goto(second)
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your password")
