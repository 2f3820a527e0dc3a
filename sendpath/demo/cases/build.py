"""The demo's cases, unsaved: ``build_cases`` picks the children, draws every timeline and
shares the cases round the team (no database needed)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sendpath.demo.authority.specs import DEMOSHIRE_SETTINGS
from sendpath.demo.people_api import Child, Organisation, Role, User

from .content import (
    CASE_NOTES,
    CASES_PER_1500,
    CASEWORKER_OPEN_PER_1500,
    POINTS,
    RECENT,
    SENCO_POINTS,
    STAGE_SHARES,
    TEAM,
)
from .ehc_api import Case, Plan, PlanStatus, Stage, reviews, services
from .in_force import CaseMaker
from .plans import plan_content
from .timeline import DemoCase, DemoEvent, age_on, weekday_back


def _shares(total: int) -> dict[str, int]:
    """Split ``total`` over the stages by STAGE_SHARES (largest remainders)."""
    weight = sum(w for _, w in STAGE_SHARES)
    exact = [(stage, total * w / weight) for stage, w in STAGE_SHARES]
    counts = {stage: int(x) for stage, x in exact}
    left = total - sum(counts.values())
    for stage, _share in sorted(exact, key=lambda p: (-(p[1] - int(p[1])), p[0]))[:left]:
        counts[stage] += 1
    return counts


def _points(total: int) -> list[str]:
    """Where each of ``total`` final plans stands in its review cycle (POINTS in proportion,
    each at least once while there are plans enough; the rest recently issued)."""
    weight = dict(STAGE_SHARES)[Stage.FINAL_ISSUED]
    points: list[str] = []
    for point, (share, _label) in POINTS.items():
        points += [point] * max(1, round(total * share / weight))
    points = points[:total]
    return points + [RECENT] * (total - len(points))


# Where the plans issued before this year's cases stand: most between reviews.
LONG_STANDING: tuple[tuple[str, int], ...] = (
    ("maintain", 45),
    ("review_due", 15),
    ("scheduled", 12),
    ("held", 8),
    ("reported", 8),
    ("amended", 6),
    ("amend_open", 3),
)


def _long_standing_point(maker: CaseMaker, child: Child, fits: Any) -> str:
    """A point in the review cycle for a plan issued before this year's cases."""
    for point in ("transfer_school", "transfer_post16", "early_years"):
        if fits(point, child):
            return point
    if not fits("maintain", child):
        return RECENT
    total = sum(weight for _, weight in LONG_STANDING)
    draw = maker.rng.random() * total
    for point, weight in LONG_STANDING:
        draw -= weight
        if draw < 0:
            return point
    return "maintain"


@dataclass
class DemoCases:
    team: list[User]
    cases: list[DemoCase]
    caseworker: User


def _draft_sent_lately(events: list[DemoEvent], today: dt.date) -> list[DemoEvent]:
    """The same timeline moved later by whole weeks (weekdays stay weekdays), so the draft
    plan went out in the last week and the family's 15 days for comments are still running
    (reg 13(1)(a)); a step the move would put after today has not happened yet."""
    sent = next(e.date for e in events if e.type == "draft_plan_sent" and e.date)
    weeks = max(0, ((today - sent).days - 1) // 7)
    shift = dt.timedelta(weeks=weeks)
    moved = []
    for e in events:
        if e.date is not None:
            e.date += shift
        if e.recorded_on is not None:
            e.recorded_on += shift
        if e.date is None or e.date <= today:
            moved.append(e)
    return moved


def build_cases(
    *,
    seed: int,
    today: dt.date,
    home: Organisation,
    children: Sequence[Child],
    organisations: Sequence[Organisation],
    attendances: Sequence[Any],
    family: Sequence[Any],
    caseworker: User,
    total: int | None = None,
) -> DemoCases:
    """The demo's cases, unsaved (no database needed): the same arguments give the same rows."""
    specs = {s.name: s.needs for s in DEMOSHIRE_SETTINGS}
    maker = CaseMaker(
        seed=seed,
        today=today,
        home=home,
        children=children,
        organisations=organisations,
        attendances=attendances,
        family=family,
        specs=specs,
    )
    ours = len(maker.children)
    total = total if total is not None else round(ours * CASES_PER_1500 / 1500)
    team = [
        User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{first.lower()}.{last.lower()}@demoshire.example.com",
            role=Role.CASEWORKER,
            organisation=home,
            job_title="SEND caseworker",
        )
        for username, first, last in TEAM
    ]
    pools = maker.pools()
    for pool in pools.values():
        maker.rng.shuffle(pool)
    used: set[uuid.UUID] = set()

    def take(kind: str) -> Child | None:
        order = {"E": "EKN", "K": "KNE", "N": "NKE"}[kind]
        for k in order:
            while pools[k]:
                child = pools[k].pop()
                if child.pk not in used:
                    used.add(child.pk)
                    return child
        return None

    def fits(point: str, child: Child) -> bool:
        dob = child.date_of_birth
        if point == RECENT:
            return True
        if point == "early_years":
            fifth = dob.replace(year=dob.year + 5) if (dob.month, dob.day) != (2, 29) else dob
            return age_on(dob, today) * 12 >= 30 and fifth > today + dt.timedelta(days=215)
        if age_on(dob, today) < 4:
            return False
        if point in ("transfer_school", "transfer_post16"):
            year = reviews.transfer_year(today)
            group = reviews.curriculum_year(dob, dt.date(year - 1, 9, 1))
            return group == (6 if point == "transfer_school" else 11)
        return True

    # The demo's family accounts see something real on their pages (/my/): the parent's child
    # (on SEN support) has the first draft plan sent, its 15 days for comments still running;
    # the young person's plan has its review meeting arranged for the coming weeks. Held back
    # from the pools until their turn; given back if their turn never comes (a small demo).
    parent_child = next(
        (m.child for m in family if m.user is not None and m.user.username == "parent"), None
    )
    young = next(
        (
            c
            for c in maker.children
            if c.young_person_user is not None and c.young_person_user.username == "youngperson"
        ),
        None,
    )
    reserved = {c.pk: c for c in (parent_child, young) if c is not None}
    used.update(reserved)

    def reserved_for(stage: str, point: str, index: int) -> Child | None:
        first_draft = stage == Stage.DRAFT_SENT and index == 0
        if first_draft and parent_child is not None and parent_child.sen_provision != "E":
            return reserved.pop(parent_child.pk, None)
        if young is None or point != "scheduled" or young.sen_provision != "E":
            return None
        return reserved.pop(young.pk) if young.pk in reserved and fits(point, young) else None

    senco_left = dict(SENCO_POINTS)

    def take_for(point: str) -> Child | None:
        """A child with a plan who fits the point (the SENCO's pupils first for some)."""
        pool = pools["E"]
        wanted = [lambda c: fits(point, c)]
        if senco_left.get(point) and maker.senco_school is not None:
            school = maker.senco_school
            wanted.insert(0, lambda c: fits(point, c) and maker.current.get(c.pk) is school)
        for test in wanted:
            for i in range(len(pool) - 1, -1, -1):
                child = pool[i]
                if child.pk not in used and test(child):
                    del pool[i]
                    used.add(child.pk)
                    if senco_left.get(point) and maker.current.get(child.pk) is maker.senco_school:
                        senco_left[point] -= 1
                    return child
        return None

    points = _points(_shares(total)[Stage.FINAL_ISSUED])
    plans_made: list[DemoCase] = []
    for stage, count in _shares(total).items():
        for index in range(count):
            point = ""
            if stage == Stage.FINAL_ISSUED:
                kind = "E"
                point = points[index]
            elif stage in (Stage.REQUESTED, Stage.ASSESSING) and maker.chance(0.06):
                kind = "N"
            else:
                kind = "K"
            child = reserved_for(stage, point, index)
            if child is None and point and point != RECENT:
                child = take_for(point)
            if child is None:
                point = RECENT if point else ""
                child = take(kind)
            if child is None:
                break
            if point and point != RECENT:
                events, closed = maker.in_force(point, child), None
            else:
                events, closed = maker.timeline(stage, child)
            if child is parent_child and stage == Stage.DRAFT_SENT:
                events = _draft_sent_lately(events, today)
            if point and point not in ("moving", "cease"):
                move = maker.transfer(child)
                if move is not None:
                    events.append(move)
            received = events[0].date or today
            case = Case(
                id=maker.uuid(),
                child=child,
                authority=home,
                request_source=events[0].details["source"],
                received_on=received,
            )
            plan = Plan(id=maker.uuid(), case=case)
            demo = DemoCase(case, child, stage, events, plan, closed_on=closed, point=point)
            plans_made.append(demo)

    used.difference_update(reserved)  # a turn that never came: back to the usual cases

    # Every other child of ours shown with a plan has one too ("has an EHC plan" comes from
    # the plan records: ADR 0013): plans issued before this year's pathway cases, spread over
    # the review cycle, with a phase transfer for those moving on next year.
    long_standing = [c for c in maker.children if c.sen_provision == "E" and c.pk not in used]
    for child in long_standing:
        used.add(child.pk)
        point = _long_standing_point(maker, child, fits)
        if point == RECENT:
            events, closed = maker.timeline(Stage.FINAL_ISSUED, child)
        else:
            events, closed = maker.in_force(point, child), None
        case = Case(
            id=maker.uuid(),
            child=child,
            authority=home,
            request_source=events[0].details["source"],
            received_on=events[0].date or today,
        )
        plan = Plan(id=maker.uuid(), case=case)
        plans_made.append(
            DemoCase(case, child, Stage.FINAL_ISSUED, events, plan, closed_on=closed, point=point)
        )

    # Plans' content, exceptions, corrections, notes.
    for demo in plans_made:
        sent = next((e.date for e in demo.events if e.type == "draft_plan_sent"), None)
        issued = next((e.date for e in demo.events if e.type == "final_plan_issued"), None)
        if demo.stage == Stage.DRAFTING:
            plan_content(maker, demo, complete=maker.chance(0.5))
        elif demo.stage in (Stage.DRAFT_SENT, Stage.FINAL_ISSUED):
            plan_content(maker, demo, complete=True)
            demo.plan.status = PlanStatus.DRAFT_SENT if issued is None else PlanStatus.FINAL
            demo.plan.draft_sent_on = sent
            demo.plan.issued_on = issued
            if issued is not None:
                named = next(e for e in demo.events if e.type == "placement_named")
                org = next(
                    o for o in organisations if str(o.pk) == named.details["organisation_id"]
                )
                demo.plan.placement = org
                demo.plan.section_i = f"{org.get_setting_type_display()}: {org.name}"
        rows = maker.engine_rows(demo.child, demo.events)
        if maker.chance(0.09):
            maker.add_exception(demo, rows)
        if maker.chance(0.03):
            maker.add_correction(demo)
        if demo.closed_on is None and maker.chance(0.25):
            first = demo.events[0].date or today
            day = weekday_back(first + dt.timedelta(days=maker.days(2, 30)), first)
            if day <= today:
                demo.events.append(DemoEvent("note", day, {}, note=maker.pick(CASE_NOTES)))

    # Who holds which case: the demo caseworker ~40 open ones, a few overdue and several due
    # this week; the rest shared round the team.
    week = today + dt.timedelta(days=7)
    for demo in plans_made:
        rows = maker.engine_rows(demo.child, demo.effective())
        due = [
            dt.date.fromisoformat(r["due"])
            for r in rows
            if r["completed_on"] is None
            and not r["key"].endswith("_representations_close")
            and r["key"].split(":")[0] not in services.FAMILY_LIMITS
        ]
        demo.next_due = min(due) if due else None
    open_cases = [d for d in plans_made if d.closed_on is None]
    overdue = [d for d in open_cases if d.next_due and d.next_due < today]
    this_week = [d for d in open_cases if d.next_due and today <= d.next_due <= week]
    rest = [d for d in open_cases if d not in overdue and d not in this_week]
    mine_total = max(5, round(CASEWORKER_OPEN_PER_1500 * total / CASES_PER_1500))
    mine = maker.rng.sample(overdue, min(len(overdue), max(2, round(mine_total * 0.12))))
    mine += maker.rng.sample(this_week, min(len(this_week), max(2, round(mine_total * 0.2))))
    mine += maker.rng.sample(rest, min(len(rest), mine_total - len(mine)))
    mine_ids = {id(d) for d in mine}
    others = [d for d in plans_made if id(d) not in mine_ids]
    for d in mine:
        d.case.caseworker = caseworker
    for i, d in enumerate(others):
        d.case.caseworker = team[i % len(team)]
    everyone = [caseworker, *team]
    for demo in plans_made:
        case = demo.case
        holder = case.caseworker or caseworker  # every case was given one just above
        case.created_by = case.modified_by = holder
        if demo.closed_on is None and maker.chance(0.05) and len(demo.events) > 2:
            previous = maker.pick([u for u in everyone if u is not holder])
            first = demo.events[0].date or today
            moved = weekday_back(min(first + dt.timedelta(days=maker.days(7, 40)), today), first)
            for e in demo.events:
                e.by_previous = e.date is not None and e.date < moved
            demo.previous = previous
            demo.events.append(
                DemoEvent(
                    "caseworker_assigned",
                    moved,
                    {
                        "caseworker_id": None,  # set once the accounts are saved
                        "caseworker": holder.get_full_name(),
                        "previous": previous.get_full_name(),
                    },
                    note="Caseload rebalanced by the team manager",
                )
            )
        if demo.closed_on is not None:
            case.closed_reason = "Decision notice sent; no appeal or mediation within 2 months"
    # References in date order, numbered within each year (as case_open numbers them).
    counters: Counter[int] = Counter()
    for demo in sorted(plans_made, key=lambda d: (d.case.received_on, str(d.case.pk))):
        year = demo.case.received_on.year
        counters[year] += 1
        demo.case.reference = f"EHC-{year}-{counters[year]:05d}"
    return DemoCases(team=team, cases=plans_made, caseworker=caseworker)
