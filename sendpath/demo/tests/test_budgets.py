"""The demo's personal budgets: requested, agreed as direct payments, and stopped."""

from __future__ import annotations

import pytest

from sendpath.budgets.models import BudgetStatus, Holding, PaymentStatus, PersonalBudget
from sendpath.demo.generator import load_demo

pytestmark = pytest.mark.django_db


def test_demo_has_budgets_at_every_point():
    summary = load_demo(seed=2026, children=100, cases=True)
    assert any(line.startswith("  Personal budgets:") for line in summary.notes)
    statuses = set(PersonalBudget.objects.values_list("status", flat=True))
    assert statuses == set(BudgetStatus.values)
    agreed = PersonalBudget.objects.filter(
        status=BudgetStatus.AGREED, holding=Holding.DIRECT_PAYMENT
    )
    assert agreed.count() == 2
    for budget in agreed:
        dp = budget.direct_payment
        assert dp.consent_in_force
        assert dp.payments.filter(status=PaymentStatus.PAID).count() == 3
    stopped = PersonalBudget.objects.get(status=BudgetStatus.STOPPED)
    assert stopped.direct_payment.consent_withdrawn_on is not None
    assert not stopped.direct_payment.payments.filter(status=PaymentStatus.SCHEDULED).exists()
    assert PersonalBudget.objects.get(status=BudgetStatus.REFUSED).refusal_reason


def test_the_demo_parents_request_from_their_pages_awaits_a_response():
    summary = load_demo(seed=2026, children=100, cases=True)
    line = next(n for n in summary.notes if n.startswith("  Personal budgets:"))
    assert "asked from the family's pages" in line
    budget = PersonalBudget.objects.get(request_event__isnull=False)
    assert budget.status == BudgetStatus.REQUESTED
    assert budget.child.family.filter(user__username="parent").exists()
