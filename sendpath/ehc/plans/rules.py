"""The golden-thread checker (SEND Code of Practice 9.62 and 9.69): every need in section B leads
to an outcome in E and to provision in F that is specific and quantified (who, what, how often,
for how long)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from sendpath.ehc.models import (
    Plan,
    PlanNeed,
    ProvisionSection,
)


@dataclass(frozen=True)
class Problem:
    """One break in the golden thread: a plain-English message and where the item is."""

    message: str
    anchor: str
    link: str
    kind: str


# Words that make provision vague: they promise nothing the family could hold the authority
# to (IPSEA and tribunal guidance on "specified and quantified" provision).
_VAGUE = re.compile(
    r"\b(access to|regularly|regular|as needed|as required|as necessary|as and when|"
    r"opportunities|opportunity|support as appropriate|where appropriate|where possible|"
    r"up to|when necessary|if necessary|if needed|when needed|if required)\b",
    re.IGNORECASE,
)


# "may" as a modal verb, but not the month ("from May 2027", "1 May").
_MAY = re.compile(r"\bmay\b|(?<![0-9]\s)\bMay\b(?!\s+\d)")


_QUANTIFIED = re.compile(
    r"\d|\b(once|twice|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|thirty|forty|forty-five|sixty|ninety|half|"
    r"daily|weekly|fortnightly|monthly|termly|half-termly|yearly|annually|hourly|"
    r"minutes?|mins?|hours?|hrs?|sessions?|lessons?|times|"
    r"(per|a|each|every) (day|week|fortnight|month|term|half-term|year|lesson|school day)|"
    r"school day|full[- ]time|part[- ]time)\b",
    re.IGNORECASE,
)


def vague_phrases(text: str) -> list[str]:
    """The vague words and phrases in a piece of provision, in the order they appear."""
    found: list[tuple[int, str]] = [(m.start(), m.group(0).lower()) for m in _VAGUE.finditer(text)]
    found += [(m.start(), "may") for m in _MAY.finditer(text)]
    seen: list[str] = []
    for _, phrase in sorted(found):
        if phrase not in seen:
            seen.append(phrase)
    return seen


def is_quantified(text: str) -> bool:
    """Whether a how-often or how-long says a number or a frequency (daily, weekly, minutes)."""
    return bool(_QUANTIFIED.search(text or ""))


def shorten(text: str, length: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def and_list(items: Iterable[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _quote(phrases: Iterable[str]) -> str:
    return and_list(f"“{p}”" for p in phrases)


def need_numbers(needs: Iterable[PlanNeed]) -> dict[Any, int]:
    """Needs are numbered in order (Need 1, Need 2...) so outcomes and provision can name them."""
    return {need.pk: number for number, need in enumerate(needs, start=1)}


def golden_thread_problems(plan: Plan) -> list[Problem]:
    """Breaks in the golden thread, needs first, then outcomes, then provision."""
    base = reverse("ehc:plan", args=[plan.case_id])
    needs = list(plan.needs.all())
    outcomes = list(plan.outcomes.prefetch_related("needs"))
    provisions = list(plan.provisions.prefetch_related("needs"))
    numbers = need_numbers(needs)
    problems: list[Problem] = []

    def add(kind: str, anchor: str, message: str) -> None:
        problems.append(Problem(message=message, anchor=anchor, link=f"{base}#{anchor}", kind=kind))

    if not needs:
        add(
            "no_needs",
            "section-b",
            "Section B has no needs. Add the child's special educational needs before sending the draft",
        )
    met_by_outcome = {n.pk for o in outcomes for n in o.needs.all()}
    met_by_f = {n.pk for p in provisions if p.section == ProvisionSection.F for n in p.needs.all()}
    for need in needs:
        name = f"Need {numbers[need.pk]} ({need.area})"
        if need.pk not in met_by_outcome:
            add(
                "need_without_outcome",
                f"need-{need.pk}",
                f"{name} has no outcome: link it to at least one outcome in section E",
            )
        if need.pk not in met_by_f:
            add(
                "need_without_provision",
                f"need-{need.pk}",
                f"{name} has no special educational provision: link it to provision in section F",
            )
    for outcome in outcomes:
        anchor = f"outcome-{outcome.pk}"
        name = f"Outcome “{shorten(outcome.what)}”"
        if not outcome.needs.all():
            add("outcome_without_need", anchor, f"{name} is not linked to any need in section B")
        if not outcome.by_when.strip():
            add("outcome_without_date", anchor, f"{name} does not say by when it should be met")
        if not outcome.how_measured.strip():
            add(
                "outcome_without_measure",
                anchor,
                f"{name} does not say how progress towards it will be measured",
            )
    for provision in provisions:
        anchor = f"provision-{provision.pk}"
        name = f"Provision in section {provision.section} (“{shorten(provision.what)}”)"
        if not provision.needs.all():
            add("provision_without_need", anchor, f"{name} is not linked to any need in section B")
        phrases = vague_phrases(
            " | ".join((provision.what, provision.who, provision.how_often, provision.how_long))
        )
        if phrases:
            add(
                "provision_vague",
                anchor,
                f"{name} is not specific: {_quote(phrases)} "
                + ("does" if len(phrases) == 1 else "do")
                + " not say exactly what will be provided. Say what, who, how often and for how long",
            )
        if not provision.who.strip():
            add("provision_without_who", anchor, f"{name} does not say who will provide it")
        if not is_quantified(provision.how_often):
            add(
                "provision_not_quantified",
                anchor,
                f"{name} does not say how often in numbers (for example, 3 sessions of 30 minutes a week)",
            )
        if not is_quantified(provision.how_long):
            add(
                "provision_not_quantified",
                anchor,
                f"{name} does not say for how long in numbers (for example, 30 minutes, or 2 terms)",
            )
    return problems
