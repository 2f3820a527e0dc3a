"""Plans in force through their review cycle, and the exceptions and corrections some cases
carry: ``CaseMaker`` draws whole timelines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sendpath.demo.people_api import Child
from sendpath.timescales import DeadlineRow, compute

from .content import (
    AMEND_CHANGES,
    CEASE_REASON,
    DISAGREEMENTS,
    EXCEPTION_NOTES,
    EXCUSABLE,
    HOW_LEARNED,
    PFA_FINDINGS,
    RECOMMENDATIONS,
)
from .ehc_api import (
    CEASE_REASONS,
    EXCEPTION_REASON_LABELS,
    NOTICE_KEY,
    CaseEvent,
    deadline_label,
    reviews,
    services,
)
from .timeline import DemoCase, DemoEvent, TimelineMaker, weekday_back


class CaseMaker(TimelineMaker):
    """Draws a case's whole timeline, wherever it stands, and its exceptions and corrections."""

    # -- plans in force ----------------------------------------------------------------------

    def back(self, low: int, high: int, floor: dt.date = dt.date.min) -> dt.date:
        """A weekday between ``low`` and ``high`` days ago (never before ``floor``)."""
        return weekday_back(self.today - dt.timedelta(days=self.days(low, high)), floor)

    def issued_plan(self, child: Child, issued: dt.date) -> list[DemoEvent]:
        """The pathway to a final plan issued on ``issued``, within 20 weeks about half the time."""
        offset = self.days(105, 140) if self.chance(0.5) else self.days(141, 205)
        got = weekday_back(issued - dt.timedelta(days=offset), dt.date.min)
        return self.final_plan(child, got, issued)

    def invited(self, child: Child, events: list[DemoEvent], day: dt.date) -> DemoEvent:
        """Invitations as ``reviews.invitations_record`` writes them: the family, the young
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
        return DemoEvent(
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
        events: list[DemoEvent],
        held: dt.date,
        *,
        report: dt.date | None = None,
        decided: dt.date | None = None,
        outcome: str = "maintain",
        early: bool = False,
    ) -> list[DemoEvent]:
        """One review: arranged, invitations out, meeting held, report and decision (as far as
        the dates given); the dates are in the past."""
        kind = "annual"
        arranged = weekday_back(held - dt.timedelta(days=self.days(21, 45)), dt.date.min)
        out = [
            DemoEvent(
                "review_meeting_scheduled",
                held,
                {"kind": kind, "kind_label": reviews.REVIEW_KINDS[kind], "reason": ""},
                recorded_on=arranged,
            )
        ]
        late = self.chance(0.2)
        sent = held - dt.timedelta(days=self.days(7, 12) if late else self.days(14, 20))
        out.append(self.invited(child, events, weekday_back(max(sent, arranged), arranged)))
        out.append(DemoEvent("review_meeting_held", held, {}))
        name = child.known_as
        if report is not None:
            text = self.pick(RECOMMENDATIONS).format(name=name)
            if early:
                text += " The next review is in 6 months, as " + name + " is under 5."
            sections: dict[str, str] = {}
            if reviews.curriculum_year(child.date_of_birth, report) >= 9:
                sections = {k: v.format(name=name) for k, v in PFA_FINDINGS.items()}
            out.append(
                DemoEvent(
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
                DemoEvent(
                    "review_decision_notified",
                    decided,
                    {
                        "outcome": outcome,
                        "kind_label": reviews.OUTCOMES[outcome],
                        "reasons": reasons,
                    },
                )
            )
            if outcome == "maintain":
                # The decision not to amend is appealable: its letter gives the rights
                # (reg 20(10); CFA s.51(2)(e)).
                out.append(self.notice(decided, "not_to_amend"))
        return out

    def decided(
        self, child: Child, held: dt.date, outcome: str, *, late: bool = False, early: bool = False
    ) -> list[DemoEvent]:
        """A plan issued about a year before ``held`` (6 months for an under-5), reviewed and
        decided."""
        months = 6 if early else 12
        issued = weekday_back(
            held - dt.timedelta(days=months * 30 + self.days(-10, 15)), dt.date.min
        )
        events = self.issued_plan(child, issued)
        report = self.on(held, self.days(4, 14), floor=held)
        decided = self.on(held, self.days(29, 40) if late else self.days(12, 27), floor=report)
        events += self.review(
            child, events, held, report=report, decided=decided, outcome=outcome, early=early
        )
        return events

    def in_force(self, point: str, child: Child) -> list[DemoEvent]:
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
                DemoEvent(
                    "review_meeting_scheduled",
                    meeting,
                    {"kind": "annual", "kind_label": reviews.REVIEW_KINDS["annual"], "reason": ""},
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
                DemoEvent("amended_plan_issued", issued, {"proposed_on": proposed.isoformat()}),
                # Sent with the amended plan: the family's rights (reg 22(3); CFA s.51).
                self.notice(issued, "amended_plan_issued"),
            ]
        if point == "moving":
            events = self.issued_plan(child, self.back(120, 300))
            learned = self.back(2, 20)
            where = self.pick(self.authorities)
            events.append(
                DemoEvent(
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
                DemoEvent(
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
                DemoEvent(
                    "decision_notice_sent",
                    notice,
                    {
                        NOTICE_KEY: "plan_ceased",
                        "kind_label": "Notice of the decision to cease the plan, with the right "
                        "to appeal",
                    },
                )
            )
            return events
        raise ValueError(point)

    def proposal(self, child: Child, day: dt.date) -> DemoEvent:
        return DemoEvent(
            "amendment_proposed",
            day,
            {
                "reasons": f"The annual review found {child.known_as}'s needs have changed.",
                "changes": self.pick(AMEND_CHANGES),
            },
        )

    def transfer(self, child: Child) -> DemoEvent | None:
        """The phase transfer of the round being worked on, for a child moving Year 6 to 7 or
        Year 11 to post-16 (``reviews.phase_transfer_record``'s details)."""
        year = reviews.transfer_year(self.today)
        group = reviews.curriculum_year(child.date_of_birth, dt.date(year - 1, 9, 1))
        kind = {6: "school", 11: "post16"}.get(group)
        if kind is None:
            return None
        label = f"{reviews.TRANSFER_KINDS[kind]}, {year}"
        return DemoEvent("phase_transfer", None, {"year": year, "kind": kind, "kind_label": label})

    # -- deadlines, exceptions and corrections ----------------------------------------------

    def engine_rows(self, child: Child, events: list[DemoEvent]) -> list[DeadlineRow]:
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
            DemoEvent(
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
            DemoEvent(
                decision.type,
                right,
                dict(decision.details),
                note="Correction: the decision letter is dated "
                f"{right:%-d %B %Y}; the wrong date was typed",
                corrects=decision,
            )
        )
