"""No request any page makes fails: every response a few public and staff pages cause (the page,
its stylesheets, scripts, images, favicons and manifest) answers below 400. The GOV.UK stylesheet
once asked for GDS Transport font files at /assets/fonts/, which answered 404 on every staff page
and a redirect to sign-in on every public one."""

from __future__ import annotations

import pytest

from sendpath.localoffer import services
from sendpath.people.tests.factories import PASSWORD, build_world

from .conftest import sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def world(transactional_db, settings):
    settings.HOME_LA_CODE = "901"  # build_world's own authority, Ourshire Council
    services.taxonomies_ensure()
    return build_world()


def record_failures(page) -> list[str]:
    """Every 4xx or 5xx, every request that fails outright, and every redirect of something a
    page asked for (a stylesheet, font or image that redirects, to sign-in say, is missing)."""
    failures: list[str] = []

    def check(response) -> None:
        redirected = 300 <= response.status < 400 and response.request.resource_type != "document"
        if response.status >= 400 or redirected:
            failures.append(f"{response.status} {response.url}")

    page.on("response", check)
    page.on("requestfailed", lambda request: failures.append(f"failed {request.url}"))
    return failures


def visit(page, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state("networkidle")


def test_public_pages_ask_for_nothing_that_fails(page, world):
    failures = record_failures(page)
    for path in ("/local-offer/", "/sign-in/", "/privacy/", "/accessibility/"):
        visit(page, path)
    assert not failures, failures


def test_staff_pages_ask_for_nothing_that_fails(page, world):
    failures = record_failures(page)
    sign_in(page, "caseworker", PASSWORD)
    page.wait_for_load_state("networkidle")
    for path in ("/", "/children/", f"/children/{world.ours.pk}/", "/cases/"):
        visit(page, path)
    assert not failures, failures


def test_the_stylesheet_uses_no_gds_transport_font(page, world):
    visit(page, "/sign-in/")
    family = page.evaluate("() => getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "GDS Transport" not in family
    assert family.startswith("Helvetica")
    sheets = page.evaluate(
        "() => [...document.styleSheets].flatMap(s => [...s.cssRules])"
        ".filter(r => r.constructor.name === 'CSSFontFaceRule').length"
    )
    assert sheets == 0
