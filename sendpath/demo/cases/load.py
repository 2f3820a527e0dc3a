"""Saving the demo's team and cases, and rebuilding every case's deadlines with the engine."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from sendpath.demo.people_api import Child, Organisation, User

from .build import build_cases
from .content import AMENDED_OFTEN, POINTS, RECENT, STAGE_SHARES
from .ehc_api import (
    Case,
    CaseEvent,
    Plan,
    PlanNeed,
    PlanOutcome,
    PlanProvision,
    PlanVersion,
    Stage,
    services,
    snapshot_plan,
)
from .timeline import DemoCase, DemoEvent


@dataclass
class CasesSummary:
    cases: int
    stages: Counter[str]
    events: int
    open_cases: int
    overdue: int
    exceptions: int
    caseworkers: int
    caseworker_open: int
    caseworker_overdue: int
    caseworker_this_week: int
    in_force: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        lines = [
            f"  Statutory cases (EHC needs assessments): {self.cases:>6,}",
        ]
        width = max(len(Stage(stage).label) for stage, _ in STAGE_SHARES) + 2
        lines += [
            f"    {Stage(stage).label + ':':<{width}}{self.stages[stage]:>5,}"
            for stage, _ in STAGE_SHARES
        ]
        lines += [
            f"    open {self.open_cases:,}, {self.overdue:,} with an overdue deadline, "
            f"{self.exceptions:,} with an exception; {self.events:,} timeline events",
            f"  The team: {self.caseworkers} caseworkers (caseworker, and caseworker2 to "
            f"caseworker{self.caseworkers}, same password) and the manager",
            f"  The caseworker account has {self.caseworker_open} open cases: "
            f"{self.caseworker_overdue} overdue, {self.caseworker_this_week} due in the next "
            f"7 days",
        ]
        if self.in_force:
            lines.append("  Plans in force, by where they stand in the review cycle:")
            labels = {RECENT: "Issued in the last few months, no review due yet"}
            labels.update({point: label for point, (_, label) in POINTS.items()})
            lines += [
                f"    {labels[point]}: {self.in_force[point]}"
                for point in (*POINTS, RECENT)
                if self.in_force[point]
            ]
        return lines


def _stamp_recorded_times(
    demos: list[DemoCase], rows: dict[int, CaseEvent], rng: random.Random
) -> None:
    """Give each step the time it was recorded: on its day, in working hours, in order.

    ``recorded_at`` is stamped with the load time on insert (``auto_now_add``); the rows were
    inserted a moment ago in this transaction, so this completes them rather than edits them.
    """
    zone = timezone.get_current_timezone()
    now = timezone.now()
    stamps: dict[int, dt.datetime] = {}
    for demo in demos:
        done: Counter[dt.date] = Counter()
        corrected_on = {id(e.corrects): e.date for e in demo.events if e.corrects is not None}
        today = timezone.localdate()
        dated = [min(e.recorded_on or e.date, today) for e in demo.events if e.date is not None]
        last = max(dated) if dated else today
        for ev in sorted(
            demo.events, key=lambda e: (e.date or dt.date.max, e.corrects is not None)
        ):
            day = corrected_on.get(id(ev)) or ev.recorded_on or ev.date or last
            if ev.corrects is not None:
                day = min(day + dt.timedelta(days=rng.randint(1, 3)), timezone.localdate())
            minutes = 9 * 60 + 10 + 35 * done[day] + rng.randint(0, 25)
            done[day] += 1
            at = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=zone)
            stamps[rows[id(ev)].pk] = min(at, now)
    table = connection.ops.quote_name(CaseEvent._meta.db_table)
    sql = f"UPDATE {table} SET recorded_at = %s WHERE id = %s"  # noqa: S608 - no user input
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(adapt(at), pk) for pk, at in stamps.items()])


def _keep_versions(demos: list[DemoCase], rows: dict[int, CaseEvent]) -> None:
    """Plans with an amendment keep the final plan as version 1 (as ``amendment_propose``
    does) and, once the amended plan is issued, that as version 2 with its changed provision."""
    versions: list[PlanVersion] = []
    for demo in demos:
        final = next((e for e in demo.events if e.type == "final_plan_issued"), None)
        if final is None or final.date is None:
            continue
        if not any(e.type == "amendment_proposed" for e in demo.effective()):
            continue
        plan, holder = demo.plan, demo.case.caseworker
        versions.append(
            PlanVersion(
                plan=plan,
                number=1,
                kind="final",
                issued_on=final.date,
                snapshot=snapshot_plan(plan),
                event=rows[id(final)],
                created_by=holder,
            )
        )
        amended = next((e for e in demo.events if e.type == "amended_plan_issued"), None)
        if amended is None or amended.date is None or not demo.provisions:
            continue
        provision = demo.provisions[0][0]
        provision.how_often = AMENDED_OFTEN
        PlanProvision.objects.filter(pk=provision.pk).update(how_often=AMENDED_OFTEN)
        versions.append(
            PlanVersion(
                plan=plan,
                number=2,
                kind="amended",
                issued_on=amended.date,
                snapshot=snapshot_plan(plan),
                event=rows[id(amended)],
                created_by=holder,
            )
        )
    PlanVersion.objects.bulk_create(versions)


def load_cases(
    *,
    seed: int,
    today: dt.date,
    home: Organisation,
    children: Sequence[Child],
    organisations: Sequence[Organisation],
    attendances: Sequence[Any],
    family: Sequence[Any],
    password: str,
    stdout: Any = None,
) -> CasesSummary:
    """Save the demo's team and cases (inside the caller's transaction) and rebuild every
    case's deadlines with the engine."""
    caseworker = User.objects.get(username="caseworker")
    manager = User.objects.get(username="manager")
    built = build_cases(
        seed=seed,
        today=today,
        home=home,
        children=children,
        organisations=organisations,
        attendances=attendances,
        family=family,
        caseworker=caseworker,
    )
    hashed = make_password(password)  # one hash for the six: the demo's password is public
    for user in built.team:
        user.password = hashed
        user.save()
    batch = 500
    demos = built.cases
    tz = dt.UTC
    for demo in demos:
        if demo.closed_on is not None:
            demo.case.closed_at = dt.datetime.combine(demo.closed_on, dt.time(16, 30), tzinfo=tz)
    Case.objects.bulk_create([d.case for d in demos], batch_size=batch)
    Plan.objects.bulk_create([d.plan for d in demos], batch_size=batch)
    PlanNeed.objects.bulk_create([n for d in demos for n in d.needs], batch_size=batch)
    outcomes = [(o, needs) for d in demos for o, needs in d.outcomes]
    provisions = [(p, needs) for d in demos for p, needs in d.provisions]
    PlanOutcome.objects.bulk_create([o for o, _ in outcomes], batch_size=batch)
    PlanProvision.objects.bulk_create([p for p, _ in provisions], batch_size=batch)
    PlanOutcome.needs.through.objects.bulk_create(
        [
            PlanOutcome.needs.through(planoutcome_id=o.pk, planneed_id=n.pk)
            for o, needs in outcomes
            for n in needs
        ],
        batch_size=batch,
    )
    PlanProvision.needs.through.objects.bulk_create(
        [
            PlanProvision.needs.through(planprovision_id=p.pk, planneed_id=n.pk)
            for p, needs in provisions
            for n in needs
        ],
        batch_size=batch,
    )

    rows: dict[int, CaseEvent] = {}
    first_pass: list[CaseEvent] = []
    corrections: list[tuple[DemoEvent, CaseEvent]] = []
    for demo in demos:
        case = demo.case
        for ev in sorted(
            demo.events, key=lambda e: (e.date or dt.date.max, e.corrects is not None)
        ):
            if ev.type == "caseworker_assigned":
                ev.details["caseworker_id"] = case.caseworker_id
            who = demo.previous if ev.by_previous and demo.previous else case.caseworker
            if ev.type == "caseworker_assigned":
                who = manager  # the manager rebalances caseloads
            row = CaseEvent(
                case=case,
                type=ev.type,
                date=ev.date,
                details=ev.details,
                note=ev.note,
                recorded_by=who,
            )
            rows[id(ev)] = row
            if ev.corrects is None:
                first_pass.append(row)
            else:
                corrections.append((ev, row))
    CaseEvent.objects.bulk_create(first_pass, batch_size=batch)
    for ev, row in corrections:
        assert ev.corrects is not None  # noqa: S101 - only corrections are listed here
        row.supersedes = rows[id(ev.corrects)]
    CaseEvent.objects.bulk_create([row for _, row in corrections], batch_size=batch)
    _stamp_recorded_times(demos, rows, random.Random(seed * 7919 + 405))

    for demo in demos:
        effective = [rows[id(e)] for e in demo.effective()]
        effective.sort(key=lambda e: (e.date is None, e.date or dt.date.min, e.pk))
        services.deadlines_refresh(demo.case, events=effective, as_of=today)

    _keep_versions(demos, rows)

    stages = Counter(d.case.stage for d in demos)
    open_cases = [d.case for d in demos if d.case.closed_at is None]
    week = today + dt.timedelta(days=7)
    mine = [c for c in open_cases if c.caseworker_id == caseworker.pk]
    summary = CasesSummary(
        cases=len(demos),
        stages=stages,
        events=len(rows),
        open_cases=len(open_cases),
        overdue=sum(1 for c in open_cases if c.next_due and c.next_due < today),
        exceptions=sum(1 for d in demos if any(e.type == "exception" for e in d.events)),
        caseworkers=1 + len(built.team),
        caseworker_open=len(mine),
        caseworker_overdue=sum(1 for c in mine if c.next_due and c.next_due < today),
        caseworker_this_week=sum(1 for c in mine if c.next_due and today <= c.next_due <= week),
        in_force=Counter(d.point for d in demos if d.point),
    )
    if stdout is not None:
        stdout.write(f"Saved {summary.cases:,} statutory cases with {summary.events:,} events\n")
    return summary
