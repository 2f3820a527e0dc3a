"""Reads for joint working, always scoped through ``Child.objects.visible_to``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from sendpath.ehc.models import CaseEvent, Deadline
from sendpath.ehc.presenters import deadline_label, names_for_cases
from sendpath.people.models import Child, Organisation, SettingAttendance, User

from .models import (
    Action,
    AgendaItem,
    Escalation,
    Meeting,
    OtherAuthorityDecision,
    PersonalEducationPlan,
    Section,
)

REVIEW_FAMILIES = ("annual_review", "early_years_review")
DEADLINE_WINDOW = dt.timedelta(days=14)
REVIEW_WINDOW = dt.timedelta(weeks=8)
DECISION_TYPES = ("decision_to_assess", "assessment_outcome")
MOVE_TYPES = ("move_notified", "transfer_in")
OUTCOME_LABELS = {
    "yes": "Yes to assess",
    "no": "No to assess",
    "plan": "Plan to be issued",
    "no_plan": "No plan to be issued",
}


def cared_for(user: User) -> QuerySet[Child]:
    """Cared-for children the user may see."""
    return Child.objects.visible_to(user).filter(cared_for=True)


def meetings_for(user: User) -> QuerySet[Meeting]:
    return Meeting.objects.filter(authority=user.authority)


def agenda_items_shown(*, meeting: Meeting, user: User) -> QuerySet[AgendaItem]:
    """The items of a meeting's agenda the user may see (a shared meeting may name children
    they may not), in the order they were added."""
    return (
        AgendaItem.objects.filter(meeting=meeting)
        .filter(Q(child__isnull=True) | Q(child__in=cared_for(user)))
        .select_related("child")
        .order_by("created_at", "pk")
    )


def agenda_section_counts(items: QuerySet[AgendaItem]) -> dict[str, int]:
    """How many of ``items`` each section holds, in one query."""
    rows = items.order_by().values_list("section").annotate(n=Count("pk"))
    return dict(rows)


def agenda_items_for(*, meeting: Meeting) -> QuerySet[AgendaItem]:
    """The items on a meeting's agenda (the meeting is already in the user's scope)."""
    return AgendaItem.objects.filter(meeting=meeting)


def actions_for(*, user: User) -> QuerySet[Action]:
    """The actions from the meetings of the user's authority, with their meeting."""
    return Action.objects.select_related("meeting").filter(meeting__authority=user.authority)


def escalations_for(user: User) -> QuerySet[Escalation]:
    return Escalation.objects.filter(
        authority=user.authority, child__in=cared_for(user)
    ).select_related("child", "owner", "other_authority")


def overdue_escalations(user: User, today: dt.date | None = None) -> QuerySet[Escalation]:
    """Open escalations whose review-by date has passed (for dashboards)."""
    today = today or timezone.localdate()
    return escalations_for(user).filter(resolved_on__isnull=True, review_by__lt=today)


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(authority=meeting.authority, held_on__lt=meeting.held_on)
        .order_by("-held_on", "-created_at")
        .first()
    )


def actions_carried_forward(meeting: Meeting) -> QuerySet[Action]:
    """Actions from earlier meetings still open on the day of this one."""
    return (
        Action.objects.filter(
            meeting__authority=meeting.authority, meeting__held_on__lt=meeting.held_on
        )
        .filter(Q(done_on__isnull=True) | Q(done_on__gte=meeting.held_on))
        .select_related("meeting", "owner", "child")
        .order_by("due_on", "created_at")
    )


@dataclass
class Generated:
    section: str
    child: Child | None
    title: str
    detail: str
    overdue: bool = False


def _live(events: QuerySet[CaseEvent]) -> QuerySet[CaseEvent]:
    return events.filter(superseded_by__isnull=True)


def agenda_generated(
    *, user: User, since: dt.date, today: dt.date | None = None
) -> list[Generated]:
    """The agenda the record writes for itself, as of ``today``, with news since ``since``."""
    today = today or timezone.localdate()
    children = cared_for(user)
    items: list[Generated] = []
    deadlines = (
        Deadline.objects.filter(
            case__child__in=children,
            case__closed_at__isnull=True,
            pending=True,
            family_limit=False,
            due__lte=today + DEADLINE_WINDOW,
        )
        .exclude(family__in=REVIEW_FAMILIES, due__gte=today)
        .select_related("case__child")
        .order_by("due", "key")
    )
    due = list(deadlines)
    # Name which advice or setting a deadline concerns ("Advice: Educational advice from ...").
    names = names_for_cases({d.case_id for d in due if ":" in d.key})
    for d in due:
        overdue = d.due < today
        items.append(
            Generated(
                Section.DEADLINES,
                d.case.child,
                f"{d.case.child.full_name}: {deadline_label(d.key, names.get(d.case_id))}",
                f"{'Overdue since' if overdue else 'Due'} {d.due:%-d %B %Y} (case {d.case.reference})",
                overdue,
            )
        )
    moves = (
        _live(CaseEvent.objects.filter(case__child__in=children, type__in=MOVE_TYPES))
        .filter(Q(date__gte=since) | Q(recorded_at__date__gte=since))
        .select_related("case__child")
    )
    for event in moves:
        child = event.case.child
        if event.type == "move_notified":
            when = event.details.get("move_date") or (event.date and event.date.isoformat())
            title = f"{child.full_name}: moving to another authority"
            detail = f"Move notified {event.date:%-d %B %Y}" + (
                f"; moves on {when}" if when else ""
            )
        else:
            title = f"{child.full_name}: plan transferred in from another authority"
            detail = f"Received {event.date:%-d %B %Y}"
        items.append(Generated(Section.MOVES, child, title, detail))
    settings_changed = (
        SettingAttendance.objects.filter(child__in=children)
        .filter(
            Q(start_date__gte=since, start_date__lte=today + REVIEW_WINDOW)
            | Q(end_date__gte=since, end_date__lte=today + REVIEW_WINDOW)
        )
        .select_related("child", "organisation__local_authority")
    )
    ours = user.authority
    for attendance in settings_changed:
        org = attendance.organisation
        area = org.local_authority
        where = "" if area is None or area == ours else f" (in {area.name})"
        if attendance.start_date >= since:
            verb = "Starts" if attendance.start_date > today else "Started"
            detail = f"{verb} at {org.name}{where} on {attendance.start_date:%-d %B %Y}"
        else:
            assert attendance.end_date is not None  # noqa: S101 - filtered above
            verb = "Leaves" if attendance.end_date > today else "Left"
            detail = f"{verb} {org.name}{where} on {attendance.end_date:%-d %B %Y}"
        items.append(
            Generated(
                Section.MOVES,
                attendance.child,
                f"{attendance.child.full_name}: change of setting",
                detail,
            )
        )
    reviews = (
        Deadline.objects.filter(
            case__child__in=children,
            pending=True,
            family__in=REVIEW_FAMILIES,
            due__gte=today,
            due__lte=today + REVIEW_WINDOW,
        )
        .select_related("case__child")
        .order_by("due")
    )
    for d in reviews:
        items.append(
            Generated(
                Section.REVIEWS,
                d.case.child,
                f"{d.case.child.full_name}: {deadline_label(d.family)}",
                f"Due {d.due:%-d %B %Y} (case {d.case.reference})",
            )
        )
    for esc in escalations_for(user).filter(resolved_on__isnull=True):
        items.append(
            Generated(
                Section.ESCALATIONS,
                esc.child,
                f"{esc.child.full_name}: {esc.get_level_display()}",
                f"{esc.reason[:150]}. Owner {esc.owner_label or 'not set'}; review by "
                f"{esc.review_by:%-d %B %Y}" + (" (overdue)" if esc.is_overdue else ""),
                esc.is_overdue,
            )
        )
    for row in decisions(user=user, start=since, end=today):
        items.append(
            Generated(
                Section.DECISIONS, row.child, f"{row.child.full_name}: {row.decision}", row.detail
            )
        )
    return items


@dataclass
class DecisionRow:
    child: Child
    date: dt.date
    decision: str
    detail: str
    by_other: bool
    reference: str = ""  # our case's reference; empty for another authority's decision


def decisions(*, user: User, start: dt.date, end: dt.date) -> list[DecisionRow]:
    """Panel decisions for cared-for children recorded between two dates (inclusive), ours
    from the case timelines and other authorities' as recorded by the Virtual School."""
    children = cared_for(user)
    rows: list[DecisionRow] = []
    events = (
        _live(CaseEvent.objects.filter(case__child__in=children, type__in=DECISION_TYPES))
        .filter(recorded_at__date__gte=start, recorded_at__date__lte=end)
        .select_related("case__child", "case__authority")
    )
    for e in events:
        outcome = str(e.details.get("outcome", ""))
        label = OUTCOME_LABELS.get(outcome, outcome.replace("_", " ").capitalize())
        assert e.date is not None  # noqa: S101 - decisions are always dated
        rows.append(
            DecisionRow(
                e.case.child,
                e.date,
                label,
                f"Decided {e.date:%-d %B %Y} by {e.case.authority.name} (case {e.case.reference})",
                False,
                e.case.reference,
            )
        )
    others = OtherAuthorityDecision.objects.filter(
        child__in=children,
        recorded_for=user.authority,
        created_at__date__gte=start,
        created_at__date__lte=end,
    ).select_related("child", "authority")
    for o in others:
        rows.append(
            DecisionRow(
                o.child,
                o.decided_on,
                o.get_decision_display(),
                f"Decided {o.decided_on:%-d %B %Y} by {o.authority.name}",
                True,
            )
        )
    rows.sort(key=lambda r: (r.date, r.child.full_name))
    return rows


def owners_for(user: User) -> QuerySet[User]:
    from sendpath.people.models import Role

    return User.objects.filter(
        is_active=True,
        organisation=user.authority,
        role__in=[Role.VIRTUAL_SCHOOL, Role.CASEWORKER, Role.MANAGER, Role.ADMINISTRATOR],
    ).order_by("last_name", "first_name")


def other_authorities(user: User) -> QuerySet[Organisation]:
    from sendpath.people.models import OrganisationKind

    qs = Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY, is_active=True)
    return qs.exclude(pk=user.authority.pk) if user.authority else qs


def peps_for(child: Child) -> QuerySet[PersonalEducationPlan]:
    return PersonalEducationPlan.objects.filter(child=child).select_related("document__case")


def latest_pep_date(child: Child) -> dt.date | None:
    """The date of the child's latest PEP (for the review page, beside the review date)."""
    pep = PersonalEducationPlan.objects.filter(child=child).order_by("-pep_date").first()
    return pep.pep_date if pep else None


def child_summary(child: Child) -> dict[str, Any]:
    from sendpath.ehc.cases.selectors import open_case_for

    case = open_case_for(child)
    review = None
    if case is not None:
        review = (
            Deadline.objects.filter(case=case, family__in=REVIEW_FAMILIES, pending=True)
            .order_by("due")
            .first()
        )
    peps = list(peps_for(child))
    return {
        "case": case,
        "review": review,
        "peps": peps,
        "latest_pep": peps[0] if peps else None,
    }
