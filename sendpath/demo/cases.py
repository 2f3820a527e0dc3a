"""Statutory cases for the Demoshire demo: about 400 EHC needs assessments at every stage.

Each case is a timeline of events as a caseworker would have recorded them through the pages
(the same event types and the same ``details`` as ``sendpath.ehc.cases.services`` and the views
write), with request dates spread over the last 40 weeks: requests awaiting a decision,
assessments with advice requested, received and overdue, plans being drafted, drafts out for
comment with settings consulted, final plans issued on time and late, decisions not to assess
or not to issue a plan (closed once the family's two months to appeal have passed). Some
deadlines are met, some late, some open, some overdue, and a few carry an exception (a school
closure, a missed appointment, exceptional personal circumstances). Plans at draft and final stage have sections A and I, needs in B,
outcomes in E and provision in F, linked to the needs they address.

Plans in force stand at every point of the review cycle (``POINTS``): issued 10 to 14 months ago
with no review yet, a review meeting arranged for the coming weeks (with and without the
invitations sent), meetings held awaiting the report, reports awaiting the authority's decision,
decisions to maintain, amend or cease, under-5s on six-monthly reviews, amendments proposed and
amended plans issued (each kept as a ``PlanVersion``), phase transfers for children moving Year 6
to 7 and Year 11 to post-16, moves to another authority and one ceased plan. The SENCO demo
account's school has several of these reviews, so its review worklist is not empty.

The team is the demo's ``caseworker`` and ``manager`` plus six more caseworkers. The
``caseworker`` account holds about 40 open cases, a few overdue and several due this week, so
its worklist looks like a Monday morning; the ``manager`` sees the whole team.

Everything comes from one ``random.Random`` seeded from the demo's seed, and dates count back
from the demo's ``today``: the same seed gives the same cases on the same day. Events are
bulk-inserted and each case's deadlines are then rebuilt once by
``services.deadlines_refresh``, so the stored deadlines are exactly the engine's.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from sendpath.demo.draws import Draws
from sendpath.ehc.amendments.selectors import CEASE_REASONS
from sendpath.ehc.cases import services
from sendpath.ehc.models import (
    Case,
    CaseEvent,
    Plan,
    PlanNeed,
    PlanOutcome,
    PlanProvision,
    PlanStatus,
    PlanVersion,
    RequestSource,
    Stage,
)
from sendpath.ehc.plans.versions import snapshot_plan
from sendpath.ehc.presenters import deadline_label
from sendpath.ehc.requests.forms import EXCEPTION_REASON_LABELS
from sendpath.ehc.reviews import selectors as review_selectors
from sendpath.people.models import Child, Organisation, OrganisationKind, Role, User
from sendpath.timescales import DeadlineRow, compute

T = TypeVar("T")

# Cases for the default 1,500 children; other sizes scale in proportion.
CASES_PER_1500 = 400
# The demo caseworker's open cases for the default size (scaled likewise).
CASEWORKER_OPEN_PER_1500 = 40

# How the cases are spread over the stages (shares of 400).
STAGE_SHARES: tuple[tuple[str, int], ...] = (
    (Stage.REQUESTED, 48),
    (Stage.ASSESSING, 112),
    (Stage.DRAFTING, 34),
    (Stage.DRAFT_SENT, 40),
    (Stage.FINAL_ISSUED, 96),
    (Stage.NOT_ASSESSED, 50),
    (Stage.NO_PLAN, 20),
)

# The rest of the SEND team: username, first name, last name (same password as the demo).
TEAM: tuple[tuple[str, str, str], ...] = (
    ("caseworker2", "Tom", "Okafor"),
    ("caseworker3", "Sian", "Pritchard"),
    ("caseworker4", "Imran", "Qureshi"),
    ("caseworker5", "Laura", "Bennett"),
    ("caseworker6", "Dominic", "Walsh"),
    ("caseworker7", "Mei", "Chen"),
)

NHS_TRUST = "Demoshire Community Health NHS Trust"
EP_SERVICE = "Demoshire Educational Psychology Service"
CWD_TEAM = "Demoshire Children with Disabilities Team"
PFA_SERVICE = "Demoshire Careers and Preparing for Adulthood Service"
SENSORY_SERVICE = "Demoshire Sensory Support Service"

# Advice sources of reg 6(1): label, organisation ("" for the family, None for the school),
# authors.
ADVICE: dict[str, tuple[str, str | None, tuple[str, ...]]] = {
    "parent": ("Advice and information from the parent or carer", "", ()),
    "young_person": ("The young person's own views and advice", "", ()),
    "educational": ("Educational advice from the school or setting", None, ()),
    "psychological": (
        "Psychological advice (educational psychologist)",
        EP_SERVICE,
        ("Dr Hannah Cole", "Dr Samuel Adeyemi", "Dr Fiona Grant", "Dr Rhys Morgan"),
    ),
    "medical": (
        "Medical advice",
        NHS_TRUST,
        ("Dr Adaeze Nwankwo", "Dr Owen Price", "Dr Leila Haddad"),
    ),
    "social_care": ("Social care advice", CWD_TEAM, ("Kerry Marsden", "Joel Ibrahim")),
    "preparing_for_adulthood": (
        "Advice on preparing for adulthood (Year 9 and above)",
        PFA_SERVICE,
        ("Natalie Briggs",),
    ),
    "other": ("Other advice: specialist teacher", SENSORY_SERVICE, ("Ruth Kendall",)),
    "requested_by_family": (
        "Advice the family asked for: speech and language therapy",
        "Independent speech and language therapist",
        ("Amelia Frost",),
    ),
}

REQUEST_SUMMARIES = (
    "Progress remains well below that of peers despite two terms of SEN support with "
    "specialist advice.",
    "Needs are increasing and the school's own resources no longer meet them; "
    "attendance has fallen this term.",
    "The family and school agree that more support is needed than SEN support can give.",
    "Health and early years professionals report significant delay across several areas.",
    "Frequent exclusions and distress at school despite a detailed support plan.",
)
REASONS = {
    "yes": (
        "The evidence shows {name} may have special educational needs and may need provision "
        "through an EHC plan: progress is limited despite SEN support over two terms.",
        "The school, the family and health professionals describe needs that may require "
        "provision beyond the school's own resources.",
    ),
    "no": (
        "The school has not yet used all the support available at SEN support. The family "
        "was told what the school will do next and how to ask again.",
        "The evidence shows {name}'s needs can be met from the school's own resources with "
        "the specialist advice already given.",
    ),
    "plan": (
        "The assessment shows {name} needs special educational provision beyond what the "
        "school can make from its own resources.",
        "All the advice agrees that {name}'s needs call for an EHC plan.",
    ),
    "no_plan": (
        "The assessment shows {name}'s needs can be met at SEN support with the changes the "
        "advice recommends. A support plan was shared with the school and family.",
    ),
}
CASE_NOTES = (
    "Phoned the family to explain the assessment and the 20-week timescale.",
    "Chased the school for the SEN support plan and attendance record.",
    "Family asked for letters in large print.",
    "Met the SENCO to talk through the advice received so far.",
    "Parent asked for a copy of the educational psychologist's report.",
)
EXCEPTION_NOTES = {
    "school_closure": "Advice was asked for in the week before the summer holidays; the school "
    "was closed for six weeks.",
    "exceptional_personal_circumstances": "A family bereavement: the family asked for a "
    "pause of four weeks.",
    "absence_from_area": "The family was abroad for five weeks visiting relatives.",
    "missed_appointment": "The family missed the clinic appointment; a new one was offered.",
}

# Deadlines an exception can excuse (reg 5(4), 8(2), 10(4), 13(3)).
EXCUSABLE = frozenset(
    {"decide_whether_to_assess", "advice", "decide_whether_to_issue_plan", "issue_final_plan"}
)

# Areas of need (SEND Code of Practice 6.28) by primary need, and the plan's content for each:
# (need in B, outcome in E, how measured, provision in F: what, who, how often, how long).
AREA_OF = {
    "ASD": "Communication and interaction",
    "SLCN": "Communication and interaction",
    "SPLD": "Cognition and learning",
    "MLD": "Cognition and learning",
    "SLD": "Cognition and learning",
    "PMLD": "Cognition and learning",
    "DS": "Cognition and learning",
    "OTH": "Cognition and learning",
    "NSA": "Cognition and learning",
    "SEMH": "Social, emotional and mental health",
    "HI": "Sensory and/or physical needs",
    "VI": "Sensory and/or physical needs",
    "MSI": "Sensory and/or physical needs",
    "PD": "Sensory and/or physical needs",
}
Content = tuple[str, str, str, tuple[str, str, str, str]]
PLAN_CONTENT: dict[str, tuple[Content, ...]] = {
    "Communication and interaction": (
        (
            "{name} finds it hard to understand spoken instructions of more than two parts and "
            "to take turns in conversation.",
            "{name} will follow three-part instructions in class without adult prompting.",
            "Termly observation by the speech and language therapist; class teacher's record.",
            (
                "Speech and language therapy programme, planned by the therapist and delivered "
                "in a small group",
                "Speech and language therapist, with a trained teaching assistant",
                "30 minutes, three times a week",
                "12 months, reviewed at the annual review",
            ),
        ),
        (
            "{name} becomes anxious when routines change and may leave the classroom.",
            "{name} will manage a change to the daily routine using a visual timetable, "
            "staying in class on 4 days out of 5.",
            "Daily log kept by the key adult, summarised each half term.",
            (
                "A visual timetable checked with a named key adult at the start of each day",
                "Named key adult (teaching assistant)",
                "10 minutes each morning",
                "Until the next annual review",
            ),
        ),
    ),
    "Cognition and learning": (
        (
            "{name} reads about two years below age-related expectations and finds it hard to "
            "remember new words.",
            "{name} will read a book banded at the next level with 90% accuracy.",
            "Standardised reading assessment each term.",
            (
                "Structured, multi-sensory literacy programme, one to one",
                "Teaching assistant trained in the programme, overseen by the SENCO",
                "20 minutes a day, five days a week",
                "Two terms, then reviewed",
            ),
        ),
        (
            "{name} needs work broken into small steps and extra time to process information.",
            "{name} will complete a piece of independent work of 15 minutes using a task "
            "checklist.",
            "Work samples reviewed each half term by the class teacher and SENCO.",
            (
                "Differentiated tasks with a written checklist, and pre-teaching of key "
                "vocabulary for each topic",
                "Class teacher, with support from a teaching assistant",
                "Every lesson; pre-teaching 15 minutes twice a week",
                "12 months",
            ),
        ),
    ),
    "Social, emotional and mental health": (
        (
            "{name} finds it hard to regulate strong feelings and may hurt others when "
            "overwhelmed.",
            "{name} will use an agreed calming strategy, with no more than one physical "
            "incident a half term.",
            "Incident log and the Boxall Profile, each term.",
            (
                "Emotional literacy support sessions (ELSA), one to one",
                "Trained emotional literacy support assistant",
                "45 minutes a week",
                "Two terms, then reviewed",
            ),
        ),
        (
            "{name}'s attendance has fallen to 70% and {name} finds unstructured times hard.",
            "{name} will attend at least 90% of sessions over a term.",
            "School attendance register, reviewed each half term.",
            (
                "A supervised lunchtime club and a check-in with a named adult on arrival",
                "Pastoral lead and lunchtime supervisor",
                "Every school day",
                "12 months",
            ),
        ),
    ),
    "Sensory and/or physical needs": (
        (
            "{name} has a hearing loss and misses spoken information in a noisy classroom.",
            "{name} will take part in whole-class discussion using a radio aid, answering "
            "questions on 4 occasions out of 5.",
            "Teacher of the deaf's visit report each term.",
            (
                "Radio aid used in all lessons, and advice to staff from a qualified teacher "
                "of the deaf",
                "Qualified teacher of the deaf (Demoshire Sensory Support Service)",
                "Visit of 1 hour every half term; radio aid in every lesson",
                "12 months",
            ),
        ),
        (
            "{name} has difficulty with fine motor skills and tires when writing by hand.",
            "{name} will produce a page of written work using a laptop at the same pace as peers.",
            "Occupational therapist's review each term; samples of work.",
            (
                "Touch-typing programme and a laptop for written work",
                "Teaching assistant, following the occupational therapist's programme",
                "20 minutes, three times a week",
                "Two terms, then reviewed",
            ),
        ),
    ),
}
PFA_OUTCOME = (
    "{name} will travel independently between home and college by bus, using a travel plan.",
    "Travel training log kept by the independent travel trainer.",
)
INTERESTS = (
    "drawing and building with Lego",
    "swimming and being outdoors",
    "music, especially singing in the choir",
    "animals, and helping to look after the family's dog",
    "football and playing games on the tablet",
    "cooking with grandparents",
    "trains and maps",
    "dancing and drama club",
)
ASPIRATIONS = (
    "make friends and feel calm at school",
    "learn to read stories on their own",
    "go to the same secondary school as their brother",
    "work with animals when they are older",
    "go to college and learn to cook",
    "be more independent and travel on their own",
)


# Plans in force: where each final plan stands in its review cycle, with its share of the 96
# final plans (the rest were issued in the last few months and have no review yet).
POINTS: dict[str, tuple[int, str]] = {
    "review_due": (10, "Plan issued 10 to 14 months ago, no review yet (some overdue)"),
    "scheduled": (12, "Review meeting arranged for the coming weeks"),
    "held": (8, "Review meeting held, awaiting the report"),
    "reported": (8, "Review report received, awaiting the authority's decision"),
    "maintain": (6, "Review decided: keep the plan as it is"),
    "transfer_school": (2, "Review decided, moving from Year 6 to Year 7 next year"),
    "transfer_post16": (2, "Review decided, moving from Year 11 to post-16 next year"),
    "amend_open": (4, "Review decided to amend: amendments proposed"),
    "amended": (4, "Review decided to amend: amended plan issued"),
    "early_years": (4, "Under 5: reviewed every 6 months"),
    "moving": (2, "Moving to another authority"),
    "cease": (1, "Review decided to cease the plan"),
}
RECENT = "recent"
# Which points go first to children at the SENCO demo account's school (its SENCO hosts them).
SENCO_POINTS = {"review_due": 2, "scheduled": 2, "held": 2, "reported": 1, "maintain": 1}
RECOMMENDATIONS = (
    "{name} has made good progress towards the outcomes. The review recommends keeping the "
    "plan as it is, with the outcomes for next year agreed at the meeting.",
    "{name}'s needs have changed: the review recommends more speech and language therapy and "
    "updated outcomes in section E.",
    "The school and family agree {name} is doing well; the provision in section F should "
    "continue, with a review of the reading programme next term.",
)
DISAGREEMENTS = (
    "",
    "",
    "The family would like more one-to-one support than the school recommends.",
)
PFA_FINDINGS = {
    "employment": "{name} would like to work with animals and is looking at college courses.",
    "independent_living": "{name} is learning to travel to school on the bus with a buddy.",
    "community": "{name} goes to a youth club each week and has two close friends.",
    "health": "{name}'s health needs are met by the GP; no change needed.",
}
AMEND_CHANGES = (
    "Section F: speech and language therapy increased to four sessions a week; section E "
    "outcomes updated for the coming year.",
    "Section F: reading programme extended for another two terms; section B updated with the "
    "latest assessment.",
)
AMENDED_OFTEN = "40 minutes, four times a week"
HOW_LEARNED = (
    "The parent phoned the SEND team",
    "The school told us the family is moving",
    "The new authority's SEND team wrote to us",
)
CEASE_REASON = "2"  # needs met without a plan (SEN2 cease reason)


@dataclass(eq=False)
class _Ev:
    type: str
    date: dt.date | None
    details: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    corrects: _Ev | None = None
    by_previous: bool = False
    # The day it was recorded when that is not its date (a meeting arranged ahead of time).
    recorded_on: dt.date | None = None


@dataclass(eq=False)
class DemoCase:
    """One case, unsaved: the case, its timeline and (for plans) the plan's content."""

    case: Case
    child: Child
    stage: str
    events: list[_Ev]
    plan: Plan
    needs: list[PlanNeed] = field(default_factory=list)
    outcomes: list[tuple[PlanOutcome, list[PlanNeed]]] = field(default_factory=list)
    provisions: list[tuple[PlanProvision, list[PlanNeed]]] = field(default_factory=list)
    closed_on: dt.date | None = None
    previous: User | None = None
    next_due: dt.date | None = None
    point: str = ""  # where a plan in force stands in its review cycle (POINTS)

    def effective(self) -> list[_Ev]:
        corrected = {id(e.corrects) for e in self.events if e.corrects is not None}
        return [e for e in self.events if id(e) not in corrected]


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


def _age_on(dob: dt.date, day: dt.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def _no_setting_team(child: Child, day: dt.date) -> str:
    """Who gives educational advice for a child with no school or setting."""
    age = _age_on(child.date_of_birth, day)
    if age < 5:
        return "Demoshire Early Years Inclusion Team"
    if age < 16:
        return "Demoshire Education Inclusion Service"
    return "Demoshire Post-16 SEND Team"


def _weekday_back(day: dt.date, floor: dt.date) -> dt.date:
    """The nearest weekday on or before ``day``, but never before ``floor``."""
    moved = day
    while moved.weekday() >= 5:
        moved -= dt.timedelta(days=1)
    return moved if moved >= floor else day


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


class _CaseMaker(Draws):
    def __init__(
        self,
        *,
        seed: int,
        today: dt.date,
        home: Organisation,
        children: Sequence[Child],
        organisations: Sequence[Organisation],
        attendances: Sequence[Any],
        family: Sequence[Any],
        specs: dict[str, tuple[str, ...]],
    ) -> None:
        self.rng = random.Random(seed * 7919 + 404)
        self.today = today
        self.home = home
        self.children = [c for c in children if c.responsible_authority_id == home.pk]
        self.by_name = {o.name: o for o in organisations}
        education = (OrganisationKind.SCHOOL, OrganisationKind.EARLY_YEARS)
        self.current: dict[uuid.UUID, Organisation] = {}
        for a in attendances:
            org = a.organisation
            current = a.start_date <= today and (a.end_date is None or a.end_date >= today)
            if current and org.kind in (*education, OrganisationKind.COLLEGE):
                self.current.setdefault(a.child.pk, org)
        self.contact: dict[uuid.UUID, str] = {}
        self.family: dict[uuid.UUID, list[Any]] = {}
        for m in family:
            self.family.setdefault(m.child.pk, []).append(m)
            if m.main_contact:
                self.contact.setdefault(m.child.pk, m.full_name)
        from .generator import SENCO_SCHOOL

        self.senco_school = self.by_name.get(SENCO_SCHOOL)
        self.made: Counter[str] = Counter()
        self.authorities = sorted(
            (
                o
                for o in organisations
                if o.kind == OrganisationKind.LOCAL_AUTHORITY and o.pk != home.pk
            ),
            key=lambda o: o.name,
        )
        self.specials = [
            (self.by_name[name], needs)
            for name, needs in specs.items()
            if needs and name in self.by_name and self.by_name[name].local_authority_id == home.pk
        ]
        self.mainstream = {
            phase: [
                o
                for o in organisations
                if o.kind == OrganisationKind.SCHOOL
                and o.local_authority_id == home.pk
                and o.phase == phase
                and o.setting_type.startswith("mainstream")
            ]
            for phase in ("primary", "secondary")
        }

    # -- randomness --------------------------------------------------------------------------

    def days(self, low: int, high: int) -> int:
        return self.rng.randint(low, max(low, high))

    # -- choosing children -------------------------------------------------------------------

    def pools(self) -> dict[str, list[Child]]:
        today = self.today

        def age(c: Child) -> int:
            return _age_on(c.date_of_birth, today)

        return {
            # New final plans: children who now have a plan, of an age new plans are made for.
            "E": [c for c in self.children if c.sen_provision == "E" and 2 <= age(c) <= 19],
            # Requests and assessments: children on SEN support.
            "K": [c for c in self.children if c.sen_provision == "K" and 2 <= age(c) <= 17],
            # Health's requests for young children not yet known to a school.
            "N": [c for c in self.children if c.sen_provision == "N" and 1 <= age(c) <= 4],
        }

    # -- the timeline ------------------------------------------------------------------------

    def received(self, low: int, high: int) -> dt.date:
        return _weekday_back(self.today - dt.timedelta(days=self.days(low, high)), dt.date.min)

    def on(self, start: dt.date, offset: int, floor: dt.date | None = None) -> dt.date:
        """A weekday ``offset`` days after ``start``, never after today nor before ``floor``."""
        day = min(start + dt.timedelta(days=offset), self.today)
        return _weekday_back(day, floor or start)

    def request(self, child: Child, day: dt.date) -> _Ev:
        age = _age_on(child.date_of_birth, day)
        options = [("school", 45), ("parent", 35), ("health", 8 if age < 5 else 3)]
        options += [("social_care", 5), ("other", 2)]
        if age >= 16:
            options.append(("young_person", 12))
        if child.sen_provision == "N":
            options = [("health", 70), ("parent", 30)]
        total = sum(w for _, w in options)
        point = self.rng.random() * total
        source = options[-1][0]
        for name, weight in options:
            point -= weight
            if point < 0:
                source = name
                break
        school = self.current.get(child.pk)
        requester = {
            "school": school.name if school else "",
            "parent": self.contact.get(child.pk, ""),
            "young_person": child.full_name,
            "health": "Dr Owen Price, community paediatrician",
            "social_care": f"Social worker, {CWD_TEAM}",
            "other": SENSORY_SERVICE,
        }[source]
        if source == "school" and school is None:
            source, requester = "parent", self.contact.get(child.pk, "")
        details: dict[str, Any] = {
            "source": source,
            "source_label": RequestSource(source).label,
            "requester": requester,
            "summary": self.pick(REQUEST_SUMMARIES),
        }
        if source == "school":
            details["family_agreed_on"] = (day - dt.timedelta(days=self.days(3, 20))).isoformat()
        return _Ev("request_received", day, details)

    def reasons(self, kind: str, child: Child) -> str:
        return self.pick(REASONS[kind]).format(name=child.known_as)

    def advice_sources(self, child: Child, received: dt.date) -> list[str]:
        age = _age_on(child.date_of_birth, received)
        sources = ["young_person" if age >= 16 else "parent", "educational", "psychological"]
        sources.append("medical")
        if child.cared_for or self.chance(0.45):
            sources.append("social_care")
        if age >= 14:
            sources.append("preparing_for_adulthood")
        if child.primary_need in ("HI", "VI", "MSI") or self.chance(0.04):
            sources.append("other")
        if self.chance(0.05):
            sources.append("requested_by_family")
        return sources

    def advice(
        self,
        child: Child,
        decided: dt.date,
        received: dt.date,
        *,
        answer_by: dt.date | None = None,
        late_share: float = 0.3,
    ) -> list[_Ev]:
        """Advice requested after the decision; answered by ``answer_by`` when given (all of
        it), else each as it would have come in (those still to come are left out)."""
        events = []
        school = self.current.get(child.pk)
        for source in self.advice_sources(child, received):
            label, org, authors = ADVICE[source]
            if org is None:
                org = school.name if school else _no_setting_team(child, received)
                author = f"SENCO, {org}"
            elif org == "":
                author = (
                    child.full_name
                    if source == "young_person"
                    else self.contact.get(child.pk, "Parent or carer")
                )
            else:
                author = self.pick(authors)
            asked = self.on(decided, self.days(0, 5), floor=decided)
            base = {"source_label": label, "organisation": org, "author": author}
            if source == "educational" and self.chance(0.1) and answer_by is None:
                # Existing advice from the school, agreed sufficient by all three (reg 6(4)).
                events.append(
                    _Ev(
                        "existing_advice_agreed",
                        asked,
                        {
                            "id": source,
                            "source": source,
                            **base,
                            "authority_agreed_on": asked.isoformat(),
                            "author_agreed_on": (asked - dt.timedelta(days=2)).isoformat(),
                            "family_agreed_on": (asked - dt.timedelta(days=1)).isoformat(),
                        },
                    )
                )
                continue
            events.append(_Ev("advice_requested", asked, {"id": source, "source": source, **base}))
            if answer_by is not None:
                late = self.chance(late_share * 0.8)
                back = asked + dt.timedelta(days=self.days(43, 60) if late else self.days(14, 42))
                back = min(back, answer_by)
            elif self.chance(late_share):
                back = asked + dt.timedelta(days=self.days(43, 75))
            else:
                back = asked + dt.timedelta(days=self.days(15, 42))
            if back <= self.today:
                events.append(
                    _Ev("advice_received", _weekday_back(back, asked), {"id": source, **base})
                )
        return events

    def decision_offset(self, room: int) -> int:
        """Days from request to the decision whether to assess (6 weeks allowed)."""
        offset = self.days(18, 41) if self.chance(0.8) else self.days(43, 58)
        return max(7, min(offset, room))

    def consult(
        self, child: Child, sent: dt.date, *, answer_by: dt.date | None = None
    ) -> list[_Ev]:
        """Settings consulted on the draft; all answer by ``answer_by`` when given."""
        school = self.current.get(child.pk)
        settings: list[Organisation] = []
        if school is not None:
            settings.append(school)
        fits = [o for o, needs in self.specials if child.primary_need in needs]
        if fits and (not settings or self.chance(0.4)):
            settings.append(self.pick(fits))
        if not settings:
            age = _age_on(child.date_of_birth, sent)
            phase = "primary" if age < 11 else "secondary"
            settings.append(self.pick(self.mainstream[phase] or self.mainstream["primary"]))
        events = []
        for org in settings:
            ident = str(org.pk)
            named = {"id": ident, "organisation": org.name, "organisation_id": ident}
            asked = self.on(sent, self.days(0, 3), floor=sent)
            events.append(_Ev("setting_consulted", asked, named))
            if answer_by is not None:
                back = min(asked + dt.timedelta(days=self.days(4, 14)), answer_by)
            elif self.chance(0.6):
                back = asked + dt.timedelta(days=self.days(5, 26))
            else:
                continue
            if back > self.today:
                continue
            can = org is not school or not fits or self.chance(0.75)
            events.append(
                _Ev(
                    "setting_responded",
                    _weekday_back(back, asked),
                    {
                        **named,
                        "response": "can_meet" if can else "cannot_meet",
                        "response_label": "Can meet the needs" if can else "Cannot meet the needs",
                        "reasons": ""
                        if can
                        else "The school cannot provide the specialist staffing and small-"
                        "group teaching the plan sets out.",
                    },
                )
            )
        return events

    def timeline(self, stage: str, child: Child) -> tuple[list[_Ev], dt.date | None]:
        """The events for a case now at ``stage``, and the day it closed (if it has)."""
        today = self.today
        closed: dt.date | None = None
        if stage == Stage.REQUESTED:
            got = self.received(0, 41) if self.chance(0.82) else self.received(43, 60)
            return [self.request(child, got)], None
        if stage == Stage.NOT_ASSESSED:
            got = self.received(28, 280)
            events = [self.request(child, got)]
            decided = self.on(got, self.decision_offset((today - got).days))
            events.append(
                _Ev(
                    "decision_to_assess",
                    decided,
                    {"outcome": "no", "reasons": self.reasons("no", child)},
                )
            )
            events.append(self.notice(decided, "not_to_assess"))
            if (today - decided).days > 75:
                closed = decided + dt.timedelta(days=self.days(62, 70))
            return events, closed
        if stage == Stage.ASSESSING:
            got = self.received(30, 150)
            events = [self.request(child, got)]
            decided = self.on(got, self.decision_offset((today - got).days - 3))
            events.append(self.decision_yes(child, decided))
            events += self.advice(child, decided, got)
            return events, None
        if stage == Stage.NO_PLAN:
            got = self.received(95, 280)
            outcome = self.on(got, self.days(80, 118))
            events = self.assessed(child, got, outcome)
            events.append(
                _Ev(
                    "assessment_outcome",
                    outcome,
                    {"outcome": "no_plan", "reasons": self.reasons("no_plan", child)},
                )
            )
            events.append(self.notice(outcome, "no_plan"))
            if (today - outcome).days > 75:
                closed = outcome + dt.timedelta(days=self.days(62, 70))
            return events, closed
        if stage == Stage.DRAFTING:
            got = self.received(85, 150)
            outcome = self.on(got, self.days(75, min(112, (today - got).days - 1)))
            events = self.assessed(child, got, outcome)
            events.append(self.plan_decision(child, outcome))
            return events, None
        if stage == Stage.DRAFT_SENT:
            got = self.received(100, 172)
            age = (today - got).days
            sent = self.on(got, self.days(84, min(age - 1, 125)))
            outcome = self.on(got, max(70, (sent - got).days - self.days(0, 12)))
            events = self.assessed(child, got, outcome)
            events.append(self.plan_decision(child, outcome))
            events.append(self.draft(child, sent))
            events += self.consult(child, sent)
            return events, None
        # Final plan issued: on time (within 20 weeks) about half the time.
        got = self.received(125, 280)
        age = (today - got).days
        offset = self.days(105, 140) if self.chance(0.5) else self.days(141, 205)
        return self.final_plan(child, got, self.on(got, min(offset, age))), None

    def final_plan(self, child: Child, got: dt.date, issued: dt.date) -> list[_Ev]:
        """The whole pathway from a request ``got`` to a final plan ``issued`` (in the past)."""
        sent = _weekday_back(issued - dt.timedelta(days=self.days(16, 30)), got)
        outcome = _weekday_back(sent - dt.timedelta(days=self.days(0, 10)), got)
        events = self.assessed(child, got, outcome)
        events.append(self.plan_decision(child, outcome))
        events.append(self.draft(child, sent))
        consulted = self.consult(child, sent, answer_by=issued)
        events += consulted
        answers = [e for e in consulted if e.type == "setting_responded"]
        chosen = next((e for e in answers if e.details["response"] == "can_meet"), answers[0])
        last = max(e.date for e in answers if e.date)
        named = _weekday_back(min(last + dt.timedelta(days=self.days(1, 5)), issued), last)
        events.append(
            _Ev(
                "placement_named",
                named,
                {
                    "organisation": chosen.details["organisation"],
                    "organisation_id": chosen.details["organisation_id"],
                    "reasons": "The setting can meet the needs set out in the plan and is the "
                    "family's preference.",
                },
            )
        )
        events.append(
            _Ev("final_plan_issued", issued, {"organisation": chosen.details["organisation"]})
        )
        events.append(self.notice(issued, "final_plan"))
        return events

    # -- plans in force ----------------------------------------------------------------------

    def back(self, low: int, high: int, floor: dt.date = dt.date.min) -> dt.date:
        """A weekday between ``low`` and ``high`` days ago (never before ``floor``)."""
        return _weekday_back(self.today - dt.timedelta(days=self.days(low, high)), floor)

    def issued_plan(self, child: Child, issued: dt.date) -> list[_Ev]:
        """The pathway to a final plan issued on ``issued``, within 20 weeks about half the time."""
        offset = self.days(105, 140) if self.chance(0.5) else self.days(141, 205)
        got = _weekday_back(issued - dt.timedelta(days=offset), dt.date.min)
        return self.final_plan(child, got, issued)

    def invited(self, child: Child, events: list[_Ev], day: dt.date) -> _Ev:
        """Invitations as ``review_services.invitations_record`` writes them: the family, the young
        person, the school and the professionals who gave advice."""
        people: dict[str, str] = {}
        for m in self.family.get(child.pk, []):
            people[f"family:{m.pk}"] = f"{m.full_name} ({m.get_relationship_display()})"
        people["young_person"] = f"{child.full_name} (the child or young person)"
        school = self.current.get(child.pk)
        if school is not None:
            people[f"setting:{school.pk}"] = f"{school.name} (school or setting)"
        for e in events:
            if e.type == "advice_requested" and e.details.get("author"):
                org = e.details.get("organisation") or ""
                people[f"advice:{e.details['id']}"] = e.details["author"] + (
                    f" ({org}, advice)" if org else " (advice)"
                )
        return _Ev(
            "review_invitations_sent",
            day,
            {
                "invitees": list(people),
                "invited": list(people.values()),
                "reason": "Invited: " + "; ".join(people.values()),
                "not_invited": [],
            },
        )

    def review(
        self,
        child: Child,
        events: list[_Ev],
        held: dt.date,
        *,
        report: dt.date | None = None,
        decided: dt.date | None = None,
        outcome: str = "maintain",
        early: bool = False,
    ) -> list[_Ev]:
        """One review: arranged, invitations out, meeting held, report and decision (as far as
        the dates given); the dates are in the past."""
        kind = "annual"
        arranged = _weekday_back(held - dt.timedelta(days=self.days(21, 45)), dt.date.min)
        out = [
            _Ev(
                "review_meeting_scheduled",
                held,
                {"kind": kind, "kind_label": review_selectors.REVIEW_KINDS[kind], "reason": ""},
                recorded_on=arranged,
            )
        ]
        late = self.chance(0.2)
        sent = held - dt.timedelta(days=self.days(7, 12) if late else self.days(14, 20))
        out.append(self.invited(child, events, _weekday_back(max(sent, arranged), arranged)))
        out.append(_Ev("review_meeting_held", held, {}))
        name = child.known_as
        if report is not None:
            text = self.pick(RECOMMENDATIONS).format(name=name)
            if early:
                text += " The next review is in 6 months, as " + name + " is under 5."
            sections: dict[str, str] = {}
            if review_selectors.curriculum_year(child.date_of_birth, report) >= 9:
                sections = {k: v.format(name=name) for k, v in PFA_FINDINGS.items()}
            out.append(
                _Ev(
                    "review_report_received",
                    report,
                    {
                        "recommendations": text,
                        "disagreement": self.pick(DISAGREEMENTS),
                        "preparing_for_adulthood": sections,
                        "reasons": text,
                    },
                )
            )
        if decided is not None:
            reasons = {
                "maintain": f"The review shows the plan still meets {name}'s needs.",
                "amend": f"The review shows {name}'s needs have changed: the plan will be "
                "amended as the review recommends.",
                "cease": f"The review shows {name}'s needs can now be met without a plan.",
            }[outcome]
            out.append(
                _Ev(
                    "review_decision_notified",
                    decided,
                    {
                        "outcome": outcome,
                        "kind_label": review_selectors.OUTCOMES[outcome],
                        "reasons": reasons,
                    },
                )
            )
        return out

    def decided(
        self, child: Child, held: dt.date, outcome: str, *, late: bool = False, early: bool = False
    ) -> list[_Ev]:
        """A plan issued about a year before ``held`` (6 months for an under-5), reviewed and
        decided."""
        months = 6 if early else 12
        issued = _weekday_back(
            held - dt.timedelta(days=months * 30 + self.days(-10, 15)), dt.date.min
        )
        events = self.issued_plan(child, issued)
        report = self.on(held, self.days(4, 14), floor=held)
        decided = self.on(held, self.days(29, 40) if late else self.days(12, 27), floor=report)
        events += self.review(
            child, events, held, report=report, decided=decided, outcome=outcome, early=early
        )
        return events

    def in_force(self, point: str, child: Child) -> list[_Ev]:
        """The timeline of a plan in force at ``point`` of its review cycle."""
        today = self.today
        name = child.known_as
        self.made[point] += 1  # the points' variants come in turn, so each is always there
        if point == "review_due":
            # Overdue and due soon in turn (the SENCO's school has the first two).
            overdue = self.made[point] % 2 == 1
            return self.issued_plan(child, self.back(370, 425) if overdue else self.back(312, 360))
        if point == "scheduled":
            issued = self.back(320, 372)
            events = self.issued_plan(child, issued)
            # In turn: soon or later, invitations not yet sent or sent.
            turn = self.made[point] % 4
            soon = turn in (0, 2)
            meeting = today + dt.timedelta(days=self.days(3, 12) if soon else self.days(16, 45))
            while meeting.weekday() >= 5:
                meeting += dt.timedelta(days=1)
            arranged = self.back(5, 30, floor=issued)
            events.append(
                _Ev(
                    "review_meeting_scheduled",
                    meeting,
                    {
                        "kind": "annual",
                        "kind_label": review_selectors.REVIEW_KINDS["annual"],
                        "reason": "",
                    },
                    recorded_on=arranged,
                )
            )
            if turn >= 2:
                sent = self.on(arranged, self.days(1, 10), floor=arranged)
                events.append(self.invited(child, events, sent))
            return events
        if point == "held":
            held = self.back(15, 26) if self.made[point] % 2 else self.back(2, 12)
            events = self.issued_plan(child, self.back(350, 400))
            return events + self.review(child, events, held)
        if point == "reported":
            held = self.back(30, 48) if self.made[point] % 2 else self.back(18, 26)
            events = self.issued_plan(child, self.back(355, 420))
            report = self.on(held, self.days(5, 16), floor=held)
            return events + self.review(child, events, held, report=report)
        if point in ("maintain", "transfer_school", "transfer_post16"):
            return self.decided(child, self.back(50, 250), "maintain", late=self.chance(0.2))
        if point == "early_years":
            if self.made[point] % 2:
                return self.issued_plan(child, self.back(150, 205))
            return self.decided(child, self.back(35, 80), "maintain", early=True)
        if point == "amend_open":
            within = self.made[point] % 2 == 1
            proposed = self.back(1, 12) if within else self.back(17, 40)
            events = self.decided(child, proposed - dt.timedelta(days=self.days(30, 40)), "amend")
            decided = next(e.date for e in events if e.type == "review_decision_notified")
            assert decided is not None  # noqa: S101 - dated above
            proposed = max(proposed, decided)
            return [*events, self.proposal(child, proposed)]
        if point == "amended":
            proposed = self.back(60, 150)
            events = self.decided(child, proposed - dt.timedelta(days=self.days(30, 40)), "amend")
            decided = next(e.date for e in events if e.type == "review_decision_notified")
            assert decided is not None  # noqa: S101 - dated above
            proposed = max(proposed, decided)
            issued = self.on(proposed, self.days(22, 50), floor=proposed)
            return [
                *events,
                self.proposal(child, proposed),
                _Ev("amended_plan_issued", issued, {"proposed_on": proposed.isoformat()}),
            ]
        if point == "moving":
            events = self.issued_plan(child, self.back(120, 300))
            learned = self.back(2, 20)
            where = self.pick(self.authorities)
            events.append(
                _Ev(
                    "move_notified",
                    learned,
                    {
                        "move_date": (learned + dt.timedelta(days=self.days(25, 60))).isoformat(),
                        "authority_id": str(where.pk),
                        "authority": where.name,
                        "organisation": where.name,
                        "how_learned": self.pick(HOW_LEARNED),
                    },
                )
            )
            return events
        if point == "cease":
            events = self.decided(child, self.back(45, 70), "cease")
            decided = next(e.date for e in events if e.type == "review_decision_notified")
            assert decided is not None  # noqa: S101 - dated above
            ceased = self.on(decided, self.days(0, 4), floor=decided)
            notice = self.on(ceased, self.days(0, 3), floor=ceased)
            label = CEASE_REASONS[CEASE_REASON]
            events.append(
                _Ev(
                    "plan_ceased",
                    ceased,
                    {
                        "reason": CEASE_REASON,
                        "reason_label": label,
                        "kind_label": label,
                        "consultation": f"Met {name}'s family and the school on "
                        f"{decided:%-d %B %Y}; all agree the school can meet {name}'s needs "
                        "at SEN support.",
                        "notice_sent_on": notice.isoformat(),
                    },
                )
            )
            events.append(
                _Ev(
                    "decision_notice_sent",
                    notice,
                    {
                        "kind": "plan_ceased",
                        "kind_label": "Notice of the decision to cease the plan, with the right "
                        "to appeal",
                    },
                )
            )
            return events
        raise ValueError(point)

    def proposal(self, child: Child, day: dt.date) -> _Ev:
        return _Ev(
            "amendment_proposed",
            day,
            {
                "reasons": f"The annual review found {child.known_as}'s needs have changed.",
                "changes": self.pick(AMEND_CHANGES),
            },
        )

    def transfer(self, child: Child) -> _Ev | None:
        """The phase transfer of the round being worked on, for a child moving Year 6 to 7 or
        Year 11 to post-16 (``review_services.phase_transfer_record``'s details)."""
        year = review_selectors.transfer_year(self.today)
        group = review_selectors.curriculum_year(child.date_of_birth, dt.date(year - 1, 9, 1))
        kind = {6: "school", 11: "post16"}.get(group)
        if kind is None:
            return None
        label = f"{review_selectors.TRANSFER_KINDS[kind]}, {year}"
        return _Ev("phase_transfer", None, {"year": year, "kind": kind, "kind_label": label})

    def decision_yes(self, child: Child, day: dt.date) -> _Ev:
        return _Ev(
            "decision_to_assess", day, {"outcome": "yes", "reasons": self.reasons("yes", child)}
        )

    def plan_decision(self, child: Child, day: dt.date) -> _Ev:
        return _Ev(
            "assessment_outcome", day, {"outcome": "plan", "reasons": self.reasons("plan", child)}
        )

    def draft(self, child: Child, day: dt.date) -> _Ev:
        return _Ev("draft_plan_sent", day, {"sent_to": self.contact.get(child.pk, "")})

    def notice(self, day: dt.date, kind: str) -> _Ev:
        labels = {
            "not_to_assess": "Notice of the decision not to assess",
            "no_plan": "Notice of the decision not to issue a plan",
            "final_plan": "Final plan issued notice",
        }
        return _Ev("decision_notice_sent", day, {"notice": kind, "kind_label": labels[kind]})

    def assessed(self, child: Child, got: dt.date, outcome: dt.date) -> list[_Ev]:
        """Request, decision to assess and all the advice in by the ``outcome`` date."""
        room = (outcome - got).days - 21
        decided = self.on(got, self.decision_offset(room))
        events = [self.request(child, got), self.decision_yes(child, decided)]
        events += self.advice(child, decided, got, answer_by=outcome)
        return events

    # -- deadlines, exceptions and corrections ----------------------------------------------

    def engine_rows(self, child: Child, events: list[_Ev]) -> list[DeadlineRow]:
        data: dict[str, Any] = {
            "as_of": self.today.isoformat(),
            "date_of_birth": child.date_of_birth.isoformat(),
            "events": [
                services.engine_event(
                    CaseEvent(type=e.type, date=e.date, details=e.details)  # unsaved: a view
                )
                for e in events
                if e.type in services.ENGINE_TYPES
            ],
        }
        return list(compute(data)["deadlines"])

    def add_exception(self, demo: DemoCase, rows: list[DeadlineRow]) -> bool:
        missed = {
            r["key"]: r
            for r in rows
            if r["status"] in ("late", "overdue") and r["key"].split(":")[0] in EXCUSABLE
        }
        if not missed:
            return False
        summer = [
            e
            for e in demo.events
            if e.type == "advice_requested"
            and e.date is not None
            and (e.date.month, e.date.day) >= (7, 10)
            and e.date.month <= 8
        ]
        if summer and f"advice:{summer[0].details['id']}" in missed:
            key, reason = f"advice:{summer[0].details['id']}", "school_closure"
        elif summer and "issue_final_plan" in missed:
            key, reason = "issue_final_plan", "school_closure"
        else:
            key = self.pick(sorted(missed))
            if key in ("advice:medical", "advice:psychological") and self.chance(0.7):
                reason = "missed_appointment"
            else:
                reason = self.pick(["exceptional_personal_circumstances", "absence_from_area"])
        names = {
            f"advice:{e.details['id']}": e.details.get("source_label", "")
            for e in demo.events
            if e.type == "advice_requested"
        }
        demo.events.append(
            _Ev(
                "exception",
                None,
                {
                    "applies_to": key,
                    "reason": reason,
                    "applies_to_label": deadline_label(key, names),
                    "reason_label": EXCEPTION_REASON_LABELS[reason],
                },
                note=EXCEPTION_NOTES[reason],
            )
        )
        return True

    def add_correction(self, demo: DemoCase) -> None:
        """A decision first typed with the wrong date, then corrected (both stay)."""
        decision = next((e for e in demo.events if e.type == "decision_to_assess"), None)
        if decision is None or decision.date is None:
            return
        request_day = demo.events[0].date or decision.date
        wrong = decision.date - dt.timedelta(days=self.days(1, 9))
        if wrong < request_day:
            return
        right = decision.date
        decision.date = wrong
        demo.events.append(
            _Ev(
                decision.type,
                right,
                dict(decision.details),
                note="Correction: the decision letter is dated "
                f"{right:%-d %B %Y}; the wrong date was typed",
                corrects=decision,
            )
        )


# ---------------------------------------------------------------------------------------------
# Plans


def _plan_content(maker: _CaseMaker, demo: DemoCase, *, complete: bool) -> None:
    child, plan = demo.child, demo.plan
    name = child.known_as
    areas = [AREA_OF.get(child.primary_need, "Cognition and learning")]
    second = AREA_OF.get(child.secondary_need or "", "")
    if second and second not in areas:
        areas.append(second)
    items: list[tuple[str, Content]] = [(areas[0], item) for item in PLAN_CONTENT[areas[0]]]
    if len(areas) > 1:
        items.append((areas[1], maker.pick(PLAN_CONTENT[areas[1]])))
    plan.section_a = (
        f"{name} enjoys {maker.pick(INTERESTS)}. {name} would like to "
        f"{maker.pick(ASPIRATIONS)}. The family want {name} to be happy and safe at school and "
        f"to make progress with reading and friendships."
    )
    today = maker.today
    july = today.year + (1 if today.month >= 7 else 0)
    for position, (area, (need_text, outcome, measured, provision)) in enumerate(items):
        need = PlanNeed(
            id=maker.uuid(),
            plan=plan,
            area=area,
            description=need_text.format(name=name),
            position=position,
        )
        demo.needs.append(need)
        if not complete and position == len(items) - 1:
            continue  # the draft is still being written: the last need has no outcome yet
        demo.outcomes.append(
            (
                PlanOutcome(
                    id=maker.uuid(),
                    plan=plan,
                    what=outcome.format(name=name),
                    by_when=f"By the end of the school year (July {july})",
                    how_measured=measured,
                ),
                [need],
            )
        )
        if complete:
            what, who, often, long = provision
            demo.provisions.append(
                (
                    PlanProvision(
                        id=maker.uuid(),
                        plan=plan,
                        section="F",
                        what=what,
                        who=who,
                        how_often=often,
                        how_long=long,
                    ),
                    [need],
                )
            )
    if complete and len(demo.needs) > 1:
        demo.provisions.append(
            (
                PlanProvision(
                    id=maker.uuid(),
                    plan=plan,
                    section="F",
                    what="Termly meeting of the family, school and SENCO to review progress "
                    "towards the outcomes",
                    who="SENCO",
                    how_often="Once a term (45 minutes)",
                    how_long="For the life of the plan",
                ),
                list(demo.needs),
            )
        )
    if _age_on(child.date_of_birth, today) >= 14:
        demo.outcomes.append(
            (
                PlanOutcome(
                    id=maker.uuid(),
                    plan=plan,
                    what=PFA_OUTCOME[0].format(name=name),
                    by_when=f"By July {july + 1}",
                    how_measured=PFA_OUTCOME[1],
                    preparing_for_adulthood=True,
                ),
                demo.needs[:1],
            )
        )


# ---------------------------------------------------------------------------------------------
# Building and loading


@dataclass
class DemoCases:
    team: list[User]
    cases: list[DemoCase]
    caseworker: User


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
    from .generator import DEMOSHIRE_SETTINGS

    specs = {s.name: s.needs for s in DEMOSHIRE_SETTINGS}
    maker = _CaseMaker(
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
            return _age_on(dob, today) * 12 >= 30 and fifth > today + dt.timedelta(days=215)
        if _age_on(dob, today) < 4:
            return False
        if point in ("transfer_school", "transfer_post16"):
            year = review_selectors.transfer_year(today)
            group = review_selectors.curriculum_year(dob, dt.date(year - 1, 9, 1))
            return group == (6 if point == "transfer_school" else 11)
        return True

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
            child = take_for(point) if point and point != RECENT else None
            if child is None:
                point = RECENT if point else ""
                child = take(kind)
            if child is None:
                break
            if point and point != RECENT:
                events, closed = maker.in_force(point, child), None
            else:
                events, closed = maker.timeline(stage, child)
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

    # Plans' content, exceptions, corrections, notes.
    for demo in plans_made:
        sent = next((e.date for e in demo.events if e.type == "draft_plan_sent"), None)
        issued = next((e.date for e in demo.events if e.type == "final_plan_issued"), None)
        if demo.stage == Stage.DRAFTING:
            _plan_content(maker, demo, complete=maker.chance(0.5))
        elif demo.stage in (Stage.DRAFT_SENT, Stage.FINAL_ISSUED):
            _plan_content(maker, demo, complete=True)
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
            day = _weekday_back(first + dt.timedelta(days=maker.days(2, 30)), first)
            if day <= today:
                demo.events.append(_Ev("note", day, {}, note=maker.pick(CASE_NOTES)))

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
            moved = _weekday_back(min(first + dt.timedelta(days=maker.days(7, 40)), today), first)
            for e in demo.events:
                e.by_previous = e.date is not None and e.date < moved
            demo.previous = previous
            demo.events.append(
                _Ev(
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
    corrections: list[tuple[_Ev, CaseEvent]] = []
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
