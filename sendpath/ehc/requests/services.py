"""Writes for the request and the case's overview: a step with the evidence that came with it.

The step and its evidence are saved in one transaction: if the evidence is refused, the step
is not recorded either, and the refusal is shown against the evidence field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest

from sendpath.ehc.cases import services as case_services
from sendpath.ehc.documents import services as documents
from sendpath.ehc.models import Case, CaseEvent, RequestSource
from sendpath.people.ages import is_young_person
from sendpath.people.models import Child, User

# Children and Families Act 2014: a young person may ask for an assessment themselves (s.36(1));
# a young person is over compulsory school age and under 25 (s.83(2)).
YOUNG_PERSON_ONLY = (
    "Only a young person can ask for an assessment themselves: from the end of Year 11 (the last "
    "Friday in June of the school year they turn 16) until their 25th birthday (Children and "
    "Families Act 2014, sections 36(1) and 83(2)). Record who asked for them instead, such as a "
    "parent"
)


def _attach_evidence(
    *,
    actor: User,
    case: Case,
    upload: UploadedFile,
    title: str,
    event: CaseEvent,
    request: HttpRequest | None,
) -> None:
    try:
        documents.document_attach(
            actor=actor, case=case, upload=upload, title=title, event=event, request=request
        )
    except ValidationError as error:
        raise ValidationError({"evidence": error.messages[0]}) from None


@transaction.atomic
def request_record(
    *,
    actor: User,
    child: Child,
    source: str,
    received_on: dt.date,
    details: dict[str, Any],
    evidence: UploadedFile | None = None,
    unassigned: bool = False,
    request: HttpRequest | None = None,
) -> Case:
    """Record a request for an EHC needs assessment (opening the case), with its evidence;
    ``unassigned``: left for the SEND team to assign (a request sent by a school)."""
    if source == RequestSource.YOUNG_PERSON and not is_young_person(
        child.date_of_birth, received_on
    ):
        raise ValidationError({"source": YOUNG_PERSON_ONLY})
    case = case_services.case_open(
        actor=actor,
        child=child,
        source=source,
        received_on=received_on,
        details=details,
        unassigned=unassigned,
        request=request,
    )
    if evidence:
        _attach_evidence(
            actor=actor,
            case=case,
            upload=evidence,
            title="Evidence with the request",
            event=case.events.get(type="request_received"),
            request=request,
        )
    return case


@transaction.atomic
def exception_record(
    *,
    actor: User,
    case: Case,
    applies_to: str,
    applies_to_label: str,
    reason: str,
    note: str,
    evidence: UploadedFile | None = None,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """Record an exception to a time limit (the deadline keeps its date), with its evidence."""
    event = case_services.event_record(
        actor=actor,
        case=case,
        type="exception",
        date=None,
        details={"applies_to": applies_to, "reason": reason, "applies_to_label": applies_to_label},
        note=note,
        request=request,
    )
    if evidence:
        _attach_evidence(
            actor=actor,
            case=case,
            upload=evidence,
            title="Evidence for an exception",
            event=event,
            request=request,
        )
    return event
