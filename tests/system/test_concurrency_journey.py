"""Two caseworkers change the same record at once: the one who saves second is told what the
other changed, keeps what they typed, and can then save knowingly (axe on every page)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD, UserFactory, build_world

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def world(transactional_db):
    return build_world()


def test_the_second_save_is_refused_with_what_changed(browser, page, live_server, world):
    UserFactory(
        username="caseworker2", role=Role.CASEWORKER, organisation=world.la, first_name="Sam"
    )
    other_context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, viewport={"width": 1200, "height": 900}
    )
    other = other_context.new_page()
    other.set_default_timeout(15000)
    try:
        edit = f"/children/{world.ours.pk}/edit/"
        sign_in(page, "caseworker", PASSWORD)
        sign_in(other, "caseworker2", PASSWORD)
        page.goto(edit)
        other.goto(edit)
        assert_accessible(page, "concurrency-01-open")

        other.get_by_label("Known as").fill("Relly")
        other.get_by_role("button", name="Save").click()
        expect(other.get_by_text("Changes saved")).to_be_visible()

        page.get_by_label("Known as").fill("Aura")
        page.get_by_role("button", name="Save").click()
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_contain_text("Someone else changed this record after you opened")
        expect(summary).to_contain_text("Known as: they changed it to “Relly”")
        expect(page.get_by_label("Known as")).to_have_value("Aura")
        assert_accessible(page, "concurrency-02-refused")
        world.ours.refresh_from_db()
        assert world.ours.known_as == "Relly"

        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Changes saved")).to_be_visible()
        expect(page.get_by_text("(known as Aura)")).to_be_visible()
        assert_accessible(page, "concurrency-03-saved")
    finally:
        other_context.close()
