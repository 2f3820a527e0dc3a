"""Pieces the plan pages share: the plan page's URL, rendering a form page, the plan's context."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sendpath.ehc.models import (
    Case,
    Plan,
    PlanStatus,
    ProvisionSection,
)
from sendpath.ehc.plans import reference as plan_reference
from sendpath.ehc.plans import rules as plan_rules
from sendpath.ehc.plans import selectors as plan_selectors


def _plan_url(case: Case, anchor: str = "") -> str:
    return reverse("ehc:plan", args=[case.pk]) + (f"#{anchor}" if anchor else "")


def plan_context(case: Case, plan: Plan) -> dict[str, Any]:
    needs = list(plan.needs.all())
    outcomes = list(plan.outcomes.prefetch_related("needs"))
    provisions = list(plan.provisions.prefetch_related("needs"))
    numbers = plan_rules.need_numbers(needs)

    def linked(item: Any) -> list[str]:
        return [
            f"Need {numbers[n.pk]}: {n.area}"
            for n in sorted(item.needs.all(), key=lambda n: numbers.get(n.pk, 0))
            if n.pk in numbers
        ]

    need_rows = [
        {
            "need": n,
            "number": numbers[n.pk],
            "outcomes": sum(1 for o in outcomes if n in o.needs.all()),
            "provisions": sum(1 for p in provisions if n in p.needs.all()),
        }
        for n in needs
    ]
    outcome_rows = [{"outcome": o, "needs": linked(o)} for o in outcomes]
    sections = []
    for value, label in ProvisionSection.choices:
        sections.append(
            {
                "letter": value,
                "title": plan_reference.SECTION_TITLES[value],
                "label": label,
                "rows": [
                    {"provision": p, "needs": linked(p)} for p in provisions if p.section == value
                ],
            }
        )
    close = plan_selectors.representations_close(case) if plan.draft_sent_on else None
    return {
        "plan": plan,
        "needs": need_rows,
        "outcomes": outcome_rows,
        "provision_sections": sections,
        "titles": plan_reference.SECTION_TITLES,
        "text_sections": plan_reference.TEXT_SECTIONS,
        "representations_close": close,
        "show_pfa": plan_reference.preparing_for_adulthood_applies(case.child)
        or any(o.preparing_for_adulthood for o in outcomes),
        "is_final": plan.status == PlanStatus.FINAL,
    }
