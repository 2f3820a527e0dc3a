"""What the quality pages show, worked out from the selectors (no model is read here)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sendpath.insight.models import SECTIONS, Agency, SampledPlan

from . import results, selectors
from .framework import GRADES

QUARTERS = ("January to March", "April to June", "July to September", "October to December")


def quarter(day: dt.date) -> tuple[int, int]:
    return (day.year, (day.month - 1) // 3)


def quarter_label(key: tuple[int, int]) -> str:
    return f"{QUARTERS[key[1]]} {key[0]}"


def overview(authority: Any) -> dict[str, Any]:
    """The landing page's results: by section, by period (the quarter each sample was drawn)
    and by agency."""
    found = selectors.plan_results(authority)
    plans = [r for _, r in found]
    periods: dict[tuple[int, int], list[Any]] = {}
    for plan, result in found:
        periods.setdefault(quarter(plan.sample.drawn_on), []).append(result.overall)
    agencies = selectors.agency_results(authority)
    return {
        "counts": selectors.counts(authority),
        "sections": list(
            zip(SECTIONS, results.by_section(plans, [s for s, _ in SECTIONS]), strict=True)
        ),
        "overall": results.summarise("overall", (p.overall for p in plans)),
        "periods": [
            (quarter_label(key), results.summarise(quarter_label(key), values))
            for key, values in sorted(periods.items())
        ],
        "agencies": [(label, agencies.get(value)) for value, label in Agency.choices],
        "awaiting": sum(1 for p in plans if p.awaiting_moderation),
        "grades": GRADES,
    }


def plan_page(plan: SampledPlan) -> dict[str, Any]:
    """One sampled plan: each section's grades by auditor, its result and any moderation."""
    result = selectors.plan_result(plan)
    audits = list(plan.audits.select_related("auditor").order_by("agency", "created_at"))
    criteria = list(plan.sample.criteria.all())
    grades = {a.pk: selectors.grades_of(a) for a in audits}
    moderations = {m.section: m for m in plan.moderations.all()}
    rows = []
    for letter, label in SECTIONS:
        section = result.sections.get(letter)
        rows.append(
            {
                "letter": letter,
                "label": label,
                "by_audit": [
                    (a, section.by_auditor.get(str(a.pk)) if section else None) for a in audits
                ],
                "result": section.points if section else None,
                "disagree": bool(section and section.disagree),
                "moderation": moderations.get(letter),
                "criteria": [c for c in criteria if c.section == letter],
            }
        )
    return {
        "result": result,
        "rows": rows,
        "audits": audits,
        "grades": grades,
        "criteria": criteria,
        "actions": selectors.actions_of(plan),
        "themes": list(plan.themes.all()),
        "grade_names": GRADES,
    }


def snapshot_sections(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """The issued plan's sections A to K from its kept copy, in order, for the auditor."""
    texts = snapshot.get("sections") or {}
    provisions = snapshot.get("provisions") or []
    out = []
    for letter, label in SECTIONS:
        item: dict[str, Any] = {"letter": letter, "label": label, "text": "", "entries": []}
        if letter == "B":
            item["entries"] = [
                f"{n.get('number', '')}. {n.get('area', '')}: {n.get('description', '')}"
                for n in snapshot.get("needs") or []
            ]
        elif letter == "E":
            item["entries"] = [
                f"{o.get('what', '')} By {o.get('by_when', '')}. Measured by: "
                f"{o.get('how_measured', '')}"
                for o in snapshot.get("outcomes") or []
            ]
        elif letter in "FGH":
            item["entries"] = [
                f"{p.get('what', '')}. Who: {p.get('who', '')}. How often: "
                f"{p.get('how_often', '')}. For how long: {p.get('how_long', '')}"
                for p in provisions
                if str(p.get("section", "")).startswith(letter)
            ]
        else:
            item["text"] = texts.get(letter, "")
            if letter == "I" and snapshot.get("placement"):
                item["text"] = f"{snapshot['placement']}\n\n{item['text']}".strip()
        out.append(item)
    return out
