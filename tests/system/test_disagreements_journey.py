"""Issue 17's journey: a refusal to assess (the decision letter sent) goes to mediation (the
adviser contacted, mediation asked for, held, the certificate), then to appeal; the tribunal
orders an assessment, and the order's deadline sits on the caseworker's worklist until it is
met (then it is gone). axe clean on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sendpath.ehc.cases import services as case_services
from sendpath.ehc.models import Deadline
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD, build_world

from .conftest import assert_accessible, settled, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def world(transactional_db):
    return build_world()


def _date(page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def _step(page, link: str, legend: str, day: dt.date, name: str = "") -> None:
    page.get_by_role("link", name=link).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(link)
    _date(page, legend, day)
    if name:
        assert_accessible(page, name)
    settled(page)


def _save(page) -> None:
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()


def test_a_refusal_goes_to_mediation_then_appeal_and_the_order_is_met(page, world):
    today = timezone.localdate()

    def ago(n: int) -> dt.date:
        return today - dt.timedelta(days=n)

    caseworker = world.user(Role.CASEWORKER)
    case = case_services.case_open(
        actor=caseworker, child=world.ours, source="parent", received_on=ago(90)
    )
    for type_, days, details in (
        ("decision_to_assess", 52, {"outcome": "no"}),
        ("decision_notice_sent", 50, {"kind": "not_to_assess"}),
    ):
        case_services.event_record(
            actor=caseworker, case=case, type=type_, date=ago(days), details=details
        )

    sign_in(page, caseworker.username, PASSWORD)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Record a disagreement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a disagreement")
    # Nothing chosen: the errors name the fields and keep the dates typed.
    _date(page, "Date the family told you", ago(45))
    settled(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the decision they disagree with"
    )
    assert_accessible(page, "disagreements-01-errors")
    page.get_by_label("Not to carry out an EHC needs assessment").check()
    _save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mediation")
    assert_accessible(page, "disagreements-02-record")

    _step(page, "Family contacted the mediation adviser", "Date", ago(45), "disagreements-03")
    page.get_by_role("group", name="Does the family want mediation?").get_by_label("Yes").check()
    _save(page)
    _step(page, "Family asked for mediation", "Date", ago(44))
    _save(page)
    _step(page, "Mediation arranged", "Date of the mediation", ago(30))
    page.get_by_label("Venue").fill("Civic Centre")
    _save(page)
    _step(page, "Notice of the mediation sent", "Date", ago(38))
    _save(page)
    _step(page, "Mediation held", "Date", ago(30), "disagreements-04-held")
    page.get_by_label("Who attended").fill("Parent, caseworker, mediator")
    page.get_by_role("group", name="Were the child's or young person's views sought?").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("No agreement").check()
    _save(page)
    _step(page, "Mediation certificate issued", "Date", ago(29))
    _save(page)
    _step(page, "Appeal registered by the tribunal", "Date", ago(20))
    _save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Appeal to the tribunal")
    _step(page, "The tribunal's order", "Date of the order", ago(2), "disagreements-05-order")
    page.get_by_label("Carry out an EHC needs assessment").check()
    _save(page)
    due = Deadline.objects.get(case=case, key="comply_with_order:assess").due
    expect(page.locator("#orders")).to_contain_text(f"{due:%-d %B %Y}")
    assert_accessible(page, "disagreements-06-appeal")

    # On the worklist until met.
    page.goto(f"/cases/?q={case.reference}")
    row = page.locator("tr", has_text=case.reference)
    expect(row).to_contain_text("Comply with the tribunal's order")
    expect(row).to_contain_text(f"{due:%-d %B %Y}")
    assert_accessible(page, "disagreements-07-worklist")

    page.goto("/disagreements/")
    expect(page.get_by_role("status")).to_contain_text("1 disagreement")
    assert_accessible(page, "disagreements-08-list")
    page.get_by_role("link", name=world.ours.full_name).click()
    _step(page, "Order met", "Date the order was met", today, "disagreements-09-met")
    page.get_by_label("Carry out an EHC needs assessment").check()
    _save(page)
    expect(page.locator("#orders")).to_contain_text(f"{today:%-d %B %Y}")

    page.goto(f"/cases/?q={case.reference}")
    expect(page.get_by_text("Comply with the tribunal's order")).to_have_count(0)
    assert not Deadline.objects.get(case=case, key="comply_with_order:assess").pending


def test_the_family_reads_their_dates_from_things_you_can_do(page, world):
    from sendpath.people.models import FamilyMember

    FamilyMember.objects.filter(child=world.family_child).update(has_account_access=True)
    today = timezone.localdate()
    caseworker = world.user(Role.CASEWORKER)
    case = case_services.case_open(
        actor=caseworker,
        child=world.family_child,
        source="parent",
        received_on=today - dt.timedelta(days=60),
    )
    for type_, days, details in (
        ("decision_to_assess", 22, {"outcome": "no"}),
        ("decision_notice_sent", 20, {"kind": "not_to_assess"}),
    ):
        case_services.event_record(
            actor=caseworker,
            case=case,
            type=type_,
            date=today - dt.timedelta(days=days),
            details=details,
        )
    sign_in(page, world.user(Role.FAMILY).username, PASSWORD)
    page.goto(f"/my/{world.family_child.pk}/")
    page.get_by_role("link", name="If you disagree with a decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("If you disagree with a decision")
    for key in ("contact_mediation_adviser", "appeal_deadline"):
        due = Deadline.objects.get(case=case, key=key).due
        expect(page.locator(f'[data-due="{due.isoformat()}"]').first).to_contain_text(
            f"{due:%-d %B %Y}"
        )
    expect(page.get_by_text("Last day to appeal to the tribunal")).to_be_visible()
    assert_accessible(page, "disagreements-10-family")
    page.set_viewport_size({"width": 375, "height": 800})
    assert_accessible(page, "disagreements-11-family-mobile")
