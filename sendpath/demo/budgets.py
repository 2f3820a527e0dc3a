"""Personal budgets and direct payments in the demo: requests awaiting a response (one from the
family's own pages), budgets agreed as direct payments with consent, the separate account, the
school's written agreement and payments (one with its monitoring overdue), a budget held as an
arrangement, a refusal with its reasons, and a direct payment stopped when consent was
withdrawn. Made through the budgets' own services, inside ``load_demo``'s transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sendpath.budgets import services
from sendpath.budgets.models import Holding
from sendpath.ehc.models import Case, CaseEvent, PlanProvision
from sendpath.people.models import Organisation, User

from .stamps import stamp_on_their_day

# The steps the budgets' services record on a case's timeline.
STEPS = (
    "personal_budget_requested",
    "personal_budget_agreed",
    "personal_budget_refused",
    "personal_budget_review_requested",
    "direct_payments_set_up",
    "direct_payment_consent_withdrawn",
)


def _cases(home: Organisation, wanted: int) -> list[Case]:
    """Open cases of the home authority whose plan is in force and names provision."""
    with_provision = PlanProvision.objects.filter(plan__case__authority=home).values("plan__case")
    cases = (
        Case.objects.filter(
            authority=home, closed_at__isnull=True, stage="final_issued", pk__in=with_provision
        )
        .exclude(personal_budgets__isnull=False)
        .select_related("child")
        .order_by("reference")
    )
    return list(cases[:wanted])


def _agreed(actor: Any, case: Case, today: dt.date, holding: str, *, school: Any = None) -> Any:
    budget = services.record_request(
        actor=actor, case=case, asked_by="parent", asked_when="review",
        requested_on=today - dt.timedelta(days=120), what_for="Therapy and activities",
    )  # fmt: skip
    for provision in PlanProvision.objects.filter(plan__case=case).order_by("created_at")[:2]:
        services.add_element(
            actor=actor, budget=budget, provision=provision, amount_pence=240_000,
            holding=holding, premises=school,
            third_party="Ourshire Independent Living Trust" if holding == "third_party" else "",
        )  # fmt: skip
    services.agree(actor=actor, budget=budget, decided_on=today - dt.timedelta(days=100))
    return budget


def _direct_payment(actor: Any, budget: Any, today: dt.date, *, monitoring_due: dt.date) -> Any:
    dp = budget.direct_payment
    start = today - dt.timedelta(days=95)
    services.set_up_direct_payment(
        actor=actor, direct_payment=dp, recipient="The child's parent", account_last4="4821",
        account_only_for_payments=True, not_excluded=True, monitoring_every_months=3,
        next_monitoring_due=monitoring_due, today=start,
    )  # fmt: skip
    services.give_consent(actor=actor, direct_payment=dp, on=start)
    for element in budget.elements.filter(premises__isnull=False):
        services.record_premises_agreement(actor=actor, element=element, on=start)
    dp.refresh_from_db()
    for month in range(3):
        services.schedule_payment(
            actor=actor, direct_payment=dp, due_on=start + dt.timedelta(days=30 * month),
            amount_pence=40_000, paid=True,
        )  # fmt: skip
    services.schedule_payment(
        actor=actor, direct_payment=dp, due_on=today + dt.timedelta(days=5), amount_pence=40_000
    )
    return dp


def _family_asks(today: dt.date) -> str:
    """The demo's parent account asks from its own pages, where its child's case allows: the
    request is picked up as one awaiting a response (the family never asks twice)."""
    from django.core.exceptions import ValidationError

    from sendpath.portal.asking import services as asking

    parent = User.objects.filter(username="parent").first()
    case = Case.objects.filter(
        child__family__user=parent, closed_at__isnull=True, personal_budgets__isnull=True
    ).first()
    if parent is None or case is None:
        return ""
    asked_on = today - dt.timedelta(days=3)
    try:
        asking.personal_budget_ask(
            actor=parent, case=case, what_for="Swimming lessons with a one-to-one instructor",
            today=asked_on,
        )  # fmt: skip
    except ValidationError:
        return ""
    # Stamped on the day it was asked, as every step of the demo is (recorded on its day).
    stamp_on_their_day(
        CaseEvent.objects.filter(case=case, type="family_personal_budget_requested", date=asked_on),
        today,
        at=dt.time(18, 30),
    )
    return f"asked from the family's pages {case.reference}; "


def load_budgets(*, today: dt.date, home: Organisation) -> list[str]:
    actor = User.objects.filter(username="manager").first()
    if actor is None:
        return []
    cases = _cases(home, 6)
    if len(cases) < 6:
        return []
    awaiting, direct, overdue, arranged, refused, stopped = cases
    services.record_request(
        actor=actor, case=awaiting, asked_by="young_person", asked_when="review",
        requested_on=today - dt.timedelta(days=6), what_for="Travel training and a gym pass",
    )  # fmt: skip
    school = direct.child.settings.order_by("start_date").first()
    budget = _agreed(
        actor, direct, today, Holding.DIRECT_PAYMENT,
        school=school.organisation if school else None,
    )  # fmt: skip
    _direct_payment(actor, budget, today, monitoring_due=today + dt.timedelta(days=20))
    budget = _agreed(actor, overdue, today, Holding.DIRECT_PAYMENT)
    _direct_payment(actor, budget, today, monitoring_due=today - dt.timedelta(days=9))
    _agreed(actor, arranged, today, Holding.ARRANGEMENT)
    request = services.record_request(
        actor=actor, case=refused, asked_by="parent", asked_when="amendment",
        requested_on=today - dt.timedelta(days=40),
    )  # fmt: skip
    services.refuse(
        actor=actor, budget=request, decided_on=today - dt.timedelta(days=20),
        reason="The provision is delivered to a group of pupils at the school: a direct payment "
        "for one pupil's share would affect the others and would not be an efficient use of "
        "resources.",
    )  # fmt: skip
    budget = _agreed(actor, stopped, today, Holding.DIRECT_PAYMENT)
    dp = _direct_payment(actor, budget, today, monitoring_due=today + dt.timedelta(days=30))
    services.withdraw_consent(actor=actor, direct_payment=dp, on=today - dt.timedelta(days=2))
    # Each budget's steps on their own days (the services record them as of now).
    stamp_on_their_day(CaseEvent.objects.filter(type__in=STEPS), today)
    asked = _family_asks(today)
    return [
        f"  Personal budgets: {asked}awaiting a response {awaiting.reference}; direct payments "
        f"{direct.reference}, {overdue.reference} (monitoring overdue); arrangement "
        f"{arranged.reference}; refused {refused.reference}; stopped {stopped.reference}"
    ]
