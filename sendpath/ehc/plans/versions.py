"""Plan versions: a snapshot of every plan issued (the final plan and each amended plan)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max
from django.http import HttpRequest

from sendpath.core import registry
from sendpath.core.audit import audit_record
from sendpath.core.formatting import govuk_date
from sendpath.core.models import AuditAction
from sendpath.ehc.models import CaseEvent, Plan, PlanVersion
from sendpath.ehc.plans import reference as plan_reference
from sendpath.ehc.plans import rules as plan_rules
from sendpath.ehc.plans.reference import TEXT_LETTERS
from sendpath.people.models import User


def snapshot_plan(plan: Plan) -> dict[str, Any]:
    """Every section and item of the plan, with the needs each outcome and provision meets."""
    needs = list(plan.needs.all())
    numbers = plan_rules.need_numbers(needs)
    sections = {
        letter: getattr(plan, plan_reference.TEXT_SECTIONS[letter.lower()].field)
        for letter in TEXT_LETTERS
    }
    # What other apps add to section J (the personal budget, from its records): kept in the
    # issued copy too, so the family's plan says it without anyone typing it twice.
    added = registry.texts_for(registry.PLAN_SECTION_J, plan.case)
    if added and "J" in sections:
        sections["J"] = "\n\n".join(part for part in (sections["J"].strip(), *added) if part)
    return {
        "sections": sections,
        "placement": plan.placement.name if plan.placement_id and plan.placement else "",
        "needs": [
            {
                "id": str(n.pk),
                "number": numbers[n.pk],
                "area": n.area,
                "description": n.description,
            }
            for n in needs
        ],
        "outcomes": [
            {
                "id": str(o.pk),
                "what": o.what,
                "by_when": o.by_when,
                "how_measured": o.how_measured,
                "preparing_for_adulthood": o.preparing_for_adulthood,
                "needs": sorted(numbers[n.pk] for n in o.needs.all() if n.pk in numbers),
            }
            for o in plan.outcomes.prefetch_related("needs")
        ],
        "provisions": [
            {
                "id": str(p.pk),
                "section": p.section,
                "what": p.what,
                "who": p.who,
                "how_often": p.how_often,
                "how_long": p.how_long,
                "needs": sorted(numbers[n.pk] for n in p.needs.all() if n.pk in numbers),
            }
            for p in plan.provisions.prefetch_related("needs")
        ],
    }


def version_record(
    *,
    actor: User | None,
    plan: Plan,
    kind: str,
    issued_on: dt.date,
    event: CaseEvent | None = None,
    request: HttpRequest | None = None,
) -> PlanVersion:
    """Keep a copy of the plan as issued (call inside the caller's transaction)."""
    last = plan.versions.aggregate(last=Max("number"))["last"] or 0
    version = PlanVersion.objects.create(
        plan=plan,
        number=last + 1,
        kind=kind,
        issued_on=issued_on,
        snapshot=snapshot_plan(plan),
        event=event,
        created_by=actor,
    )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=version,
        child_id=plan.case.child_id,
        summary=f"Kept version {version.number} of the plan ({kind}, issued "
        f"{govuk_date(issued_on)}) on case {plan.case.reference}",
    )
    return version
