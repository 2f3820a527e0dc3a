"""The draft plan as it was sent, for the family to read.

``draft_plan_sent`` keeps a copy of the plan as sent (``plan_as_sent``, the same snapshot a
final plan's version keeps). It is turned here into what the plan document template reads
(``ehc/plan/_document.html``), so the family reads the draft they have 15 days to comment on,
not later edits. A draft sent before copies were kept is shown as the plan now stands.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sendpath.ehc.models import Case, CaseEvent, ProvisionSection
from sendpath.ehc.plans import reference as plan_reference
from sendpath.ehc.plans import selectors as plan_selectors
from sendpath.ehc.plans.views.base import plan_context


def _needs(numbers: list[int], labels: dict[int, str]) -> list[str]:
    return [f"Need {n}: {labels[n]}" for n in sorted(numbers) if n in labels]


def snapshot_context(case: Case, event: CaseEvent, snapshot: dict[str, Any]) -> dict[str, Any]:
    sections = snapshot.get("sections", {})
    plan = SimpleNamespace(
        **{
            text.field: sections.get(letter.upper(), "")
            for letter, text in plan_reference.TEXT_SECTIONS.items()
        },
        draft_sent_on=event.date,
        issued_on=None,
    )
    labels = {int(n["number"]): str(n["area"]) for n in snapshot.get("needs", [])}
    needs = [
        {
            "need": SimpleNamespace(pk=n["id"], area=n["area"], description=n["description"]),
            "number": n["number"],
        }
        for n in snapshot.get("needs", [])
    ]
    outcomes = [
        {"outcome": SimpleNamespace(pk=o["id"], **{k: o.get(k, "") for k in (
            "what", "by_when", "how_measured", "preparing_for_adulthood")}),
         "needs": _needs(o.get("needs", []), labels)}
        for o in snapshot.get("outcomes", [])
    ]  # fmt: skip
    provision_sections = [
        {
            "letter": value,
            "title": plan_reference.SECTION_TITLES[value],
            "label": label,
            "rows": [
                {
                    "provision": SimpleNamespace(
                        pk=p["id"], **{k: p.get(k, "") for k in ("what", "who", "how_often",
                                                                  "how_long")}
                    ),
                    "needs": _needs(p.get("needs", []), labels),
                }
                for p in snapshot.get("provisions", [])
                if p.get("section") == value
            ],
        }
        for value, label in ProvisionSection.choices
    ]  # fmt: skip
    return {
        "plan": plan,
        "needs": needs,
        "outcomes": outcomes,
        "provision_sections": provision_sections,
        "titles": plan_reference.SECTION_TITLES,
        "text_sections": plan_reference.TEXT_SECTIONS,
        "representations_close": plan_selectors.representations_close(case),
        "show_pfa": plan_reference.preparing_for_adulthood_applies(case.child, event.date)
        or any(o.get("preparing_for_adulthood") for o in snapshot.get("outcomes", [])),
        "is_final": False,
        "as_sent": True,
    }


def draft_document(case: Case, event: CaseEvent | None) -> dict[str, Any]:
    """The context of the plan document for the draft as sent (or the plan as it stands)."""
    snapshot = event.details.get("plan_as_sent") if event is not None else None
    if event is not None and isinstance(snapshot, dict):
        return snapshot_context(case, event, snapshot)
    return {**plan_context(case, plan_selectors.plan_for(case)), "as_sent": False}
