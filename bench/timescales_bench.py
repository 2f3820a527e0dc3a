"""Benchmark of the statutory timescales engine (``sendpath.timescales.compute``).

Generates a seeded mix of realistic case histories at every stage (request only, assessing,
advice, draft, final plan, reviews, amendments and phase transfers, moves between authorities,
disagreements and tribunal orders), then times ``compute`` on them in this single process,
pinned to one CPU where the OS allows.  Prints a summary and ends with the line
``cases_per_second=<N>`` (the median of the timed repeats).

Budget: at least 20,000 cases a second, so England's ~800,000 open requests and plans
recompute in under a minute.

    .venv/bin/python bench/timescales_bench.py [--cases 20000] [--repeats 5] [--seed 2026]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sendpath.timescales import compute

Event = dict[str, object]
Case = dict[str, Any]

BUDGET = 20_000


def _iso(day: date) -> str:
    return day.isoformat()


class Builder:
    """Builds one case history forward in time."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.day = date(2024, 1, 2) + timedelta(days=rng.randrange(0, 3 * 365))
        self.events: list[Event] = []

    def later(self, low: int, high: int) -> date:
        self.day = self.day + timedelta(days=self.rng.randint(low, high))
        return self.day

    def add(self, type_: str, day: date | None = None, **fields: object) -> None:
        event: Event = {"type": type_}
        if day is not None:
            event["date"] = _iso(day)
        event.update(fields)
        self.events.append(event)

    # -- stages ------------------------------------------------------------------------------

    def request(self) -> None:
        source = self.rng.choice(["parent", "school", "young_person", "health", "social_care"])
        self.add("request_received", self.day, source=source)

    def decide(self, outcome: str = "yes") -> None:
        self.add("decision_to_assess", self.later(20, 50), outcome=outcome)

    def advice(self) -> None:
        kinds = ["educational", "medical", "psychological", "social_care", "parent"]
        start = self.later(1, 5)
        for n, source in enumerate(self.rng.sample(kinds, self.rng.randint(2, 5))):
            ident = f"{source}-{n}"
            asked = start + timedelta(days=self.rng.randint(0, 4))
            self.add("advice_requested", asked, id=ident, source=source)
            if self.rng.random() < 0.85:
                got = asked + timedelta(days=self.rng.randint(14, 60))
                self.add("advice_received", got, id=ident)
        self.later(30, 50)

    def draft(self) -> None:
        self.add("assessment_outcome", self.later(1, 10), outcome="plan")
        self.add("draft_plan_sent", self.later(1, 14))
        for n in range(self.rng.randint(1, 3)):
            consulted = self.day + timedelta(days=self.rng.randint(0, 3))
            urn = f"urn{100000 + n}"
            self.add("setting_consulted", consulted, id=urn)
            if self.rng.random() < 0.8:
                replied = consulted + timedelta(days=self.rng.randint(5, 25))
                self.add("setting_responded", replied, id=urn)

    def final(self) -> None:
        self.add("final_plan_issued", self.later(20, 50))

    def reviews(self, cycles: int) -> None:
        for _ in range(cycles):
            meeting = self.later(300, 380)
            self.add("review_meeting_scheduled", meeting)
            sent = meeting - timedelta(days=self.rng.randint(7, 28))
            self.add("review_invitations_sent", sent)
            self.add("review_meeting_held", meeting)
            self.add("review_report_received", meeting + timedelta(days=self.rng.randint(3, 20)))
            outcome = self.rng.choice(["maintain", "amend", "amend", "cease"])
            notified = meeting + timedelta(days=self.rng.randint(10, 35))
            self.add("review_decision_notified", notified, outcome=outcome)
            if outcome == "amend":
                proposed = notified + timedelta(days=1)
                self.add("amendment_proposed", proposed)
                if self.rng.random() < 0.8:
                    issued = proposed + timedelta(days=self.rng.randint(20, 70))
                    self.add("amended_plan_issued", issued)
                self.day = proposed

    def phase_transfer(self) -> None:
        year = self.day.year + self.rng.randint(0, 1)
        self.add("phase_transfer", None, year=year, kind=self.rng.choice(["school", "post16"]))

    def move_out(self) -> None:
        learned = self.later(10, 200)
        move = learned + timedelta(days=self.rng.randint(0, 40))
        self.add("move_notified", learned, move_date=_iso(move))
        if self.rng.random() < 0.7:
            sent = move + timedelta(days=self.rng.randint(-3, 10))
            self.add("plan_transferred", max(sent, learned))

    def move_in(self) -> None:
        last = self.day - timedelta(days=self.rng.randint(30, 360))
        arrived = self.later(1, 30)
        self.add("transfer_in", arrived, plan_last_reviewed_or_issued=_iso(last))
        if self.rng.random() < 0.7:
            self.add("transfer_notice_sent", arrived + timedelta(days=self.rng.randint(10, 50)))
        if self.rng.random() < 0.5:
            self.add("review_meeting_held", arrived + timedelta(days=self.rng.randint(60, 200)))

    def dispute(self) -> None:
        notice = self.later(1, 10)
        self.add("decision_notice_sent", notice)
        contacted = notice + timedelta(days=self.rng.randint(5, 60))
        wants = self.rng.random() < 0.5
        self.add("mediation_adviser_contacted", contacted, wants_mediation=wants)
        if wants:
            self.add("mediation_requested", contacted)
            when = contacted + timedelta(days=self.rng.randint(14, 40))
            self.add("mediation_scheduled", when)
            self.add("mediation_notice_sent", when - timedelta(days=self.rng.randint(3, 14)))
            self.add("mediation_held", when)
            certificate = when + timedelta(days=self.rng.randint(1, 5))
        else:
            certificate = contacted + timedelta(days=self.rng.randint(1, 6))
        self.add("mediation_certificate_issued", certificate)
        if self.rng.random() < 0.6:
            self.add("appeal_registered", certificate + timedelta(days=self.rng.randint(5, 40)))
            if self.rng.random() < 0.5:
                kind = self.rng.choice(["assess", "amend_plan", "name_school", "make_plan_draft"])
                ordered = certificate + timedelta(days=self.rng.randint(120, 200))
                self.add("tribunal_order", ordered, kind=kind)
                if self.rng.random() < 0.7:
                    complied = ordered + timedelta(days=self.rng.randint(7, 60))
                    self.add("order_complied", complied, kind=kind)


def _case(rng: random.Random, stage: str) -> Case:
    b = Builder(rng)
    if stage in {"request_only", "assessing", "advice", "draft", "final", "refused"}:
        b.request()
        if stage != "request_only":
            b.decide("no" if stage == "refused" else "yes")
        if stage == "refused":
            b.dispute()
        if stage in {"advice", "draft", "final"}:
            b.advice()
        if stage in {"draft", "final"}:
            b.draft()
        if stage == "final":
            b.final()
        if rng.random() < 0.1:
            b.add("exception", None, applies_to="issue_final_plan", reason="school_closure")
    elif stage in {"reviews", "amendments"}:
        b.request()
        b.decide()
        b.advice()
        b.draft()
        b.final()
        b.reviews(rng.randint(1, 4) if stage == "reviews" else rng.randint(1, 2))
        if stage == "amendments":
            b.phase_transfer()
            b.add("amendment_proposed", b.later(5, 40))
    elif stage == "transfer_out":
        b.final()
        b.reviews(rng.randint(0, 2))
        b.move_out()
    elif stage == "transfer_in":
        b.move_in()
    elif stage == "dispute":
        b.final()
        b.reviews(1)
        b.dispute()
    case: Case = {
        "as_of": _iso(b.day + timedelta(days=rng.randint(-30, 120))),
        "events": b.events,
    }
    if rng.random() < 0.8:
        born = b.day - timedelta(days=rng.randint(2 * 365, 18 * 365))
        case["date_of_birth"] = _iso(born)
    rng.shuffle(b.events)
    return case


STAGES = (
    ("request_only", 10),
    ("assessing", 10),
    ("refused", 5),
    ("advice", 10),
    ("draft", 10),
    ("final", 10),
    ("reviews", 20),
    ("amendments", 10),
    ("transfer_out", 4),
    ("transfer_in", 4),
    ("dispute", 7),
)


def generate(count: int, seed: int) -> tuple[list[Case], Counter[str]]:
    rng = random.Random(seed)
    names = [name for name, _ in STAGES]
    weights = [weight for _, weight in STAGES]
    stages = rng.choices(names, weights=weights, k=count)
    return [_case(rng, stage) for stage in stages], Counter(stages)


def _pin_one_core() -> str:
    affinity: Callable[..., object] | None = getattr(os, "sched_setaffinity", None)
    getter: Callable[..., set[int]] | None = getattr(os, "sched_getaffinity", None)
    if affinity is None or getter is None:
        return "not pinned (no sched_setaffinity)"
    cpu = min(getter(0))
    affinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    cases, stages = generate(args.cases, args.seed)
    pinned = _pin_one_core()
    events = sum(len(c["events"]) for c in cases)

    deadlines = 0
    for case in cases:  # warm-up: loads bank holidays, checks every case is valid
        deadlines += len(compute(case)["deadlines"])

    rates: list[float] = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        for case in cases:
            compute(case)
        elapsed = time.perf_counter() - started
        rates.append(len(cases) / elapsed)

    median = statistics.median(rates)
    print(f"timescales benchmark: {len(cases)} cases (seed {args.seed}), {pinned}")
    print("stages: " + ", ".join(f"{name} {stages[name]}" for name, _ in STAGES))
    print(
        f"events per case: {events / len(cases):.1f}; deadlines per case: "
        f"{deadlines / len(cases):.1f}"
    )
    print("runs (cases/s): " + ", ".join(f"{rate:,.0f}" for rate in rates))
    verdict = "within" if median >= BUDGET else "OVER"
    print(
        f"median {median:,.0f} cases/s ({verdict} the budget of {BUDGET:,}/s); "
        f"800,000 cases in {800_000 / median:.1f} s"
    )
    print(f"cases_per_second={median:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
