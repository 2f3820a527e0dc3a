"""Benchmark data at the size of England's largest authority, built fast and kept consistent.

25,000 children with EHC plans (each a case whose plan was issued at some point in the last ten
years, with its last annual review), 6,000 open requests and assessments at every pathway
stage, 3,000 closed refusals, 30,000 more children with no case, 560 schools and settings,
60 caseworkers and 5 managers: about 300,000 events. Timelines come from the Demoshire demo's
case maker (``sendpath.demo.cases``), so they carry the same details the pages write.

Rows are bulk-inserted a chunk of cases at a time. Each case's deadlines are the engine's
output for its timeline, turned into ``Deadline`` rows and the case's derived fields exactly as
``services.deadlines_refresh`` turns them (checked on a sample by :func:`verify`, which runs
the real ``deadlines_refresh`` and compares).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from sendpath.core.identifiers import upn_check_letter
from sendpath.demo import names
from sendpath.demo.cases.in_force import CaseMaker
from sendpath.demo.cases.timeline import DemoCase, DemoEvent
from sendpath.ehc.cases import services
from sendpath.ehc.models import Case, CaseEvent, Deadline, Plan, PlanStatus, Stage
from sendpath.people.models import (
    Child,
    Organisation,
    OrganisationKind,
    Phase,
    Role,
    SettingAttendance,
    SettingType,
    User,
)

PASSWORD = "bench-password-not-secret"  # noqa: S105 - a throwaway benchmark database
AUTHORITY = "Benchshire County Council"


@dataclass(frozen=True)
class Scale:
    plans: int = 25_000
    open_cases: int = 6_000
    closed: int = 3_000
    other_children: int = 30_000
    caseworkers: int = 60
    managers: int = 5
    settings: int = 560
    # Plans issued in the last this-many days have their whole pathway on the timeline; older
    # ones came from the previous system with their key dates only.
    full_history_days: int = 240

    def key(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


# How the open cases spread over the pathway.
OPEN_MIX = {
    Stage.REQUESTED: 0.25,
    Stage.ASSESSING: 0.5,
    Stage.DRAFTING: 0.1,
    Stage.DRAFT_SENT: 0.15,
}
# Primary needs of children with plans, roughly England's mix (DfE 2025).
NEEDS = {
    "ASD": 33,
    "SLCN": 21,
    "SEMH": 15,
    "MLD": 8,
    "SLD": 5,
    "SPLD": 4,
    "PD": 3,
    "HI": 2,
    "VI": 1,
    "PMLD": 1,
    "MSI": 1,
    "OTH": 3,
}
# Years since a plan was issued (plans have grown about 10% a year).
PLAN_AGE_YEARS = ((0, 20), (1, 17), (2, 15), (3, 13), (4, 11), (5, 9), (6, 7), (7, 5), (8, 3))


@dataclass
class Built:
    cases: int = 0
    events: int = 0
    deadlines: int = 0
    children: int = 0
    stages: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


class _Rows:
    """The rows of one chunk of cases, ready for bulk insert."""

    def __init__(self) -> None:
        self.cases: list[Case] = []
        self.plans: list[Plan] = []
        self.events: list[CaseEvent] = []
        self.deadlines: list[Deadline] = []


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _years_ago(day: dt.date, years: float) -> dt.date:
    return day - dt.timedelta(days=round(years * 365.25))


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=d)
        except ValueError:
            continue
    raise ValueError(day)


def plan_dates(plan: Plan, events: list[CaseEvent]) -> None:
    """The plan's sent and issued dates, copied from the timeline as the service copies them."""
    sent = [e.date for e in events if e.type == "draft_plan_sent" and e.date]
    issued = [e.date for e in events if e.type == "final_plan_issued" and e.date]
    plan.draft_sent_on = max(sent) if sent else None
    plan.issued_on = max(issued) if issued else None


def deadline_rows(case: Case, events: list[CaseEvent], as_of: dt.date) -> list[Deadline]:
    """Deadline rows and the case's derived fields, exactly as ``services.deadlines_refresh``
    makes them (without its per-case delete, insert and update)."""
    return services.deadline_rows(case, events, as_of)


class BenchBuilder:
    def __init__(self, *, seed: int, today: dt.date, scale: Scale) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.today = today
        self.scale = scale
        self.upn = 500000000000
        pools = names.POOLS.values()
        self.boys = sorted({n for p in pools for n in p.boys})
        self.girls = sorted({n for p in pools for n in p.girls})
        self.surnames = sorted({n for p in pools for n in p.surnames})

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    # -- organisations, staff and children ---------------------------------------------------

    def organisations(self) -> tuple[Organisation, list[Organisation], dict[str, tuple[str, ...]]]:
        la = Organisation(
            id=self.uuid(),
            kind=OrganisationKind.LOCAL_AUTHORITY,
            name=AUTHORITY,
            la_code="998",
            ons_code="E10999998",
        )
        mix = [
            ("early_years", 0.04),
            ("primary", 0.75),
            ("secondary", 0.16),
            ("special", 0.035),
            ("college", 0.015),
        ]
        settings: list[Organisation] = []
        specs: dict[str, tuple[str, ...]] = {}
        special_needs = [("ASD", "SLCN"), ("SLD", "PMLD", "MSI"), ("SEMH",), ("MLD", "SPLD")]
        for kind, share in mix:
            for n in range(max(1, round(self.scale.settings * share))):
                place = self.surnames[(n * 7 + len(settings)) % len(self.surnames)]
                if kind == "early_years":
                    org_kind, phase, stype = (
                        OrganisationKind.EARLY_YEARS,
                        Phase.NURSERY,
                        "early_years",
                    )
                    name = f"{place} Day Nursery {n + 1}"
                elif kind == "college":
                    org_kind, phase, stype = OrganisationKind.COLLEGE, Phase.POST_16, "fe_college"
                    name = f"{place} College {n + 1}"
                elif kind == "special":
                    org_kind, phase = OrganisationKind.SCHOOL, Phase.ALL_THROUGH
                    stype = SettingType.SPECIAL_MAINTAINED
                    name = f"{place} Special School {n + 1}"
                    specs[name] = special_needs[n % len(special_needs)]
                else:
                    org_kind = OrganisationKind.SCHOOL
                    phase = Phase.PRIMARY if kind == "primary" else Phase.SECONDARY
                    stype = SettingType.MAINSTREAM_ACADEMY if n % 2 else "mainstream_maintained"
                    name = f"{place} {'Primary' if kind == 'primary' else 'High'} School {n + 1}"
                settings.append(
                    Organisation(
                        id=self.uuid(),
                        kind=org_kind,
                        name=name,
                        phase=phase,
                        setting_type=stype,
                        local_authority=la,
                        urn=f"{800000 + len(settings)}",
                    )
                )
        return la, settings, specs

    def staff(self, la: Organisation) -> tuple[list[User], list[User]]:
        hashed = make_password(PASSWORD)
        caseworkers = [
            User(
                username=f"bench-cw-{n:02d}",
                first_name=self.rng.choice(self.girls + self.boys),
                last_name=self.rng.choice(self.surnames),
                role=Role.CASEWORKER,
                organisation=la,
                password=hashed,
            )
            for n in range(1, self.scale.caseworkers + 1)
        ]
        managers = [
            User(
                username=f"bench-mgr-{n}",
                first_name=self.rng.choice(self.girls + self.boys),
                last_name=self.rng.choice(self.surnames),
                role=Role.MANAGER,
                organisation=la,
                password=hashed,
            )
            for n in range(1, self.scale.managers + 1)
        ]
        return caseworkers, managers

    def child(self, la: Organisation, provision: str, low: int, high: int) -> Child:
        rng = self.rng
        age_days = rng.randint(low * 365 + 1, (high + 1) * 365 - 1)
        sex = rng.choice("MF")
        self.upn += 1
        body = f"{self.upn:012d}"
        need = _weighted(rng, NEEDS) if provision != "N" else ""
        return Child(
            id=self.uuid(),
            first_name=rng.choice(self.boys if sex == "M" else self.girls),
            last_name=rng.choice(self.surnames),
            date_of_birth=self.today - dt.timedelta(days=age_days),
            sex=sex,
            upn=upn_check_letter(body) + body,
            responsible_authority=la,
            sen_provision=provision,
            primary_need=need,
        )

    def attend(
        self, child: Child, buckets: dict[tuple[str, str], list[Organisation]]
    ) -> SettingAttendance | None:
        """A current school or setting that fits the child's age and need."""
        age = (self.today - child.date_of_birth).days // 365
        if age < 2 or age > 19:
            return None
        if child.primary_need in ("SLD", "PMLD", "MSI") or self.rng.random() < 0.08:
            key = ("special", "")
        elif age < 4:
            key = ("early_years", "")
        elif age >= 16:
            key = ("college", "")
        else:
            key = ("mainstream", Phase.PRIMARY if age < 11 else Phase.SECONDARY)
        org = self.rng.choice(buckets[key])
        start = max(child.date_of_birth, self.today - dt.timedelta(days=self.rng.randint(60, 2000)))
        return SettingAttendance(id=self.uuid(), child=child, organisation=org, start_date=start)

    @staticmethod
    def buckets(settings: Sequence[Organisation]) -> dict[tuple[str, str], list[Organisation]]:
        out: dict[tuple[str, str], list[Organisation]] = {}
        for s in settings:
            if s.setting_type.startswith("mainstream"):
                key = ("mainstream", s.phase)
            elif s.setting_type.startswith("special"):
                key = ("special", "")
            elif s.setting_type == "early_years":
                key = ("early_years", "")
            else:
                key = ("college", "")
            out.setdefault(key, []).append(s)
        return out

    # -- timelines ---------------------------------------------------------------------------

    def plan_issued_on(self, child: Child) -> dt.date:
        rng = self.rng
        years = rng.choices([y for y, _ in PLAN_AGE_YEARS], [w for _, w in PLAN_AGE_YEARS])[0]
        issued = _years_ago(self.today, years + rng.random())
        earliest = child.date_of_birth + dt.timedelta(days=365 + 200)
        return min(max(issued, earliest), self.today - dt.timedelta(days=1))

    def plan_timeline(self, maker: CaseMaker, child: Child, issued: dt.date) -> list[DemoEvent]:
        rng = self.rng
        offset = rng.randint(105, 140) if rng.random() < 0.5 else rng.randint(141, 200)
        got = max(issued - dt.timedelta(days=offset), child.date_of_birth + dt.timedelta(days=365))
        if (self.today - issued).days <= self.scale.full_history_days:
            events = maker.final_plan(child, got, issued)
        else:
            # From the previous system: the pathway's key dates only.
            decided = got + dt.timedelta(days=rng.randint(20, 42))
            outcome = got + dt.timedelta(days=rng.randint(80, 112))
            sent = min(outcome + dt.timedelta(days=rng.randint(0, 14)), issued)
            outcome = min(outcome, sent)
            events = [
                maker.request(child, got),
                maker.decision_yes(child, decided),
                maker.plan_decision(child, outcome),
                maker.draft(child, sent),
                DemoEvent(
                    "final_plan_issued", issued, {"note": "Migrated from the previous system"}
                ),
            ]
        return events + self.last_review(issued)

    def last_review(self, issued: dt.date) -> list[DemoEvent]:
        """The latest annual review held (a few missed), with its report and decision."""
        rng = self.rng
        today = self.today
        years = 0
        while _add_months(issued, 12 * (years + 1)) <= today - dt.timedelta(days=20):
            years += 1
        if years == 0:
            return []
        if rng.random() < 0.08:  # the last review was missed: the annual review is overdue
            years -= 1
            if years == 0:
                return []
        due = _add_months(issued, 12 * years)
        meeting = due - dt.timedelta(days=rng.randint(-25, 45))
        meeting = min(meeting, today - dt.timedelta(days=1))
        events = []
        if rng.random() < 0.5:
            events.append(
                DemoEvent(
                    "review_invitations_sent",
                    meeting - dt.timedelta(days=rng.randint(10, 24)),
                )
            )
            events.append(DemoEvent("review_meeting_scheduled", meeting))
        events.append(DemoEvent("review_meeting_held", meeting))
        report = meeting + dt.timedelta(days=rng.randint(3, 20))
        if report <= today:
            events.append(DemoEvent("review_report_received", report))
        decision = meeting + dt.timedelta(days=rng.randint(7, 35))
        if decision <= today:
            outcome = "amend" if rng.random() < 0.25 else "maintain"
            events.append(DemoEvent("review_decision_notified", decision, {"outcome": outcome}))
            proposed = decision + dt.timedelta(days=rng.randint(0, 10))
            if outcome == "amend" and proposed <= today:
                events.append(DemoEvent("amendment_proposed", proposed))
                amended = proposed + dt.timedelta(days=rng.randint(20, 60))
                if amended <= today:
                    events.append(DemoEvent("amended_plan_issued", amended))
        return events

    def refused_timeline(self, maker: CaseMaker, child: Child) -> tuple[list[DemoEvent], dt.date]:
        rng = self.rng
        got = self.today - dt.timedelta(days=rng.randint(130, 1000))
        got = max(got, child.date_of_birth + dt.timedelta(days=365))
        decided = got + dt.timedelta(days=rng.randint(20, 48))
        events = [
            maker.request(child, got),
            DemoEvent(
                "decision_to_assess", decided, {"outcome": "no", "reasons": "Needs can be met"}
            ),
            maker.notice(decided, "not_to_assess"),
        ]
        return events, decided + dt.timedelta(days=rng.randint(62, 75))

    # -- the whole build ---------------------------------------------------------------------

    def build(self, *, say: Callable[[str], None], chunk: int = 2000) -> Built:
        started = time.perf_counter()
        built = Built()
        scale = self.scale
        la, settings, specs = self.organisations()
        Organisation.objects.bulk_create([la])
        Organisation.objects.bulk_create(settings, batch_size=1000)
        caseworkers, managers = self.staff(la)
        User.objects.bulk_create([*caseworkers, *managers])
        caseworkers = list(User.objects.filter(role=Role.CASEWORKER, organisation=la))
        say(f"  {len(settings)} settings, {len(caseworkers)} caseworkers, {len(managers)} managers")

        plan_children = [self.child(la, "E", 3, 24) for _ in range(scale.plans)]
        open_children = [self.child(la, "K", 2, 17) for _ in range(scale.open_cases)]
        refused_children = [self.child(la, "K", 3, 17) for _ in range(scale.closed)]
        others = [
            self.child(la, self.rng.choice("KKN"), 0, 19) for _ in range(scale.other_children)
        ]
        children = plan_children + open_children + refused_children + others
        buckets = self.buckets(settings)
        attendances = [a for c in children if (a := self.attend(c, buckets)) is not None]
        Child.objects.bulk_create(children, batch_size=5000)
        SettingAttendance.objects.bulk_create(attendances, batch_size=5000)
        built.children = len(children)
        say(f"  {len(children):,} children, {len(attendances):,} attendances")

        maker = CaseMaker(
            seed=self.seed,
            today=self.today,
            home=la,
            children=children,
            organisations=settings,
            attendances=attendances,
            family=[],
            specs=specs,
        )
        jobs: list[tuple[str, Child]] = [(Stage.FINAL_ISSUED, c) for c in plan_children]
        stages = list(OPEN_MIX)
        jobs += [
            (self.rng.choices(stages, [OPEN_MIX[s] for s in stages])[0], c) for c in open_children
        ]
        jobs += [(Stage.NOT_ASSESSED, c) for c in refused_children]
        self.rng.shuffle(jobs)
        years: Counter[int] = Counter()
        for start in range(0, len(jobs), chunk):
            rows = _Rows()
            for stage, child in jobs[start : start + chunk]:
                closed: dt.date | None = None
                if stage == Stage.FINAL_ISSUED:
                    events = self.plan_timeline(maker, child, self.plan_issued_on(child))
                elif stage == Stage.NOT_ASSESSED:
                    events, closed = self.refused_timeline(maker, child)
                else:
                    events, closed = maker.timeline(stage, child)
                received = events[0].date or self.today
                years[received.year] += 1
                worker = self.rng.choice(caseworkers)
                case = Case(
                    id=self.uuid(),
                    child=child,
                    authority=la,
                    caseworker=worker,
                    reference=f"EHC-{received.year}-{years[received.year]:05d}",
                    request_source=events[0].details["source"],
                    received_on=received,
                    created_by=worker,
                    modified_by=worker,
                )
                if closed is not None:
                    case.closed_at = dt.datetime.combine(closed, dt.time(16), tzinfo=dt.UTC)
                    case.closed_reason = "Decision notice sent; no appeal within 2 months"
                plan = Plan(id=self.uuid(), case=case, created_by=worker, modified_by=worker)
                demo = DemoCase(case, child, stage, events, plan)
                if stage in OPEN_MIX and self.rng.random() < 0.12:
                    maker.add_exception(demo, maker.engine_rows(child, demo.events))
                ordered = sorted(demo.events, key=lambda e: e.date or dt.date.max)
                case_events = [
                    CaseEvent(
                        case=case,
                        type=e.type,
                        date=e.date,
                        details=e.details,
                        note=e.note,
                        recorded_by=worker,
                    )
                    for e in ordered
                ]
                rows.deadlines += deadline_rows(case, case_events, self.today)
                plan_dates(plan, case_events)
                if case.stage == Stage.FINAL_ISSUED:
                    plan.status = PlanStatus.FINAL
                elif case.stage == Stage.DRAFT_SENT:
                    plan.status = PlanStatus.DRAFT_SENT
                rows.cases.append(case)
                rows.plans.append(plan)
                rows.events += case_events
                built.stages[case.stage] += 1
            Case.objects.bulk_create(rows.cases, batch_size=chunk)
            Plan.objects.bulk_create(rows.plans, batch_size=chunk)
            CaseEvent.objects.bulk_create(rows.events, batch_size=5000)
            Deadline.objects.bulk_create(rows.deadlines, batch_size=5000)
            built.cases += len(rows.cases)
            built.events += len(rows.events)
            built.deadlines += len(rows.deadlines)
            say(
                f"  cases {built.cases:,}/{len(jobs):,}: {built.events:,} events, "
                f"{built.deadlines:,} deadlines ({time.perf_counter() - started:.0f} s)"
            )
        built.seconds = time.perf_counter() - started
        return built


def verify(*, sample: int, seed: int, as_of: dt.date) -> int:
    """Run the real ``services.deadlines_refresh`` on a sample of cases (rolled back) and check
    it stores exactly what the bulk build stored. Returns the number of cases checked."""
    rng = random.Random(seed)
    ids = list(Case.objects.values_list("pk", flat=True).order_by("pk"))
    chosen = rng.sample(ids, min(sample, len(ids)))

    def snapshot(pk: uuid.UUID) -> tuple[Any, ...]:
        case = Case.objects.get(pk=pk)
        deadlines = [
            (
                d.key,
                d.family,
                d.due,
                d.status,
                d.completed_on,
                d.exception,
                d.source,
                d.pending,
                d.family_limit,
            )
            for d in Deadline.objects.filter(case=case).order_by("key")
        ]
        plan = Plan.objects.get(case=case)
        return (
            case.stage,
            case.received_on,
            case.next_due,
            case.next_key,
            case.week20_exception,
            case.review_due,
            case.review_pending,
            case.transfer_year,
            case.transfer_kind,
            plan.draft_sent_on,
            plan.issued_on,
            deadlines,
        )

    for pk in chosen:
        before = snapshot(pk)
        with transaction.atomic():
            case = Case.objects.select_related("child").get(pk=pk)
            services.deadlines_refresh(case, as_of=as_of)
            after = snapshot(pk)
            transaction.set_rollback(True)
        if before != after:
            raise AssertionError(f"case {pk}: bulk build {before} != deadlines_refresh {after}")
    return len(chosen)


META_TABLE = "bench_meta"


def read_meta() -> dict[str, Any] | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [META_TABLE])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'build'")  # noqa: S608
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def write_meta(meta: dict[str, Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key text PRIMARY KEY, value text)"
        )
        cursor.execute(
            f"INSERT INTO {META_TABLE} (key, value) VALUES ('build', %s) "  # noqa: S608
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [json.dumps(meta, default=str)],
        )
