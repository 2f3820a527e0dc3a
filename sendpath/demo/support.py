"""SEN support in the demo's schools: the graduated approach at every point.

At Oakfield Primary School (the SENCO's) and the two other schools of the home authority with
the most pupils on SEN support, four pupils on SEN support (K), one at each point:

* ``first``: put on K three weeks ago, in their first assess-plan-do-review cycle;
* ``third``: in a third cycle, with advice from outside the school taken into it;
* ``ready``: above the threshold with a request for an EHC needs assessment ready to make:
  three cycles reviewed over more than two terms, advice with targets set from it, evidence of
  need, the pupil's voice, and provision costing more than 6,000 pounds this school year;
* ``missing``: a second cycle under way with nothing yet that a request needs (no advice, no
  evidence of need, no voice, provision well below the threshold), so the readiness check has
  something to show missing.

Made with the models (inside ``load_demo``'s transaction), costs by ``money.term_cost``, every
choice from a seeded ``random.Random`` and dates counted back from today.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sendpath.support import money
from sendpath.support.models import (
    AdviceSource,
    CostBasis,
    Cycle,
    CycleAdvice,
    EvidenceKind,
    EvidenceOfNeed,
    NextStep,
    ProvisionEntry,
    PupilVoice,
    RegisterChange,
    RegisterStatus,
    SupportRecord,
    SupportSettings,
    Target,
    TargetResult,
    Tier,
    VoiceMethod,
    Wave,
    term_of,
    term_step,
)

from .common import SENCO_SCHOOL
from .people_api import Child, Organisation, OrganisationKind, SettingAttendance

POINTS = ("first", "third", "ready", "missing")
OTHER_SCHOOLS = 2
CYCLE_DAYS = 56  # eight weeks from plan to review
WEEKS_A_TERM = 12

TARGETS = (
    "Reads and understands a short text at their reading age",
    "Asks an adult for help when stuck, without leaving the room",
    "Writes three sentences with capital letters and full stops",
    "Uses a visual timetable to move between lessons on their own",
    "Names how they feel using the class feelings chart",
    "Follows a two-step instruction given to the whole class",
    "Counts on and back in tens to 100",
    "Takes turns in a small-group game for ten minutes",
)
VOICES = (
    "I like it when I can sit near the window and nobody rushes me.",
    "My best day has maths first and playtime with my friend.",
    "I wish reading was easier and that lunch was quieter.",
    "I feel safe with my teaching assistant and in the library.",
)


@dataclass
class SupportDemo:
    """What was made, for the demo's summary and its test."""

    schools: list[Organisation] = field(default_factory=list)
    points: dict[str, list[Child]] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        per_point = ", ".join(f"{p} {len(self.points.get(p, []))}" for p in POINTS)
        return [
            f"  SEN support: {sum(len(v) for v in self.points.values())} pupils at "
            f"{', '.join(s.name for s in self.schools)} ({per_point}); "
            f"{self.counts['cycles']} cycles, {self.counts['provision']} provision entries"
        ]


def _schools(home: Organisation, today: dt.date) -> list[tuple[Organisation, list[Child]]]:
    """Oakfield (or the first school) and the two other schools with most pupils on K, each
    with its pupils on K on roll today (in a fixed order) who have no open EHC case, so that
    the school can still ask for an assessment from the record."""
    being_assessed = Child.objects.filter(
        cases__isnull=False, cases__closed_at__isnull=True
    ).values("pk")
    current = (
        SettingAttendance.objects.exclude(child__in=being_assessed)
        .filter(
            organisation__local_authority=home,
            organisation__kind=OrganisationKind.SCHOOL,
            start_date__lte=today,
            end_date__isnull=True,
            child__sen_provision="K",
        )
        .select_related("organisation", "child")
        .order_by("organisation__name", "child__last_name", "child__first_name", "child_id")
    )
    pupils: dict[Organisation, list[Child]] = {}
    seen: set[Any] = set()
    for attendance in current:
        if attendance.child_id in seen:
            continue
        seen.add(attendance.child_id)
        pupils.setdefault(attendance.organisation, []).append(attendance.child)
    if not pupils:
        return []
    oakfield = next((s for s in pupils if s.name == SENCO_SCHOOL), None)
    if oakfield is None:
        oakfield = min(pupils, key=lambda s: s.name)
    others = sorted((s for s in pupils if s != oakfield), key=lambda s: (-len(pupils[s]), s.name))[
        :OTHER_SCHOOLS
    ]
    return [(s, pupils[s]) for s in (oakfield, *others)]


class _Builder:
    def __init__(self, *, seed: int, today: dt.date, result: SupportDemo) -> None:
        self.rng = random.Random(f"support-{seed}")
        self.today = today
        self.result = result

    def days(self, n: int) -> dt.date:
        return self.today - dt.timedelta(days=n)

    # -- pieces -------------------------------------------------------------------------------

    def register(self, child: Child, school: Organisation, on: dt.date) -> None:
        # The date placed on SEN support is the history's, and the clock the readiness check reads.
        Child.objects.filter(pk=child.pk).update(sen_provision_since=on)
        child.sen_provision_since = on
        RegisterChange.objects.create(
            child=child,
            school=school,
            status=RegisterStatus.SUPPORT,
            effective_on=on,
            primary_need=child.primary_need,
            secondary_need=child.secondary_need,
            reason="Needs identified by the class teacher and the SENCO",
        )
        SupportRecord.objects.create(
            child=child,
            tier=Tier.TARGETED,
            about_me="Kind, funny and good with younger children.",
            what_matters="My family, my dog and football at break.",
            how_to_help="Give me time to answer and show me what to do.",
            communication="Short spoken sentences with pictures",
        )

    def cycle(
        self,
        child: Child,
        school: Organisation,
        *,
        number: int,
        previous: Cycle | None,
        started: int,
        reviewed: bool,
        next_step: str = NextStep.ANOTHER_CYCLE,
    ) -> Cycle:
        """A cycle started ``started`` days ago, reviewed eight weeks later if ``reviewed``."""
        started_on = self.days(started)
        due = started_on + dt.timedelta(days=CYCLE_DAYS)
        cycle = Cycle.objects.create(
            child=child,
            school=school,
            number=number,
            previous=previous,
            started_on=started_on,
            review_due=due,
            child_views="Finds reading hard and wants to read to the class.",
            family_views="Worried about progress; reading together at home.",
            assessments="Phonics screening and classroom observation.",
            attainment_now="Working below the expected standard in reading and writing.",
            adjustments="Seat near the front, visual timetable, pre-teaching of vocabulary.",
            family_invited_on=due - dt.timedelta(days=14) if reviewed else None,
            reviewed_on=due if reviewed else None,
            impact="Some progress, less than hoped." if reviewed else "",
            next_step=next_step if reviewed else "",
            learning="Short daily sessions work better than long weekly ones." if reviewed else "",
        )
        for position, text in enumerate(self.rng.sample(TARGETS, 2)):
            Target.objects.create(
                cycle=cycle,
                position=position,
                outcome=text,
                provision="Teaching assistant, three times a week, 20 minutes",
                success_criteria="Seen on three days in a row",
                measure="Teacher's observation log",
                result=self.rng.choice([TargetResult.PARTLY, TargetResult.NOT_MET])
                if reviewed
                else "",
                evidence="Seen on one or two days in a row in the observation log"
                if reviewed
                else "",
            )
        self.result.counts["cycles"] += 1
        return cycle

    def cycles(
        self, child: Child, school: Organisation, starts: list[int], *, open_last: bool
    ) -> list[Cycle]:
        made: list[Cycle] = []
        for number, started in enumerate(starts, start=1):
            last = number == len(starts)
            made.append(
                self.cycle(
                    child,
                    school,
                    number=number,
                    previous=made[-1] if made else None,
                    started=started,
                    reviewed=not (last and open_last),
                    next_step=NextStep.EHC_REQUEST if last else NextStep.ANOTHER_CYCLE,
                )
            )
        return made

    def advice(self, cycle: Cycle, source: str, adviser: str, summary: str) -> None:
        CycleAdvice.objects.create(
            cycle=cycle,
            source=source,
            adviser=adviser,
            received_on=cycle.started_on - dt.timedelta(days=3),
            summary=summary,
            targets_set_from_it=True,
        )

    def provision(
        self,
        child: Child,
        school: Organisation,
        *,
        terms: list[tuple[int, str]],
        description: str,
        wave: str,
        rate_pence: int,
        minutes: int = 0,
        sessions: int = 0,
        group: int = 1,
    ) -> None:
        per_session = sessions > 0
        cost = money.term_cost(
            money.Costing(
                rate_pence=rate_pence,
                per_session=per_session,
                minutes_per_week=minutes,
                sessions_per_week=sessions,
                weeks=WEEKS_A_TERM,
                group_size=group,
            )
        )
        for year, term in terms:
            ProvisionEntry.objects.create(
                child=child,
                school=school,
                school_year=year,
                term=term,
                description=description,
                wave=wave,
                staff="Teaching assistant" if not per_session else "Speech and language therapist",
                cost_basis=CostBasis.SESSION if per_session else CostBasis.HOUR,
                rate_pence=rate_pence,
                minutes_per_week=minutes,
                sessions_per_week=sessions,
                weeks=WEEKS_A_TERM,
                group_size=group,
                cost_pence=cost,
            )
            self.result.counts["provision"] += 1

    def voice(self, child: Child, cycle: Cycle | None, method: str) -> None:
        PupilVoice.objects.create(
            child=child,
            cycle=cycle,
            method=method,
            gathered_on=(cycle.started_on if cycle else self.today) - dt.timedelta(days=2),
            gathered_by="Class teacher",
            communication="Talking, with picture cards",
            content=self.rng.choice(VOICES),
        )

    def terms_back(self, started: int) -> list[tuple[int, str]]:
        """Every term from the one a day ``started`` days ago falls in to the end of the
        current school year (a provision map plans the year ahead)."""
        year, term = term_of(self.days(started))
        this_year, _ = term_of(self.today)
        out: list[tuple[int, str]] = []
        while year <= this_year:
            out.append((year, term))
            year, term = term_step(year, term, 1)
        return out

    # -- the points ---------------------------------------------------------------------------

    def first(self, child: Child, school: Organisation) -> None:
        self.register(child, school, self.days(21))
        (cycle,) = self.cycles(child, school, [14], open_last=True)
        self.voice(child, cycle, VoiceMethod.THREE_WISHES)
        year, term = term_of(self.today)
        self.provision(
            child,
            school,
            terms=[(year, term)],
            description="Small-group phonics",
            wave=Wave.TARGETED,
            rate_pence=1_800,
            minutes=60,
            group=4,
        )

    def third(self, child: Child, school: Organisation) -> None:
        self.register(child, school, self.days(190))
        made = self.cycles(child, school, [180, 120, 50], open_last=True)
        self.advice(
            made[-1],
            AdviceSource.SPEECH_AND_LANGUAGE,
            "Demoshire Speech and Language Therapy",
            "Use visual supports and check understanding with short questions.",
        )
        self.voice(child, made[0], VoiceMethod.GOOD_DAY_BAD_DAY)
        self.provision(
            child,
            school,
            terms=self.terms_back(180),
            description="Language group",
            wave=Wave.TARGETED,
            rate_pence=2_000,
            minutes=90,
            group=3,
        )

    def ready(self, child: Child, school: Organisation) -> None:
        self.register(child, school, self.days(250))
        made = self.cycles(child, school, [240, 180, 120], open_last=False)
        self.advice(
            made[1],
            AdviceSource.EDUCATIONAL_PSYCHOLOGY,
            "Demoshire Educational Psychology Service",
            "Significant difficulties with working memory; precision teaching daily.",
        )
        self.advice(
            made[2],
            AdviceSource.SPEECH_AND_LANGUAGE,
            "Demoshire Speech and Language Therapy",
            "Receptive language well below age; a daily language programme.",
        )
        for kind, days, summary in (
            (EvidenceKind.READING_AGE, 130, "Reading age 3 years below chronological age"),
            (EvidenceKind.ATTAINMENT, 70, "Progress well below peers over three terms"),
            (EvidenceKind.BOXALL, 60, "Boxall profile: needs in organisation of experience"),
        ):
            EvidenceOfNeed.objects.create(
                child=child, kind=kind, recorded_on=self.days(days), summary=summary
            )
        self.voice(child, made[0], VoiceMethod.PERFECT_WEEK)
        self.voice(child, made[2], VoiceMethod.RELATIONSHIP_CIRCLE)
        terms = self.terms_back(240)
        self.provision(
            child,
            school,
            terms=terms,
            description="One-to-one teaching assistant support",
            wave=Wave.SPECIALIST,
            rate_pence=2_100,
            minutes=600,
        )
        self.provision(
            child,
            school,
            terms=terms,
            description="Speech and language therapy group",
            wave=Wave.SPECIALIST,
            rate_pence=6_000,
            sessions=1,
            group=3,
        )

    def missing(self, child: Child, school: Organisation) -> None:
        self.register(child, school, self.days(80))
        self.cycles(child, school, [70, 10], open_last=True)
        year, term = term_of(self.today)
        self.provision(
            child,
            school,
            terms=[(year, term)],
            description="Reading group",
            wave=Wave.TARGETED,
            rate_pence=1_500,
            minutes=30,
            group=4,
        )


def load_support(*, seed: int, today: dt.date, home: Organisation) -> SupportDemo:
    """Make the demo's SEN support (inside the caller's transaction)."""
    result = SupportDemo(points={p: [] for p in POINTS})
    SupportSettings.objects.get_or_create(
        authority=home, defaults={"threshold_pence": money.DEFAULT_THRESHOLD_PENCE}
    )
    builder = _Builder(seed=seed, today=today, result=result)
    for school, pupils in _schools(home, today):
        result.schools.append(school)
        for point, child in zip(POINTS, pupils, strict=False):
            getattr(builder, point)(child, school)
            result.points[point].append(child)
    return result
