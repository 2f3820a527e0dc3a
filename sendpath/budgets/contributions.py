"""What personal budgets add to the pages of the apps below them (``sendpath.core.registry``):
the menu item, a panel on the case page, section J of the plan (generated from the budget's
records, not typed twice) and the family's "Things you can do" list on ``/my/``."""

from __future__ import annotations

from typing import Any

import rules
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone

from sendpath.core import registry
from sendpath.core.formatting import govuk_date
from sendpath.ehc.models import CaseEvent
from sendpath.portal.status import actions

from . import selectors, services
from .models import BudgetStatus, Holding
from .money import pounds


def case_panel_context(case: Any, user: Any) -> dict[str, Any]:
    return {"budgets": list(selectors.budgets_for_case(case))}


def section_j_context(case: Any, user: Any) -> dict[str, Any]:
    return {"budget": selectors.current_budget(case)}


def section_j_text(case: Any) -> str:
    """Section J in words, for the plan's issued copy (the live page shows ``_section_j.html``):
    the agreed budget, its parts and how each is held."""
    budget = selectors.current_budget(case)
    if budget is None:
        return ""
    lines = [
        f"Personal budget agreed on {govuk_date(budget.decided_on)}: "
        f"{pounds(budget.amount_pence)} a year, from the high needs money the council keeps "
        "(not the school or college place)."
    ]
    for part in budget.elements.select_related("premises").order_by("pk"):
        held = part.get_holding_display() + (f": {part.third_party}" if part.third_party else "")
        where = f", at {part.premises.name}" if part.premises_id and part.premises else ""
        lines.append(
            f"Section {part.section}: {part.description}{where}. {held}. "
            f"{pounds(part.amount_pence)} a year."
        )
    lines.append(
        "Children and Families Act 2014 s.49; the Special Educational Needs (Personal Budgets) "
        "Regulations 2014."
    )
    return "\n".join(lines)


def family_status(child: Any, user: Any) -> str:
    """The family's budget in a few plain words, next to the link on ``/my/``."""
    budget = selectors.latest_for_child(child)
    if budget is None:
        return ""
    if budget.status == BudgetStatus.REQUESTED:
        return f"You asked on {govuk_date(budget.requested_on)}. We will reply"
    if budget.status == BudgetStatus.AGREED:
        held = " paid to you" if budget.holding == Holding.DIRECT_PAYMENT else ""
        return f"Agreed: {pounds(budget.amount_pence)} a year{held}"
    if budget.status == BudgetStatus.REFUSED:
        return "Not agreed. You can ask us to look again"
    return "Stopped"


def overdue_alerts(user: Any) -> list[dict[str, str]]:
    """Direct payments whose agreed monitoring check is overdue, on the team's front pages."""
    budgets = selectors.filtered(
        selectors.budgets_in_scope(user), monitoring="overdue", today=timezone.localdate()
    )
    count = budgets.count()
    if not count:
        return []
    return [
        {
            "text": f"{count} direct {'payment has its' if count == 1 else 'payments have their'}"
            " monitoring check overdue",
            "href": reverse("budgets:list") + "?monitoring=overdue",
        }
    ]


def _adopt(sender: Any, instance: CaseEvent, created: bool, **kwargs: Any) -> None:
    """The family's request from the portal is picked up as a request awaiting a response."""
    if created and instance.type == services.PORTAL_REQUEST:
        services.adopt_family_request(instance)


def register() -> None:
    registry.add_nav(
        registry.Nav("budgets:list", "Personal budgets", perm="budgets.view_list", order=60)
    )
    registry.add_panel(
        registry.Panel(
            slot=registry.CASE_OVERVIEW,
            template="budgets/_case_panel.html",
            perm="budgets.view_budgets",
            order=60,
            context=case_panel_context,
        )
    )
    # Section J on the plan page and the plan document: whoever may read the plan there.
    registry.add_panel(
        registry.Panel(
            slot=registry.PLAN_SECTION_J,
            template="budgets/_section_j.html",
            perm=rules.is_authenticated,  # the plan's pages check who may read the plan
            order=10,
            context=section_j_context,
        )
    )
    # ... and in words in the plan's issued copy (its version), so the family's plan says it.
    registry.add_text(registry.Text(slot=registry.PLAN_SECTION_J, text=section_j_text))
    registry.add_alert(registry.Alert(perm="budgets.view_budgets", alerts=overdue_alerts))
    registry.add_template_global("budget_pounds", pounds)
    actions.add_action(
        actions.Action(
            "Your personal budget",
            "budgets:family",
            gate="budgets.family_offer",
            hint="See what was agreed, and stop direct payments if you want to.",
            order=45,
            status=family_status,
        )
    )
    post_save.connect(_adopt, sender=CaseEvent, dispatch_uid="budgets_adopt_portal_request")
