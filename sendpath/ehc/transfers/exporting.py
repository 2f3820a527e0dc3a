"""Writing a case as a plan transfer file (``export_data``), and the audited export
(``export_case``) that the old authority sends when a child with a plan moves (reg 15): the child,
the plan (sections A-K, needs, outcomes and provision with their links, the placement), the whole
timeline (superseded events included, corrections pointing at what they correct by position), the
documents list (not the files), the advice and the deadlines as computed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction
from sendpath.ehc.transfers.interchange import CHILD_TEXT, FORMAT, SECTION_FIELDS, VERSION
from sendpath.people.models import (
    Organisation,
    User,
)

from ..models import (
    Case,
    Plan,
)


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _org(org: Organisation | None) -> dict[str, str] | None:
    if org is None:
        return None
    return {"name": org.name, "urn": org.urn, "ukprn": org.ukprn, "la_code": org.la_code}


def export_data(case: Case) -> dict[str, Any]:
    """The transfer file for a case, as a JSON-ready dict (no audit: see ``export_case``)."""
    child = case.child
    plan = Plan.objects.select_related("placement").get(case=case)
    needs = list(plan.needs.all())
    refs = {need.pk: f"need-{index + 1}" for index, need in enumerate(needs)}
    events = list(case.events.select_related("recorded_by").order_by("date", "recorded_at", "id"))
    position = {event.pk: index for index, event in enumerate(events)}
    superseded = {e.supersedes_id for e in events if e.supersedes_id}
    advice: dict[str, dict[str, Any]] = {}
    for event in events:
        if event.pk in superseded or event.type not in ("advice_requested", "advice_received"):
            continue
        ident = str(event.details.get("id", ""))
        row = advice.setdefault(
            ident,
            {"id": ident, "source": "", "name": "", "requested_on": None, "received_on": None},
        )
        if event.type == "advice_requested":
            row["source"] = str(event.details.get("source", ""))
            row["name"] = str(event.details.get("name") or event.details.get("organisation") or "")
            row["requested_on"] = _iso(event.date)
        else:
            row["received_on"] = _iso(event.date)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "exported_by": {"authority": _org(case.authority), "user": ""},
        "case": {
            "reference": case.reference,
            "request_source": case.request_source,
            "received_on": case.received_on.isoformat(),
            "stage": case.stage,
        },
        "child": {
            "first_name": child.first_name,
            "last_name": child.last_name,
            "date_of_birth": child.date_of_birth.isoformat(),
            "sex": child.sex,
            **{name: getattr(child, name) for name in CHILD_TEXT},
            "interpreter_needed": child.interpreter_needed,
            "cared_for": child.cared_for,
            "looked_after_by": {
                "name": child.looked_after_by.name,
                "la_code": child.looked_after_by.la_code,
            }
            if child.looked_after_by
            else None,
            "identifiers": {
                "upn": child.upn,
                "upn_unknown_reason": child.upn_unknown_reason,
                "uln": child.uln,
                "nhs_number": child.nhs_number,
            },
            "family": [
                {
                    "full_name": m.full_name,
                    "relationship": m.relationship,
                    "parental_responsibility": m.parental_responsibility,
                    "lives_with_child": m.lives_with_child,
                    "main_contact": m.main_contact,
                    "telephone": m.telephone,
                    "email": m.email,
                    "address": m.address,
                }
                for m in child.family.all()
            ],
            "settings": [
                {
                    "organisation": _org(s.organisation),
                    "start_date": s.start_date.isoformat(),
                    "end_date": _iso(s.end_date),
                    "attendance": s.attendance,
                }
                for s in child.settings.select_related("organisation")
            ],
        },
        "plan": {
            "status": plan.status,
            "sections": {letter: getattr(plan, name) for letter, name in SECTION_FIELDS.items()},
            "placement": _org(plan.placement),
            "draft_sent_on": _iso(plan.draft_sent_on),
            "issued_on": _iso(plan.issued_on),
            "needs": [
                {
                    "ref": refs[n.pk],
                    "area": n.area,
                    "description": n.description,
                    "position": n.position,
                }
                for n in needs
            ],
            "outcomes": [
                {
                    "what": o.what,
                    "by_when": o.by_when,
                    "how_measured": o.how_measured,
                    "preparing_for_adulthood": o.preparing_for_adulthood,
                    "needs": [refs[n.pk] for n in o.needs.all() if n.pk in refs],
                }
                for o in plan.outcomes.prefetch_related("needs")
            ],
            "provision": [
                {
                    "section": p.section,
                    "what": p.what,
                    "who": p.who,
                    "how_often": p.how_often,
                    "how_long": p.how_long,
                    "needs": [refs[n.pk] for n in p.needs.all() if n.pk in refs],
                }
                for p in plan.provisions.prefetch_related("needs")
            ],
        },
        "timeline": [
            {
                "position": index,
                "type": e.type,
                "date": _iso(e.date),
                "details": e.details,
                "note": e.note,
                "recorded_at": e.recorded_at.isoformat(),
                "recorded_by": e.recorded_by.display_name() if e.recorded_by else "",
                "supersedes": position.get(e.supersedes_id) if e.supersedes_id else None,
            }
            for index, e in enumerate(events)
        ],
        "documents": [
            {
                "title": d.title,
                "original_name": d.original_name,
                "content_type": d.content_type,
                "size": d.size,
                "event": position.get(d.event_id) if d.event_id else None,
                "uploaded_at": d.created_at.isoformat(),
            }
            for d in case.documents.order_by("created_at")
        ],
        "advice": list(advice.values()),
        "deadlines": [
            {
                "key": d.key,
                "family": d.family,
                "due": d.due.isoformat(),
                "status": d.status,
                "completed_on": _iso(d.completed_on),
                "exception": d.exception,
                "source": d.source,
            }
            for d in case.deadlines.order_by("due", "key")
        ],
    }


def export_case(*, actor: User, case: Case, request: HttpRequest | None = None) -> dict[str, Any]:
    """The transfer file for a case; the export is audited as a read of the child's record."""
    data = export_data(case)
    data["exported_by"]["user"] = actor.display_name()
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.VIEWED,
        obj=case,
        child_id=case.child_id,
        summary=f"Exported the plan transfer file of case {case.reference}",
    )
    return data
