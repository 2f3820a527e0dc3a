"""Complaints and disagreement resolution in the demo: one at each point.

For the home authority's children: a complaint at stage 1 (reply not yet due), one at stage 1
whose reply is overdue, one at stage 2, one with the Ombudsman, one closed (partly upheld, with
learning and actions, one of them still open), one about a school passed to its governing board,
one from the family through their pages (the ``parent`` account's child), and a disagreement
resolution with a health service arranged. Made through the services (inside ``load_demo``'s
transaction), dates counted back from today so the demo never goes stale.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sendpath.disputes.complaints import services
from sendpath.disputes.models import Complaint, ComplaintSettings
from sendpath.people.models import Child, Organisation, Role, User


def _ago(today: dt.date, days: int) -> dt.date:
    return today - dt.timedelta(days=days)


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

    def raise_(child: Child, days: int, **kw: Any) -> Complaint:
        values: dict[str, Any] = {
            "about": "send_service",
            "summary": "The draft plan came late and nobody told us why.",
            "raised_by": "The child's parent",
            **kw,
        }
        return services.complaint_raise(
            actor=staff,
            child=child,
            received_on=_ago(today, days),
            today=today,
            **values,
        )

    def respond(complaint: Complaint, days: int) -> None:
        services.complaint_respond(
            actor=staff,
            complaint=complaint,
            responded_on=_ago(today, days),
            response="We apologised and set out what we will do.",
            today=today,
        )

    def move(complaint: Complaint, to: str, days: int, passed_to: str = "") -> None:
        services.complaint_move(
            actor=staff,
            complaint=complaint,
            to=to,
            started_on=_ago(today, days),
            passed_to=passed_to,
            today=today,
        )

    raise_(children[0], 3)
    raise_(children[1], 30, summary="Nobody answered our calls about the annual review.")
    second = raise_(children[2], 45)
    respond(second, 35)
    move(second, "stage_2", 5)
    ombudsman = raise_(children[3], 150)
    respond(ombudsman, 140)
    move(ombudsman, "stage_2", 120)
    respond(ombudsman, 95)
    move(ombudsman, "ombudsman", 10)
    closed = raise_(children[4], 80, summary="The speech therapy in the plan was not provided.")
    respond(closed, 70)
    services.complaint_close(
        actor=staff,
        complaint=closed,
        outcome="partly_upheld",
        outcome_on=_ago(today, 60),
        outcome_notes="The therapy was late; the council has paid for the missed sessions.",
        learning="Check every plan's provision is in place within 4 weeks of the plan.",
        today=today,
    )
    services.action_add(
        actor=staff,
        complaint=closed,
        description="Add a 4-week provision check to the caseworkers' worklist.",
        owner=staff,
        due_on=today + dt.timedelta(days=7),
    )
    done = services.action_add(
        actor=staff,
        complaint=closed,
        description="Write to the family with the apology and the make-up sessions.",
        owner=staff,
        due_on=_ago(today, 55),
    )
    services.action_done(actor=staff, action=done, done_on=_ago(today, 56), today=today)
    school = raise_(
        children[5], 20, about="school", about_name="the child's school",
        summary="The school sent our child home early most days.",
    )  # fmt: skip
    move(school, "passed_on", 18, passed_to="The school's governing board")
    resolution = raise_(
        children[6], 25, kind="resolution", about="health",
        about_name="the children's therapy service",
        summary="We disagree with the health service about how much therapy is needed.",
    )  # fmt: skip
    services.resolution_arrange(
        actor=staff,
        complaint=resolution,
        arranged_with="An independent disagreement resolution service",
        meeting_on=today + dt.timedelta(days=12),
        today=today,
    )
    made = 8
    if family_child is not None:
        parent = User.objects.get(username="parent")
        services.complaint_raise(
            actor=parent,
            child=family_child,
            about="send_service",
            summary="I asked for a meeting three weeks ago and have heard nothing.",
            wanted="A meeting with the caseworker.",
            raised_by=parent.display_name(),
            received_on=_ago(today, 2),
            from_family=True,
            today=today,
        )
        made += 1
    return [
        f"  Complaints: {made} (stage 1, overdue, stage 2, Ombudsman, closed with learning, "
        "passed on, from the family's pages) and a disagreement resolution arranged"
    ]
