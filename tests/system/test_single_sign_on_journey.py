"""Single sign-on: a caseworker signs in with their council account at a stand-in provider;
an unknown email is refused with a page saying why."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sendpath.core.tests.oidc_provider import Person, Provider
from sendpath.people.models import Role
from sendpath.people.tests.factories import build_world

from .conftest import assert_accessible, settled

pytestmark = pytest.mark.system


@pytest.fixture
def world(transactional_db):
    return build_world()


@pytest.fixture
def provider(settings):
    stand_in = Provider().start()
    for name, value in stand_in.settings().items():
        setattr(settings, name, value)
    settings.TWO_FACTOR_REQUIRED = True
    yield stand_in
    stand_in.stop()


def test_a_caseworker_signs_in_with_their_council_account(page, world, provider):
    caseworker = world.user(Role.CASEWORKER)
    caseworker.email = "case.worker@ourshire.example"
    caseworker.save()

    provider.person = Person(email="someone.new@ourshire.example")
    page.goto("/sign-in/")
    assert_accessible(page, "sso-01-sign-in")
    settled(page)
    page.get_by_role("button", name="Sign in with your council account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "There is no account for this email address"
    )
    expect(page.get_by_text("ask your administrator to invite you")).to_be_visible()
    assert_accessible(page, "sso-02-refused")

    provider.person = Person(email="Case.Worker@ourshire.example", amr=["pwd", "mfa"])
    page.get_by_role("link", name="Back to sign in").click()
    settled(page)
    page.get_by_role("button", name="Sign in with your council account").click()
    expect(page.get_by_role("link", name="Worklist")).to_be_visible()
    expect(page.locator(".app-signed-in")).to_contain_text(caseworker.display_name())
    assert_accessible(page, "sso-03-signed-in")
