"""Queueing the family's messages: at each step of their case that changes what they must know
or do, and for each step the authority is late with.

``family_messages_for_step`` runs when ``ehc`` says a step was recorded and has committed
(``core.signals.case_step_recorded``); ``family_messages_for_late`` after the nightly refresh
(``core.signals.deadlines_refreshed``). Both queue through ``core.notify``: the emails and text
messages are sent once their transaction commits, the letters wait on the case for the
caseworker to print. Every message has a dedupe key (the step, or the late deadline and its
date, and the person and channel), so a step announced twice, or a refresh run twice, tells
each person once.

Dates are read from the case's stored ``Deadline`` rows: the engine's, the same the caseworker
and the family's own pages show.

A correction of a step (an event that supersedes another) sends nothing: the family were told
at the step itself, and the caseworker tells them if a date they were given has changed.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sendpath.core import notify
from sendpath.core.audit import audit_record, diff
from sendpath.core.concurrency import FIELD as BASED_ON
from sendpath.core.concurrency import check_version
from sendpath.core.formatting import govuk_date
from sendpath.core.models import AuditAction, NotifyMessage
from sendpath.ehc.models import Case, CaseEvent, Deadline
from sendpath.ehc.notices.contacts import contacts_for
from sendpath.people.contact import contact_checked
from sendpath.people.models import Child, ContactPreference, FamilyMember, User
from sendpath.timescales import rule_for

from . import selectors
from .copies import COPIES, LATE_STEPS, REVIEW_OUTCOMES, Copy
from .recipients import Recipient, recipients_for

logger = logging.getLogger(__name__)

KIND_LABELS = {"email": "email", "sms": "text message", "letter": "letter"}

# A step late by more than this when a refresh first finds it is not announced (the first
# refresh after messages are switched on would otherwise tell every family of every old delay
# at once); the family's page still says it is late.
LATE_WINDOW = dt.timedelta(days=14)


def regarding(case: Case | Any) -> str:
    """How a message names its case (``NotifyMessage.regarding``)."""
    return f"case:{case.pk}"


def _dates(case: Case) -> dict[str, Deadline]:
    return {d.key: d for d in Deadline.objects.filter(case=case)}


def _date(deadlines: dict[str, Deadline], key: str, empty: str = "the date in our letter") -> str:
    row = deadlines.get(key)
    return govuk_date(row.due) if row is not None else empty


def _contact(value: str) -> str:
    return ", ".join(part.strip() for part in str(value).split("|") if part.strip())


def _rights(case: Case, deadlines: dict[str, Deadline]) -> dict[str, str]:
    """The family's own dates to disagree (SEND Regulations 2014 reg 33: 2 months from the
    decision letter to contact the mediation adviser; HESC rules r.20: appeal within 2 months
    of it, or 1 month from a mediation certificate if later), once the letter has gone."""
    mediation = deadlines.get("contact_mediation_adviser")
    appeal = deadlines.get("appeal_deadline")
    return {
        "mediation_by": f"Do this by {govuk_date(mediation.due)}."
        if mediation is not None
        else "Do this within 2 months of the date on our decision letter.",
        "appeal_by": f"Appeal by {govuk_date(appeal.due)}."
        if appeal is not None
        else "You have 2 months from the date on our decision letter to appeal.",
        # The authority's own mediation adviser, as its administrator keeps it.
        "mediation_contact": ", ".join(contacts_for(case.authority).mediation_adviser),
        "tribunal_contact": _contact(settings.TRIBUNAL),
    }


def plain_source(source: str) -> str:
    """A rule's source (``reg 5(1)``, ``CFA s.44(1); reg 18``) in words a family can look up."""
    words = []
    for part in source.split(";"):
        part = part.strip()
        if part.startswith("reg "):
            part = "the SEND Regulations 2014, regulation " + part[4:]
        elif part.startswith("CFA s."):
            part = "the Children and Families Act 2014, section " + part[6:]
        elif part.startswith("CoP"):
            part = "the SEND Code of Practice, paragraph " + part[3:].strip()
        elif part.startswith("HESC r."):
            part = "the Tribunal Procedure Rules, rule " + part[7:]
        words.append(part)
    return " and ".join(words)


def _common(case: Case, recipient: Recipient) -> dict[str, Any]:
    child = case.child
    caseworker = case.caseworker
    name = (caseworker.get_full_name() if caseworker else "") or "your SEND team"
    contact = (
        (caseworker.email if caseworker else "")
        or case.authority.email
        or case.authority.telephone
        or case.authority.name
    )
    return {
        "name": recipient.name,
        "child": child.known_as,
        "whose": "your" if recipient.young_person else f"{child.known_as}'s",
        "reference": case.reference,
        "caseworker": name,
        "contact": contact,
        "link": f"{settings.SITE_URL}/my/",
    }


def _step_copy(case: Case, event: CaseEvent) -> tuple[Copy, dict[str, Any]] | None:
    """Which message a step sends, and its own details; None for a step that sends none."""
    details = event.details or {}
    deadlines = _dates(case)
    kind = event.type
    if kind == "request_received":
        return COPIES["request_received"], {
            "received_on": govuk_date(event.date),
            "due": _date(deadlines, "decide_whether_to_assess"),
        }
    if kind == "decision_to_assess":
        if details.get("outcome") == "yes":
            return COPIES["assessment_agreed"], {
                "plan_decision_by": _date(deadlines, "decide_whether_to_issue_plan"),
                "final_plan_by": _date(deadlines, "issue_final_plan"),
            }
        return COPIES["assessment_refused"], _rights(case, deadlines)
    if kind == "assessment_outcome" and details.get("outcome") == "no_plan":
        return COPIES["no_plan"], _rights(case, deadlines)
    if kind == "decision_notice_sent":
        if "appeal_deadline" not in deadlines and "contact_mediation_adviser" not in deadlines:
            return None
        return COPIES["rights_dates"], _rights(case, deadlines)
    if kind == "advice_requested" and details.get("source") in ("parent", "young_person"):
        return COPIES["advice_from_you"], {
            "due": _date(deadlines, f"advice:{details.get('id', '')}")
        }
    if kind == "draft_plan_sent":
        return COPIES["draft_plan"], {"due": _date(deadlines, "draft_representations_close")}
    if kind in ("final_plan_issued", "amended_plan_issued"):
        review = deadlines.get("early_years_review") or deadlines.get("annual_review")
        return COPIES["final_plan"], {
            "review_by": govuk_date(review.due) if review else "a year from now",
            **_rights(case, deadlines),
        }
    if kind == "review_invitations_sent":
        meeting = (
            CaseEvent.objects.filter(
                case=case, type="review_meeting_scheduled", superseded_by__isnull=True
            )
            .order_by("-date", "-recorded_at")
            .values_list("date", flat=True)
            .first()
        )
        return COPIES["review_invitation"], {
            "meeting_on": govuk_date(meeting, empty="the date in your invitation")
        }
    if kind == "review_decision_notified":
        outcome = str(details.get("outcome", ""))
        return COPIES["review_decision"], {
            "outcome": REVIEW_OUTCOMES.get(outcome, outcome.replace("_", " ")),
            "amend": "yes" if outcome == "amend" else "no",
            "cease": "yes" if outcome == "cease" else "no",
            **_rights(case, deadlines),
        }
    return None


def _queue(*, case: Case, copy: Copy, own: dict[str, Any], topic: str) -> list[NotifyMessage]:
    """One message per person and channel, by their preference. A person whose stored address
    Notify would refuse is passed over (logged); the others still get theirs."""
    queued: list[NotifyMessage] = []
    plan_readers = copy.name == "final_plan"  # what a carer's account reads: the plan
    for recipient in recipients_for(case.child, plan_readers=plan_readers):
        personalisation = {**_common(case, recipient), **own}
        for channel in recipient.channels():
            key = f"family:{topic}:{recipient.key}:{channel}"[:200]
            if NotifyMessage.objects.filter(dedupe_key=key).exists():
                continue  # told already (the same step announced again, a refresh run again)
            common: dict[str, Any] = {
                "template_id": settings.NOTIFY_TEMPLATES[
                    f"family_{copy.name}_{'sms' if channel == 'sms' else 'email'}"
                ],
                "personalisation": personalisation,
                "reference": f"{case.reference}-{copy.name}"[:100],
                "dedupe_key": key,
                "regarding": regarding(case),
                "child_id": case.child_id,
                "recipient": recipient.name,
            }
            try:
                if channel == "email":
                    message = notify.send_email(
                        to=recipient.email, subject=copy.subject, body=copy.body, **common
                    )
                elif channel == "sms":
                    message = notify.send_sms(
                        to=recipient.mobile, subject=copy.title, body=copy.sms, **common
                    )
                else:
                    message = notify.store_letter(
                        address=f"{recipient.name}\n{recipient.address}",
                        subject=copy.subject,
                        body=copy.body,
                        **common,
                    )
            except notify.NotifyError as error:
                logger.warning("Family message %s not queued: %s", key, error)
                continue
            queued.append(message)
    return queued


def _audit(case: Case, copy: Copy, messages: list[NotifyMessage]) -> None:
    if not messages:
        return
    kinds = sorted({m.kind for m in messages})
    audit_record(
        request=None,
        action=AuditAction.CREATED,
        obj=case,
        child_id=case.child_id,
        summary=f"Queued {len(messages)} message(s) to the family ({', '.join(kinds)}): "
        f"{copy.title} (case {case.reference})"[:300],
    )


@transaction.atomic
def family_messages_for_step(*, case_id: Any, event_id: Any) -> list[NotifyMessage]:
    """Queue the family's messages about one recorded step (none for a step that changes
    nothing they must know or do, or for a correction)."""
    event = (
        CaseEvent.objects.select_related("case__child__young_person_user", "case__caseworker")
        .select_related("case__authority")
        .filter(pk=event_id, case_id=case_id)
        .first()
    )
    if event is None or event.supersedes_id is not None:
        return []
    case = event.case
    if case.closed_at is not None and event.type != "review_decision_notified":
        return []
    found = _step_copy(case, event)
    if found is None:
        return []
    copy, own = found
    messages = _queue(case=case, copy=copy, own=own, topic=f"event:{event.pk}")
    _audit(case, copy, messages)
    return messages


def _familys_own_advice(case_id: Any, ident: str) -> bool:
    """Whether the advice is the parent's or young person's own (never told as our delay)."""
    return CaseEvent.objects.filter(
        case_id=case_id,
        type="advice_requested",
        details__id=ident,
        details__source__in=["parent", "young_person"],
    ).exists()


def family_messages_for_late(*, as_of: dt.date | None = None) -> int:
    """After the nightly refresh: tell each family once of each step of their open case that
    has become late (an authority's deadline now overdue, within ``LATE_WINDOW``). Returns how
    many messages were queued."""
    as_of = as_of or timezone.localdate()
    overdue = (
        Deadline.objects.filter(
            case__closed_at__isnull=True,
            pending=True,
            family_limit=False,
            status="overdue",
            due__lt=as_of,
            due__gte=as_of - LATE_WINDOW,
        )
        .select_related("case__child__young_person_user", "case__caseworker", "case__authority")
        .order_by("case_id", "due", "key")
    )
    count = 0
    for deadline in overdue:
        family, _, ident = deadline.key.partition(":")
        what = LATE_STEPS.get(family)
        if what is None or (family == "advice" and _familys_own_advice(deadline.case_id, ident)):
            continue
        copy = COPIES["step_late"]
        own = {
            "due": govuk_date(deadline.due),
            "what": what,
            "source": plain_source(rule_for(deadline.key).source),
        }
        with transaction.atomic():
            messages = _queue(
                case=deadline.case,
                copy=copy,
                own=own,
                topic=f"late:{deadline.case_id}:{deadline.key}:{deadline.due.isoformat()}",
            )
            _audit(deadline.case, copy, messages)
        count += len(messages)
    return count


# ---------------------------------------------------------------------------------------------
# What people do with the messages: the family's preferences, the caseworker's retries and
# letters.


@transaction.atomic
def contact_preferences_save(
    *, actor: User, data: dict[str, Any], request: HttpRequest | None = None
) -> int:
    """Save how a family user wants to hear from us, on every record that holds it: each child
    they hear about as a parent or carer, and their own record as a young person. Returns how
    many records changed. Raises ``ValidationError`` (naming the field) and saves nothing when
    the choice cannot reach them."""
    contacts = selectors.own_contacts(user=actor, lock=True)
    if not contacts:
        raise ValidationError("There is no child's record linked to your account")
    check_version(contacts, data.get(BASED_ON), version=lambda c: c.version())
    checked = contact_checked(data, preference="contact_preference", mobile="mobile")
    preference = checked.get("contact_preference", ContactPreference.EMAIL)
    mobile = checked.get("mobile", "")
    if preference != ContactPreference.LETTERS and not actor.email:
        raise ValidationError({"contact_preference": "Your account has no email address"})
    after = {"contact_preference": preference, "mobile": mobile}
    changed = 0
    for member in contacts.members:
        if preference == ContactPreference.LETTERS and not (
            member.address.strip() or member.child.address.strip()
        ):
            raise ValidationError({"contact_preference": NO_ADDRESS})
        before = {"contact_preference": member.contact_preference, "mobile": member.mobile}
        if before == after:
            continue
        FamilyMember.objects.filter(pk=member.pk).update(
            **after, modified_by=actor, modified_at=timezone.now()
        )
        changed += 1
        audit_record(
            request=request,
            actor=actor,
            action=AuditAction.UPDATED,
            obj=member,
            child_id=member.child_id,
            summary=f"{member.full_name} changed how they want to hear from us",
            changes=diff(before, after),
        )
    own = contacts.own_record
    if own is not None:
        if preference == ContactPreference.LETTERS and not own.address.strip():
            raise ValidationError({"contact_preference": NO_ADDRESS})
        before = {
            "contact_preference": own.young_person_contact_preference,
            "mobile": own.young_person_mobile,
        }
        if before != after:
            Child.objects.filter(pk=own.pk).update(
                young_person_contact_preference=preference,
                young_person_mobile=mobile,
                modified_by=actor,
                modified_at=timezone.now(),
            )
            changed += 1
            audit_record(
                request=request,
                actor=actor,
                action=AuditAction.UPDATED,
                obj=own,
                child_id=own.pk,
                summary="The young person changed how they want to hear from us",
                changes=diff(before, after),
            )
    return changed


NO_ADDRESS = (
    "We do not have your postal address, so we cannot send you letters. Ask your caseworker "
    "to add it, or choose email"
)


@transaction.atomic
def family_message_send_again(
    *, actor: User, case: Case, message: NotifyMessage, request: HttpRequest | None = None
) -> NotifyMessage:
    """Queue a failed message to the family again (a caseworker asked, having checked the
    address): it is sent once this commits, with every try again."""
    if message.regarding != regarding(case):
        raise ValidationError("This message is not about this case")
    if not notify.send_again(message):
        raise ValidationError("This message has not failed, so it cannot be sent again")
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=case,
        child_id=case.child_id,
        summary=f"Sent a failed {KIND_LABELS.get(message.kind, message.kind)} to {message.recipient or 'the family'} again (case {case.reference})"[
            :300
        ],
    )
    message.refresh_from_db()
    return message


@transaction.atomic
def family_letter_posted(
    *, actor: User, case: Case, message: NotifyMessage, request: HttpRequest | None = None
) -> NotifyMessage:
    """Mark a letter to the family printed and posted."""
    if message.regarding != regarding(case):
        raise ValidationError("This letter is not about this case")
    if not notify.letter_posted(message):
        raise ValidationError("This letter is already marked as posted")
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=case,
        child_id=case.child_id,
        summary=f"Posted the letter to {message.recipient or 'the family'}: {message.subject} "
        f"(case {case.reference})"[:300],
    )
    message.refresh_from_db()
    return message
