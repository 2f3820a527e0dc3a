"""Plans in force: the reviews worklist, its counts, who to invite, and the year's phase transfers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from sendpath.ehc.cases import phase, services
from sendpath.ehc.cases.phase import curriculum_year
from sendpath.ehc.cases.selectors import cases_for
from sendpath.ehc.models import Case, CaseEvent, Deadline, Stage
from sendpath.people.models import ProfessionalLink, SettingAttendance, User

REVIEW_KEYS = services.REVIEW_KEYS


REVIEW_EVENT_TYPES = (
    "review_meeting_scheduled",
    "review_invitations_sent",
    "review_meeting_held",
    "review_report_received",
    "review_decision_notified",
    "phase_transfer",
)


REVIEW_KINDS = {
    "annual": "Annual review",
    "early": "Early review (circumstances have changed)",
    "interim": "Interim review",
}


OUTCOMES = {
    "maintain": "Keep the plan as it is",
    "amend": "Amend the plan",
    "cease": "Stop maintaining the plan",
}


PFA_SECTIONS = {
    "employment": "Paid employment and higher education",
    "independent_living": "Independent living",
    "community": "Friends, relationships and community",
    "health": "Good health",
}


TRANSFER_KINDS = {
    "school": "Moving school (deadline 15 February)",
    "post16": "Moving from school to post-16 education (deadline 31 March)",
}


GROUPS = {
    "": "All plans",
    "due_soon": "Review due in the next 8 weeks",
    "overdue": "Review overdue",
    "awaiting_report": "Awaiting the review report",
    "awaiting_decision": "Awaiting the authority's decision",
}


SOON = dt.timedelta(weeks=8)


def _today() -> dt.date:
    return timezone.localdate()


def needs_adulthood_sections(case: Case, on: dt.date | None = None) -> bool:
    """From Year 9 the review looks at preparing for adulthood (CoP 8.9-8.10, 9.166)."""
    return curriculum_year(case.child.date_of_birth, on or _today()) >= 9


def invitees_for(case: Case, today: dt.date | None = None) -> dict[str, str]:
    """Who must be invited: the family, the young person and every professional involved in
    the last 12 months (from professional links and the authors of advice on the case)."""
    today = today or _today()
    year_ago = today - dt.timedelta(days=365)
    child = case.child
    people: dict[str, str] = {}
    for member in child.family.all():
        people[f"family:{member.pk}"] = f"{member.full_name} ({member.get_relationship_display()})"
    people["young_person"] = f"{child.full_name} (the child or young person)"
    for attendance in (
        SettingAttendance.objects.filter(child=child, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=year_ago))
        .select_related("organisation")
    ):
        people[f"setting:{attendance.organisation_id}"] = (
            f"{attendance.organisation.name} (school or setting)"
        )
    links = ProfessionalLink.objects.filter(child=child).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=year_ago)
    )
    for link in links.select_related("user", "user__organisation"):
        org = link.user.organisation.name if link.user.organisation else ""
        people[f"professional:{link.user_id}"] = link.user.display_name() + (
            f" ({org})" if org else ""
        )
    advice = case.events.filter(
        type__in=["advice_requested", "advice_received"], date__gte=year_ago
    )
    for event in advice.order_by("date", "id"):
        author = str(event.details.get("author") or "").strip()
        if not author:
            continue
        org = str(event.details.get("organisation") or "").strip()
        people[f"advice:{event.details.get('id') or author}"] = author + (
            f" ({org}, advice)" if org else " (advice)"
        )
    return people


def plans_in_force(user: User) -> QuerySet[Case]:
    return cases_for(user).open().filter(stage=Stage.FINAL_ISSUED)


def review_worklist(
    *, user: User, group: str = "", school_id: str = "", today: dt.date | None = None
) -> QuerySet[Case]:
    """Plans in force with their current review deadline, soonest first."""
    today = today or _today()
    cases: QuerySet[Any] = plans_in_force(user).select_related("child", "caseworker")
    if school_id:
        attending = SettingAttendance.objects.filter(
            organisation_id=school_id, start_date__lte=today
        ).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        cases = cases.filter(child__in=attending.values("child_id"))
    cases = _group(cases, group, today)
    return cases.order_by("review_due", "reference")


def _condition(group: str, today: dt.date) -> Q | None:
    """Which plans a group holds, on the stored review columns (one index, no per-row work)."""
    if group == "due_soon":
        return Q(review_pending=True, review_due__gte=today, review_due__lte=today + SOON)
    if group == "overdue":
        return Q(review_pending=True, review_due__lt=today)
    if group == "awaiting_report":
        return Q(review_report_pending=True)
    if group == "awaiting_decision":
        return Q(review_decision_pending=True)
    return None


def _group(cases: QuerySet[Any], group: str, today: dt.date) -> QuerySet[Any]:
    condition = _condition(group, today)
    return cases if condition is None else cases.filter(condition)


def review_counts(cases: QuerySet[Case], today: dt.date | None = None) -> dict[str, int]:
    """Every group's count in one query."""
    today = today or _today()
    counts: dict[str, Any] = {}
    for group in GROUPS:
        condition = _condition(group, today)
        # The authority column is in the index: the counts read only the index.
        counts[group or "all"] = Count("authority", filter=condition)
    found = cases.order_by().aggregate(**counts)
    return {group: found[group or "all"] for group in GROUPS}


@dataclass
class TransferRow:
    case: Case
    year: int
    kind: str
    kind_label: str
    deadline: Deadline | None


def transfer_year(today: dt.date | None = None) -> int:
    """The transfer round being worked on: this calendar year until 31 March, then next."""
    return phase.transfer_year(today or _today())


def transfer_cases(*, user: User, year: int) -> QuerySet[Case]:
    """Every plan in force with a phase transfer in ``year`` (recorded, or from the child's
    year group: see ``cases.phase``), from the stored column, soonest deadline first (15
    February for a move of school, then 31 March for post-16)."""
    return (
        plans_in_force(user)
        .filter(transfer_year=year)
        .select_related("child")
        .order_by("-transfer_kind", "reference")
    )


def transfer_rows(cases: list[Case]) -> list[TransferRow]:
    """A page of ``transfer_cases`` with each plan's phase transfer deadline (one query)."""
    deadlines = {
        d.case_id: d
        for d in Deadline.objects.filter(
            case__in=[c.pk for c in cases], key="phase_transfer_review"
        )
    }
    return [
        TransferRow(
            case=case,
            year=case.transfer_year or 0,
            kind=case.transfer_kind,
            kind_label=TRANSFER_KINDS.get(case.transfer_kind, case.transfer_kind),
            deadline=deadlines.get(case.pk),
        )
        for case in cases
    ]


def transfers(*, user: User, year: int) -> list[TransferRow]:
    """Every plan in force with a phase transfer in ``year``, with its deadline."""
    return transfer_rows(list(transfer_cases(user=user, year=year)))


def review_events(case: Case) -> list[CaseEvent]:
    return [e for e in services.effective_events(case) if e.type in REVIEW_EVENT_TYPES]


def latest(case: Case, type: str) -> CaseEvent | None:
    found = [e for e in review_events(case) if e.type == type]
    return found[-1] if found else None


def timeline_version(case: Case) -> int:
    """The last step recorded on the case: what a review step's page is based on."""
    return case.events.aggregate(last=Max("id"))["last"] or 0
