"""Advice for an EHC needs assessment (SEND Regulations 2014, reg 6 and 8).

Writes (keyword-only, in a transaction, audited through ``services.event_record``):
``advice_request``, ``advice_receive``, ``existing_advice_agree`` and ``advice_chase``.
Reads: ``advice_state`` (whether advice can be sought on the case now), ``advice_rows`` (one row
per request, agreement or source not yet asked, for the advice page) and ``case_documents``.

Advice is sought once the authority has decided to assess (reg 6(1)); each person asked has
6 weeks to reply (reg 8(1)), the ``advice:<id>`` deadline the engine computes. Existing advice
can stand instead only when the authority, the advice's author and the parent or young person
all agree it is sufficient (reg 6(4)); the record keeps all three agreements.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from sendpath.core import notify

from . import documents, services
from .models import Case, CaseEvent, Deadline, Document, Stage
from .presenters import live_status


@dataclass(frozen=True)
class AdviceSource:
    id: str
    label: str
    regulation: str
    hint: str = ""


# The eight sources of reg 6(1), in the regulation's order.
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
)
SOURCES_BY_ID = {s.id: s for s in SOURCES}
PREPARING_FOR_ADULTHOOD = "preparing_for_adulthood"
PFA_FROM_YEAR = 9
# Reg 6(4): existing advice may stand in for the advice of reg 6(1)(b) to (h), not (a).
EXISTING_ALLOWED = frozenset(s.id for s in SOURCES if s.id != "parent")

CHASE_SUBJECT = "Advice overdue for EHC needs assessment ((case_reference))"
CHASE_BODY = (
    "Dear ((author)),\n\n"
    "On ((requested_on)) we asked you for ((source_label)) for the education, health and care "
    "(EHC) needs assessment of the child or young person with the initials ((child_initials)), "
    "case reference ((case_reference)).\n\n"
    "The law gives 6 weeks to provide it (regulation 8 of the Special Educational Needs and "
    "Disability Regulations 2014). It was due on ((due_date)) and is now ((days_late)) late.\n\n"
    "Please send your advice as soon as you can, or tell us when to expect it. Quote the case "
    "reference ((case_reference)).\n\n"
    "((caseworker))\n"
    "((authority))"
)


# ---------------------------------------------------------------------------------------------
# National curriculum year


def curriculum_year(date_of_birth: dt.date, on: dt.date) -> int:
    """The national curriculum year a child of this age is in on a date (Reception is 0).

    A child's year group follows their age on 31 August at the start of the school year: aged 4
    then, Reception; aged 5, Year 1; aged 13, Year 9.
    """
    cut_year = on.year if on.month >= 9 else on.year - 1
    cut_off = dt.date(cut_year, 8, 31)
    age = cut_off.year - date_of_birth.year
    if (cut_off.month, cut_off.day) < (date_of_birth.month, date_of_birth.day):
        age -= 1
    return age - 4


def preparing_for_adulthood_applies(date_of_birth: dt.date, on: dt.date) -> bool:
    return curriculum_year(date_of_birth, on) >= PFA_FROM_YEAR


def year_label(year: int) -> str:
    if year < 0:
        return "not yet of school age"
    if year == 0:
        return "in Reception"
    return f"in Year {year}"


def sources_for(case: Case, on: dt.date | None = None) -> list[AdviceSource]:
    """The sources that apply to the child on a date (preparing for adulthood from Year 9)."""
    on = on or timezone.localdate()
    pfa = preparing_for_adulthood_applies(case.child.date_of_birth, on)
    return [s for s in SOURCES if s.id != PREPARING_FOR_ADULTHOOD or pfa]


# ---------------------------------------------------------------------------------------------
# Whether advice can be sought


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


def _require_open(case: Case, events: list[CaseEvent]) -> CaseEvent:
    state = advice_state(case, events)
    if not state.open or state.decision is None:
        raise ValidationError(state.reason)
    return state.decision


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("child", "authority").get(pk=case.pk)


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


def _next_id(case: Case, source: str) -> str:
    """A new id for the case: ``<source>-<n>``, never reused (corrections keep their id)."""
    used = {
        str(d.get("id"))
        for d in case.events.filter(type="advice_requested").values_list("details", flat=True)
        if isinstance(d, dict)
    }
    slug = source.replace("_", "-")
    n = 1
    while f"{slug}-{n}" in used:
        n += 1
    return f"{slug}-{n}"


# ---------------------------------------------------------------------------------------------
# Writes


@transaction.atomic
def advice_request(
    *,
    actor: Any,
    case: Case,
    source: str,
    author: str,
    organisation: str = "",
    email: str = "",
    requested_on: dt.date,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """Record that advice was asked for (reg 6(1)); its 6-week deadline follows (reg 8(1))."""
    case = _locked(case)
    events = services.effective_events(case)
    decision = _require_open(case, events)
    spec = SOURCES_BY_ID.get(source)
    if spec is None:
        raise ValidationError({"source": "Select who the advice is from"})
    if not author.strip():
        raise ValidationError({"author": "Enter the name of the person giving the advice"})
    if requested_on > timezone.localdate():
        raise ValidationError({"requested_on": "The date must be today or in the past"})
    if decision.date and requested_on < decision.date:
        raise ValidationError(
            {
                "requested_on": "The date the advice was requested must be on or after "
                f"{decision.date:%-d %B %Y}, the date of the decision to assess"
            }
        )
    if source == PREPARING_FOR_ADULTHOOD and not preparing_for_adulthood_applies(
        case.child.date_of_birth, requested_on
    ):
        year = curriculum_year(case.child.date_of_birth, requested_on)
        raise ValidationError(
            {
                "source": "Advice on preparing for adulthood is only sought from Year 9: "
                f"{case.child.known_as} was {year_label(year)} on that date"
            }
        )
    ident = _next_id(case, source)
    try:
        return services.event_record(
            actor=actor,
            case=case,
            type="advice_requested",
            date=requested_on,
            details={
                "id": ident,
                "source": source,
                "source_label": spec.label,
                "author": author.strip(),
                "organisation": organisation.strip(),
                "email": email.strip(),
            },
            request=request,
        )
    except ValidationError as error:
        raise _renamed(error, {"date": "requested_on"}) from None


@transaction.atomic
def advice_receive(
    *,
    actor: Any,
    case: Case,
    ident: str,
    received_on: dt.date,
    upload: UploadedFile | None = None,
    title: str = "",
    request: HttpRequest | None = None,
) -> CaseEvent:
    """Record that requested advice arrived, with the document if one is uploaded."""
    case = _locked(case)
    events = services.effective_events(case)
    _require_open(case, events)
    asked = _requests(events).get(ident)
    if asked is None:
        raise ValidationError("That advice request is not on this case")
    if ident in _received(events):
        raise ValidationError(
            "This advice has already been recorded as received. To change the date, correct it "
            "from the timeline"
        )
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "The date must be today or in the past"})
    if asked.date and received_on < asked.date:
        raise ValidationError(
            {
                "received_on": "The date the advice was received must be on or after "
                f"{asked.date:%-d %B %Y}, the date it was requested"
            }
        )
    try:
        event = services.event_record(
            actor=actor,
            case=case,
            type="advice_received",
            date=received_on,
            details={
                "id": ident,
                "source": asked.details.get("source", ""),
                "source_label": asked.details.get("source_label", ""),
                "author": asked.details.get("author", ""),
                "organisation": asked.details.get("organisation", ""),
            },
            request=request,
        )
    except ValidationError as error:
        raise _renamed(error, {"date": "received_on"}) from None
    if upload is not None:
        label = asked.details.get("source_label") or "Advice"
        try:
            documents.document_attach(
                actor=actor,
                case=case,
                upload=upload,
                title=title.strip() or f"{label} from {asked.details.get('author', '')}".strip(),
                event=event,
                request=request,
            )
        except ValidationError as error:
            raise ValidationError({"file": error.messages[0]}) from None
    return event


@transaction.atomic
def existing_advice_agree(
    *,
    actor: Any,
    case: Case,
    source: str,
    description: str,
    authority_agreed_on: dt.date | None,
    author_agreed_on: dt.date | None,
    family_agreed_on: dt.date | None,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """Record the three-way agreement of reg 6(4) that existing advice is sufficient."""
    case = _locked(case)
    events = services.effective_events(case)
    _require_open(case, events)
    spec = SOURCES_BY_ID.get(source)
    errors: dict[str, str] = {}
    if spec is None:
        errors["source"] = "Select which advice the existing advice replaces"
    elif spec.id not in EXISTING_ALLOWED:
        errors["source"] = (
            "Advice from the parent or young person is always sought: existing advice can only "
            "stand in for the other kinds of advice (regulation 6(4))"
        )
    if not description.strip():
        errors["description"] = "Enter a description of the existing advice"
    today = timezone.localdate()
    dates = {
        "authority_agreed_on": (authority_agreed_on, "the authority agreed"),
        "author_agreed_on": (author_agreed_on, "the advice's author agreed"),
        "family_agreed_on": (family_agreed_on, "the parent or young person agreed"),
    }
    for name, (value, who) in dates.items():
        if value is None:
            errors[name] = f"Enter the date {who}"
        elif value > today:
            errors[name] = f"The date {who} must be today or in the past"
        elif value < case.received_on:
            errors[name] = (
                f"The date {who} must be on or after {case.received_on:%-d %B %Y}, "
                "the date the request was received"
            )
    if (
        spec is not None
        and spec.id == PREPARING_FOR_ADULTHOOD
        and not preparing_for_adulthood_applies(case.child.date_of_birth, today)
    ):
        errors["source"] = "Advice on preparing for adulthood is only sought from Year 9"
    if errors:
        raise ValidationError(errors)
    if spec is None or not (authority_agreed_on and author_agreed_on and family_agreed_on):
        raise ValidationError("Enter the three dates of agreement")  # unreachable: checked above
    agreed_on = max(authority_agreed_on, author_agreed_on, family_agreed_on)
    return services.event_record(
        actor=actor,
        case=case,
        type="existing_advice_agreed",
        date=agreed_on,
        details={
            "source": spec.id,
            "source_label": spec.label,
            "description": description.strip(),
            "authority_agreed_on": authority_agreed_on.isoformat(),
            "author_agreed_on": author_agreed_on.isoformat(),
            "family_agreed_on": family_agreed_on.isoformat(),
        },
        note=description.strip(),
        request=request,
    )


def initials(first: str, last: str) -> str:
    return "".join(part[:1].upper() for part in (first, last) if part)


@transaction.atomic
def advice_chase(
    *, actor: Any, case: Case, ident: str, request: HttpRequest | None = None
) -> CaseEvent:
    """Email the author of overdue advice (GOV.UK Notify) and note the chase on the timeline.

    The email names the child by initials only: it goes to another organisation's inbox.
    """
    case = _locked(case)
    events = services.effective_events(case)
    _require_open(case, events)
    asked = _requests(events).get(ident)
    if asked is None:
        raise ValidationError("That advice request is not on this case")
    deadline = Deadline.objects.filter(case=case, key=f"advice:{ident}").first()
    today = timezone.localdate()
    if deadline is None or live_status(deadline, today) != "overdue":
        raise ValidationError("Only overdue advice can be chased")
    email = str(asked.details.get("email", "")).strip()
    if not email:
        raise ValidationError(
            "No email address was recorded for this request, so it cannot be chased by email"
        )
    days_late = (today - deadline.due).days
    caseworker = case.caseworker or actor
    personalisation = {
        "author": asked.details.get("author", "") or "colleague",
        "source_label": str(asked.details.get("source_label", "advice")).lower(),
        "requested_on": f"{asked.date:%-d %B %Y}" if asked.date else "",
        "child_initials": initials(case.child.first_name, case.child.last_name),
        "case_reference": case.reference,
        "due_date": f"{deadline.due:%-d %B %Y}",
        "days_late": f"{days_late} day{'s' if days_late != 1 else ''}",
        "caseworker": caseworker.display_name() if caseworker else "",
        "authority": case.authority.name,
    }
    try:
        message = notify.send_email(
            to=email,
            template_id=settings.NOTIFY_TEMPLATES["advice_chase"],
            personalisation=personalisation,
            reference=f"{case.reference}-advice-{ident}"[:100],
            subject=CHASE_SUBJECT,
            body=CHASE_BODY,
        )
    except notify.NotifyError as error:
        raise ValidationError(f"The email could not be sent: {error}") from None
    return services.event_record(
        actor=actor,
        case=case,
        type="note",
        date=today,
        details={
            "kind": "advice_chased",
            "id": ident,
            "source_label": asked.details.get("source_label", ""),
            "author": asked.details.get("author", ""),
            "email": email,
            "days_late": days_late,
            "notify_message_id": message.pk,
        },
        note=f"Advice chased: email sent to {email}, {personalisation['days_late']} late",
        request=request,
    )


def _renamed(error: ValidationError, rename: dict[str, str]) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {rename.get(k, k): [e.messages[0] for e in v] for k, v in error.error_dict.items()}
    )


# ---------------------------------------------------------------------------------------------
# Reads


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
    def can_chase(self) -> bool:
        return self.status == "overdue" and bool(self.request and self.request.details.get("email"))


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
            if got is not None:
                row.received = got
                row.documents = docs.get(got.pk, [])
                late = deadline is not None and got.date is not None and got.date > deadline.due
                row.status = "received_late" if late else "received"
            elif deadline is not None and live_status(deadline, today) == "overdue":
                row.status = "overdue"
                row.days_late = (today - deadline.due).days
            rows.append(row)
        for agreement in agreements:
            rows.append(AdviceRow(source=spec, status="existing", agreement=agreement))
        if not requests and not agreements and spec.id in applicable:
            rows.append(AdviceRow(source=spec, status="not_requested"))
    return rows


def request_for(case: Case, ident: str) -> CaseEvent | None:
    return _requests(services.effective_events(case)).get(ident)


def case_documents(case: Case) -> QuerySet[Document]:
    """A case's documents, newest first, with the step each is attached to."""
    return Document.objects.filter(case=case).select_related("event", "created_by")
