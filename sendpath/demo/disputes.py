"""The demo's disagreements: refusals to assess gone to mediation and appeal, at each point
(mediation arranged, a certificate issued, a mediated agreement with actions to do, an appeal
registered with a tribunal order awaiting compliance), on the demo's own refused cases.

Every step is recorded through the services the pages use, so the deadlines are the engine's
and the timelines read as any other case's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sendpath.disputes.disagreements import services
from sendpath.disputes.models import Disagreement
from sendpath.ehc.models import Case, CaseEvent, Stage
from sendpath.people.models import Organisation, User

from .stamps import stamp_on_their_day


@dataclass
class DisputesDemo:
    made: dict[str, Disagreement] = field(default_factory=dict)

    def lines(self) -> list[str]:
        if not self.made:
            return []
        return [
            "  Disagreements: "
            + ", ".join(f"{name} ({d.case.reference})" for name, d in self.made.items())
        ]


class _Builder:
    """Records each disagreement's steps on a refused case, counted from its decision letter
    (``n``, the day the notice was sent), never past today."""

    def __init__(self, *, today: dt.date, actor: User) -> None:
        self.today = today
        self.actor = actor

    def after(self, n: dt.date, days: int) -> dt.date:
        return n + dt.timedelta(days=days)

    def before_today(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def open(self, case: Case, kind: str, notice_on: dt.date) -> Disagreement:
        return services.disagreement_open(
            actor=self.actor,
            case=case,
            kind=kind,
            decision="not_to_assess",
            decision_notice_on=notice_on,
            opened_on=self.after(notice_on, 1),
        )

    def step(self, d: Disagreement, step: str, **data: Any) -> None:
        services.step_record(actor=self.actor, disagreement=d, step=step, data=data)

    def arranged(self, case: Case, n: dt.date) -> Disagreement:
        d = self.open(case, "mediation", n)
        self.step(d, "adviser", date=self.after(n, 1), wants_mediation="yes")
        self.step(d, "request", date=self.after(n, 2), health_element=True)
        self.step(
            d,
            "arrange",
            date=self.today + dt.timedelta(days=10),
            venue="Civic Centre, meeting room 2",
        )
        return d

    def certificate(self, case: Case, n: dt.date) -> Disagreement:
        d = self.open(case, "mediation", n)
        self.step(d, "adviser", date=self.after(n, 1), wants_mediation="no")
        self.step(d, "certificate", date=self.after(n, 2))
        return d

    def agreement(self, case: Case, n: dt.date) -> Disagreement:
        d = self.open(case, "mediation", n)
        self.step(d, "adviser", date=self.after(n, 1), wants_mediation="yes")
        self.step(d, "request", date=self.after(n, 2), social_care_element=True)
        self.step(d, "arrange", date=self.after(n, 8), venue="Family centre")
        self.step(d, "notice", date=self.after(n, 2))
        self.step(
            d,
            "held",
            date=self.after(n, 8),
            attendees="Parent, SEND caseworker, independent mediator, social worker",
            child_views_sought="yes",
            outcome="partly",
            health_part="",
            social_care_part="A short-breaks assessment to be offered",
        )
        self.step(d, "certificate", date=self.after(n, 9))
        self.step(
            d,
            "action",
            what="Ask the educational psychologist for a consultation in school",
            who="SEND caseworker",
            due=self.today + dt.timedelta(days=14),
        )
        self.step(
            d,
            "action",
            what="Offer a short-breaks assessment",
            who="Social care",
            due=self.before_today(1),
        )
        return d

    def ordered(self, case: Case, n: dt.date) -> Disagreement:
        d = self.open(case, "appeal", n)
        self.step(d, "adviser", date=self.after(n, 1), wants_mediation="no")
        self.step(d, "certificate", date=self.after(n, 2))
        self.step(d, "appeal", date=self.after(n, 4))
        self.step(d, "response", date=self.after(n, 6))
        self.step(d, "hearing", date=self.before_today(3))
        self.step(d, "decision", date=self.before_today(2), outcome="upheld", recommendations="")
        self.step(d, "order", date=self.before_today(2), kind="assess")
        return d


# The points of the pathway, each with the days it needs after the decision letter.
POINTS = (
    ("order to comply", "ordered", 12),
    ("mediated agreement", "agreement", 12),
    ("certificate issued", "certificate", 4),
    ("mediation arranged", "arranged", 4),
)


def load_disputes(*, today: dt.date, home: Organisation) -> DisputesDemo:
    """Make the demo's disagreements on refused cases of the demo (inside the caller's
    transaction): each on an open case whose decision letter not to assess was sent long
    enough ago for its steps."""
    result = DisputesDemo()
    notices = (
        CaseEvent.objects.filter(
            type="decision_notice_sent",
            case__authority=home,
            case__closed_at__isnull=True,
            case__stage=Stage.NOT_ASSESSED,
            superseded_by=None,
        )
        .select_related("case", "case__caseworker")
        .order_by("date", "case__reference")
    )
    used: set[Any] = set()
    fallback = User.objects.filter(username="caseworker").first()
    for name, method, span in POINTS:
        found = next(
            (
                e
                for e in notices
                if e.case_id not in used and e.date and (today - e.date).days >= span
            ),
            None,
        )
        actor = (found.case.caseworker or fallback) if found else None
        if found is None or actor is None:
            continue
        used.add(found.case_id)
        made = getattr(_Builder(today=today, actor=actor), method)(found.case, found.date)
        made.refresh_from_db()
        # Each step on its day (a mediation arranged ahead: today), as the demo's others are.
        stamp_on_their_day(
            CaseEvent.objects.filter(case=made.case, details__disagreement=str(made.pk)), today
        )
        result.made[name] = made
    return result
