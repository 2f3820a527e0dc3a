"""The readiness check before a request for an EHC needs assessment: Sefton's questions for the
SENCO (advice for social care, seed 004), answered from the school's record.

Each rule takes the facts ``selectors.readiness_facts`` read from the record and answers "yes"
with its evidence or "not yet" with what is missing, in plain English, citing its source. The
rules are plain functions of those facts (no database), so each boundary is tested directly.

Sources:

- Sefton SEND, Advice and Guidance for Social Care (seed 004): "After approximately 2 terms of
  graduated response..."; "Is the child on the SEN register (K - SEN Support)? ... a termly
  review"; "Has the educational setting sought advice from external professionals? ... an Assess,
  Plan, Do, Review cycle with targets set based upon advice received"; "Are there measures of any
  impact ... over a sustained period of time (approximately 2 terms)?"; "Is there evidence that
  your child's needs are significantly greater ... than others of the same age?"; "schools should
  be offering SEN Support which equates to 6,000 pounds before applying".
- SEND Code of Practice (2015) 6.63: where a pupil has not made expected progress despite
  relevant and purposeful action, the school or parents should consider requesting an EHC needs
  assessment; 9.14: the local authority looks for evidence of the action taken through SEN
  support, of the pupil's progress, and of the needs and provision.
- SEND Code of Practice 6.17 and 6.65 (termly reviews), 6.99 (the notional SEN budget).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from sendpath.support.money import pounds

# About two terms of the graduated approach: 26 school weeks, measured from the first cycle.
TWO_TERMS = dt.timedelta(weeks=26)
# Termly reviews: no more than a term (16 weeks, a school term with its holiday) apart.
A_TERM = dt.timedelta(weeks=16)
MIN_REVIEWED_CYCLES = 2
MIN_CYCLES_WITH_IMPACT = 2


@dataclass(frozen=True)
class CycleFacts:
    number: int
    started_on: dt.date
    reviewed_on: dt.date | None
    # Targets whose result and evidence of impact were recorded at the review.
    targets_measured: int = 0
    targets: int = 0


@dataclass(frozen=True)
class AdviceFacts:
    source: str  # its label, e.g. "Educational psychologist"
    received_on: dt.date
    cycle_number: int
    targets_set_from_it: bool


@dataclass(frozen=True)
class EvidenceFacts:
    kind: str  # its label, e.g. "Reading age"
    recorded_on: dt.date


@dataclass(frozen=True)
class Facts:
    """What the record holds that the check reads."""

    today: dt.date
    sen_provision: str  # "K", "E" or "N"
    on_support_since: dt.date | None
    cycles: tuple[CycleFacts, ...] = ()  # oldest first
    advice: tuple[AdviceFacts, ...] = ()
    evidence: tuple[EvidenceFacts, ...] = ()
    school_year: int = 0  # the calendar year the current school year starts in
    year_cost_pence: int = 0
    threshold_pence: int = 600_000


@dataclass(frozen=True)
class Answer:
    key: str
    question: str
    met: bool
    evidence: list[str] = field(default_factory=list)  # when met: what shows it
    missing: list[str] = field(default_factory=list)  # when not: what is missing
    source: str = ""
    # The plain-English question for a social worker or health professional.
    plain: str = ""


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _weeks(delta: dt.timedelta) -> str:
    weeks = delta.days // 7
    return "1 week" if weeks == 1 else f"{weeks} weeks"


def graduated_approach(facts: Facts) -> Answer:
    reviewed = [c for c in facts.cycles if c.reviewed_on is not None]
    first = facts.cycles[0] if facts.cycles else None
    evidence: list[str] = []
    missing: list[str] = []
    if first is None:
        missing.append("No assess, plan, do, review cycle has been recorded")
    else:
        span = facts.today - first.started_on
        line = f"The first cycle started on {_day(first.started_on)}, {_weeks(span)} ago"
        if span >= TWO_TERMS:
            evidence.append(line)
        else:
            left = TWO_TERMS - span
            missing.append(
                f"{line}: about two terms (26 weeks) are expected, {_weeks(left) if left.days >= 7 else 'a few days'} to go"
            )
    count = f"{len(reviewed)} cycle{'s' if len(reviewed) != 1 else ''} reviewed"
    if len(reviewed) >= MIN_REVIEWED_CYCLES:
        dates = ", ".join(_day(c.reviewed_on) for c in reviewed if c.reviewed_on)
        evidence.append(f"{count} (on {dates})")
    else:
        missing.append(f"{count}: at least {MIN_REVIEWED_CYCLES} reviewed cycles are expected")
    return Answer(
        key="graduated_approach",
        question="Has the graduated approach been followed for about two terms?",
        plain="Has the school tried a planned cycle of support, and reviewed it, for about two "
        "terms?",
        met=not missing,
        evidence=evidence,
        missing=missing,
        source="Sefton advice for social care (after approximately 2 terms of graduated "
        "response); SEND Code of Practice 6.44-6.56 and 6.63",
    )


def register_and_reviews(facts: Facts) -> Answer:
    evidence: list[str] = []
    missing: list[str] = []
    if facts.sen_provision == "K":
        since = f" since {_day(facts.on_support_since)}" if facts.on_support_since else ""
        evidence.append(f"On the SEN Register at SEN support (K){since}")
    elif facts.sen_provision == "E":
        missing.append("The pupil already has an EHC plan (E), not SEN support (K)")
    else:
        missing.append("The pupil is not on the SEN Register at SEN support (K)")
    reviews = sorted(c.reviewed_on for c in facts.cycles if c.reviewed_on is not None)
    if not reviews:
        missing.append("No review of the support has been recorded")
    else:
        start = facts.on_support_since or (facts.cycles[0].started_on if facts.cycles else None)
        points = [start, *reviews] if start and start <= reviews[0] else list(reviews)
        gaps = [(a, b) for a, b in itertools.pairwise(points) if b - a > A_TERM]
        for a, b in gaps:
            missing.append(
                f"{_weeks(b - a)} passed between {_day(a)} and the review on {_day(b)}: "
                "reviews are expected at least termly"
            )
        since_last = facts.today - reviews[-1]
        if since_last > A_TERM:
            missing.append(
                f"The last review was on {_day(reviews[-1])}, {_weeks(since_last)} ago: a review "
                "is due at least every term"
            )
        if not gaps and since_last <= A_TERM:
            evidence.append(
                f"{len(reviews)} review{'s' if len(reviews) != 1 else ''}, none more than a term "
                f"apart; the last on {_day(reviews[-1])}"
            )
    return Answer(
        key="register",
        question="Is the pupil on the SEN Register at SEN support (K), with termly reviews?",
        plain="Is the child on the school's SEN Register (SEN support), with the support "
        "reviewed every term?",
        met=not missing,
        evidence=evidence,
        missing=missing,
        source="Sefton advice for social care (all children on the SEN register (K) should have "
        "a termly review); SEND Code of Practice 6.17 and 6.65",
    )


def external_advice(facts: Facts) -> Answer:
    used = [a for a in facts.advice if a.targets_set_from_it]
    evidence = [
        f"{a.source}, received {_day(a.received_on)}: targets set from it in cycle {a.cycle_number}"
        for a in used
    ]
    missing: list[str] = []
    if not facts.advice:
        missing.append(
            "No advice from outside the school (for example an educational psychologist, speech "
            "and language therapy, occupational therapy, a specialist teacher or health) is "
            "recorded in a cycle"
        )
    elif not used:
        sources = ", ".join(sorted({a.source for a in facts.advice}))
        missing.append(f"Advice was received ({sources}) but no cycle records targets set from it")
    return Answer(
        key="advice",
        question="Has the school sought advice from outside professionals and set targets from it?",
        plain="Has the school asked other professionals (such as an educational psychologist or "
        "a speech and language therapist) for advice, and used it to set targets?",
        met=bool(used),
        evidence=evidence,
        missing=missing,
        source="Sefton advice for social care (has the setting sought advice from external "
        "professionals, with targets set based upon advice received?); SEND Code of Practice "
        "6.58-6.62 and 9.14",
    )


def impact_measured(facts: Facts) -> Answer:
    measured = [c for c in facts.cycles if c.targets_measured > 0]
    evidence = [
        f"Cycle {c.number}: {c.targets_measured} of {c.targets} target"
        f"{'s' if c.targets != 1 else ''} with a result and evidence of impact"
        for c in measured
    ]
    missing: list[str] = []
    if len(measured) < MIN_CYCLES_WITH_IMPACT:
        have = f"{len(measured)} cycle{'s' if len(measured) != 1 else ''}"
        missing.append(
            f"Results with evidence of impact are recorded against targets in {have}: at least "
            f"{MIN_CYCLES_WITH_IMPACT} are expected, to show the impact over time"
        )
    return Answer(
        key="impact",
        question="Has the impact of the support been measured over time?",
        plain="Has the school measured whether the support is working, over time?",
        met=not missing,
        evidence=evidence,
        missing=missing,
        source="Sefton advice for social care (are there measures of any impact over a sustained "
        "period of time, approximately 2 terms?); SEND Code of Practice 6.52 and 9.14",
    )


def needs_greater_than_peers(facts: Facts) -> Answer:
    evidence = [f"{e.kind}, recorded {_day(e.recorded_on)}" for e in facts.evidence]
    missing = (
        []
        if facts.evidence
        else [
            "No evidence is recorded that the needs are significantly greater than other pupils' "
            "of the same age (for example reading age, attainment data, a Boxall profile or a "
            "behaviour log)"
        ]
    )
    return Answer(
        key="evidence",
        question="Is there evidence that the pupil's needs are significantly greater than their "
        "peers'?",
        plain="Is there evidence that the child's needs are much greater than those of other "
        "children their age?",
        met=bool(facts.evidence),
        evidence=evidence,
        missing=missing,
        source="Sefton advice for social care (is there evidence that the needs are significantly "
        "greater than others of the same age?); SEND Code of Practice 6.17 and 9.14",
    )


def provision_above_threshold(facts: Facts) -> Answer:
    year = f"{facts.school_year} to {facts.school_year + 1}"
    spent = pounds(facts.year_cost_pence)
    threshold = pounds(facts.threshold_pence)
    met = facts.year_cost_pence >= facts.threshold_pence
    line = f"The costed provision map for {year} totals {spent}, against the {threshold} threshold"
    missing = []
    if not met:
        short = pounds(facts.threshold_pence - facts.year_cost_pence)
        missing.append(f"{line}: {short} short of it")
    return Answer(
        key="threshold",
        question=f"Has the school provided support costing at least {threshold} this school year?",
        plain=f"Has the school already spent at least {threshold} this year on extra support "
        "for the child?",
        met=met,
        evidence=[line] if met else [],
        missing=missing,
        source="Sefton advice for social care (SEN Support which equates to 6,000 pounds before "
        "applying); SEND Code of Practice 6.99 (the notional SEN budget, the threshold set by "
        "the authority)",
    )


RULES: tuple[Callable[[Facts], Answer], ...] = (
    graduated_approach,
    register_and_reviews,
    external_advice,
    impact_measured,
    needs_greater_than_peers,
    provision_above_threshold,
)


@dataclass(frozen=True)
class Readiness:
    answers: list[Answer]

    @property
    def ready(self) -> bool:
        return all(a.met for a in self.answers)

    @property
    def met_count(self) -> int:
        return sum(1 for a in self.answers if a.met)


def check(facts: Facts) -> Readiness:
    """Every answer of the readiness check; ready when all are met."""
    return Readiness([rule(facts) for rule in RULES])
