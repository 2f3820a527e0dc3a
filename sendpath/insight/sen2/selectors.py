"""Reads for the SEN2 return: the authority's children in chunks with everything a Person needs
(memory bounded: one chunk at a time), and the runs and their problems."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet

from sendpath.ehc.models import Case, Deadline
from sendpath.insight.facts import _events_by_case, facts_of
from sendpath.insight.models import Sen2Problem, Sen2Run
from sendpath.people.models import Child, Organisation, SettingAttendance

from .build import CaseInput, Period, PersonInput

CHUNK = 500


def child_ids(authority: Organisation) -> list[Any]:
    """Every child with a case of the authority, in a stable order (ids only: small)."""
    return list(
        Case.objects.filter(authority=authority)
        .order_by("child_id")
        .values_list("child_id", flat=True)
        .distinct()
    )


def _transfer_deadlines(ids: list[Any], period: Period) -> dict[Any, tuple[dt.date, Any]]:
    """Each case's phase transfer deadline in the activity year or the census year."""
    rows = Deadline.objects.filter(
        case_id__in=ids,
        key="phase_transfer_review",
        due__gte=period.start,
        due__lte=dt.date(period.year, 12, 31),
    ).values_list("case_id", "due", "completed_on")
    return {case_id: (due, done) for case_id, due, done in rows}


@dataclass(frozen=True)
class _CaseRow:
    """The columns of a case the facts read (``facts.facts_of``), and its plan's setting."""

    pk: Any
    child_id: Any
    reference: str
    request_source: str
    week20_exception: bool


@dataclass(frozen=True)
class _Setting:
    urn: str
    ukprn: str


@dataclass(frozen=True)
class _Attending:
    organisation: _Setting
    start_date: dt.date
    end_date: dt.date | None


PERSON_FIELDS = (
    "pk",
    "first_name",
    "last_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "postcode",
    "upn",
    "uln",
    "upn_unknown_reason",
    "primary_need",
    "secondary_need",
)


def people(authority: Organisation, ids: list[Any], period: Period) -> Iterator[PersonInput]:
    """The children ``ids`` (one chunk) with their cases as SEN2 sees them on the census. Only
    the columns the return needs are read (a chunk of a large authority stays quick)."""
    census = period.census
    children = {c.pk: c for c in Child.objects.filter(pk__in=ids).only(*PERSON_FIELDS)}
    rows = (
        Case.objects.filter(authority=authority, child_id__in=ids)
        .order_by("pk")
        .values_list(
            "pk",
            "child_id",
            "reference",
            "request_source",
            "week20_exception",
            "plan__placement__urn",
            "plan__placement__ukprn",
        )
    )
    cases = [(_CaseRow(*row[:5]), _Setting(row[5] or "", row[6] or "")) for row in rows]
    case_ids = [c.pk for c, _ in cases]
    events = _events_by_case(case_ids)
    appeals = dict(
        Deadline.objects.filter(case_id__in=case_ids, key="appeal_deadline").values_list(
            "case_id", "due"
        )
    )
    transfers = _transfer_deadlines(case_ids, period)
    attending: dict[Any, list[_Attending]] = defaultdict(list)
    for child_id, start, end, urn, ukprn in (
        SettingAttendance.objects.filter(child_id__in=ids, start_date__lte=census)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=census))
        .order_by("child_id", "start_date", "pk")
        .values_list(
            "child_id", "start_date", "end_date", "organisation__urn", "organisation__ukprn"
        )
    ):
        attending[child_id].append(_Attending(_Setting(urn or "", ukprn or ""), start, end))
    by_child: dict[Any, list[CaseInput]] = defaultdict(list)
    for case, setting in cases:
        timeline = events.get(case.pk, [])
        found = facts_of(case, timeline, as_of=census, appeal_due=appeals.get(case.pk))
        if found is None:
            continue
        due, done = transfers.get(case.pk, (None, None))
        by_child[case.child_id].append(
            CaseInput(
                case_id=case.pk,
                facts=found,
                events=[e for e in timeline if e.date is None or e.date <= census],
                placement=setting if (setting.urn or setting.ukprn) else None,
                transfer_due=due,
                transfer_done=done,
            )
        )
    for pk in ids:
        child = children.get(pk)
        if child is not None and by_child.get(pk):
            yield PersonInput(child, by_child[pk], attending.get(pk, []))


def runs(authority: Organisation | None) -> QuerySet[Sen2Run]:
    lea = authority.la_code if authority is not None else ""
    return Sen2Run.objects.filter(lea=lea).select_related("created_by").order_by("-created_at")


def run(authority: Organisation | None, pk: UUID | str) -> Sen2Run | None:
    return runs(authority).filter(pk=pk).first()


def last_run(authority: Organisation | None) -> Sen2Run | None:
    return runs(authority).first()


def next_serial(lea: str, year: int) -> int:
    return Sen2Run.objects.filter(lea=lea, year=year).count() % 999 + 1


def problems(run: Sen2Run, severity: str = "") -> QuerySet[Sen2Problem]:
    found = Sen2Problem.objects.filter(run=run).select_related("child")
    return found.filter(severity=severity) if severity else found
