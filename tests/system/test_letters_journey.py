"""The decision letters after a plan is in force, through the pages: the administrator fills in
the mediation adviser's contacts, a caseworker sends the amended plan's letter and then the
letter of a decision to cease, which keeps the plan until the family's appeal date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from sendpath.ehc.amendments import services as amendment_services
from sendpath.ehc.amendments.selectors import CEASE_REASONS
from sendpath.ehc.cases import services
from sendpath.ehc.models import Deadline
from sendpath.ehc.plans import issuing as plan_issuing
from sendpath.ehc.tests.test_final import name_placement
from sendpath.ehc.tests.test_plan import draft_sent_case
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD, build_world
from sendpath.timescales.calendar import add_months

from .conftest import assert_accessible, settled, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def world(transactional_db):
    return build_world()


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def shown(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_letters_after_a_plan_is_in_force(world, page):
    # The administrator fills in the contacts every letter gives.
    sign_in(page, world.user(Role.ADMINISTRATOR).username, PASSWORD)
    page.get_by_role("link", name="Letter contacts").first.click()
    expect(
        page.get_by_role("heading", name="Mediation, SENDIASS and complaints contacts")
    ).to_be_visible()
    assert_accessible(page, "letters-contacts")
    page.get_by_label("Name of the mediation adviser or service").fill("Calm Waters Mediation")
    page.get_by_label("Email address").fill("not an email")
    settled(page)
    page.get_by_role("button", name="Save contacts").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter an email address")
    expect(page.get_by_label("Name of the mediation adviser or service")).to_have_value(
        "Calm Waters Mediation"
    )
    assert_accessible(page, "letters-contacts-error")
    page.get_by_label("Email address").fill("help@calmwaters.example")
    page.get_by_label("Telephone").fill("01632 960 123")
    settled(page)
    page.get_by_role("button", name="Save contacts").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Contacts saved")
    page.context.clear_cookies()

    # A plan in force, amended.
    case = draft_sent_case(world, sent_ago=58)
    name_placement(world, case)
    actor = world.user(Role.CASEWORKER)
    plan_issuing.final_issue(actor=actor, case=case, issued_on=days_ago(40))
    services.event_record(
        actor=actor,
        case=case,
        type="amendment_proposed",
        date=days_ago(35),
        details={"reasons": "Needs changed", "changes": "Section F"},
    )
    services.event_record(actor=actor, case=case, type="amended_plan_issued", date=days_ago(10))

    sign_in(page, actor.username, PASSWORD)
    page.goto(reverse("ehc:notices", args=[case.pk]))
    expect(
        page.get_by_role("link", name="Notice that the amended plan has been issued")
    ).to_be_visible()
    assert_accessible(page, "letters-tab")
    page.get_by_role("link", name="Notice that the amended plan has been issued").click()
    letter = page.locator("article.app-letter")
    expect(letter).to_contain_text("We issued the amended education, health and care (EHC) plan")
    expect(letter).to_contain_text("Calm Waters Mediation")
    expect(letter).to_contain_text("section 51(2)(c) and (4)")
    assert_accessible(page, "letters-amended")
    sent = days_ago(9)
    group = page.get_by_role("group", name="Date the notice was sent")
    group.get_by_label("Day").fill(str(sent.day))
    group.get_by_label("Month").fill(str(sent.month))
    group.get_by_label("Year").fill(str(sent.year))
    settled(page)
    page.get_by_role("button", name="Record as sent").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded as sent")
    expect(letter).to_contain_text(shown(add_months(sent, 2)))

    # The decision to cease: its letter keeps the plan until the appeal date.
    amendment_services.cease_plan(
        actor=actor,
        case=case,
        decided_on=days_ago(3),
        reason=next(iter(CEASE_REASONS)),
        consultation="Met the family and the school",
        notice_sent_on=days_ago(2),
    )
    appeal = Deadline.objects.get(case=case, key="appeal_deadline").due
    page.goto(reverse("ehc:notices", args=[case.pk]))
    expect(page.locator("table")).to_contain_text(f"Plan kept until at least {shown(appeal)}")
    page.get_by_role("link", name="Notice of the decision to cease the plan").click()
    expect(letter).to_contain_text(f"We will keep the plan until at least {shown(appeal)}")
    expect(letter).to_contain_text("section 51(2)(f)")
    assert_accessible(page, "letters-cease")
