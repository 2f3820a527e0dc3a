"""Writes: the school's request for an EHC needs assessment from its record, and the follow-up
meeting after a decision not to assess (both kept on the case's timeline by ``ehc``)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from markupsafe import Markup

from sendpath.ehc.cases import services as case_services
from sendpath.ehc.documents import services as documents
from sendpath.ehc.models import Case, CaseEvent, RequestSource
from sendpath.ehc.requests import services as request_services
from sendpath.people.models import Child, User
from sendpath.support import money

from . import selectors


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The summary is built from our own HTML only: never fetch anything."""
    raise ValueError(f"Refused to fetch {url} while making a PDF")


def _summary_pdf(context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string("support/readiness/summary_pdf.html", context)
    pdf: bytes = HTML(string=html, url_fetcher=_no_fetch).write_pdf()
    return pdf


def _css_text(value: str) -> Markup:
    return Markup(re.sub(r"[^\w .,'&()·-]", "", value))  # noqa: S704 - only safe characters remain


@transaction.atomic
def school_request_send(
    *,
    actor: User,
    child: Child,
    school_name: str,
    family_agreed_by: str,
    family_agreed_on: dt.date,
    reason: str,
    today: dt.date,
    request: HttpRequest | None = None,
) -> Case:
    """Send the school's request from its record: open the case (source: school) with a
    structured summary of the record, and attach the same summary as a PDF, so that the SEND
    team's intake receives it with nothing typed twice. The case is left for the SEND team to
    assign (the school's SENCO is not its caseworker)."""
    if not family_agreed_by.strip():
        raise ValidationError({"family_agreed_by": "Enter who agreed to the request"})
    if family_agreed_on > today:
        raise ValidationError({"family_agreed_on": "The date must be today or in the past"})
    record = selectors.request_record(child)
    check = selectors.readiness(child, today)
    summary = selectors.record_summary(record, check)
    details: dict[str, Any] = {
        "source_label": RequestSource.SCHOOL.label,
        "requester": school_name,
        "summary": reason,
        "family_agreed_on": family_agreed_on.isoformat(),
        "family_agreed_by": family_agreed_by,
        "from_school_record": summary,
    }
    case = request_services.request_record(
        actor=actor,
        child=child,
        source=RequestSource.SCHOOL.value,
        received_on=today,
        details=details,
        unassigned=True,
        request=request,
    )
    pdf = _summary_pdf(
        {
            "child": child,
            "case": case,
            "school_name": school_name,
            "record": record,
            "check": check,
            "details": details,
            "family_agreed_on": family_agreed_on,
            "pounds": money.pounds,
            "today": today,
            "css_child": _css_text(f"{child.full_name} · {case.reference}"),
        }
    )
    documents.document_attach(
        actor=actor,
        case=case,
        upload=SimpleUploadedFile(
            f"school-record-{case.reference}.pdf", pdf, content_type="application/pdf"
        ),
        title="The school's record with the request",
        event=case.events.get(type="request_received"),
        request=request,
    )
    return case


def follow_up_request(
    *,
    actor: User,
    case: Case,
    to_discuss: str,
    today: dt.date,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """The school asks for the follow-up meeting offered after a decision not to assess."""
    return case_services.event_record(
        actor=actor,
        case=case,
        type="note",
        date=today,
        details={"kind": "no_to_assess_follow_up_requested", "to_discuss": to_discuss},
        note="The school asked for a follow-up meeting about next steps after the decision not "
        "to assess" + (f": {to_discuss}" if to_discuss else ""),
        request=request,
    )


def follow_up_record(
    *,
    actor: User,
    case: Case,
    held_on: dt.date,
    attended: str,
    agreed: str,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """Record the follow-up meeting after a decision not to assess: who came, what was agreed."""
    return case_services.event_record(
        actor=actor,
        case=case,
        type="note",
        date=held_on,
        details={"kind": "no_to_assess_follow_up", "attended": attended, "agreed": agreed},
        note=f"Follow-up meeting after the decision not to assess. Attended: {attended}. "
        f"Agreed: {agreed}",
        request=request,
    )
