"""Personal budgets and direct payments on the case timeline: each step with its own date and
small details (never a refusal's reasons), no second step for the family's own request, the
caseworker's labels and the family's plain words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sendpath.budgets import services
from sendpath.budgets.models import Holding, PaymentStatus, PersonalBudget
from sendpath.ehc.models import CaseEvent
from sendpath.people.models import Role
from sendpath.portal.asking import services as asking
from sendpath.portal.tests.asking_support import body, client_of

from .support import agreed_direct_payment, provision_of, requested, today

pytestmark = pytest.mark.django_db

REASON = "The provision is shared by a group of pupils"


def ago(days: int) -> dt.date:
    return today() - dt.timedelta(days=days)


def test_a_request_is_a_step_on_its_own_date(world, case):
    budget = services.record_request(
        actor=world.user(Role.CASEWORKER), case=case, asked_by="young_person",
        asked_when="review", requested_on=ago(7), what_for="A gym pass",
    )  # fmt: skip
    step = case.events.get(type="personal_budget_requested")
    assert step.date == ago(7)
    assert step.details == {"budget": str(budget.pk), "asked_by": "young_person"}
    assert step.recorded_by == world.user(Role.CASEWORKER)


def test_the_family_s_own_request_is_not_recorded_twice(world, family, case):
    asked = asking.personal_budget_ask(
        actor=family.parent, case=case, what_for="Swimming lessons", today=today()
    )
    # Picked up as a request awaiting a response when it was saved (and only once).
    assert PersonalBudget.objects.get(case=case).request_event == asked
    assert services.adopt_family_request(asked) is None
    assert case.events.filter(type="family_personal_budget_requested").count() == 1
    assert not case.events.filter(type="personal_budget_requested").exists()


def test_agreed_set_up_and_consent_withdrawn(world, case):
    budget, dp = agreed_direct_payment(world, case)
    agreed = case.events.get(type="personal_budget_agreed")
    assert agreed.date == today()
    assert agreed.details == {
        "budget": str(budget.pk),
        "amount_pence": 300_000,
        "holding": Holding.DIRECT_PAYMENT,
    }
    assert case.events.filter(type="direct_payments_set_up").count() == 1
    # A change of account later is not a second step.
    services.set_up_direct_payment(
        actor=world.user(Role.CASEWORKER), direct_payment=dp, recipient="The child's mother",
        account_last4="9999", account_only_for_payments=True, not_excluded=True,
        monitoring_every_months=3, next_monitoring_due=today() + dt.timedelta(days=90),
        today=today(),
    )  # fmt: skip
    assert case.events.filter(type="direct_payments_set_up").count() == 1
    services.schedule_payment(
        actor=world.user(Role.CASEWORKER), direct_payment=dp,
        due_on=today() + dt.timedelta(days=20), amount_pence=25_000,
    )  # fmt: skip
    cancelled = services.withdraw_consent(
        actor=world.user(Role.CASEWORKER), direct_payment=dp, on=ago(1)
    )
    assert cancelled == 1
    assert dp.payments.get().status == PaymentStatus.CANCELLED
    stopped = case.events.get(type="direct_payment_consent_withdrawn")
    assert stopped.date == ago(1)
    assert stopped.details == {"budget": str(budget.pk), "cancelled": 1, "stopped": True}


def test_a_refusal_and_its_review_keep_the_reasons_off_the_timeline(world, case):
    actor = world.user(Role.CASEWORKER)
    budget = requested(world, case)
    services.refuse(actor=actor, budget=budget, decided_on=today(), reason=REASON)
    services.record_review_request(actor=actor, budget=budget, on=today())
    refused = case.events.get(type="personal_budget_refused")
    review = case.events.get(type="personal_budget_review_requested")
    assert (refused.date, review.date) == (today(), today())
    assert refused.details == {"budget": str(budget.pk)}
    assert REASON not in str(refused.details)
    assert refused.note == ""


def test_nothing_is_recorded_when_the_service_refuses(world, case):
    budget = requested(world, case)
    before = CaseEvent.objects.count()
    with pytest.raises(ValidationError, match="Add at least one part"):
        services.agree(actor=world.user(Role.CASEWORKER), budget=budget, decided_on=today())
    assert CaseEvent.objects.count() == before


def test_the_case_timeline_and_the_family_read_the_steps(world, family, case):
    actor = world.user(Role.CASEWORKER)
    budget = requested(world, case)
    services.add_element(
        actor=actor, budget=budget, provision=provision_of(case), amount_pence=480_050,
        holding=Holding.ARRANGEMENT,
    )  # fmt: skip
    services.agree(actor=actor, budget=budget, decided_on=today())
    staff_page = body(client_of(actor).get(reverse("ehc:case", args=[case.pk])))
    assert "Personal budget asked for" in staff_page
    assert "Personal budget agreed: £4,800.50 a year, held as arrangement" in staff_page
    family_page = body(client_of(family.parent).get(reverse("portal:child", args=[case.child.pk])))
    assert "We noted your request for a personal budget" in family_page
    assert "We agreed a personal budget" in family_page


def test_the_family_reads_a_refusal_without_its_reasons(world, family, case):
    budget = requested(world, case)
    services.refuse(
        actor=world.user(Role.CASEWORKER), budget=budget, decided_on=today(), reason=REASON
    )
    page = body(client_of(family.parent).get(reverse("portal:child", args=[case.child.pk])))
    assert "We decided not to give a personal budget: our letter says why" in page
    assert REASON not in page
    staff_page = body(
        client_of(world.user(Role.CASEWORKER)).get(reverse("ehc:case", args=[case.pk]))
    )
    assert "Personal budget refused" in staff_page
