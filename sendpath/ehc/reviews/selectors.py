"""Plans in force: the reviews worklist, its counts, who to invite, and the year's phase transfers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import DateField, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from sendpath.ehc.cases import services
from sendpath.ehc.cases.selectors import cases_for
from sendpath.ehc.models import Case, CaseEvent, Deadline, Stage
from sendpath.people.models import ProfessionalLink, SettingAttendance, User

REVIEW_KEYS = ("annual_review", "early_years_review")


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


def curriculum_year(date_of_birth: dt.date, on: dt.date) -> int:
    """The National Curriculum year group on a date (Year 1 = aged 5 on 31 August before)."""
    start = on.year if (on.month, on.day) >= (9, 1) else on.year - 1
    born = date_of_birth
    age_at_start = start - born.year - (1 if (born.month, born.day) > (8, 31) else 0)
    return age_at_start - 4


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


def _due(key: str | tuple[str, ...], pending: bool | None = None) -> Subquery:
    keys = (key,) if isinstance(key, str) else key
    rows = Deadline.objects.filter(case=OuterRef("pk"), key__in=keys)
    if pending is not None:
        rows = rows.filter(pending=pending)
    return Subquery(rows.order_by("due").values("due")[:1], output_field=DateField())


def plans_in_force(user: User) -> QuerySet[Case]:
    return cases_for(user).open().filter(stage=Stage.FINAL_ISSUED)


def review_worklist(
    *, user: User, group: str = "", school_id: str = "", today: dt.date | None = None
) -> QuerySet[Case]:
    """Plans in force with their current review deadline, soonest first."""
    today = today or _today()
    cases: QuerySet[Any] = (
        plans_in_force(user)
        .select_related("child", "caseworker")
        .annotate(review_due=_due(REVIEW_KEYS), review_pending=_pending(REVIEW_KEYS))
    )
    if school_id:
        attending = SettingAttendance.objects.filter(
            organisation_id=school_id, start_date__lte=today
        ).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        cases = cases.filter(child__in=attending.values("child_id"))
    cases = _group(cases, group, today)
    return cases.order_by("review_due", "reference")


def _pending(keys: tuple[str, ...]) -> Exists:
    return Exists(Deadline.objects.filter(case=OuterRef("pk"), key__in=keys, pending=True))


def _group(cases: QuerySet[Any], group: str, today: dt.date) -> QuerySet[Any]:
    if group == "due_soon":
        return cases.filter(
            Q(review_pending=True, review_due__gte=today, review_due__lte=today + SOON)
        )
    if group == "overdue":
        return cases.filter(Q(review_pending=True, review_due__lt=today))
    if group == "awaiting_report":
        return cases.filter(_pending(("review_report",)))
    if group == "awaiting_decision":
        return cases.filter(_pending(("review_decision",)))
    return cases


def review_counts(cases: QuerySet[Case], today: dt.date | None = None) -> dict[str, int]:
    today = today or _today()
    return {group: _group(cases, group, today).order_by().count() for group in GROUPS}


@dataclass
class TransferRow:
    case: Case
    year: int
    kind: str
    kind_label: str
    deadline: Deadline | None


def transfer_year(today: dt.date | None = None) -> int:
    """The transfer round being worked on: this calendar year until 31 March, then next."""
    today = today or _today()
    return today.year if (today.month, today.day) <= (3, 31) else today.year + 1


def transfers(*, user: User, year: int) -> list[TransferRow]:
    """Every plan in force with a phase transfer in ``year``, with its deadline."""
    cases = plans_in_force(user).select_related("child")
    events = (
        CaseEvent.objects.filter(case__in=cases, type="phase_transfer", details__year=year)
        .select_related("case", "case__child")
        .order_by("case__reference", "recorded_at")
    )
    superseded = set(
        CaseEvent.objects.filter(case__in=cases, supersedes__isnull=False).values_list(
            "supersedes_id", flat=True
        )
    )
    deadlines = {
        d.case_id: d for d in Deadline.objects.filter(case__in=cases, key="phase_transfer_review")
    }
    rows: dict[Any, TransferRow] = {}
    for event in events:
        if event.pk in superseded:
            continue
        kind = str(event.details.get("kind", ""))
        rows[event.case_id] = TransferRow(
            case=event.case,
            year=year,
            kind=kind,
            kind_label=TRANSFER_KINDS.get(kind, kind),
            deadline=deadlines.get(event.case_id),
        )
    return sorted(rows.values(), key=lambda r: r.deadline.due if r.deadline else dt.date.max)


def review_events(case: Case) -> list[CaseEvent]:
    return [e for e in services.effective_events(case) if e.type in REVIEW_EVENT_TYPES]


def latest(case: Case, type: str) -> CaseEvent | None:
    found = [e for e in review_events(case) if e.type == type]
    return found[-1] if found else None


def timeline_version(case: Case) -> int:
    """The last step recorded on the case: what a review step's page is based on."""
    return case.events.aggregate(last=Max("id"))["last"] or 0
