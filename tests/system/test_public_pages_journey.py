"""The privacy notice and the accessibility statement: reached from the footer of a public Local
Offer page and of a staff page, with the keyboard alone, without signing in; axe-core on each."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sendpath.localoffer import services
from sendpath.people.tests.factories import PASSWORD, build_world

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def world(transactional_db, settings):
    settings.HOME_LA_CODE = "901"  # build_world's own authority, Ourshire Council
    services.taxonomies_ensure()
    return build_world()


def tab_to(page, name: str, limit: int = 200) -> None:
    """Press Tab until the link called ``name`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == name:
            return
    raise AssertionError(f"Tab never reached the link {name!r} on {page.url}")


def test_both_pages_from_the_footer_with_the_keyboard(page, world):
    page.goto("/local-offer/")
    tab_to(page, "Privacy notice")
    page.keyboard.press("Enter")
    page.wait_for_url("**/privacy/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    expect(page.get_by_text("Ourshire Council is the controller")).to_be_visible()
    expect(page.get_by_role("heading", name="Your rights")).to_be_visible()
    assert_accessible(page, "privacy-notice")

    tab_to(page, "Accessibility statement")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accessibility/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Accessibility statement for sendpath"
    )
    expect(page.get_by_role("heading", name="Enforcement procedure")).to_be_visible()
    assert_accessible(page, "accessibility-statement")


def test_a_signed_in_user_reaches_both_from_a_staff_page(page, world):
    sign_in(page, "caseworker", PASSWORD)
    footer = page.locator(".govuk-footer")
    footer.get_by_role("link", name="Privacy notice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    expect(page.get_by_text("Signed in as")).to_be_visible()
    assert_accessible(page, "privacy-notice-signed-in")
    page.locator(".govuk-footer").get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Accessibility statement for sendpath"
    )
    assert_accessible(page, "accessibility-statement-signed-in")
