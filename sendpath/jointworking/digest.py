"""The weekly panel decisions digest, emailed to the Virtual School.

The Virtual School receives weekly updates on panel decisions about the children in care it
supports (seed 000; the Virtual School Head's duty to promote their education, Children Act
1989 s.22(3A) and the statutory guidance "Promoting the education of looked-after children").
Each week (Monday to Sunday) the digest of the week before is emailed to the authority's
Virtual School staff (active users with that role in the authority) by ``manage.py
send_panel_digest`` or the task ``send_panel_digests``: once per authority and week (a
``PanelDigest`` row, unique), so running it again, or every day, sends nothing new.

The email gives counts and case references only: names stay in the system, behind sign-in, on
the digest page it links to. Each person's email counts what they may see.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from sendpath.core import notify
from sendpath.core.audit import audit_many
from sendpath.core.models import AuditAction
from sendpath.people.models import Organisation, OrganisationKind, Role, User

from . import selectors
from .models import PanelDigest

SUBJECT = "Panel decisions for children in care: week of ((week))"
BODY = (
    "Dear ((name)),\n\n"
    "This is the weekly summary of panel decisions about education, health and care (EHC) "
    "needs assessments and plans for the children in care the Virtual School supports, "
    "recorded from ((week_start)) to ((week_end)).\n\n"
    "((total))\n\n"
    "((lines))\n\n"
    "Names are not given in this email. Sign in to see who each decision is about, and the "
    "details:\n((link))\n\n"
    "((authority))"
)


def week_of(day: dt.date) -> dt.date:
    """The Monday of the week a day falls in."""
    return day - dt.timedelta(days=day.weekday())


def last_full_week(today: dt.date | None = None) -> dt.date:
    """The Monday of the last whole week before today's."""
    return week_of(today or timezone.localdate()) - dt.timedelta(days=7)


def recipients(authority: Organisation) -> QuerySet[User]:
    """The authority's Virtual School staff with an email address."""
    return (
        User.objects.filter(is_active=True, role=Role.VIRTUAL_SCHOOL)
        .filter(Q(organisation=authority) | Q(organisation__local_authority=authority))
        .exclude(email="")
        .select_related("organisation", "organisation__local_authority")
        .order_by("pk")
    )


def _long(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


def summary_lines(rows: list[selectors.DecisionRow]) -> tuple[str, list[str]]:
    """The counts and references of a week's decisions, without names."""
    if not rows:
        return "No panel decisions were recorded this week.", []
    total = f"{len(rows)} decision{'s' if len(rows) != 1 else ''} recorded this week:"
    ours: dict[str, list[str]] = {}
    others: Counter[str] = Counter()
    for row in rows:
        if row.by_other:
            others[row.decision] += 1
        else:
            ours.setdefault(row.decision, []).append(row.reference)
    lines = [
        f"{label}: {len(refs)} (case{'s' if len(refs) != 1 else ''} {', '.join(sorted(refs))})"
        for label, refs in ours.items()
    ]
    lines += [f"{label}, by another authority: {n}" for label, n in sorted(others.items())]
    return total, lines


@dataclass
class Sent:
    digests: list[PanelDigest] = field(default_factory=list)
    skipped: int = 0  # already sent, or nobody to send to


def panel_digest_send(*, authority: Organisation, week_start: dt.date) -> PanelDigest | None:
    """Email one authority's digest for a week (Monday ``week_start``). None when it was sent
    already or the Virtual School has nobody with an email address."""
    week_start = week_of(week_start)
    week_end = week_start + dt.timedelta(days=6)
    people = list(recipients(authority))
    if not people:
        return None
    link = f"{settings.SITE_URL}{reverse('jointworking:digest')}?week={week_start.isoformat()}"
    with transaction.atomic():
        try:
            with transaction.atomic():
                digest = PanelDigest.objects.create(authority=authority, week_start=week_start)
        except IntegrityError:
            return None
        seen: set[uuid.UUID] = set()
        for person in people:
            rows = selectors.decisions(user=person, start=week_start, end=week_end)
            total, lines = summary_lines(rows)
            notify.send_email(
                to=person.email,
                template_id=settings.NOTIFY_TEMPLATES["panel_digest"],
                personalisation={
                    "name": person.display_name(),
                    "week": _long(week_start),
                    "week_start": _long(week_start),
                    "week_end": _long(week_end),
                    "total": total,
                    "lines": lines or "",
                    "link": link,
                    "authority": authority.name,
                },
                reference=f"panel-digest-{authority.pk}-{week_start.isoformat()}"[:100],
                subject=SUBJECT,
                body=BODY,
            )
            digest.decisions = max(digest.decisions, len(rows))
            fresh = {r.child.pk for r in rows} - seen
            seen |= fresh
            audit_many(
                request=None,
                action=AuditAction.CREATED,
                child_ids=sorted(fresh),
                summary=f"Case reference sent in the weekly panel decisions digest for the "
                f"week of {_long(week_start)}",
            )
        digest.recipients = [p.email for p in people]
        digest.save(update_fields=["recipients", "decisions"])
    return digest


def panel_digests_send(week_start: dt.date | None = None) -> Sent:
    """Email every authority's digest for a week (by default the last whole week)."""
    week_start = week_of(week_start) if week_start else last_full_week()
    sent = Sent()
    for authority in Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY):
        digest = panel_digest_send(authority=authority, week_start=week_start)
        if digest is None:
            sent.skipped += 1
        else:
            sent.digests.append(digest)
    return sent


def last_sent(authority: Organisation | None) -> PanelDigest | None:
    if authority is None:
        return None
    return PanelDigest.objects.filter(authority=authority).order_by("-sent_at").first()


def sent_for(authority: Organisation | None, week_start: dt.date) -> PanelDigest | None:
    if authority is None:
        return None
    return PanelDigest.objects.filter(authority=authority, week_start=week_of(week_start)).first()
