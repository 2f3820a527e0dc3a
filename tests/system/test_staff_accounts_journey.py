"""Staff accounts: an administrator invites a caseworker, who sets a password and signs in."""

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


def test_an_administrator_invites_a_caseworker_who_signs_in(page, browser, live_server, world):
    admin = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
    sign_in(admin, world.user(Role.ADMINISTRATOR).username, PASSWORD)
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
    expect(page.get_by_role("link", name="Worklist")).to_be_visible()
    assert_accessible(page, "staff-06-signed-in")


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
    assert_accessible(manager, "staff-07-manager-resent")
    manager.context.close()

    first, second = (
        re.search(r"/welcome/\S+/", m.body).group(0)  # type: ignore[union-attr]
        for m in NotifyMessage.objects.order_by("id")
    )
    page.goto(first)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    page.goto(second)
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your password")
