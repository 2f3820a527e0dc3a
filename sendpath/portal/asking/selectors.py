"""Reads for the family's pages: their own children only, and what each child's case allows.

Every lookup starts from ``Child.objects.visible_to(user)`` for a family account, so another
family's child, a record a young person has closed to their parents, and anything asked for by
a member of staff are all the same missing page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from sendpath.core.roles import Role
from sendpath.ehc.cases import services as case_services
from sendpath.ehc.models import Case, CaseEvent, Deadline, Document, RequestSource, Stage
from sendpath.people.ages import is_young_person
from sendpath.people.models import Child, FamilyMember, User


def family_children(*, user: User) -> QuerySet[Child]:
    """The children a family account may act for (none for any other role)."""
    if not user.is_authenticated or user.role != Role.FAMILY:
        return Child.objects.none()
    return Child.objects.visible_to(user).select_related("responsible_authority")


def is_own_record(*, user: User, child: Child) -> bool:
    """The young person themselves (their own account is linked to their record)."""
    return child.young_person_user_id == user.pk


def asker_source(*, user: User, child: Child) -> str:
    """Who is asking, as the request records it: the young person, or a parent or carer."""
    return (
        RequestSource.YOUNG_PERSON.value
        if is_own_record(user=user, child=child)
        else RequestSource.PARENT.value
    )


def asker_name(*, user: User, child: Child) -> str:
    """How the caseworker sees who sent it: the family member's name and relationship."""
    if is_own_record(user=user, child=child):
        return f"{child.full_name} (the young person)"
    member = FamilyMember.objects.filter(child=child, user=user).first()
    if member is not None:
        return f"{member.full_name} ({member.get_relationship_display().lower()})"
    return user.display_name()


def may_ask_for_themselves(*, child: Child, on: dt.date) -> bool:
    """A young person may ask for their own assessment (CFA 2014 s.36(1), s.83(2))."""
    return is_young_person(child.date_of_birth, on)


def parent_for_young_person(*, user: User, child: Child, on: dt.date) -> bool:
    """A parent asking for a young person, which the law leaves to the young person (CFA 2014
    s.36(1) names the child's parent; SEND Code of Practice 8.13), unless it is recorded that
    the young person lacks capacity, when a parent acts for them (SEND Regulations 2014,
    Part 5; Mental Capacity Act 2005)."""
    return (
        not is_own_record(user=user, child=child)
        and is_young_person(child.date_of_birth, on)
        and child.lacks_capacity_recorded_on is None
    )


def open_case(child: Child) -> Case | None:
    return (
        Case.objects.filter(child=child, closed_at__isnull=True)
        .select_related("caseworker", "authority", "child")
        .first()
    )


def latest_case(child: Child) -> Case | None:
    """The open case, or else the most recent one (for messages and documents)."""
    return open_case(child) or (
        Case.objects.filter(child=child)
        .select_related("caseworker", "authority", "child")
        .order_by("-received_on", "-created_at")
        .first()
    )


def deadline(case: Case, key: str) -> Deadline | None:
    """A stored deadline of the case (computed by the same engine as the caseworker's)."""
    return Deadline.objects.filter(case=case, key=key).first()


def events_of(case: Case, *types: str) -> list[CaseEvent]:
    return [e for e in case_services.effective_events(case) if e.type in types]


@dataclass
class Draft:
    """The draft plan as sent, and the family's 15 days to comment (SEND Regs 2014 reg 13(1))."""

    case: Case
    event: CaseEvent  # the latest ``draft_plan_sent``
    sent_on: dt.date | None
    last_day: dt.date | None
    open: bool  # the draft is still a draft (no final plan yet)

    def late_on(self, day: dt.date) -> bool:
        return self.last_day is not None and day > self.last_day


def draft_for(child: Child) -> Draft | None:
    """The child's draft plan, once it has been sent (``draft_plan_sent`` on the timeline)."""
    case = open_case(child)
    if case is None:
        return None
    sent = events_of(case, "draft_plan_sent")
    if not sent:
        return None
    close = deadline(case, "draft_representations_close")
    return Draft(
        case=case,
        event=sent[-1],
        sent_on=sent[-1].date,
        last_day=close.due if close is not None else None,
        open=case.stage == Stage.DRAFT_SENT,
    )


# A personal budget is for a plan being prepared or kept (CFA 2014 s.49(1)).
BUDGET_STAGES = (Stage.DRAFTING, Stage.DRAFT_SENT, Stage.FINAL_ISSUED)


def budget_case(child: Child) -> Case | None:
    case = open_case(child)
    return case if case is not None and case.stage in BUDGET_STAGES else None


@dataclass
class Review:
    case: Case
    meeting_on: dt.date


def review_ahead(child: Child, today: dt.date) -> Review | None:
    """The review meeting that has been arranged and not yet held (today or later)."""
    case = open_case(child)
    if case is None:
        return None
    events = events_of(case, "review_meeting_scheduled", "review_meeting_held")
    scheduled = [e for e in events if e.type == "review_meeting_scheduled" and e.date]
    if not scheduled:
        return None
    meeting = scheduled[-1]
    held = [e for e in events if e.type == "review_meeting_held" and e.date]
    if meeting.date is None or meeting.date < today:
        return None
    if any(h.recorded_at > meeting.recorded_at for h in held):
        return None
    return Review(case=case, meeting_on=meeting.date)


def family_sent(child: Child, *types: str) -> list[CaseEvent]:
    """What the family has sent about this child, newest first."""
    events = CaseEvent.objects.filter(case__child=child, type__in=types).select_related(
        "recorded_by", "case"
    )
    return list(events.order_by("-recorded_at"))


def family_documents(child: Child) -> QuerySet[Document]:
    """Documents a family account uploaded to the child's cases, newest first."""
    return (
        Document.objects.filter(case__child=child, created_by__role=Role.FAMILY)
        .select_related("created_by", "case")
        .order_by("-created_at")
    )


def review_contributions(case: Case) -> list[CaseEvent]:
    """The family's views sent for the case's reviews, newest first (for the staff page)."""
    events = events_of(case, "family_review_contribution")
    return sorted(events, key=lambda e: e.recorded_at, reverse=True)


def event_file_titles(event: CaseEvent) -> list[str]:
    """The titles of the files sent with a step (the case is already in the user's scope)."""
    return list(Document.objects.filter(event=event).values_list("title", flat=True))
