"""Writes for what a family asks for and sends: each one a step on the child's case timeline
(``ehc``), so the caseworker sees it where they see everything else.

Every service is keyword-only, in one transaction, and audited by ``event_record`` (and by
``document_attach`` for a file): if a file is refused, nothing of the step is kept either.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest

from sendpath.core import notify
from sendpath.core.formatting import govuk_date
from sendpath.ehc.cases import services as case_services
from sendpath.ehc.documents import services as documents
from sendpath.ehc.models import Case, CaseEvent, Document, RequestSource
from sendpath.ehc.requests import services as request_services
from sendpath.people.models import Child, User

from . import selectors

# CFA 2014 s.36(1) and s.83(2): a young person asks for themselves once over compulsory school
# age (the last Friday in June of the school year they turn 16) and under 25.
NOT_YET_A_YOUNG_PERSON = (
    "You can ask for an assessment for yourself from the end of Year 11 (the last Friday in "
    "June of the school year you turn 16) until your 25th birthday. Until then, your parent or "
    "carer, or your school, can ask for you"
)


# CFA 2014 s.36(1) and SEND Code of Practice 8.13: a young person asks for themselves.
YOUNG_PERSON_ASKS = (
    "{name} is now a young person in law, so they ask for an assessment themselves. You can "
    "help them to ask. If they cannot make this decision, tell the SEND team, who can record "
    "that you act for them"
)


ALREADY_ASKED = "There is already a request for an assessment: you do not need to ask again"


def _refuse_file(error: ValidationError, field: str) -> ValidationError:
    return ValidationError({field: error.messages[0]})


def _attach(
    *,
    actor: User,
    case: Case,
    upload: UploadedFile,
    title: str,
    event: CaseEvent | None,
    field: str,
    request: HttpRequest | None,
) -> Document:
    try:
        return documents.document_attach(
            actor=actor, case=case, upload=upload, title=title, event=event, request=request
        )
    except ValidationError as error:
        raise _refuse_file(error, field) from None


@transaction.atomic
def assessment_ask(
    *,
    actor: User,
    child: Child,
    why: str,
    help_now: str,
    school: str,
    evidence: UploadedFile | None = None,
    today: dt.date,
    request: HttpRequest | None = None,
) -> Case:
    """A parent (for their child) or a young person (for themselves) asks for an EHC needs
    assessment (CFA 2014 s.36(1)). It opens the case for the SEND team to assign, received
    today, so the six-week decision (SEND Regs 2014 reg 5(1)) counts from today."""
    source = selectors.asker_source(user=actor, child=child)
    if source == RequestSource.YOUNG_PERSON and not selectors.may_ask_for_themselves(
        child=child, on=today
    ):
        raise ValidationError(NOT_YET_A_YOUNG_PERSON)
    if selectors.parent_for_young_person(user=actor, child=child, on=today):
        raise ValidationError(YOUNG_PERSON_ASKS.format(name=child.known_as))
    if selectors.open_case(child) is not None:
        raise ValidationError(ALREADY_ASKED)
    if not why.strip():
        raise ValidationError({"why": "Enter why you are asking for an assessment"})
    requester = selectors.asker_name(user=actor, child=child)
    details: dict[str, Any] = {
        "source_label": RequestSource(source).label,
        "requester": requester,
        "summary": why.strip(),
        "help_now": help_now.strip(),
        "school": school.strip(),
        "from_family_portal": True,
        # What the case timeline shows of the step (``ehc.presenters.event_summary``).
        "reason": f"Sent by {requester} from the family pages. Why: {why.strip()}. Help now: "
        f"{help_now.strip() or 'not given'}. School, college or nursery: "
        f"{school.strip() or 'not given'}",
    }
    try:
        case = request_services.request_record(
            actor=actor,
            child=child,
            source=source,
            received_on=today,
            details=details,
            unassigned=True,
            request=request,
        )
    except ValidationError as error:
        if hasattr(error, "existing"):  # another parent's request arrived first
            raise ValidationError(ALREADY_ASKED) from None
        raise
    if evidence:
        _attach(
            actor=actor,
            case=case,
            upload=evidence,
            title="Sent by the family with the request",
            event=case.events.get(type="request_received"),
            field="evidence",
            request=request,
        )
    return case


def _record(
    *,
    actor: User,
    case: Case,
    type: str,
    today: dt.date,
    details: dict[str, Any],
    note: str,
    request: HttpRequest | None,
) -> CaseEvent:
    who = selectors.asker_name(user=actor, child=case.child)
    return case_services.event_record(
        actor=actor,
        case=case,
        type=type,
        date=today,
        details={"from": who, **details},
        note=f"From {who}: {note}",
        request=request,
    )


def _require_draft(case: Case) -> selectors.Draft:
    draft = selectors.draft_for(case.child)
    if draft is None or draft.case.pk != case.pk or not draft.open:
        raise ValidationError(
            "There is no draft plan waiting for your comments: the final plan may have been issued"
        )
    return draft


@transaction.atomic
def representations_make(
    *,
    actor: User,
    case: Case,
    comments: str,
    today: dt.date,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """The family's comments on the draft plan (SEND Regs 2014 reg 13(1)(a): 15 days). After
    the last day they are still taken, and marked as late."""
    draft = _require_draft(case)
    if not comments.strip():
        raise ValidationError({"comments": "Enter your comments on the draft plan"})
    late = draft.late_on(today)
    last_day = govuk_date(draft.last_day) if draft.last_day else ""
    return _record(
        actor=actor,
        case=case,
        type="family_representations",
        today=today,
        details={
            "comments": comments.strip(),
            "late": late,
            "last_day": draft.last_day.isoformat() if draft.last_day else None,
        },
        note=(f"LATE, after the last day ({last_day}). " if late else "")
        + f"Comments on the draft plan: {comments.strip()}",
        request=request,
    )


@transaction.atomic
def meeting_request(
    *,
    actor: User,
    case: Case,
    about: str,
    times: str,
    today: dt.date,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """The family asks to meet an officer about the draft plan (SEND Regs 2014 reg 13(1)(b))."""
    _require_draft(case)
    if not about.strip():
        raise ValidationError({"about": "Enter what you would like to talk about"})
    return _record(
        actor=actor,
        case=case,
        type="family_meeting_requested",
        today=today,
        details={"about": about.strip(), "times": times.strip()},
        note=f"Asked for a meeting about the draft plan. To talk about: {about.strip()}"
        + (f". Times that suit: {times.strip()}" if times.strip() else ""),
        request=request,
    )


# The kinds of school or college a family may ask to be named (CFA 2014 s.38(3); CoP 9.78).
SETTING_TYPES = {
    "mainstream": "A mainstream school or academy run by the council or the state",
    "special": "A special school or special academy",
    "college": "A further education or sixth form college",
    "non_maintained": "A non-maintained special school",
    "independent": "An independent school or college on the government's approved list "
    "(section 41)",
    "other": "Somewhere else",
}


@transaction.atomic
def placement_prefer(
    *,
    actor: User,
    case: Case,
    setting_type: str,
    name: str,
    reason: str,
    today: dt.date,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """The school or college the family asks to be named in the plan (CFA 2014 s.38(2)(b);
    SEND Code of Practice 9.78-9.79)."""
    _require_draft(case)
    if setting_type not in SETTING_TYPES:
        raise ValidationError({"setting_type": "Select the kind of school or college"})
    if not name.strip():
        raise ValidationError({"name": "Enter the name of the school or college"})
    return _record(
        actor=actor,
        case=case,
        type="family_placement_preference",
        today=today,
        details={
            "setting_type": setting_type,
            "setting_type_label": SETTING_TYPES[setting_type],
            "name": name.strip(),
            "reason": reason.strip(),
        },
        note=f"Asked for {name.strip()} to be named in the plan ({SETTING_TYPES[setting_type]})"
        + (f". Why: {reason.strip()}" if reason.strip() else ""),
        request=request,
    )


@transaction.atomic
def personal_budget_ask(
    *,
    actor: User,
    case: Case,
    what_for: str,
    today: dt.date,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """The family asks for a personal budget (CFA 2014 s.49(1); the SEN (Personal Budgets)
    Regulations 2014): possible while a plan is being written or kept."""
    if selectors.budget_case(case.child) is None or not case.is_open:
        raise ValidationError(
            "You can ask for a personal budget once the council has decided to write a plan"
        )
    if not what_for.strip():
        raise ValidationError({"what_for": "Enter what you would like the budget for"})
    return _record(
        actor=actor,
        case=case,
        type="family_personal_budget_requested",
        today=today,
        details={"what_for": what_for.strip()},
        note=f"Asked for a personal budget, for: {what_for.strip()}",
        request=request,
    )


@transaction.atomic
def document_send(
    *,
    actor: User,
    case: Case,
    title: str,
    upload: UploadedFile,
    today: dt.date,
    request: HttpRequest | None = None,
) -> Document:
    """A report or letter the family sends to the case (virus-checked and size-limited by
    ``core.uploads``), with a step on the timeline saying so."""
    if not title.strip():
        raise ValidationError({"title": "Enter what the document is"})
    event = _record(
        actor=actor,
        case=case,
        type="family_document",
        today=today,
        details={"title": title.strip()},
        note=f"Sent a document: {title.strip()}",
        request=request,
    )
    return _attach(
        actor=actor,
        case=case,
        upload=upload,
        title=title.strip(),
        event=event,
        field="file",
        request=request,
    )


CONCERN_SUBJECT = "A family has told you something is wrong: ((case_reference))"
CONCERN_BODY = (
    "Dear ((caseworker)),\n\n"
    "((who)) has sent a message about case ((case_reference)) through the family pages "
    "on ((sent_on)).\n\n"
    "^ ((message))\n\n"
    "The message is on the case timeline. Please reply to the family.\n\n"
    "((authority)) SEND team"
)


@transaction.atomic
def concern_raise(
    *,
    actor: User,
    case: Case,
    message: str,
    today: dt.date,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """The family says something is wrong: kept on the timeline, and emailed through GOV.UK
    Notify (sent once this transaction commits) to the caseworker, or to the SEND team's inbox
    while no caseworker is assigned."""
    if not message.strip():
        raise ValidationError({"message": "Enter what is wrong"})
    caseworker = case.caseworker
    # The caseworker; before one is assigned, the SEND team's own inbox (the authority's).
    address = (caseworker.email or "").strip() if caseworker is not None else ""
    if not address:
        address = (case.authority.email or "").strip()
    notify_id = None
    if address:
        try:
            sent = notify.send_email(
                to=address,
                template_id=settings.NOTIFY_TEMPLATES["family_concern"],
                personalisation={
                    "caseworker": caseworker.display_name() if caseworker else "SEND team",
                    "who": selectors.asker_name(user=actor, child=case.child),
                    "case_reference": case.reference,
                    "sent_on": govuk_date(today),
                    "message": message.strip(),
                    "authority": case.authority.name,
                },
                reference=f"{case.reference}-family-concern"[:100],
                subject=CONCERN_SUBJECT,
                body=CONCERN_BODY,
            )
            notify_id = sent.pk
        except notify.NotifyError:
            notify_id = None  # kept on the timeline all the same: the team sees it there
    return _record(
        actor=actor,
        case=case,
        type="family_concern",
        today=today,
        details={
            "message": message.strip(),
            "emailed_to": address,
            "notify_message_id": notify_id,
        },
        note=f"Said something is wrong: {message.strip()}",
        request=request,
    )


@transaction.atomic
def review_contribute(
    *,
    actor: User,
    case: Case,
    views: str,
    upload: UploadedFile | None = None,
    today: dt.date,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """The family's views for the review, before the meeting (SEND Regs 2014 reg 20: the
    family is invited and asked for advice and information before the meeting)."""
    review = selectors.review_ahead(case.child, today)
    if review is None or review.case.pk != case.pk:
        raise ValidationError("There is no review meeting arranged to send your views for")
    if not views.strip():
        raise ValidationError({"views": "Enter your views for the review"})
    event = _record(
        actor=actor,
        case=case,
        type="family_review_contribution",
        today=today,
        details={"views": views.strip(), "meeting_on": review.meeting_on.isoformat()},
        note=f"Views for the review meeting on {govuk_date(review.meeting_on)}: {views.strip()}",
        request=request,
    )
    if upload:
        _attach(
            actor=actor,
            case=case,
            upload=upload,
            title="Sent by the family for the review",
            event=event,
            field="file",
            request=request,
        )
    return event
