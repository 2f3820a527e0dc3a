"""The quality audit's arithmetic, kept apart from the database so it can be checked by hand.

- An auditor's grade for a section is the weighted mean of their points for the section's
  criteria (weights from the framework the sample was drawn with).
- Auditors disagree on a section when their section grades differ by more than one grade
  (``MODERATION_GAP``): the QA lead then moderates it, and the agreed grade is the section's.
- Otherwise a section's result is the mean of its auditors' section grades. A section whose
  auditors disagree and which is not yet moderated is left out of the results ("awaiting
  moderation").
- A plan's overall result is the mean of its settled sections' results, each weighted by the
  sum of its criteria's weights.
- The grade shown for a result is its points rounded half-up to a whole grade. All averages are
  rounded half-up to one decimal place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .framework import GRADES, MODERATION_GAP


def one_place(value: Decimal | None) -> float | None:
    if value is None:
        return None
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def grade_of(points: Decimal | float | None) -> int | None:
    """The whole grade a result rounds to (half-up)."""
    if points is None:
        return None
    return int(Decimal(str(points)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def mean(values: Iterable[Decimal]) -> Decimal | None:
    found = list(values)
    return sum(found, Decimal(0)) / len(found) if found else None


def weighted(pairs: Iterable[tuple[int, int | Decimal]]) -> Decimal | None:
    """Σ weight x points / Σ weight, for (weight, points) pairs."""
    found = list(pairs)
    total = sum(w for w, _ in found)
    if not total:
        return None
    return sum((Decimal(w) * Decimal(p) for w, p in found), Decimal(0)) / Decimal(total)


@dataclass
class SectionResult:
    section: str
    by_auditor: dict[str, Decimal]  # auditor key -> section grade
    moderated: int | None = None
    weight: int = 0

    @property
    def disagree(self) -> bool:
        grades = list(self.by_auditor.values())
        return len(grades) > 1 and max(grades) - min(grades) > MODERATION_GAP

    @property
    def settled(self) -> bool:
        return bool(self.by_auditor) and (self.moderated is not None or not self.disagree)

    @property
    def points(self) -> Decimal | None:
        if self.moderated is not None:
            return Decimal(self.moderated)
        if not self.settled:
            return None
        return mean(self.by_auditor.values())


@dataclass
class PlanResult:
    sections: dict[str, SectionResult] = field(default_factory=dict)

    @property
    def overall(self) -> Decimal | None:
        return weighted(
            (s.weight, s.points) for s in self.sections.values() if s.points is not None
        )

    @property
    def awaiting_moderation(self) -> list[str]:
        return [s.section for s in self.sections.values() if s.disagree and s.moderated is None]


@dataclass(frozen=True)
class GradeRow:
    """One grade as the arithmetic needs it."""

    auditor: str  # the audit's key
    agency: str
    section: str
    weight: int
    points: int


def plan_result(
    grades: Iterable[GradeRow],
    weights: Mapping[str, int],
    moderated: Mapping[str, int] | None = None,
) -> PlanResult:
    """A plan's sections from its submitted audits' grades; ``weights`` is each section's total
    criteria weight, ``moderated`` the agreed grade of the sections moderated."""
    moderated = moderated or {}
    pairs: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for g in grades:
        pairs[(g.section, g.auditor)].append((g.weight, g.points))
    result = PlanResult()
    for (section, auditor), found in sorted(pairs.items()):
        value = weighted(found)
        if value is None:
            continue
        entry = result.sections.setdefault(
            section,
            SectionResult(section, {}, moderated.get(section), weights.get(section, 0)),
        )
        entry.by_auditor[auditor] = value
    return result


@dataclass
class Summary:
    """Results across plans: a section's average and the number of plans at each grade."""

    key: str
    plans: int = 0
    average: float | None = None
    distribution: dict[int, int] = field(default_factory=lambda: dict.fromkeys(GRADES, 0))


def summarise(key: str, values: Iterable[Decimal | None]) -> Summary:
    found = [v for v in values if v is not None]
    summary = Summary(key, plans=len(found), average=one_place(mean(found)))
    for value in found:
        grade = grade_of(value)
        if grade in summary.distribution:
            summary.distribution[grade] += 1
    return summary


def by_section(plans: Iterable[PlanResult], sections: Iterable[str]) -> list[Summary]:
    found = list(plans)
    return [
        summarise(s, (p.sections[s].points for p in found if s in p.sections)) for s in sections
    ]


def by_agency(grades: Iterable[GradeRow]) -> dict[str, Summary]:
    """Each agency's audits: the weighted mean of each audit's grades, then their average."""
    audits: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for g in grades:
        audits[(g.agency, g.auditor)].append((g.weight, g.points))
    per_agency: dict[str, list[Decimal | None]] = defaultdict(list)
    for (agency, _), pairs in audits.items():
        per_agency[agency].append(weighted(pairs))
    return {agency: summarise(agency, values) for agency, values in per_agency.items()}
