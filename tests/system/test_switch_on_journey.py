"""Switching sendpath on, end to end: an administrator invites a caseworker, who creates a
password, sets up two-factor sign-in and signs in; the caseworker invites a parent from the
child's record, and the parent links their account to their child. axe-core on every page."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from sendpath.core.models import AuditAction, AuditEntry, NotifyMessage
from sendpath.people.models import FamilyMember, Role
from sendpath.people.tests.factories import PASSWORD, build_world

from .conftest import assert_accessible, settled, sign_in
from .test_staff_accounts_journey import enter_code, next_code

pytestmark = pytest.mark.system

CASEWORKER_PASSWORD = "a-long-caseworker-passphrase-2026"
PARENT_PASSWORD = "a-long-parent-passphrase-2026"


@pytest.fixture
def world(transactional_db):
    world = build_world()
    FamilyMember.objects.create(
        child=world.ours,
        full_name="Rowan Marsh",
        relationship="father",
        parental_responsibility=True,
        email="rowan.marsh@example.com",
    )
    return world


def test_an_administrator_switches_on_a_caseworker_who_links_a_parent_to_their_child(
    page, browser, live_server, world, settings
):
    settings.TWO_FACTOR_REQUIRED = True
    child = world.ours

    # The administrator, signed in with their second factor, invites a caseworker.
    administrator = world.user(Role.ADMINISTRATOR)
    admin_app = TOTPDevice.objects.create(user=administrator, name="Authenticator app")
    admin = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
    sign_in(admin, administrator.username, PASSWORD)
    enter_code(admin, next_code(admin_app))
    admin.get_by_role("link", name="Staff accounts").click()
    admin.get_by_role("button", name="Invite a member of staff").click()
    admin.get_by_label("First name").fill("Morgan")
    admin.get_by_label("Last name").fill("Hale")
    admin.get_by_label("Email address").fill("morgan.hale@ourshire.example")
    admin.get_by_label("Username").fill("mhale")
    admin.get_by_label("SEND caseworker").check()
    admin.get_by_label("Organisation").select_option(label="Ourshire Council (Local authority)")
    admin.get_by_role("button", name="Send invitation").click()
    expect(admin.get_by_text("Morgan Hale is invited")).to_be_visible()
    assert_accessible(admin, "switch-01-caseworker-invited")
    admin.context.close()

    # The caseworker creates a password from the emailed link...
    invitation = NotifyMessage.objects.get(to="morgan.hale@ourshire.example").body
    link = re.search(r"/welcome/\S+/", invitation)
    assert link
    caseworker = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
    caseworker.goto(link.group(0))
    expect(caseworker.get_by_role("heading", level=1)).to_have_text("Create your password")
    assert_accessible(caseworker, "switch-02-create-password")
    caseworker.get_by_label("Password", exact=True).fill(CASEWORKER_PASSWORD)
    caseworker.get_by_label("Confirm your password").fill(CASEWORKER_PASSWORD)
    caseworker.get_by_role("button", name="Save the password").click()
    expect(caseworker.get_by_role("heading", level=1)).to_have_text("Your password is set")

    # ...signs in, and must set up two-factor sign-in before anything else opens.
    sign_in(caseworker, "mhale", CASEWORKER_PASSWORD)
    expect(caseworker.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    caseworker.goto(child.get_absolute_url())
    expect(caseworker.get_by_role("heading", level=1)).not_to_have_text(child.full_name)
    caseworker.goto("/two-factor/set-up/")
    assert_accessible(caseworker, "switch-03-set-up-two-factor")
    key = b32decode(caseworker.locator("#secret").inner_text().replace(" ", ""))
    settled(caseworker)
    caseworker.get_by_label("Code", exact=True).fill(f"{totp(key):06d}")
    caseworker.get_by_role("button", name="Confirm").click()
    expect(caseworker.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    assert_accessible(caseworker, "switch-04-recovery-codes")
    settled(caseworker)
    caseworker.get_by_role("button", name="I have saved my recovery codes").click()
    expect(caseworker.get_by_role("link", name="Worklist")).to_be_visible()

    # Signing in again asks for a code from the app.
    caseworker.goto("/sign-out/")
    caseworker.get_by_role("button", name="Sign out").click()
    sign_in(caseworker, "mhale", CASEWORKER_PASSWORD)
    expect(caseworker.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    assert_accessible(caseworker, "switch-05-enter-code")
    enter_code(caseworker, next_code(TOTPDevice.objects.get(user__username="mhale")))
    expect(caseworker.get_by_role("link", name="Worklist")).to_be_visible()

    # The caseworker invites the child's father from the child's record.
    caseworker.goto(child.get_absolute_url())
    expect(caseworker.get_by_role("heading", level=1)).to_have_text(child.full_name)
    caseworker.get_by_role(
        "link", name="Invite a parent, carer or the young person to link their account"
    ).click()
    caseworker.get_by_label("Rowan Marsh (Father)").check()
    caseworker.get_by_role("button", name="Send invitation").click()
    shown = re.search(
        r"The link code is (?:<[^>]+>)?([A-Z0-9]{4}-[A-Z0-9]{4})", caseworker.content()
    )
    assert shown
    assert_accessible(caseworker, "switch-06-parent-invited")
    caseworker.context.close()

    # The parent makes an account from the email, signs in and links with the date of birth
    # and the code; only then do they see their child.
    email = NotifyMessage.objects.get(to="rowan.marsh@example.com").body
    assert shown.group(1) in email
    assert child.first_name not in email
    link = re.search(r"/welcome/\S+/", email)
    assert link
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your password")
    page.get_by_label("Password", exact=True).fill(PARENT_PASSWORD)
    page.get_by_label("Confirm your password").fill(PARENT_PASSWORD)
    page.get_by_role("button", name="Save the password").click()
    sign_in(page, "rowan.marsh@example.com", PARENT_PASSWORD)
    # Families are not made to use a second factor.
    expect(page.get_by_text("invited to link your account to a child's record")).to_be_visible()
    expect(page.get_by_text(child.first_name)).to_have_count(0)
    page.get_by_role("link", name="Link your account").click()
    assert_accessible(page, "switch-07-parent-link")
    dob = child.date_of_birth
    group = page.get_by_role("group", name="Date of birth")
    group.get_by_label("Day").fill(str(dob.day))
    group.get_by_label("Month").fill(str(dob.month))
    group.get_by_label("Year").fill(str(dob.year))
    page.get_by_label("Link code").fill(shown.group(1))
    page.get_by_role("button", name="Link my account").click()
    # The family's own page about the child (the portal, under /my/).
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Where things are and what happens next"
    )
    expect(page.locator(".govuk-caption-l")).to_have_text(child.full_name)
    assert_accessible(page, "switch-08-parent-sees-child")

    father = FamilyMember.objects.get(full_name="Rowan Marsh")
    assert father.user is not None
    assert father.has_account_access
    # The parent's reading of the record is audited under their own name.
    assert AuditEntry.objects.filter(
        child_id=child.pk, action=AuditAction.VIEWED, actor=father.user
    ).exists()
