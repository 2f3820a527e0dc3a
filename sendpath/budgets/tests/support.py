"""Shared set-up for the personal budgets' tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from sendpath.budgets import services
from sendpath.budgets.models import Holding, PersonalBudget
from sendpath.ehc.models import Case, PlanProvision
from sendpath.people.models import Role


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def today() -> dt.date:
    return timezone.localdate()


def requested(world: Any, case: Case) -> PersonalBudget:
    return services.record_request(
        actor=world.user(Role.CASEWORKER),
        case=case,
        asked_by="parent",
        asked_when="review",
        requested_on=today(),
        what_for="Speech therapy",
    )


def provision_of(case: Case) -> PlanProvision:
    return PlanProvision.objects.filter(plan__case=case).first() or PlanProvision.objects.create(
        plan=case.plan, section="F", what="Speech therapy", who="Therapist",
        how_often="Weekly", how_long="30 minutes",
    )  # fmt: skip


def agreed_direct_payment(world: Any, case: Case, *, premises: Any = None, ready: bool = True):
    """A budget agreed as a direct payment; ``ready``: consent, account and checks recorded."""
    actor = world.user(Role.CASEWORKER)
    budget = requested(world, case)
    element = services.add_element(
        actor=actor,
        budget=budget,
        provision=provision_of(case),
        amount_pence=300_000,
        holding=Holding.DIRECT_PAYMENT,
        premises=premises,
    )
    services.agree(actor=actor, budget=budget, decided_on=today())
    dp = budget.direct_payment
    if ready:
        services.set_up_direct_payment(
            actor=actor, direct_payment=dp, recipient="The child's mother", account_last4="4321",
            account_only_for_payments=True, not_excluded=True, monitoring_every_months=3,
            next_monitoring_due=today() + dt.timedelta(days=90), today=today(),
        )  # fmt: skip
        services.give_consent(actor=actor, direct_payment=dp, on=today())
        if premises is not None:
            services.record_premises_agreement(actor=actor, element=element, on=today())
    dp.refresh_from_db()
    return budget, dp


def budget_url(budget: PersonalBudget, name: str = "budget", *args: Any) -> str:
    return reverse(f"budgets:{name}", args=[budget.pk, *args])
