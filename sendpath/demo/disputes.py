"""The demo's disagreements: refusals to assess gone to mediation and appeal, at each point
(mediation arranged, a certificate issued, a mediated agreement with actions to do, an appeal
registered with a tribunal order awaiting compliance).

Each case is opened and every step recorded through the services the pages use, so the
deadlines are the engine's and the timelines read as any other case's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sendpath.disputes.disagreements import services
from sendpath.disputes.models import Disagreement, TribunalOrder
from sendpath.ehc.cases.services import case_open, event_record
from sendpath.ehc.models import Case
from sendpath.people.models import Child, Organisation, User

NOTICE = {"kind": "not_to_assess", "kind_label": "Notice of the decision not to assess"}


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
    def __init__(self, *, today: dt.date, actor: User) -> None:
        self.today = today
        self.actor = actor

    def day(self, n: int) -> dt.date:
        """``n`` days ago (negative: ahead)."""
        return self.today - dt.timedelta(days=n)

    def refusal(self, child: Child, notice_days_ago: int) -> Case:
        case = case_open(
            actor=self.actor,
            child=child,
            source="parent",
            received_on=self.day(notice_days_ago + 40),
            caseworker=self.actor,
        )
        self.event(case, "decision_to_assess", notice_days_ago + 2, outcome="no")
        self.event(case, "decision_notice_sent", notice_days_ago, **NOTICE)
        return case

    def event(self, case: Case, type_: str, days_ago: int, **details: Any) -> None:
        event_record(
            actor=self.actor, case=case, type=type_, date=self.day(days_ago), details=details
        )

    def open(self, case: Case, kind: str, notice_days_ago: int, told_days_ago: int) -> Disagreement:
        return services.disagreement_open(
            actor=self.actor,
            case=case,
            kind=kind,
            decision="not_to_assess",
            decision_notice_on=self.day(notice_days_ago),
            opened_on=self.day(told_days_ago),
        )

    def step(self, d: Disagreement, step: str, **data: Any) -> None:
        services.step_record(actor=self.actor, disagreement=d, step=step, data=data)

    def arranged(self, child: Child) -> Disagreement:
        case = self.refusal(child, 25)
        d = self.open(case, "mediation", 25, 18)
        self.step(d, "adviser", date=self.day(18), wants_mediation="yes")
        self.step(d, "request", date=self.day(15), health_element=True)
        self.step(d, "arrange", date=self.day(-10), venue="Civic Centre, meeting room 2")
        return d

    def certificate(self, child: Child) -> Disagreement:
        case = self.refusal(child, 30)
        d = self.open(case, "mediation", 30, 10)
        self.step(d, "adviser", date=self.day(10), wants_mediation="no")
        self.step(d, "certificate", date=self.day(8))
        return d

    def agreement(self, child: Child) -> Disagreement:
        case = self.refusal(child, 50)
        d = self.open(case, "mediation", 50, 45)
        self.step(d, "adviser", date=self.day(45), wants_mediation="yes")
        self.step(d, "request", date=self.day(44), social_care_element=True)
        self.step(d, "arrange", date=self.day(20), venue="Family centre")
        self.step(d, "notice", date=self.day(30))
        self.step(
            d,
            "held",
            date=self.day(20),
            attendees="Parent, SEND caseworker, independent mediator, social worker",
            child_views_sought="yes",
            outcome="partly",
            health_part="",
            social_care_part="A short-breaks assessment to be offered",
        )
        self.step(d, "certificate", date=self.day(18))
        self.step(
            d,
            "action",
            what="Ask the educational psychologist for a consultation in school",
            who="SEND caseworker",
            due=self.day(-7),
        )
        self.step(
            d, "action", what="Offer a short-breaks assessment", who="Social care", due=self.day(3)
        )
        return d

    def ordered(self, child: Child) -> Disagreement:
        case = self.refusal(child, 120)
        d = self.open(case, "appeal", 120, 110)
        self.step(d, "adviser", date=self.day(110), wants_mediation="no")
        self.step(d, "certificate", date=self.day(108))
        self.step(d, "appeal", date=self.day(95))
        self.step(d, "response", date=self.day(70))
        self.step(d, "hearing", date=self.day(12))
        self.step(d, "decision", date=self.day(5), outcome="upheld", recommendations="")
        self.step(d, "order", date=self.day(5), kind="assess")
        return d


def load_disputes(*, today: dt.date, home: Organisation) -> DisputesDemo:
    """Make the demo's disagreements (inside the caller's transaction)."""
    result = DisputesDemo()
    actor = User.objects.filter(username="caseworker").first()
    if actor is None:
        return result
    busy = Case.objects.filter(closed_at__isnull=True).values("child_id")
    children = list(
        Child.objects.filter(
            responsible_authority=home, date_of_birth__lte=today - dt.timedelta(days=5 * 365)
        )
        .exclude(pk__in=busy)
        .order_by("date_of_birth", "last_name", "first_name")[:4]
    )
    builder = _Builder(today=today, actor=actor)
    for name, child in zip(
        ("mediation arranged", "certificate issued", "mediated agreement", "order to comply"),
        children,
        strict=False,
    ):
        method = {
            "mediation arranged": builder.arranged,
            "certificate issued": builder.certificate,
            "mediated agreement": builder.agreement,
            "order to comply": builder.ordered,
        }[name]
        made = method(child)
        made.refresh_from_db()
        result.made[name] = made
    assert TribunalOrder.objects.exists() or len(children) < 4  # noqa: S101 - the demo's shape
    return result
