"""The family's side from start to draft plan, as issue 16's "done when" says: a parent asks for
an assessment from their own pages, watches its stage and dates move as the caseworker records
steps, tells us once (All about me) and finds their words in the draft plan, and comments on
it; a young person asks for themselves and follows their own case. Every date they see is the
stored deadline's (the caseworker's); the messages they would receive are read from the local
Notify backend. axe-core on every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sendpath.core.models import NotifyMessage
from sendpath.ehc.cases import services as case_services
from sendpath.ehc.models import Case, CaseEvent, PlanNeed, PlanOutcome, PlanProvision, Stage
from sendpath.ehc.plans import issuing
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD, build_world
from sendpath.portal.tests.asking_support import build_family

from .conftest import assert_accessible, settled, sign_in

pytestmark = pytest.mark.system


def shown(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def due(case: Case, key: str) -> dt.date:
    return case.deadlines.get(key=key).due


def messages_to(address: str) -> list[NotifyMessage]:
    return list(NotifyMessage.objects.filter(to=address).order_by("created_at", "id"))


@pytest.fixture
def family(transactional_db):
    world = build_world()
    return world, build_family(world)


def record(world, case: Case, type_: str, **details) -> None:
    case_services.event_record(
        actor=world.user(Role.CASEWORKER),
        case=case,
        type=type_,
        date=timezone.localdate(),
        details=details,
    )


def write_the_plan(world, case: Case) -> None:
    """What the caseworker writes beyond section A: one need, its outcome and its provision."""
    plan = case.plan
    need = PlanNeed.objects.create(plan=plan, area="Communication", description="Finds words hard")
    outcome = PlanOutcome.objects.create(
        plan=plan, what="Talks in short sentences", by_when="July", how_measured="Therapist"
    )
    outcome.needs.add(need)
    provision = PlanProvision.objects.create(
        plan=plan,
        section="F",
        what="Speech therapy",
        who="Therapist",
        how_often="Weekly",
        how_long="30 minutes",
    )
    provision.needs.add(need)


def test_a_parent_asks_follows_tells_us_once_and_answers_the_draft_plan(
    page, browser, live_server, family
):
    world, family = family
    child = family.child
    sign_in(page, family.parent.username, PASSWORD)

    # Home: their child, and the way to the child's page.
    expect(page).to_have_url(re.compile(r"/my/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your family")
    assert_accessible(page, "portal-01-home")
    page.get_by_role("link", name=re.compile("See where things are")).first.click()
    expect(page.get_by_role("heading", name="Things you can do")).to_be_visible()
    assert_accessible(page, "portal-02-child-no-case")

    # Ask for an assessment.
    page.get_by_role("link", name="Ask for an assessment").click()
    page.get_by_label("Why are you asking for an assessment?").fill("Reading is very hard")
    page.get_by_label("What help is given now?").fill("A reading group twice a week")
    page.get_by_label("School, college or nursery").fill("Ourshire Primary")
    settled(page)
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    case = Case.objects.get(child=child)
    assert case.request_source == "parent"
    assert case.received_on == timezone.localdate()
    decision = due(case, "decide_whether_to_assess")
    assert decision == timezone.localdate() + dt.timedelta(weeks=6)
    expect(page.get_by_text(shown(decision)).first).to_be_visible()
    assert_accessible(page, "portal-03-request-sent")

    # The status: the caseworker's date, said plainly.
    page.goto(f"/my/{child.pk}/")
    main = page.locator("main")
    expect(main).to_contain_text("We got the request for an assessment")
    expect(main).to_contain_text(f"By {shown(decision)}")
    assert_accessible(page, "portal-04-status-requested")
    received = messages_to("parent@example.org")
    assert [m.personalisation.get("due") for m in received] == [shown(decision)]
    assert "We will tell you our decision by " + shown(decision) in received[0].body

    # The caseworker decides to assess: the stage and the dates move.
    record(world, case, "decision_to_assess", outcome="yes")
    case.refresh_from_db()
    page.reload()
    expect(main).to_contain_text("We decided to do an assessment")
    final_by = due(case, "issue_final_plan")
    expect(main).to_contain_text(f"By {shown(final_by)}")
    expect(main).to_contain_text(f"By {shown(due(case, 'decide_whether_to_issue_plan'))}")
    expect(main).not_to_contain_text(f"By {shown(decision)}")
    assert_accessible(page, "portal-05-status-assessing")
    agreed = messages_to("parent@example.org")[-1]
    assert agreed.subject == f"We will do the assessment for {child.known_as}"
    assert shown(final_by) in agreed.body

    # Tell us once: All about me.
    page.get_by_role("link", name="All about me: tell us once").click()
    page.get_by_role("button", name="Start").click()
    page.get_by_label(re.compile("What do people like and admire about")).fill(
        "Kind and funny, always helps younger children"
    )
    page.get_by_label(re.compile("hopes and dreams for the future")).fill("To work with animals")
    settled(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Written by a parent or carer")).to_be_visible()
    assert_accessible(page, "portal-06-all-about-me")

    # The caseworker decides to issue a plan, puts the family's words into section A and sends
    # the draft.
    record(world, case, "assessment_outcome", outcome="plan")
    write_the_plan(world, case)
    staff = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
    sign_in(staff, world.user(Role.CASEWORKER).username, PASSWORD)
    staff.goto(f"/cases/{case.pk}/plan/")
    staff.get_by_role("link", name="Change section A").click()
    settled(staff)
    staff.get_by_role("button", name="Use the family's words in section A").click()
    expect(staff.get_by_text("The family's words are now in section A")).to_be_visible()
    issuing.draft_send(
        actor=world.user(Role.CASEWORKER),
        case=case,
        sent_on=timezone.localdate(),
        warnings_checked=True,
    )
    case.refresh_from_db()
    assert case.stage == Stage.DRAFT_SENT
    last_day = due(case, "draft_representations_close")

    # The parent reads the draft: their own words are in section A, and the last day is shown.
    page.goto(f"/my/{child.pk}/")
    expect(main).to_contain_text(f"By {shown(last_day)}")
    assert_accessible(page, "portal-07-status-draft")
    page.get_by_role("link", name="Read and comment on the draft plan").click()
    expect(page.locator("main")).to_contain_text("Kind and funny, always helps younger children")
    expect(page.locator("main")).to_contain_text(shown(last_day))
    assert_accessible(page, "portal-08-draft-plan")
    page.get_by_role("link", name="Comment on the draft plan").click()
    page.get_by_label("Your comments on the draft plan").fill("Section F needs more therapy")
    settled(page)
    page.get_by_role("button", name="Send your comments").click()
    expect(page.get_by_text("Your comments have been sent to your caseworker")).to_be_visible()
    assert_accessible(page, "portal-09-comments-sent")
    comments = CaseEvent.objects.get(case=case, type="family_representations")
    assert comments.date == timezone.localdate()

    # The caseworker sees the comments on the case's timeline.
    staff.goto(f"/cases/{case.pk}/")
    expect(staff.locator("#timeline ~ table")).to_contain_text("Section F needs more therapy")
    staff.context.close()

    # The draft plan's message gives the same last day as the page.
    draft_message = [m for m in messages_to("parent@example.org") if "draft" in m.subject]
    assert len(draft_message) == 1
    assert draft_message[0].personalisation["due"] == shown(last_day)


def test_a_young_person_asks_for_themselves_and_follows_their_own_case(
    browser, live_server, family
):
    world, family = family
    own = family.own
    phone = browser.new_context(
        base_url=live_server.url, bypass_csp=True, viewport={"width": 375, "height": 740}
    ).new_page()
    sign_in(phone, family.young_person.username, PASSWORD)
    phone.goto(f"/my/{own.pk}/")
    assert_accessible(phone, "portal-yp-01-own")
    phone.get_by_role("link", name="Ask for an assessment").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Ask for an assessment for yourself")
    phone.get_by_label("Why are you asking for an assessment?").fill("College is too hard")
    phone.get_by_label("What help is given now?").fill("None")
    phone.get_by_label("School, college or nursery").fill("Ourshire College")
    settled(phone)
    phone.get_by_role("button", name="Send the request").click()
    expect(phone.get_by_role("heading", name="Request sent")).to_be_visible()
    case = Case.objects.get(child=own)
    assert case.request_source == "young_person"
    decision = due(case, "decide_whether_to_assess")
    [received] = messages_to("yp@example.org")
    assert received.personalisation["due"] == shown(decision)

    record(world, case, "decision_to_assess", outcome="yes")
    case.refresh_from_db()
    phone.goto(f"/my/{own.pk}/")
    main = phone.locator("main")
    expect(main).to_contain_text("We decided to do an assessment")
    expect(main).to_contain_text(f"By {shown(due(case, 'issue_final_plan'))}")
    assert_accessible(phone, "portal-yp-02-assessing")
    # Nobody else's child is reachable from this account.
    phone.goto(f"/my/{family.child.pk}/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Page not found")
    phone.context.close()
