"""Browser journeys: Playwright driving Debian's Chromium, with axe-core on every page.

Playwright never downloads a browser here: it launches the system Chromium (`CHROMIUM_PATH`,
or `chromium` on the PATH). axe-core comes from the pinned npm package in node_modules.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# (setting up data) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/system" in str(item.fspath):
            item.add_marker(pytest.mark.system)


def chromium_path() -> str:
    path = (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )
    if not path:
        pytest.fail(
            "Chromium is not installed: run `apt-get install chromium` (bash .ci/run does this)"
        )
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):
    # bypass_csp lets the test inject axe-core; the app's own policy stays strict.
    context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, viewport={"width": 1200, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    if os.environ.get("SCREENSHOTS") or (
        hasattr(request.node, "rep_call") and request.node.rep_call.failed
    ):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def assert_accessible(page, name: str = "") -> None:
    """Run axe-core (all its default rules, WCAG 2.2 A/AA and best practice) on the page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = result["violations"]
    if os.environ.get("SCREENSHOTS"):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name or 'page'}.png"), full_page=True)
    summary = [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in violations
    ]
    assert not violations, f"axe found violations on {page.url}:\n{json.dumps(summary, indent=2)}"


def sign_in(page, username: str, password: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in/" not in url)


def settled(page) -> None:
    """Wait until the page has finished loading before sending its form. Every request a page
    makes saves the session as it was when that request began, so a form sent while another
    request of the page is still running could have its changes to the session overwritten (a
    person is never that quick; a test is). Pages ask only for static files, which never reach
    the session (test_no_failed_requests_journey.py), but waiting costs nothing."""
    page.wait_for_load_state("networkidle")
