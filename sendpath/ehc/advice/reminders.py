"""Emails to the people asked for advice: the request, then automatic reminders.

Each person asked for advice for an EHC needs assessment has 6 weeks to give it (SEND
Regulations 2014, reg 8(1)(a)); the engine stores that date as the ``advice:<id>`` deadline,
and every email quotes it from there. When the request is recorded with an email address, the
person is emailed at once (``advice_request_email``). Then the daily run
(``advice_reminders_send``: ``manage.py send_reminders`` and the task of ``ehc/tasks.py``)
reminds them at these points:

* ``before``: 10 working days before the due date. The law sets the 6 weeks but not when to
  remind: two working weeks leave time to book a visit and write the advice before the date.
* ``due``: on the due date, the last day of the 6 weeks (reg 8(1)(a)).
* ``late-1``, ``late-2``, ...: every 5 working days (once a working week) after the due date,
  until the advice is received. Late advice holds up the whole assessment, and the final plan
  must be issued within 20 weeks of the request (reg 13(2)); once a week keeps it moving
  without flooding the inbox.

No reminder goes once the advice is received, the request for an assessment is withdrawn, the
case is closed, the decision to assess no longer stands, or the assessment is over (the decision
whether to issue a plan is made): ``still_sought``. Each point is sent
once (a ``StaffEmail`` row per point, unique per case). A point on or before the day of the
last email about the request is covered by that email, and when several points have passed
since (a run missed), only the latest is sent: nobody gets two emails in a day.

The parent or young person asked for their own advice (reg 6(1)(a)) is not emailed from here:
the family's own messages tell them, in plain words and the way they chose.

The emails name the child and give the date of birth only, so the professional can match them
to their own records; nothing else about the child goes outside the system.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from sendpath.core import notify
from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction
from sendpath.ehc.advice.schedule import BEFORE_WORKING_DAYS, Point, due_point
from sendpath.ehc.advice.selectors import (
    FAMILY_SOURCE,
    SOURCES_BY_ID,
    _received,
    _requests,
    emails_by_request,
    still_sought,
)
from sendpath.ehc.cases import services
from sendpath.ehc.models import Case, CaseEvent, Deadline, StaffEmail

SOURCE = "regulation 8(1)(a) of the Special Educational Needs and Disability Regulations 2014"
REQUEST_KIND = "advice_request"
REMINDER_KIND = "advice_reminder"

# Copies of the Notify templates' text (the local backend renders them; Notify keeps its own).
REQUEST_SUBJECT = "Advice needed by ((due_date)) for an EHC needs assessment ((case_reference))"
REQUEST_BODY = (
    "Dear ((author)),\n\n"
    "((authority)) is carrying out an education, health and care (EHC) needs assessment "
    "for:\n\n"
    "* ((child_name)), born ((date_of_birth))\n\n"
    "We are asking you for ((source_label)) (((regulation)) of the Special Educational Needs "
    "and Disability Regulations 2014). We asked on ((requested_on)).\n\n"
    "Please send it by ((due_date)). The law gives 6 weeks from the request to give advice "
    f"({SOURCE}).((already_late?? That date has passed: please send it as soon as you can.))"
    "\n\n"
    "Quote the case reference ((case_reference)) when you reply. We will remind you before the "
    "date if we have not received it.\n\n"
    "((caseworker))\n"
    "((authority))"
)
REMINDER_SUBJECT = "Reminder: ((when_short)) for EHC needs assessment ((case_reference))"
REMINDER_BODY = (
    "Dear ((author)),\n\n"
    "On ((requested_on)) we asked you for ((source_label)) for the education, health and care "
    "(EHC) needs assessment of:\n\n"
    "* ((child_name)), born ((date_of_birth))\n\n"
    "((when)) We have not received it yet. The law gives 6 weeks from the request to give "
    f"advice ({SOURCE}).\n\n"
    "If you have sent it, thank you: please tell us so we can find it. If you cannot send it "
    "yet, please tell us when to expect it. Quote the case reference ((case_reference)).\n\n"
    "((caseworker))\n"
    "((authority))"
)


def email_key(ident: str, point: str) -> str:
    return f"advice:{ident}:{point}"


def emailed_here(asked: CaseEvent) -> bool:
    """A request to a professional with an email address. The parent or young person asked
    for their own advice (reg 6(1)(a)) is told through the family's messages instead."""
    return (
        bool(str(asked.details.get("email", "")).strip())
        and asked.details.get("source") != FAMILY_SOURCE
    )


def _long(day: dt.date | None) -> str:
    return f"{day:%-d %B %Y}" if day else ""


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def _personalisation(case: Case, asked: CaseEvent, due: dt.date, actor: Any) -> dict[str, Any]:
    caseworker = case.caseworker or actor
    child = case.child
    return {
        "author": str(asked.details.get("author", "")) or "colleague",
        "source_label": str(asked.details.get("source_label", "advice")).lower(),
        "regulation": _regulation(asked),
        "child_name": child.full_name,
        "date_of_birth": _long(child.date_of_birth),
        "requested_on": _long(asked.date),
        "due_date": _long(due),
        "case_reference": case.reference,
        "caseworker": caseworker.display_name() if caseworker else "The SEND team",
        "authority": case.authority.name,
    }


def _regulation(asked: CaseEvent) -> str:
    spec = SOURCES_BY_ID.get(str(asked.details.get("source", "")))
    return ("regulation " + spec.regulation.removeprefix("reg ")) if spec else "regulation 6(1)"


def when_text(point: Point, due: dt.date, today: dt.date) -> tuple[str, str]:
    """What the reminder says of the date: (a sentence, words for the subject)."""
    if point.key == "before":
        return (
            f"Your advice is due by {_long(due)}, in {BEFORE_WORKING_DAYS} working days.",
            f"advice due by {_long(due)}",
        )
    if point.key == "due":
        return (f"Your advice is due today, {_long(due)}.", "advice due today")
    late = (today - due).days
    return (
        f"Your advice was due on {_long(due)} and is now {_days(late)} late.",
        f"advice {_days(late)} late",
    )


def _send(
    *,
    case: Case,
    asked: CaseEvent,
    key: str,
    kind: str,
    template: str,
    subject: str,
    body: str,
    personalisation: dict[str, Any],
    today: dt.date,
    actor: Any,
    request: HttpRequest | None,
) -> StaffEmail | None:
    """Record the email (once per key: None if it was already sent) and queue it. A send
    refused at once (``NotifyError``) takes its row with it, so the point is tried again."""
    to = str(asked.details.get("email", "")).strip()
    author = str(asked.details.get("author", ""))
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = StaffEmail.objects.create(
                    case=case, key=key, kind=kind, to=to, recipient=author, sent_on=today
                )
        except IntegrityError:
            return None
        row.message = notify.send_email(
            to=to,
            template_id=settings.NOTIFY_TEMPLATES[template],
            personalisation=personalisation,
            reference=f"{case.reference}-{key}"[:100],
            subject=subject,
            body=body,
        )
        row.save(update_fields=["message"])
        audit_record(
            request=request,
            actor=actor,
            action=AuditAction.CREATED,
            obj=row,
            child_id=case.child_id,
            summary=f"Emailed {author} ({to}) about "
            f"{asked.details.get('source_label', 'advice')} for case {case.reference}: "
            f"{kind.replace('_', ' ')}",
        )
    return row


def advice_request_email(
    *, actor: Any, case: Case, asked: CaseEvent, request: HttpRequest | None = None
) -> StaffEmail | None:
    """Email the person asked for advice at once: what is asked, for whom, and by when (the
    stored deadline). Called inside ``advice_request``'s transaction: the email is queued and
    goes only if the request is saved. None when no address was given."""
    if not emailed_here(asked):
        return None
    ident = str(asked.details["id"])
    deadline = Deadline.objects.filter(case=case, key=f"advice:{ident}").first()
    if deadline is None:
        raise ValidationError("The advice's due date could not be worked out")
    today = timezone.localdate()
    try:
        return _send(
            case=case,
            asked=asked,
            key=email_key(ident, "request"),
            kind=REQUEST_KIND,
            template="advice_request",
            subject=REQUEST_SUBJECT,
            body=REQUEST_BODY,
            personalisation=_personalisation(case, asked, deadline.due, actor)
            | {"already_late": "yes" if deadline.due < today else "no"},
            today=today,
            actor=actor,
            request=request,
        )
    except notify.NotifyError as error:
        raise ValidationError({"email": f"The email could not be sent: {error}"}) from None


@dataclass
class Sent:
    cases: int = 0
    emails: int = 0


def _case_reminders(case_pk: Any, today: dt.date) -> int:
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("child", "authority", "caseworker")
            .get(pk=case_pk)
        )
        events = services.effective_events(case)
        if not still_sought(case, events):
            return 0
        received = _received(events)
        deadlines = {d.key: d for d in case.deadlines.filter(family="advice")}
        already = emails_by_request(case)
        count = 0
        for ident, asked in _requests(events).items():
            if ident in received or not emailed_here(asked):
                continue
            deadline = deadlines.get(f"advice:{ident}")
            if deadline is None:
                continue
            rows = already.get(ident, [])
            last_sent = max((r.sent_on for r in rows), default=None)
            point = due_point(deadline.due, last_sent, today)
            if point is None:
                continue
            when, short = when_text(point, deadline.due, today)
            personalisation = _personalisation(case, asked, deadline.due, None)
            personalisation |= {"when": when, "when_short": short}
            try:
                row = _send(
                    case=case,
                    asked=asked,
                    key=email_key(ident, point.key),
                    kind=REMINDER_KIND,
                    template="advice_reminder",
                    subject=REMINDER_SUBJECT,
                    body=REMINDER_BODY,
                    personalisation=personalisation,
                    today=today,
                    actor=None,
                    request=None,
                )
            except notify.NotifyError:
                continue  # an address Notify cannot take: shown on the page, nothing to retry
            count += row is not None
        return count


def advice_reminders_send(today: dt.date | None = None) -> Sent:
    """Send the reminders due today for every open case (one transaction per case)."""
    today = today or timezone.localdate()
    case_ids = (
        Deadline.objects.filter(
            family="advice", completed_on__isnull=True, case__closed_at__isnull=True
        )
        .values_list("case_id", flat=True)
        .distinct()
    )
    sent = Sent()
    for case_pk in list(case_ids):
        n = _case_reminders(case_pk, today)
        if n:
            sent.cases += 1
            sent.emails += n
    return sent
