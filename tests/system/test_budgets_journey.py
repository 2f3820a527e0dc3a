"""A family asks for a personal budget from their own pages; the caseworker finds the request
awaiting a response, agrees it as a direct payment with the family's consent, the separate
account, the checks of the Regulations and the school's written agreement, and records a
payment; then the family stops the direct payments and no further payment can be made.
axe-core on every page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sendpath.budgets.models import BudgetStatus, Payment, PaymentStatus, PersonalBudget
from sendpath.ehc.models import PlanProvision
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD
from sendpath.portal.tests.asking_support import build_family, case_in_force

from .conftest import assert_accessible, settled, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def setup(transactional_db):
    from sendpath.people.tests.factories import build_world

    world = build_world()
    family = build_family(world)
    case = case_in_force(world, family.child, meeting_in=None)
    PlanProvision.objects.create(
        plan=case.plan, section="F", what="Speech therapy", who="Therapist",
        how_often="Weekly", how_long="30 minutes",
    )  # fmt: skip
    return world, family, case


def test_a_family_gets_a_direct_payment_then_stops_it(browser, live_server, page, setup):
    world, family, case = setup
    child = family.child

    # The family asks from their own pages.
    sign_in(page, family.parent.username, PASSWORD)
    page.goto(reverse("portal:personal_budget", kwargs={"pk": child.pk}))
    page.get_by_label("What would you like the budget for?").fill("A speech therapist we choose")
    settled(page)
    page.get_by_role("button", name="Ask for a personal budget").click()
    expect(page.get_by_text("A speech therapist we choose").first).to_be_visible()
    budget = PersonalBudget.objects.get(case=case)
    assert budget.status == BudgetStatus.REQUESTED

    # The caseworker finds it awaiting a response: the family did not ask twice.
    staff_context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, viewport={"width": 1200, "height": 900}
    )
    staff = staff_context.new_page()
    sign_in(staff, world.user(Role.CASEWORKER).username, PASSWORD)
    staff.goto(reverse("budgets:list"))
    expect(staff.get_by_role("heading", level=1)).to_have_text("Personal budgets")
    assert_accessible(staff, "budgets-01-list")
    staff.get_by_role("link", name=child.full_name).click()
    expect(staff.get_by_text("The council must respond to this request")).to_be_visible()
    assert_accessible(staff, "budgets-02-requested")

    # A part: the school place is refused, then the therapy as a direct payment at school.
    staff.get_by_role("button", name="Add a part").click()
    staff.get_by_label("F: Speech therapy").check()
    staff.get_by_label("Amount a year").fill("1200")
    staff.get_by_label("Direct payment", exact=True).check()
    staff.get_by_label("School or college where it is used").select_option(label="Ourshire Primary")
    staff.get_by_label("This pays for the school or college place").check()
    settled(staff)
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("alert")).to_contain_text("cannot pay for a school or college place")
    expect(staff.get_by_label("Amount a year")).to_have_value("1200")
    assert_accessible(staff, "budgets-03-school-place-refused")
    staff.get_by_label("This pays for the school or college place").uncheck()
    settled(staff)
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_text("Needed from Ourshire Primary")).to_be_visible()

    # Agree it.
    staff.get_by_role("button", name="Respond to the request").click()
    staff.get_by_label("Agree the budget").check()
    settled(staff)
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("heading", name="Direct payment")).to_be_visible()
    assert_accessible(staff, "budgets-04-agreed")

    # The direct payment's details, the family's consent and the school's agreement.
    staff.get_by_role("link", name="Change the direct payment details").click()
    staff.get_by_label("Who receives the payments").fill("The child's mother")
    staff.get_by_label("Last 4 digits of the account number").fill("4321")
    staff.get_by_label("The account is separate and used only for these payments").check()
    staff.get_by_label("The recipient is not one of the people").check()
    staff.get_by_label("Monitoring every (months)").fill("3")
    staff.get_by_label("Day", exact=True).fill("1")
    staff.get_by_label("Month", exact=True).fill("3")
    staff.get_by_label("Year", exact=True).fill("2027")
    assert_accessible(staff, "budgets-05-direct-payment")
    settled(staff)
    staff.get_by_role("button", name="Save").click()
    staff.get_by_role("link", name="Record consent").click()
    settled(staff)
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_text("No payment can be made")).to_contain_text("reg 10")
    staff.get_by_role("link", name="Record it").click()
    settled(staff)
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_text("No payment can be made")).to_have_count(0)

    # A payment, recorded as paid.
    staff.get_by_role("link", name="Add a payment").click()
    staff.get_by_label("Amount").fill("100")
    staff.get_by_label("Already paid on this date").check()
    settled(staff)
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("cell", name="£100.00")).to_be_visible()
    assert_accessible(staff, "budgets-06-paid")
    assert Payment.objects.filter(status=PaymentStatus.PAID).count() == 1

    # The family sees it on /my/ and stops the direct payments.
    page.goto(reverse("portal:child", kwargs={"pk": child.pk}))
    expect(page.get_by_text("Agreed: £1,200.00 a year paid to you")).to_be_visible()
    page.get_by_role("link", name="Your personal budget").click()
    assert_accessible(page, "budgets-07-family")
    page.get_by_label("I want to stop the direct payments").check()
    settled(page)
    page.get_by_role("button", name="Stop direct payments").click()
    expect(page.get_by_text("You stopped direct payments")).to_be_visible()
    assert_accessible(page, "budgets-08-family-stopped")

    # No payment can be made after it.
    staff.reload()
    expect(staff.get_by_text("No payment can be made")).to_contain_text("consent")
    expect(staff.get_by_role("link", name="Add a payment")).to_have_count(0)
    assert_accessible(staff, "budgets-09-stopped")
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.STOPPED
    assert Payment.objects.count() == 1
    staff_context.close()

    # The family's page on a phone.
    phone_context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, viewport={"width": 375, "height": 740}
    )
    phone = phone_context.new_page()
    sign_in(phone, family.parent.username, PASSWORD)
    phone.goto(reverse("budgets:family", kwargs={"pk": child.pk}))
    expect(phone.get_by_text("You stopped direct payments")).to_be_visible()
    assert_accessible(phone, "budgets-10-family-phone")
    phone_context.close()
