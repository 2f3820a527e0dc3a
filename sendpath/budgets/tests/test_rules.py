"""The statutory rules of personal budgets and direct payments, at the service level."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sendpath.budgets import services
from sendpath.budgets.models import BudgetStatus, Holding, PaymentStatus, PersonalBudget
from sendpath.core.models import AuditEntry
from sendpath.people.models import Role

from .support import agreed_direct_payment, provision_of, requested, today

pytestmark = pytest.mark.django_db


def test_a_request_awaits_a_response_and_is_audited(world, case):
    budget = requested(world, case)
    assert budget.status == BudgetStatus.REQUESTED
    assert AuditEntry.objects.filter(
        object_id=str(budget.pk), action="created", child_id=case.child_id
    ).exists()
    with pytest.raises(ValidationError, match="already has a request"):
        requested(world, case)


def test_the_familys_portal_request_is_picked_up_once(world, family, case):
    from django.test import Client
    from django.urls import reverse

    from sendpath.people.tests.factories import PASSWORD

    client = Client()
    assert client.login(username=family.parent.username, password=PASSWORD)
    response = client.post(
        reverse("portal:personal_budget", kwargs={"pk": family.child.pk}),
        {"what_for": "A speech therapist"},
    )
    assert response.status_code == 302
    budget = PersonalBudget.objects.get(case=case)
    assert budget.status == BudgetStatus.REQUESTED
    assert budget.what_for == "A speech therapist"
    assert budget.request_event is not None
    assert budget.asked_by == "parent"
    # Picking it up again adds nothing.
    assert services.adopt_family_request(budget.request_event) is None
    assert PersonalBudget.objects.filter(case=case).count() == 1


def test_a_school_place_is_refused_and_nothing_is_written(world, case):
    budget = requested(world, case)
    with pytest.raises(ValidationError) as error:
        services.add_element(
            actor=world.user(Role.CASEWORKER), budget=budget, provision=provision_of(case),
            amount_pence=1_000_000, holding=Holding.ARRANGEMENT, school_place=True,
        )  # fmt: skip
    assert "school or college place" in str(error.value)
    assert not budget.elements.exists()


def test_provision_must_be_from_this_childs_plan(world, family, case):
    from sendpath.portal.tests.asking_support import case_in_force

    other_case = case_in_force(world, family.own, meeting_in=None)
    budget = requested(world, case)
    with pytest.raises(ValidationError, match="this child's plan"):
        services.add_element(
            actor=world.user(Role.CASEWORKER), budget=budget,
            provision=provision_of(other_case), amount_pence=100, holding=Holding.ARRANGEMENT,
        )  # fmt: skip


def test_holding_is_a_mix_when_parts_differ(world, case):
    actor = world.user(Role.CASEWORKER)
    budget = requested(world, case)
    for holding in (Holding.DIRECT_PAYMENT, Holding.ARRANGEMENT):
        services.add_element(
            actor=actor, budget=budget, provision=provision_of(case), amount_pence=150_050,
            holding=holding,
        )  # fmt: skip
    budget.refresh_from_db()
    assert budget.holding == Holding.MIX
    assert budget.amount_pence == 300_100


def test_agreeing_needs_a_part_and_refusing_needs_reasons(world, case):
    actor = world.user(Role.CASEWORKER)
    budget = requested(world, case)
    with pytest.raises(ValidationError, match="at least one part"):
        services.agree(actor=actor, budget=budget, decided_on=today())
    with pytest.raises(ValidationError):
        services.refuse(actor=actor, budget=budget, decided_on=today(), reason="  ")
    services.refuse(actor=actor, budget=budget, decided_on=today(), reason="Not value for money")
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.REFUSED
    services.record_review_request(actor=actor, budget=budget, on=today())
    budget.refresh_from_db()
    assert budget.review_requested_on == today()


def test_no_payment_without_consent_and_withdrawal_stops_payments(world, case):
    actor = world.user(Role.CASEWORKER)
    budget, dp = agreed_direct_payment(world, case)
    paid = services.schedule_payment(
        actor=actor, direct_payment=dp, due_on=today(), amount_pence=25_000, paid=True
    )
    later = services.schedule_payment(
        actor=actor, direct_payment=dp, due_on=today() + dt.timedelta(days=30),
        amount_pence=25_000,
    )  # fmt: skip
    cancelled = services.withdraw_consent(actor=actor, direct_payment=dp, on=today())
    assert cancelled == 1
    later.refresh_from_db()
    paid.refresh_from_db()
    assert later.status == PaymentStatus.CANCELLED
    assert paid.status == PaymentStatus.PAID
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.STOPPED
    dp.refresh_from_db()
    with pytest.raises(ValidationError, match="consent"):
        services.schedule_payment(
            actor=actor, direct_payment=dp, due_on=today(), amount_pence=100, paid=True
        )
    with pytest.raises(ValidationError):
        services.mark_paid(actor=actor, payment=later, paid_on=today())
    assert dp.payments.count() == 2


def test_no_payment_before_consent_is_given(world, case):
    actor = world.user(Role.CASEWORKER)
    _budget, dp = agreed_direct_payment(world, case, ready=False)
    blockers = services.payment_blockers(dp)
    assert any("consent" in b for b in blockers)
    assert any("separate account" in b for b in blockers)
    assert any("reg 7" in b for b in blockers)
    with pytest.raises(ValidationError):
        services.schedule_payment(actor=actor, direct_payment=dp, due_on=today(), amount_pence=1)
    assert not dp.payments.exists()


def test_the_schools_written_agreement_is_needed_for_its_premises(world, case):
    actor = world.user(Role.CASEWORKER)
    budget, dp = agreed_direct_payment(world, case, premises=world.school, ready=False)
    services.set_up_direct_payment(
        actor=actor, direct_payment=dp, recipient="Parent", account_last4="1111",
        account_only_for_payments=True, not_excluded=True, monitoring_every_months=3,
        next_monitoring_due=today(), today=today(),
    )  # fmt: skip
    services.give_consent(actor=actor, direct_payment=dp, on=today())
    dp.refresh_from_db()
    with pytest.raises(ValidationError, match="reg 10"):
        services.schedule_payment(actor=actor, direct_payment=dp, due_on=today(), amount_pence=1)
    element = budget.elements.get()
    services.record_premises_agreement(actor=actor, element=element, on=today())
    payment = services.schedule_payment(
        actor=actor, direct_payment=dp, due_on=today(), amount_pence=1
    )
    assert payment.status == PaymentStatus.SCHEDULED


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"not_excluded": False}, "not_excluded"),
        ({"account_last4": "12345678"}, "account_last4"),
        ({"account_last4": "12a4"}, "account_last4"),
        ({"account_only_for_payments": False}, "account_only_for_payments"),
    ],
)
def test_excluded_groups_and_the_separate_account_are_checked(world, case, change, field):
    _budget, dp = agreed_direct_payment(world, case, ready=False)
    values = {
        "recipient": "Parent", "account_last4": "4321", "account_only_for_payments": True,
        "not_excluded": True, "monitoring_every_months": 3, "next_monitoring_due": today(),
    } | change  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.set_up_direct_payment(
            actor=world.user(Role.CASEWORKER), direct_payment=dp, today=today(), **values
        )
    assert field in error.value.message_dict
    dp.refresh_from_db()
    assert dp.account_last4 == ""
    assert dp.eligibility_confirmed_on is None


def test_monitoring_sets_the_next_check(world, case):
    _budget, dp = agreed_direct_payment(world, case)
    services.record_monitoring(
        actor=world.user(Role.CASEWORKER), direct_payment=dp, on=dt.date(2026, 1, 31),
        note="Receipts checked",
    )  # fmt: skip
    dp.refresh_from_db()
    assert dp.next_monitoring_due == dt.date(2026, 4, 28)
    assert dp.monitoring_overdue(dt.date(2026, 5, 1))
    assert not dp.monitoring_overdue(dt.date(2026, 4, 28))


def test_a_direct_payment_part_added_after_agreement_gets_its_checks(world, case):
    actor = world.user(Role.CASEWORKER)
    budget = requested(world, case)
    services.add_element(
        actor=actor, budget=budget, provision=provision_of(case), amount_pence=100,
        holding=Holding.ARRANGEMENT,
    )  # fmt: skip
    services.agree(actor=actor, budget=budget, decided_on=today())
    assert not hasattr(PersonalBudget.objects.get(pk=budget.pk), "direct_payment")
    services.add_element(
        actor=actor, budget=budget, provision=provision_of(case), amount_pence=100,
        holding=Holding.DIRECT_PAYMENT,
    )  # fmt: skip
    dp = PersonalBudget.objects.get(pk=budget.pk).direct_payment
    assert services.payment_blockers(dp)
    assert PersonalBudget.objects.get(pk=budget.pk).holding == Holding.MIX
