"""Comparing two versions of a plan, section by section."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sendpath.ehc.amendments.selectors import PROVISION_LETTERS, SECTION_ORDER
from sendpath.ehc.models import PlanVersion
from sendpath.ehc.plans import reference as plan_reference
from sendpath.ehc.plans import rules as plan_rules
from sendpath.ehc.plans.reference import TEXT_LETTERS


@dataclass
class Change:
    """One difference between two versions: added, removed or changed, in plain words."""

    kind: str  # "Added", "Removed", "Changed"
    item: str
    before: str
    after: str


@dataclass
class SectionChanges:
    letter: str
    title: str
    changes: list[Change] = field(default_factory=list)


def _needs_text(numbers: list[int]) -> str:
    if not numbers:
        return "no needs"
    return (
        "Need " + ", ".join(str(n) for n in numbers)
        if len(numbers) == 1
        else ("Needs " + ", ".join(str(n) for n in numbers))
    )


def _need_text(item: dict[str, Any]) -> str:
    return f"{item.get('area', '')}: {item.get('description', '')}"


def _outcome_text(item: dict[str, Any]) -> str:
    parts = [str(item.get("what", ""))]
    if item.get("by_when"):
        parts.append(f"By: {item['by_when']}")
    if item.get("how_measured"):
        parts.append(f"Measured by: {item['how_measured']}")
    if item.get("preparing_for_adulthood"):
        parts.append("Preparing for adulthood")
    parts.append(f"Meets: {_needs_text(item.get('needs', []))}")
    return ". ".join(parts)


def _provision_text(item: dict[str, Any]) -> str:
    return ". ".join(
        [
            str(item.get("what", "")),
            f"Who: {item.get('who') or 'not said'}",
            f"How often: {item.get('how_often') or 'not said'}",
            f"How long: {item.get('how_long') or 'not said'}",
            f"Meets: {_needs_text(item.get('needs', []))}",
        ]
    )


def _short(text: str) -> str:
    return plan_rules.shorten(text, 60)


def _compare_items(
    old: list[dict[str, Any]],
    new: list[dict[str, Any]],
    text: Any,
    name: Any,
) -> list[Change]:
    before = {i["id"]: i for i in old}
    after = {i["id"]: i for i in new}
    changes: list[Change] = []
    for ident, item in before.items():
        if ident not in after:
            changes.append(Change("Removed", name(item), text(item), ""))
        elif text(item) != text(after[ident]):
            changes.append(Change("Changed", name(after[ident]), text(item), text(after[ident])))
    for ident, item in after.items():
        if ident not in before:
            changes.append(Change("Added", name(item), "", text(item)))
    return changes


def compare(v1: PlanVersion, v2: PlanVersion) -> list[SectionChanges]:
    """What changed from ``v1`` to ``v2``, section by section, in the order of the plan."""
    old, new = v1.snapshot or {}, v2.snapshot or {}
    result: dict[str, SectionChanges] = {
        letter: SectionChanges(letter, plan_reference.SECTION_TITLES[letter])
        for letter in SECTION_ORDER
    }
    for letter in TEXT_LETTERS:
        before = (old.get("sections") or {}).get(letter, "") or ""
        after = (new.get("sections") or {}).get(letter, "") or ""
        if before == after:
            continue
        kind = "Added" if not before else "Removed" if not after else "Changed"
        result[letter].changes.append(Change(kind, f"Section {letter}", before, after))
    result["B"].changes = _compare_items(
        old.get("needs", []),
        new.get("needs", []),
        _need_text,
        lambda i: f"Need {i.get('number')} ({i.get('area', '')})",
    )
    result["E"].changes = _compare_items(
        old.get("outcomes", []),
        new.get("outcomes", []),
        _outcome_text,
        lambda i: f"Outcome “{_short(str(i.get('what', '')))}”",
    )
    for letter in PROVISION_LETTERS:
        result[letter].changes = _compare_items(
            [p for p in old.get("provisions", []) if p.get("section") == letter],
            [p for p in new.get("provisions", []) if p.get("section") == letter],
            _provision_text,
            lambda i: f"Provision “{_short(str(i.get('what', '')))}”",
        )
    return [result[letter] for letter in SECTION_ORDER]
