"""All about me, told once: a parent answers the easy-read version with pictures on a phone;
the caseworker opens section A of the draft plan, uses the family's words and sends the draft.
The words are in section A of the plan (the family's draft plan page is another part's)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sendpath.ehc.models import Plan
from sendpath.ehc.tests.test_plan import drafting_case, fill_plan
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD, ChildFactory, UserFactory, build_world
from sendpath.portal.models import AllAboutMe

from .conftest import assert_accessible, settled, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def world(transactional_db):
    world = build_world()
    world.case = drafting_case(world, child=world.family_child)
    fill_plan(world, world.case)
    return world


def next_page(page) -> None:
    settled(page)
    page.get_by_role("button", name="Next").click()


def test_a_parent_tells_us_once_and_the_caseworker_uses_their_words_in_section_a(
    page, browser, live_server, world
):
    child = world.family_child
    phone = browser.new_context(
        base_url=live_server.url, bypass_csp=True, viewport={"width": 375, "height": 740}
    ).new_page()
    sign_in(phone, world.user(Role.FAMILY).username, PASSWORD)
    phone.goto(f"/my/{child.pk}/all-about-me/")
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"All about {child.known_as}")
    expect(phone.get_by_text("You have not told us anything yet")).to_be_visible()
    assert_accessible(phone, "voice-01-empty")

    phone.get_by_role("button", name="Use the easy-read version with pictures").click()
    expect(phone.get_by_text("There are 5 short pages")).to_be_visible()
    assert_accessible(phone, "voice-02-easy-start")
    phone.get_by_role("button", name="Start").click()

    expect(phone.get_by_text("Page 1 of 5")).to_be_visible()
    expect(phone.get_by_role("img", name="A dog")).to_be_visible()
    assert_accessible(phone, "voice-03-likes")
    phone.get_by_role("checkbox", name=re.compile("Animals")).check()
    phone.get_by_role("checkbox", name=re.compile("Swimming")).check()
    phone.get_by_label("What do people like about you? (optional)").fill("Kind and funny")
    next_page(phone)

    expect(phone.get_by_text("Page 2 of 5")).to_be_visible()
    assert_accessible(phone, "voice-04-hard")
    phone.get_by_role("checkbox", name=re.compile("Loud noise")).check()
    next_page(phone)

    expect(phone.get_by_text("Page 3 of 5")).to_be_visible()
    phone.get_by_role("checkbox", name=re.compile("Headphones")).check()
    phone.get_by_label("What does not help you? (optional)").fill("Being rushed")
    assert_accessible(phone, "voice-05-helps")
    next_page(phone)

    expect(phone.get_by_text("Page 4 of 5")).to_be_visible()
    phone.get_by_label("How do you like to talk and listen? (optional)").fill("Signing")
    next_page(phone)

    expect(phone.get_by_text("Page 5 of 5")).to_be_visible()
    phone.get_by_label("What would you like to do when you are older? (optional)").fill(
        "Work with animals"
    )
    assert_accessible(phone, "voice-06-future")
    next_page(phone)

    expect(phone.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(phone.get_by_role("listitem").filter(has_text="Swimming")).to_be_visible()
    expect(phone.get_by_role("img", name="A swimming pool")).to_be_visible()
    assert_accessible(phone, "voice-07-check")
    assert not AllAboutMe.objects.exists()
    settled(phone)
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_text("Thank you. What you told us is saved")).to_be_visible()
    expect(phone.get_by_text("Written by a parent or carer")).to_be_visible()
    assert_accessible(phone, "voice-08-saved")
    phone.context.close()
    saved = AllAboutMe.objects.get(child=child)
    assert saved.easy_read
    assert saved.likes == ["animals", "swimming"]

    # The caseworker: section A of the draft plan offers the family's words.
    sign_in(page, world.user(Role.CASEWORKER).username, PASSWORD)
    page.goto(f"/cases/{world.case.pk}/plan/")
    page.get_by_role("link", name="Change section A").click()
    expect(
        page.get_by_role("heading", name="The family's own words (All about me)")
    ).to_be_visible()
    expect(page.locator("#family-voice")).to_contain_text("Animals, Swimming")
    assert_accessible(page, "voice-09-section-a")
    settled(page)
    page.get_by_role("button", name="Use the family's words in section A").click()
    expect(page.get_by_text("The family's words are now in section A")).to_be_visible()
    expect(page.locator("#section-a + p")).to_contain_text("Kind and funny")
    assert_accessible(page, "voice-10-plan")

    # Send the draft plan.
    today = timezone.localdate()
    page.get_by_role("button", name="Send the draft plan").click()
    group = page.get_by_role("group", name="Date the draft plan was sent")
    sent = today - dt.timedelta(days=1)
    group.get_by_label("Day").fill(str(sent.day))
    group.get_by_label("Month").fill(str(sent.month))
    group.get_by_label("Year").fill(str(sent.year))
    warnings = page.get_by_label("I have checked these warnings and want to send the draft anyway")
    if warnings.count():
        warnings.check()
    settled(page)
    page.get_by_role("button", name=re.compile("Send")).last.click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Draft plan sent")
    plan = Plan.objects.get(case=world.case)
    assert plan.draft_sent_on == sent
    assert "Things I like:\nAnimals, Swimming" in plan.section_a
    assert "What does not help me:\nBeing rushed" in plan.section_a
    # On the plan page, section A runs from its heading to the next section's.
    section_a = page.locator("#section-a ~ p:not(#section-b ~ p)")
    expect(section_a.first).to_contain_text("Kind and funny")
    expect(section_a.filter(has_text="Work with animals")).to_have_count(1)
    expect(section_a.filter(has_text="Written by a parent or carer")).to_have_count(1)
    assert_accessible(page, "voice-11-draft-sent")


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_young_person_writes_all_about_me_adds_a_drawing_and_keeps_versions(page, world):
    young = UserFactory(username="young.person", role=Role.FAMILY)
    me = ChildFactory(
        first_name="Sam",
        date_of_birth=dt.date(2008, 4, 1),
        responsible_authority=world.la,
        young_person_user=young,
    )
    sign_in(page, young.username, PASSWORD)
    page.goto(f"/my/{me.pk}/all-about-me/")
    expect(page.get_by_role("heading", level=1)).to_have_text("All about me")
    page.get_by_role("button", name="Start").click()
    expect(
        page.get_by_label("What do people like and admire about you? (optional)")
    ).to_be_visible()
    assert_accessible(page, "voice-yp-01-form")
    settled(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Answer at least one question")
    assert_accessible(page, "voice-yp-02-errors")
    page.get_by_label("What are your hopes and dreams for the future? (optional)").fill(
        "To study art at college"
    )
    page.get_by_role("checkbox", name=re.compile("Drawing and painting")).check()
    settled(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Written by the young person")).to_be_visible()

    page.get_by_role("link", name="Add a photo, drawing, video or document").click()
    assert_accessible(page, "voice-yp-03-file")
    page.get_by_label("Choose a file").set_input_files(
        {"name": "drawing.png", "mimeType": "image/png", "buffer": PNG}
    )
    settled(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what the file shows")
    page.get_by_label("Choose a file").set_input_files(
        {"name": "drawing.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_label("What does it show?").fill("My drawing of the sea")
    settled(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name=re.compile("^My drawing of the sea"))).to_be_visible()

    page.get_by_role("button", name="Change what you told us").click()
    page.get_by_label("What are your hopes and dreams for the future? (optional)").fill(
        "To study art and design at college"
    )
    settled(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("To study art and design at college")).to_be_visible()
    assert_accessible(page, "voice-yp-04-saved")
    page.get_by_role("link", name=re.compile("Version 1")).click()
    expect(page.get_by_text("To study art at college")).to_be_visible()
    assert_accessible(page, "voice-yp-05-version-1")
    assert AllAboutMe.objects.filter(child=me).count() == 2
