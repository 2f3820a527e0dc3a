"""Advice for an EHC needs assessment (SEND Regulations 2014, reg 6 and 8): who gives it, whether
it can be sought on a case now (``advice_state``), and the rows of the advice page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from sendpath.ehc.advice.schedule import Point, next_reminder
from sendpath.ehc.cases import services
from sendpath.ehc.cases.phase import curriculum_year
from sendpath.ehc.models import Case, CaseEvent, Deadline, Document, StaffEmail, Stage
from sendpath.ehc.presenters import live_status


@dataclass(frozen=True)
class AdviceSource:
    id: str
    label: str
    regulation: str
    hint: str = ""


VIRTUAL_SCHOOL = "virtual_school"


# The eight sources of reg 6(1), in the regulation's order, then the Virtual School (for a
# cared-for child only: ``sources_for``).
SOURCES: tuple[AdviceSource, ...] = (
    AdviceSource(
        "parent",
        "Parent or young person",
        "reg 6(1)(a)",
        "Advice and information from the child's parent, or from the young person",
    ),
    AdviceSource(
        "educational",
        "Educational advice",
        "reg 6(1)(b)",
        "From the head teacher, principal or SENCO of the school or setting",
    ),
    AdviceSource(
        "medical",
        "Medical advice",
        "reg 6(1)(c)",
        "From a health care professional identified by the health body",
    ),
    AdviceSource(
        "psychological",
        "Psychological advice",
        "reg 6(1)(d)",
        "From an educational psychologist",
    ),
    AdviceSource(
        "social_care",
        "Social care advice",
        "reg 6(1)(e)",
        "Advice and information in relation to social care",
    ),
    AdviceSource(
        "other",
        "Other advice",
        "reg 6(1)(f)",
        "From anyone else the authority thinks appropriate",
    ),
    AdviceSource(
        "preparing_for_adulthood",
        "Preparing for adulthood",
        "reg 6(1)(g)",
        "Provision to help prepare for adulthood and independent living (Year 9 and above)",
    ),
    AdviceSource(
        "requested_by_family",
        "Requested by the family",
        "reg 6(1)(h)",
        "From someone the parent or young person reasonably asks the authority to consult",
    ),
    # Someone the authority thinks appropriate (reg 6(1)(f)), named rather than "Other" so the
    # Virtual School is listed as an advice contributor for a cared-for child (joint protocol).
    AdviceSource(
        VIRTUAL_SCHOOL,
        "Virtual School",
        "reg 6(1)(f)",
        "From the Virtual School Head for a cared-for child, with the Personal Education Plan",
    ),
)


SOURCES_BY_ID = {s.id: s for s in SOURCES}


# The parent's or young person's own advice (reg 6(1)(a)): they are asked through the family's
# messages, in plain words, not the professionals' email (``reminders.py``).
FAMILY_SOURCE = "parent"


PREPARING_FOR_ADULTHOOD = "preparing_for_adulthood"


PFA_FROM_YEAR = 9


# Reg 6(4): existing advice may stand in for the advice of reg 6(1)(b) to (h), not (a).
EXISTING_ALLOWED = frozenset(s.id for s in SOURCES if s.id != "parent")


def preparing_for_adulthood_applies(date_of_birth: dt.date, on: dt.date) -> bool:
    return curriculum_year(date_of_birth, on) >= PFA_FROM_YEAR


def year_label(year: int) -> str:
    if year < 0:
        return "not yet of school age"
    if year == 0:
        return "in Reception"
    return f"in Year {year}"


def sources_for(case: Case, on: dt.date | None = None) -> list[AdviceSource]:
    """The sources that apply to the child on a date (preparing for adulthood from Year 9; the
    Virtual School while the child is cared for)."""
    on = on or timezone.localdate()
    pfa = preparing_for_adulthood_applies(case.child.date_of_birth, on)
    cared_for = bool(case.child.cared_for)
    return [
        s
        for s in SOURCES
        if (s.id != PREPARING_FOR_ADULTHOOD or pfa) and (s.id != VIRTUAL_SCHOOL or cared_for)
    ]


@dataclass(frozen=True)
class AdviceState:
    open: bool
    reason: str
    decision: CaseEvent | None = None


def advice_state(case: Case, events: list[CaseEvent] | None = None) -> AdviceState:
    """Advice belongs to an assessment: only after a decision to assess that still stands."""
    events = services.effective_events(case) if events is None else events
    decisions = [e for e in events if e.type == "decision_to_assess"]
    if not case.is_open:
        return AdviceState(False, "This case is closed, so no advice can be recorded on it.")
    if case.stage == Stage.WITHDRAWN:
        return AdviceState(False, "The request was withdrawn, so no advice is sought.")
    if not decisions:
        return AdviceState(
            False,
            "Advice is sought once the authority has decided to carry out an EHC needs "
            "assessment. No decision whether to assess has been recorded yet.",
        )
    decision = decisions[-1]
    if decision.details.get("outcome") != "yes":
        return AdviceState(
            False,
            "The authority decided not to carry out an EHC needs assessment, so no advice is "
            "sought for this request.",
            decision,
        )
    return AdviceState(True, "", decision)


def _requests(events: list[CaseEvent]) -> dict[str, CaseEvent]:
    return {
        str(e.details.get("id")): e
        for e in events
        if e.type == "advice_requested" and e.details.get("id")
    }


def _received(events: list[CaseEvent]) -> dict[str, CaseEvent]:
    return {
        str(e.details.get("id")): e
        for e in events
        if e.type == "advice_received" and e.details.get("id")
    }


@dataclass
class AdviceRow:
    source: AdviceSource
    status: str  # not_requested, requested, overdue, received, received_late, existing
    request: CaseEvent | None = None
    received: CaseEvent | None = None
    agreement: CaseEvent | None = None
    deadline: Deadline | None = None
    documents: list[Document] = field(default_factory=list)
    days_late: int = 0
    emails: list[StaffEmail] = field(default_factory=list)  # the request, then reminders
    next_reminder: Point | None = None

    TAGS = {
        "not_requested": ("Not requested", "govuk-tag--grey"),
        "requested": ("Requested", "govuk-tag--blue"),
        "overdue": ("Overdue", "govuk-tag--red"),
        "received": ("Received", "govuk-tag--green"),
        "received_late": ("Received late", "govuk-tag--orange"),
        "existing": ("Existing advice agreed sufficient", "govuk-tag--turquoise"),
    }

    @property
    def tag(self) -> tuple[str, str]:
        return self.TAGS[self.status]

    @property
    def ident(self) -> str:
        return str(self.request.details.get("id", "")) if self.request else ""

    @property
    def agreed(self) -> list[tuple[str, dt.date | None]]:
        """Who agreed that the existing advice is sufficient, and when (reg 6(4))."""
        if self.agreement is None:
            return []
        d = self.agreement.details
        return [
            ("Authority agreed", _parse_date(d.get("authority_agreed_on"))),
            ("Author agreed", _parse_date(d.get("author_agreed_on"))),
            ("Parent or young person agreed", _parse_date(d.get("family_agreed_on"))),
        ]

    @property
    def has_email(self) -> bool:
        return bool(self.request and self.request.details.get("email"))

    @property
    def emailed_here(self) -> bool:
        """Whether the request and its reminders are emailed from here: to professionals only.
        The parent or young person is told through the family's own messages."""
        return self.has_email and self.source.id != FAMILY_SOURCE


def still_sought(case: Case, events: list[CaseEvent]) -> bool:
    """Whether advice not yet received is still being chased: while the assessment is under
    way (after a decision to assess that stands, before the decision whether to issue a plan;
    not once the case is closed or the request withdrawn)."""
    return advice_state(case, events).open and case.stage == Stage.ASSESSING


def emails_by_request(case: Case) -> dict[str, list[StaffEmail]]:
    """The emails sent about each advice request of a case, by its id, oldest first."""
    found: dict[str, list[StaffEmail]] = {}
    rows = StaffEmail.objects.filter(case=case, key__startswith="advice:").select_related("message")
    for row in rows:
        found.setdefault(row.key.split(":")[1], []).append(row)
    return found


def _parse_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def advice_rows(
    case: Case, events: list[CaseEvent] | None = None, today: dt.date | None = None
) -> list[AdviceRow]:
    """The advice page: each request and agreement by source; sources not yet asked."""
    today = today or timezone.localdate()
    events = services.effective_events(case) if events is None else events
    deadlines = {d.key: d for d in case.deadlines.filter(family="advice")}
    received = _received(events)
    docs: dict[int, list[Document]] = {}
    for doc in Document.objects.filter(case=case, event__type="advice_received"):
        if doc.event_id is not None:
            docs.setdefault(doc.event_id, []).append(doc)
    applicable = {s.id for s in sources_for(case, today)}
    emails = emails_by_request(case)
    sought = still_sought(case, events)
    rows: list[AdviceRow] = []
    for spec in SOURCES:
        requests = [
            e for e in events if e.type == "advice_requested" and e.details.get("source") == spec.id
        ]
        agreements = [
            e
            for e in events
            if e.type == "existing_advice_agreed" and e.details.get("source") == spec.id
        ]
        for asked in requests:
            ident = str(asked.details.get("id", ""))
            deadline = deadlines.get(f"advice:{ident}")
            got = received.get(ident)
            row = AdviceRow(source=spec, status="requested", request=asked, deadline=deadline)
            row.emails = emails.get(ident, [])
            if got is not None:
                row.received = got
                row.documents = docs.get(got.pk, [])
                late = deadline is not None and got.date is not None and got.date > deadline.due
                row.status = "received_late" if late else "received"
            elif deadline is not None and live_status(deadline, today) == "overdue":
                row.status = "overdue"
                row.days_late = (today - deadline.due).days
            if got is None and sought and deadline is not None and row.emailed_here:
                last_sent = max((e.sent_on for e in row.emails), default=None)
                row.next_reminder = next_reminder(deadline.due, last_sent, today)
            rows.append(row)
        for agreement in agreements:
            rows.append(AdviceRow(source=spec, status="existing", agreement=agreement))
        if not requests and not agreements and spec.id in applicable:
            rows.append(AdviceRow(source=spec, status="not_requested"))
    return rows


def request_for(case: Case, ident: str) -> CaseEvent | None:
    return _requests(services.effective_events(case)).get(ident)
