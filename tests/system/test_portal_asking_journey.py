"""A family asks and sends from their own pages: a parent asks for an assessment (the request
reaches the SEND team), then, on a child whose draft plan has been sent, comments on it and
names the school they want; a young person, on a phone, asks for an assessment for themselves.
axe-core on every page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sendpath.ehc.models import Case, CaseEvent, RequestSource
from sendpath.people.models import FamilyMember
from sendpath.people.tests.factories import PASSWORD, ChildFactory
from sendpath.portal.tests.asking_support import build_family, case_with_draft

from .conftest import assert_accessible, settled, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def family(transactional_db):
    from sendpath.people.tests.factories import build_world

    world = build_world()
    family = build_family(world)
    brother = ChildFactory(first_name="Felix", last_name="Wombat", responsible_authority=world.la)
    FamilyMember.objects.create(
        child=brother,
        full_name="Pamela Wombat",
        relationship="mother",
        parental_responsibility=True,
        user=family.parent,
    )
    case_with_draft(world, brother, sent_days_ago=4)
    return family, brother


def test_a_parent_asks_for_an_assessment_and_answers_a_draft_plan(page, family):
    family, brother = family
    sign_in(page, family.parent.username, PASSWORD)

    # Ask for an assessment: a missing answer first, then the whole request.
    page.goto(reverse("portal:ask_assessment", kwargs={"pk": family.child.pk}))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for an assessment")
    assert_accessible(page, "asking-01-ask")
    page.get_by_label("What help is given now?").fill("A reading group")
    settled(page)
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter why you are asking for an assessment")
    expect(page.get_by_label("What help is given now?")).to_have_value("A reading group")
    assert_accessible(page, "asking-02-ask-errors")
    page.get_by_label("Why are you asking for an assessment?").fill("Reading is very hard")
    page.get_by_label("School, college or nursery").fill("Ourshire Primary")
    settled(page)
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    case = Case.objects.get(child=family.child)
    assert case.request_source == RequestSource.PARENT
    decision = case.deadlines.get(key="decide_whether_to_assess").due
    expect(page.get_by_text(f"{decision.day} {decision:%B %Y}")).to_be_visible()
    assert_accessible(page, "asking-03-sent")

    # The brother's draft plan: read it, comment, and name a school.
    page.goto(reverse("portal:draft_plan", kwargs={"pk": brother.pk}))
    expect(page.get_by_text("Loves drawing and wants to be a vet")).to_be_visible()
    assert_accessible(page, "asking-04-draft")
    page.get_by_role("link", name="Comment on the draft plan").click()
    assert_accessible(page, "asking-05-comments")
    page.get_by_label("Your comments on the draft plan").fill("Section F needs more therapy")
    settled(page)
    page.get_by_role("button", name="Send your comments").click()
    expect(page.get_by_text("Your comments have been sent to your caseworker")).to_be_visible()
    page.get_by_role("link", name="Say which school or college you want named in the plan").click()
    assert_accessible(page, "asking-06-school")
    page.get_by_label("A special school or special academy").check()
    page.get_by_label("Name of the school or college").fill("Ourshire Special School")
    settled(page)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("has been sent to your caseworker")).to_be_visible()
    assert_accessible(page, "asking-07-draft-after")
    types = set(CaseEvent.objects.filter(case__child=brother).values_list("type", flat=True))
    assert {"family_representations", "family_placement_preference"} <= types

    # The other pages: a personal budget, a report, a message, and where to complain.
    page.goto(reverse("portal:personal_budget", kwargs={"pk": brother.pk}))
    assert_accessible(page, "asking-10-budget")
    page.goto(reverse("portal:documents", kwargs={"pk": brother.pk}))
    page.get_by_label("What is it?").fill("Letter from the doctor")
    page.get_by_label("Upload the file").set_input_files(
        files=[{"name": "doctor.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7 x"}]
    )
    settled(page)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("cell", name="doctor.pdf")).to_be_visible()
    assert_accessible(page, "asking-11-documents")
    page.goto(reverse("portal:concern", kwargs={"pk": brother.pk}))
    assert_accessible(page, "asking-12-concern")
    page.get_by_role("link", name="complaints and disagreements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaints and disagreements")
    assert_accessible(page, "asking-13-complaints")
    page.goto(reverse("portal:review_contribution", kwargs={"pk": brother.pk}))
    expect(page.get_by_text("There is no review meeting arranged")).to_be_visible()
    assert_accessible(page, "asking-14-no-review")


def test_a_young_person_asks_for_themselves_on_a_phone(browser, live_server, family):
    family, _ = family
    context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    sign_in(page, family.young_person.username, PASSWORD)
    page.goto(reverse("portal:ask_assessment", kwargs={"pk": family.own.pk}))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for an assessment for yourself")
    assert_accessible(page, "asking-08-young-person")
    page.get_by_label("Why are you asking for an assessment?").fill("College is too hard")
    page.get_by_label("What help is given now?").fill("None")
    page.get_by_label("School, college or nursery").fill("Ourshire College")
    settled(page)
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    assert_accessible(page, "asking-09-young-person-sent")
    assert Case.objects.get(child=family.own).request_source == RequestSource.YOUNG_PERSON
    context.close()
