"""Complaints and disagreement resolution in the demo: one at each point.

For the home authority's children: a complaint at stage 1 (reply not yet due), one at stage 1
whose reply is overdue, one at stage 2, one with the Ombudsman, one closed (partly upheld, with
learning and actions, one of them still open), one about a school passed to its governing board,
one from the family through their pages (the ``parent`` account's child), and a disagreement
resolution with a health service arranged. Made with the models (inside ``load_demo``'s transaction,
so no audit entry claims a person did it), each stage's deadline by the same selector the
services use, dates counted back from today so the demo never goes stale. The steps go on the
child's case timeline as the services record them (``complaints.services.timeline_step``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sendpath.disputes.complaints import selectors, services
from sendpath.disputes.models import (
    Complaint,
    ComplaintAction,
    ComplaintSettings,
    ComplaintStage,
)
from sendpath.ehc.models import CaseEvent
from sendpath.people.models import Child, Organisation, Role, User

from .stamps import stamp_on_their_day

# The steps a complaint records on the child's case timeline (``complaints.services``).
STEPS = ("complaint_received", "complaint_stage_started", "complaint_responded", "complaint_closed")
RESPONSE = "We apologised and set out what we will do."
SUMMARY = "The draft plan came late and nobody told us why."


class _Builder:
    def __init__(self, *, today: dt.date, staff: User) -> None:
        self.today = today
        self.staff = staff

    def ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def step(self, complaint: Complaint, type_: str, date: dt.date, **details: str) -> None:
        """The step on the child's case timeline, as the services record it."""
        services.timeline_step(
            actor=complaint.created_by or self.staff, complaint=complaint, type_=type_,
            date=date, details={key: str(value) for key, value in details.items()},
        )  # fmt: skip

    def stage(self, complaint: Complaint, stage: str, days: int) -> ComplaintStage:
        started = self.ago(days)
        owed = stage in ("stage_1", "stage_2", "ombudsman")
        moved = complaint.stage != stage  # the first stage comes with the complaint itself
        complaint.stage = stage
        complaint.save(update_fields=["stage"])
        if moved:
            self.step(complaint, "complaint_stage_started", started, stage=stage)
        return ComplaintStage.objects.create(
            complaint=complaint,
            stage=stage,
            started_on=started,
            working_days=(
                selectors.settings_for(complaint.authority).days_for(stage) if owed else None
            ),
            due_on=selectors.response_due(complaint.authority, stage, started) if owed else None,
            created_by=self.staff,
        )

    def raise_(self, child: Child, days: int, *, by: User | None = None, **kw: Any) -> Complaint:
        values: dict[str, Any] = {
            "about": "send_service",
            "summary": SUMMARY,
            "raised_by": "The child's parent",
            "kind": "complaint",
            **kw,
        }
        complaint = Complaint.objects.create(
            child=child,
            authority=child.responsible_authority,
            received_on=self.ago(days),
            stage="stage_1" if values["kind"] == "complaint" else "requested",
            created_by=by or self.staff,
            **values,
        )
        self.stage(complaint, complaint.stage, days)
        self.step(
            complaint, "complaint_received", complaint.received_on,
            about=complaint.about, stage=complaint.stage,
        )  # fmt: skip
        return complaint

    def respond(self, complaint: Complaint, days: int) -> None:
        current = complaint.stages.order_by("-started_on").first()
        assert current is not None  # noqa: S101 - made just above
        current.responded_on = self.ago(days)
        current.response = RESPONSE
        current.save(update_fields=["responded_on", "response"])
        self.step(complaint, "complaint_responded", current.responded_on, stage=current.stage)


def load_complaints(*, today: dt.date, home: Organisation) -> list[str]:
    """Make the demo's complaints (inside the caller's transaction)."""
    staff = (
        User.objects.filter(organisation=home, role=Role.CASEWORKER).order_by("username").first()
    )
    family_child = Child.objects.filter(family__user__username="parent").first()
    others = Child.objects.filter(responsible_authority=home)
    if family_child is not None:
        others = others.exclude(pk=family_child.pk)
    # Children with a case first (when the demo has cases), then any of the authority's.
    ordered = ("last_name", "first_name", "pk")
    children = list(others.filter(cases__isnull=False).distinct().order_by(*ordered)[:7])
    children += list(others.exclude(pk__in=[c.pk for c in children]).order_by(*ordered))[
        : 7 - len(children)
    ]
    if staff is None or len(children) < 7:
        return []
    ComplaintSettings.objects.get_or_create(authority=home, defaults={"created_by": staff})
    b = _Builder(today=today, staff=staff)

    b.raise_(children[0], 3)
    b.raise_(children[1], 30, summary="Nobody answered our calls about the annual review.")
    second = b.raise_(children[2], 45)
    b.respond(second, 35)
    b.stage(second, "stage_2", 5)
    ombudsman = b.raise_(children[3], 150)
    b.respond(ombudsman, 140)
    b.stage(ombudsman, "stage_2", 120)
    b.respond(ombudsman, 95)
    b.stage(ombudsman, "ombudsman", 10)
    closed = b.raise_(children[4], 80, summary="The speech therapy in the plan was not provided.")
    b.respond(closed, 70)
    closed.stage = "closed"
    closed.outcome = "partly_upheld"
    closed.outcome_on = b.ago(60)
    closed.outcome_notes = "The therapy was late; the council has paid for the missed sessions."
    closed.learning = "Check every plan's provision is in place within 4 weeks of the plan."
    closed.save()
    b.step(closed, "complaint_closed", closed.outcome_on, outcome=closed.outcome)
    ComplaintAction.objects.create(
        complaint=closed,
        description="Add a 4-week provision check to the caseworkers' worklist.",
        owner=staff,
        due_on=today + dt.timedelta(days=7),
        created_by=staff,
    )
    ComplaintAction.objects.create(
        complaint=closed,
        description="Write to the family with the apology and the make-up sessions.",
        owner=staff,
        due_on=b.ago(55),
        done_on=b.ago(56),
        created_by=staff,
    )
    school = b.raise_(
        children[5], 20, about="school", about_name="the child's school",
        summary="The school sent our child home early most days.",
    )  # fmt: skip
    school.passed_to = "The school's governing board"
    school.save(update_fields=["passed_to"])
    b.stage(school, "passed_on", 18)
    resolution = b.raise_(
        children[6], 25, kind="resolution", about="health",
        about_name="the children's therapy service",
        summary="We disagree with the health service about how much therapy is needed.",
    )  # fmt: skip
    resolution.arranged_with = "An independent disagreement resolution service"
    resolution.meeting_on = today + dt.timedelta(days=12)
    resolution.save(update_fields=["arranged_with", "meeting_on"])
    b.stage(resolution, "arranged", 4)
    made = 8
    if family_child is not None:
        parent = User.objects.get(username="parent")
        b.raise_(
            family_child, 2, by=parent, from_family=True, raised_by=parent.display_name(),
            summary="I asked for a meeting three weeks ago and have heard nothing.",
            wanted="A meeting with the caseworker.",
        )  # fmt: skip
        made += 1
    # Each step on the child's case timeline on its own day (the services record it as of now).
    stamp_on_their_day(CaseEvent.objects.filter(type__in=STEPS), today)
    return [
        f"  Complaints: {made} (stage 1, overdue, stage 2, Ombudsman, closed with learning, "
        "passed on, from the family's pages) and a disagreement resolution arranged"
    ]
