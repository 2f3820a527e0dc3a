"""Reads for the readiness check and the request: the facts the check's rules answer from, and
what a school's request carries (the child is already in the user's scope)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum

from sendpath.ehc.cases import services as case_services
from sendpath.ehc.models import Case, CaseEvent
from sendpath.people.models import Child
from sendpath.support import money
from sendpath.support.models import (
    TERM_ORDER,
    Cycle,
    CycleAdvice,
    EvidenceOfNeed,
    ProvisionEntry,
    PupilVoice,
    RegisterChange,
    RegisterStatus,
    SupportSettings,
    Term,
    term_of,
)

from . import rules


def threshold_for(child: Child) -> int:
    """The notional SEN budget threshold of the child's responsible authority, in pence."""
    found = (
        SupportSettings.objects.filter(authority_id=child.responsible_authority_id)
        .values_list("threshold_pence", flat=True)
        .first()
    )
    return int(found) if found is not None else money.DEFAULT_THRESHOLD_PENCE


def on_support_since(child: Child) -> dt.date | None:
    """When the pupil was last put on SEN support (K): the register's history, else the child's
    record."""
    if child.sen_provision != RegisterStatus.SUPPORT:
        return None
    change = (
        RegisterChange.objects.filter(child=child, status=RegisterStatus.SUPPORT)
        .order_by("-effective_on", "-created_at")
        .values_list("effective_on", flat=True)
        .first()
    )
    return change or child.sen_provision_since


def year_cost(child: Child, school_year: int) -> int:
    """The pupil's provision map total for one school year, in pence."""
    total = ProvisionEntry.objects.filter(child=child, school_year=school_year).aggregate(
        total=Sum("cost_pence")
    )["total"]
    return int(total or 0)


def readiness_facts(child: Child, today: dt.date) -> rules.Facts:
    measured = Q(targets__result__gt="") & ~Q(targets__evidence="")
    cycles = (
        Cycle.objects.filter(child=child)
        .annotate(
            n_targets=Count("targets", distinct=True),
            n_measured=Count("targets", filter=measured, distinct=True),
        )
        .order_by("number")
    )
    advice = (
        CycleAdvice.objects.filter(cycle__child=child)
        .select_related("cycle")
        .order_by("received_on", "created_at")
    )
    evidence = EvidenceOfNeed.objects.filter(child=child).order_by("recorded_on", "created_at")
    school_year, _ = term_of(today)
    return rules.Facts(
        today=today,
        sen_provision=child.sen_provision,
        on_support_since=on_support_since(child),
        cycles=tuple(
            rules.CycleFacts(
                number=c.number,
                started_on=c.started_on,
                reviewed_on=c.reviewed_on,
                targets_measured=c.n_measured,
                targets=c.n_targets,
            )
            for c in cycles
        ),
        advice=tuple(
            rules.AdviceFacts(
                source=a.get_source_display(),
                received_on=a.received_on,
                cycle_number=a.cycle.number,
                targets_set_from_it=a.targets_set_from_it,
            )
            for a in advice
        ),
        evidence=tuple(
            rules.EvidenceFacts(kind=e.get_kind_display(), recorded_on=e.recorded_on)
            for e in evidence
        ),
        school_year=school_year,
        year_cost_pence=year_cost(child, school_year),
        threshold_pence=threshold_for(child),
    )


def readiness(child: Child, today: dt.date) -> rules.Readiness:
    return rules.check(readiness_facts(child, today))


# ---------------------------------------------------------------------------------------------
# What a school's request carries

CYCLES_SENT = 3


@dataclass(frozen=True)
class TermTotal:
    school_year: int
    term: str
    pence: int

    @property
    def label(self) -> str:
        return f"{Term(self.term).label} term {self.school_year} to {self.school_year + 1}"


@dataclass(frozen=True)
class RequestRecord:
    """What the request will send: the last cycles, the provision map's totals, the pupil's
    voice and the evidence of need."""

    cycles: list[Cycle]
    term_totals: list[TermTotal]
    year_totals: dict[int, int]
    threshold_pence: int
    voice: list[PupilVoice]
    evidence: list[EvidenceOfNeed]


def request_record(child: Child) -> RequestRecord:
    cycles = list(
        Cycle.objects.filter(child=child)
        .prefetch_related("targets", "advice")
        .order_by("-number")[:CYCLES_SENT]
    )
    cycles.reverse()
    rows = (
        ProvisionEntry.objects.filter(child=child)
        .values("school_year", "term")
        .annotate(total=Sum("cost_pence"))
        .order_by()
    )
    totals = sorted(
        (TermTotal(r["school_year"], r["term"], int(r["total"] or 0)) for r in rows),
        key=lambda t: (t.school_year, TERM_ORDER.index(Term(t.term))),
    )
    years: dict[int, int] = defaultdict(int)
    for t in totals:
        years[t.school_year] += t.pence
    return RequestRecord(
        cycles=cycles,
        term_totals=totals,
        year_totals=dict(years),
        threshold_pence=threshold_for(child),
        voice=list(PupilVoice.objects.filter(child=child).order_by("-gathered_on")[:10]),
        evidence=list(EvidenceOfNeed.objects.filter(child=child).order_by("-recorded_on")),
    )


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def record_summary(record: RequestRecord, check: rules.Readiness) -> dict[str, Any]:
    """The structured summary of the school's record the request carries (JSON)."""
    return {
        "readiness": {
            "ready": check.ready,
            "answers": [
                {"question": a.question, "met": a.met, "evidence": a.evidence, "missing": a.missing}
                for a in check.answers
            ],
        },
        "cycles": [
            {
                "number": c.number,
                "started_on": _iso(c.started_on),
                "review_due": _iso(c.review_due),
                "reviewed_on": _iso(c.reviewed_on),
                "impact": c.impact,
                "next_step": c.get_next_step_display() if c.next_step else "",
                "targets": [
                    {
                        "outcome": t.outcome,
                        "result": t.get_result_display() if t.result else "",
                        "evidence": t.evidence,
                    }
                    for t in c.targets.all()
                ],
                "advice": [
                    {
                        "source": a.get_source_display(),
                        "received_on": _iso(a.received_on),
                        "targets_set_from_it": a.targets_set_from_it,
                    }
                    for a in c.advice.all()
                ],
            }
            for c in record.cycles
        ],
        "provision": {
            "threshold_pence": record.threshold_pence,
            "terms": [
                {"school_year": t.school_year, "term": t.term, "pence": t.pence}
                for t in record.term_totals
            ],
            "years": {str(y): p for y, p in record.year_totals.items()},
        },
        "voice": [
            {
                "method": v.get_method_display(),
                "gathered_on": _iso(v.gathered_on),
                "gathered_by": v.gathered_by,
                "content": v.content,
            }
            for v in record.voice
        ],
        "evidence_of_need": [
            {"kind": e.get_kind_display(), "recorded_on": _iso(e.recorded_on), "summary": e.summary}
            for e in record.evidence
        ],
    }


# ---------------------------------------------------------------------------------------------
# After a decision not to assess


@dataclass(frozen=True)
class NoToAssess:
    case: Case
    decided_on: dt.date
    follow_ups: list[CaseEvent]


FOLLOW_UP_KINDS = ("no_to_assess_follow_up_requested", "no_to_assess_follow_up")


def no_to_assess(child: Child) -> NoToAssess | None:
    """The child's latest case whose decision whether to assess was no (as the timeline now
    stands), with the follow-up meeting's requests and records."""
    for case in Case.objects.filter(child=child).order_by("-received_on", "-created_at"):
        events = case_services.effective_events(case)
        decisions = [e for e in events if e.type == "decision_to_assess"]
        if decisions and decisions[-1].details.get("outcome") == "no" and decisions[-1].date:
            follow_ups = [
                e for e in events if e.type == "note" and e.details.get("kind") in FOLLOW_UP_KINDS
            ]
            return NoToAssess(case, decisions[-1].date, follow_ups)
    return None
