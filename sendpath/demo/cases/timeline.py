"""A case's timeline up to where it stands now: the request, the decision, the advice, the
draft and the consultation, the final plan and the notices."""

from __future__ import annotations

import datetime as dt
import random
import re
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sendpath.demo.common import SENCO_SCHOOL
from sendpath.demo.draws import Draws
from sendpath.demo.people_api import Child, Organisation, OrganisationKind, User

from .content import ADVICE, CWD_TEAM, REASONS, REQUEST_SUMMARIES, SENSORY_SERVICE
from .ehc_api import (
    NOTICE_KEY,
    NOTICE_KINDS,
    Case,
    Plan,
    PlanNeed,
    PlanOutcome,
    PlanProvision,
    RequestSource,
    Stage,
)


@dataclass(eq=False)
class DemoEvent:
    type: str
    date: dt.date | None
    details: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    corrects: DemoEvent | None = None
    by_previous: bool = False
    # The day it was recorded when that is not its date (a meeting arranged ahead of time).
    recorded_on: dt.date | None = None


@dataclass(eq=False)
class DemoCase:
    """One case, unsaved: the case, its timeline and (for plans) the plan's content."""

    case: Case
    child: Child
    stage: str
    events: list[DemoEvent]
    plan: Plan
    needs: list[PlanNeed] = field(default_factory=list)
    outcomes: list[tuple[PlanOutcome, list[PlanNeed]]] = field(default_factory=list)
    provisions: list[tuple[PlanProvision, list[PlanNeed]]] = field(default_factory=list)
    closed_on: dt.date | None = None
    previous: User | None = None
    next_due: dt.date | None = None
    point: str = ""  # where a plan in force stands in its review cycle (POINTS)

    def effective(self) -> list[DemoEvent]:
        corrected = {id(e.corrects) for e in self.events if e.corrects is not None}
        return [e for e in self.events if id(e) not in corrected]


def age_on(dob: dt.date, day: dt.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def advice_email(author: str, organisation: str) -> str:
    """A made-up address for a demo advice giver (the reserved .example domain), so overdue
    advice is requested and reminded by email: the family at a family address, others at
    their organisation's."""
    name = re.sub(r"[^a-z0-9]+", ".", author.split(",")[0].lower()).strip(".") or "advice"
    place = re.sub(r"[^a-z0-9]+", "-", organisation.lower()).strip("-") or "family"
    return f"{name}@{place}.example"


def _no_setting_team(child: Child, day: dt.date) -> str:
    """Who gives educational advice for a child with no school or setting."""
    age = age_on(child.date_of_birth, day)
    if age < 5:
        return "Demoshire Early Years Inclusion Team"
    if age < 16:
        return "Demoshire Education Inclusion Service"
    return "Demoshire Post-16 SEND Team"


def weekday_back(day: dt.date, floor: dt.date) -> dt.date:
    """The nearest weekday on or before ``day``, but never before ``floor``."""
    moved = day
    while moved.weekday() >= 5:
        moved -= dt.timedelta(days=1)
    return moved if moved >= floor else day


class TimelineMaker(Draws):
    """Draws each case's timeline, from its own seeded ``rng``."""

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
            return age_on(c.date_of_birth, today)

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
        return weekday_back(self.today - dt.timedelta(days=self.days(low, high)), dt.date.min)

    def on(self, start: dt.date, offset: int, floor: dt.date | None = None) -> dt.date:
        """A weekday ``offset`` days after ``start``, never after today nor before ``floor``."""
        day = min(start + dt.timedelta(days=offset), self.today)
        return weekday_back(day, floor or start)

    def request(self, child: Child, day: dt.date) -> DemoEvent:
        age = age_on(child.date_of_birth, day)
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
        return DemoEvent("request_received", day, details)

    def reasons(self, kind: str, child: Child) -> str:
        return self.pick(REASONS[kind]).format(name=child.known_as)

    def advice_sources(self, child: Child, received: dt.date) -> list[str]:
        age = age_on(child.date_of_birth, received)
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
    ) -> list[DemoEvent]:
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
            base = {
                "source_label": label,
                "organisation": org,
                "author": author,
                "email": advice_email(author, org),
            }
            if source == "educational" and self.chance(0.1) and answer_by is None:
                # Existing advice from the school, agreed sufficient by all three (reg 6(4)).
                events.append(
                    DemoEvent(
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
            events.append(
                DemoEvent("advice_requested", asked, {"id": source, "source": source, **base})
            )
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
                    DemoEvent("advice_received", weekday_back(back, asked), {"id": source, **base})
                )
        return events

    def decision_offset(self, room: int) -> int:
        """Days from request to the decision whether to assess (6 weeks allowed)."""
        offset = self.days(18, 41) if self.chance(0.8) else self.days(43, 58)
        return max(7, min(offset, room))

    def consult(
        self, child: Child, sent: dt.date, *, answer_by: dt.date | None = None
    ) -> list[DemoEvent]:
        """Settings consulted on the draft; all answer by ``answer_by`` when given."""
        school = self.current.get(child.pk)
        settings: list[Organisation] = []
        if school is not None:
            settings.append(school)
        fits = [o for o, needs in self.specials if child.primary_need in needs]
        if fits and (not settings or self.chance(0.4)):
            settings.append(self.pick(fits))
        if not settings:
            age = age_on(child.date_of_birth, sent)
            phase = "primary" if age < 11 else "secondary"
            settings.append(self.pick(self.mainstream[phase] or self.mainstream["primary"]))
        events = []
        for org in settings:
            ident = str(org.pk)
            named = {"id": ident, "organisation": org.name, "organisation_id": ident}
            asked = self.on(sent, self.days(0, 3), floor=sent)
            events.append(DemoEvent("setting_consulted", asked, named))
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
                DemoEvent(
                    "setting_responded",
                    weekday_back(back, asked),
                    {
                        **named,
                        # As ``ehc.plans.consultation.setting_respond`` writes it.
                        "can_meet": can,
                        "kind_label": "Can meet the needs" if can else "Cannot meet the needs",
                        "reasons": ""
                        if can
                        else "The school cannot provide the specialist staffing and small-"
                        "group teaching the plan sets out.",
                    },
                )
            )
        return events

    def timeline(self, stage: str, child: Child) -> tuple[list[DemoEvent], dt.date | None]:
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
                DemoEvent(
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
                DemoEvent(
                    "assessment_outcome",
                    outcome,
                    {"outcome": "no_plan", "reasons": self.reasons("no_plan", child)},
                )
            )
            events.append(self.notice(outcome, "not_to_issue"))
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

    def final_plan(self, child: Child, got: dt.date, issued: dt.date) -> list[DemoEvent]:
        """The whole pathway from a request ``got`` to a final plan ``issued`` (in the past)."""
        sent = weekday_back(issued - dt.timedelta(days=self.days(16, 30)), got)
        outcome = weekday_back(sent - dt.timedelta(days=self.days(0, 10)), got)
        events = self.assessed(child, got, outcome)
        events.append(self.plan_decision(child, outcome))
        events.append(self.draft(child, sent))
        consulted = self.consult(child, sent, answer_by=issued)
        events += consulted
        answers = [e for e in consulted if e.type == "setting_responded"]
        chosen = next((e for e in answers if e.details["can_meet"]), answers[0])
        last = max(e.date for e in answers if e.date)
        named = weekday_back(min(last + dt.timedelta(days=self.days(1, 5)), issued), last)
        events.append(
            DemoEvent(
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
            DemoEvent("final_plan_issued", issued, {"organisation": chosen.details["organisation"]})
        )
        events.append(self.notice(issued, "final_plan_issued"))
        return events

    def decision_yes(self, child: Child, day: dt.date) -> DemoEvent:
        return DemoEvent(
            "decision_to_assess", day, {"outcome": "yes", "reasons": self.reasons("yes", child)}
        )

    def plan_decision(self, child: Child, day: dt.date) -> DemoEvent:
        return DemoEvent(
            "assessment_outcome", day, {"outcome": "plan", "reasons": self.reasons("plan", child)}
        )

    def draft(self, child: Child, day: dt.date) -> DemoEvent:
        return DemoEvent("draft_plan_sent", day, {"sent_to": self.contact.get(child.pk, "")})

    def notice(self, day: dt.date, kind: str) -> DemoEvent:
        """The decision notice sent, named as ``ehc.notices`` reads it."""
        return DemoEvent(
            "decision_notice_sent",
            day,
            {NOTICE_KEY: NOTICE_KINDS[kind].key, "kind_label": NOTICE_KINDS[kind].label},
        )

    def assessed(self, child: Child, got: dt.date, outcome: dt.date) -> list[DemoEvent]:
        """Request, decision to assess and all the advice in by the ``outcome`` date."""
        room = (outcome - got).days - 21
        decided = self.on(got, self.decision_offset(room))
        events = [self.request(child, got), self.decision_yes(child, decided)]
        events += self.advice(child, decided, got, answer_by=outcome)
        return events
