"""Review invitations by email to the professionals invited, and who must be sent a letter.

When the invitations to a review meeting are recorded as sent today (``invitations_record``),
each professional invited who has an email address is emailed the invitation: the meeting's
date (and time and place when recorded), how to contribute, and the notice rule. The law asks
for at least 2 weeks' notice of the meeting (SEND Regulations 2014, reg 20(3); reg 21(3) when
the child or young person is not at a school or college), and for the advice and information
gathered from those invited to be sent to all of them at least 2 weeks before it (reg 20(4),
21(4)): the engine's ``review_invitations`` deadline, 2 weeks before the meeting.

The family and the young person are invited through their own messages (``portal/messages``,
by the way each chose: email, text message or letter), not from here. A professional with no
email address must be sent a letter: the review page lists them. Invitations recorded with an
earlier date were sent another way, so nobody is emailed then.

Each invitation is one ``StaffEmail`` row (``review:<event id>:<invitee>``): never sent twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from sendpath.core import notify
from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction
from sendpath.ehc.cases import services
from sendpath.ehc.models import Case, CaseEvent, Deadline, StaffEmail
from sendpath.people.models import Organisation, User

KIND = "review_invitation"
NOTICE_SOURCE = (
    "regulation 20(3) of the Special Educational Needs and Disability Regulations 2014, or "
    "21(3) when the child or young person is not at a school or college"
)
CIRCULATE_SOURCE = "regulation 20(4) of those Regulations, or 21(4)"

SUBJECT = "Invitation: EHC plan review meeting on ((meeting_date)) (((case_reference)))"
BODY = (
    "Dear ((name)),\n\n"
    "You are invited to the ((review_kind)) of the education, health and care (EHC) plan "
    "of:\n\n"
    "* ((child_name)), born ((date_of_birth))\n\n"
    "The meeting is on ((meeting_date)).((time_place))\n\n"
    f"The law gives at least 2 weeks' notice of a review meeting ({NOTICE_SOURCE}).\n\n"
    "How to contribute: please send your advice and information about the child or young "
    "person's progress, and anything in the plan that should change, to ((reply_to)) as soon "
    "as you can. Everything sent is shared with all those invited by ((circulate_by)), 2 weeks "
    f"before the meeting ({CIRCULATE_SOURCE}). If you cannot come, please still send it.\n\n"
    "Quote the case reference ((case_reference)) when you reply.\n\n"
    "((sender))\n"
    "((organisation))"
)

FAMILY_PREFIXES = ("family:", "young_person")


def is_family(key: str) -> bool:
    return key.startswith(FAMILY_PREFIXES)


def email_key(event: CaseEvent, invitee: str) -> str:
    return f"review:{event.pk}:{invitee}"


def addresses(case: Case, invitees: list[str]) -> dict[str, str]:
    """The email address of each professional invited who has one, by invitee key."""
    found: dict[str, str] = {}
    users = [k.split(":", 1)[1] for k in invitees if k.startswith("professional:")]
    for pk, email in User.objects.filter(pk__in=users, is_active=True).values_list("pk", "email"):
        if email:
            found[f"professional:{pk}"] = email
    orgs = [k.split(":", 1)[1] for k in invitees if k.startswith("setting:")]
    for org, org_email in Organisation.objects.filter(pk__in=orgs).values_list("pk", "email"):
        if org_email:
            found[f"setting:{org}"] = org_email
    wanted = {k.split(":", 1)[1] for k in invitees if k.startswith("advice:")}
    for event in services.effective_events(case):
        ident = str(event.details.get("id") or event.details.get("author") or "")
        email = str(event.details.get("email") or "").strip()
        if event.type == "advice_requested" and ident in wanted and email:
            found[f"advice:{ident}"] = email
    return found


def meeting_for(events: list[CaseEvent]) -> CaseEvent | None:
    """The meeting the invitations are for: the latest one scheduled."""
    scheduled = [e for e in events if e.type == "review_meeting_scheduled" and e.date]
    return max(scheduled, key=lambda e: (e.date, e.pk)) if scheduled else None


def _long(day: dt.date | None) -> str:
    return f"{day:%-d %B %Y}" if day else ""


def _name(label: str) -> str:
    """The person's name from an invitee label, e.g. ``Dr Patel (Ourshire EP, advice)``."""
    return label.split(" (")[0].strip() or "colleague"


def invitations_email(
    *,
    actor: User,
    case: Case,
    event: CaseEvent,
    invitees: dict[str, str],
    request: HttpRequest | None = None,
) -> list[StaffEmail]:
    """Email the invitation to each professional invited with an address (inside the
    transaction that records the invitations: queued, sent once it commits)."""
    meeting = meeting_for(services.effective_events(case))
    if meeting is None or meeting.date is None:
        return []
    deadline = Deadline.objects.filter(case=case, key="review_invitations").first()
    circulate_by = deadline.due if deadline else meeting.date - dt.timedelta(weeks=2)
    details = meeting.details
    time_place = "".join(
        f" {label}: {details[key]}."
        for key, label in (("time", "Time"), ("place", "Place"))
        if details.get(key)
    )
    organisation = actor.organisation.name if actor.organisation else case.authority.name
    address = (
        actor.email or (actor.organisation.email if actor.organisation else "")
    ) or case.authority.email
    reply_to = actor.display_name() + (f" ({address})" if address else "")
    common: dict[str, Any] = {
        "review_kind": str(details.get("kind_label") or "annual review").lower(),
        "child_name": case.child.full_name,
        "date_of_birth": _long(case.child.date_of_birth),
        "meeting_date": _long(meeting.date),
        "time_place": time_place,
        "reply_to": reply_to,
        "circulate_by": _long(circulate_by),
        "case_reference": case.reference,
        "sender": actor.display_name(),
        "organisation": organisation,
    }
    sent: list[StaffEmail] = []
    for key, to in addresses(case, list(invitees)).items():
        label = invitees.get(key, "")
        try:
            with transaction.atomic():
                row = StaffEmail.objects.create(
                    case=case,
                    key=email_key(event, key),
                    kind=KIND,
                    to=to,
                    recipient=label,
                    sent_on=event.date or meeting.date,
                )
                row.message = notify.send_email(
                    to=to,
                    template_id=settings.NOTIFY_TEMPLATES["review_invitation"],
                    personalisation={**common, "name": _name(label)},
                    reference=f"{case.reference}-review-{event.pk}"[:100],
                    subject=SUBJECT,
                    body=BODY,
                )
                row.save(update_fields=["message"])
        except IntegrityError:
            continue  # already emailed
        except notify.NotifyError as error:
            raise ValidationError(
                {"invitees": f"The invitation to {label} could not be emailed: {error}"}
            ) from None
        audit_record(
            request=request,
            actor=actor,
            action=AuditAction.CREATED,
            obj=row,
            child_id=case.child_id,
            summary=f"Emailed the review invitation to {label} ({to}) for case {case.reference}",
        )
        sent.append(row)
    return sent


@dataclass
class InviteeRow:
    label: str
    how: str  # emailed, family, letter, other_way
    email: StaffEmail | None = None

    @property
    def failed(self) -> bool:
        message = self.email.message if self.email else None
        return message is not None and message.status == "failed"


def invitation_rows(case: Case) -> tuple[CaseEvent | None, list[InviteeRow]]:
    """The latest invitations recorded, and how each person invited was told."""
    latest = None
    for event in services.effective_events(case):
        if event.type == "review_invitations_sent":
            latest = event
    if latest is None:
        return None, []
    emails = {
        row.key.split(":", 2)[2]: row
        for row in StaffEmail.objects.filter(
            case=case, key__startswith=f"review:{latest.pk}:"
        ).select_related("message")
    }
    keys = list(latest.details.get("invitees") or [])
    labels = list(latest.details.get("invited") or [])
    emailing = bool(latest.details.get("emailed"))
    rows = []
    for i, key in enumerate(keys):
        label = labels[i] if i < len(labels) else key
        if key in emails:
            rows.append(InviteeRow(label, "emailed", emails[key]))
        elif is_family(key):
            rows.append(InviteeRow(label, "family"))
        elif emailing:
            rows.append(InviteeRow(label, "letter"))
        else:
            rows.append(InviteeRow(label, "other_way"))
    return latest, rows
