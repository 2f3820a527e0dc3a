"""Reads of personal budgets, always scoped to the children the user may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from sendpath.ehc.models import Case, PlanProvision
from sendpath.people.models import Child, Organisation
from sendpath.people.models.organisation import EDUCATION_KINDS

from .models import BudgetStatus, DirectPayment, Payment, PersonalBudget


def budgets_in_scope(user: Any) -> QuerySet[PersonalBudget]:
    return PersonalBudget.objects.filter(child__in=Child.objects.visible_to(user)).select_related(
        "child", "case"
    )


def budgets_counted_for(user: Any) -> QuerySet[PersonalBudget]:
    """For counts only (a leader's authority's budgets, never named)."""
    return PersonalBudget.objects.filter(child__in=Child.objects.counted_for(user))


def filtered(
    budgets: QuerySet[PersonalBudget],
    *,
    status: str = "",
    holding: str = "",
    monitoring: str = "",
    today: dt.date,
) -> QuerySet[PersonalBudget]:
    if status:
        budgets = budgets.filter(status=status)
    if holding:
        budgets = budgets.filter(holding=holding)
    if monitoring == "overdue":
        budgets = budgets.filter(
            status=BudgetStatus.AGREED, direct_payment__next_monitoring_due__lt=today
        )
    elif monitoring == "due":
        budgets = budgets.filter(
            status=BudgetStatus.AGREED,
            direct_payment__next_monitoring_due__gte=today,
            direct_payment__next_monitoring_due__lte=today + dt.timedelta(days=30),
        )
    return budgets


def counts(budgets: QuerySet[PersonalBudget], today: dt.date) -> dict[str, int]:
    found = budgets.aggregate(
        total=Count("pk"),
        requested=Count("pk", filter=Q(status=BudgetStatus.REQUESTED)),
        agreed=Count("pk", filter=Q(status=BudgetStatus.AGREED)),
        refused=Count("pk", filter=Q(status=BudgetStatus.REFUSED)),
        stopped=Count("pk", filter=Q(status=BudgetStatus.STOPPED)),
        overdue=Count(
            "pk",
            filter=Q(status=BudgetStatus.AGREED, direct_payment__next_monitoring_due__lt=today),
        ),
    )
    return {k: int(v) for k, v in found.items()}


def budgets_for_case(case: Any) -> QuerySet[PersonalBudget]:
    return PersonalBudget.objects.filter(case=case).prefetch_related("elements")


def current_budget(case: Any) -> PersonalBudget | None:
    """The agreed budget the plan's section J shows (the latest agreed)."""
    return (
        PersonalBudget.objects.filter(case=case, status=BudgetStatus.AGREED)
        .prefetch_related("elements__premises")
        .order_by("-decided_on", "-created_at")
        .first()
    )


def latest_for_child(child: Any) -> PersonalBudget | None:
    return (
        PersonalBudget.objects.filter(child=child)
        .select_related("direct_payment")
        .order_by("-requested_on", "-created_at")
        .first()
    )


def direct_payment_of(budget: PersonalBudget) -> DirectPayment | None:
    return DirectPayment.objects.filter(budget=budget).first()


def payments_for(direct_payment: DirectPayment | None) -> QuerySet[Payment]:
    if direct_payment is None:
        return Payment.objects.none()
    return direct_payment.payments.all()


# ---------------------------------------------------------------------------------------------
# Reads the pages make (views read models only through these)


def child_id_of_budget(pk: Any) -> Any:
    """The child a budget is about (for the audit of a refusal), or None."""
    try:
        return PersonalBudget.objects.filter(pk=pk).values_list("child_id", flat=True).first()
    except (ValueError, TypeError):
        return None


def payments_in_scope(user: Any) -> QuerySet[Payment]:
    """Every payment of the budgets the user may see, for the finance export."""
    return (
        Payment.objects.filter(direct_payment__budget__in=budgets_in_scope(user))
        .select_related("direct_payment__budget__case", "direct_payment__budget__child")
        .order_by("due_on", "created_at")
    )


def payments_of(budget: PersonalBudget) -> QuerySet[Payment]:
    return (
        Payment.objects.filter(direct_payment__budget=budget)
        .select_related("direct_payment__budget__case")
        .order_by("due_on", "created_at")
    )


def cases_in_scope(user: Any) -> QuerySet[Case]:
    return Case.objects.visible_to(user).select_related("child")


def provision_of(budget: PersonalBudget) -> QuerySet[PlanProvision]:
    """The plan's provision items a budget's part may be for."""
    return PlanProvision.objects.filter(plan__case=budget.case)


def schools() -> QuerySet[Organisation]:
    """Schools, colleges and settings, for where provision paid by direct payment happens."""
    return Organisation.objects.filter(kind__in=EDUCATION_KINDS).order_by("name")


def organisation(pk: Any) -> Organisation | None:
    return Organisation.objects.filter(pk=pk).first() if pk else None
