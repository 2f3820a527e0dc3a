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
from sendpath.timescales.rules import EXCEPTION_REASONS

# Children and Families Act 2014: a young person may ask for an assessment themselves (s.36(1));
# a young person is over compulsory school age and under 25 (s.83(2)).
YOUNG_PERSON_ONLY = (
    "Only a young person can ask for an assessment themselves: from the end of Year 11 (the last "
    "Friday in June of the school year they turn 16) until their 25th birthday (Children and "
    "Families Act 2014, sections 36(1) and 83(2)). Record who asked for them instead, such as a "
    "parent"
)

# The deadlines an exception can excuse, with the regulation that allows it (SEND Regulations
# 2014): reg 5(4) the decision whether to assess, reg 8(2) advice, reg 10(4) the decision
# whether to issue a plan, reg 13(3) the final plan. Keys are deadline families (``advice``
# covers every ``advice:<id>``).
EXCUSABLE_DEADLINES: dict[str, str] = {
    "decide_whether_to_assess": "regulation 5(4)",
    "advice": "regulation 8(2)",
    "decide_whether_to_issue_plan": "regulation 10(4)",
    "issue_final_plan": "regulation 13(3)",
}
# A missed appointment excuses late advice only (reg 8(2)); the other reasons any of the four.
ADVICE_ONLY_REASONS = frozenset({"missed_appointment"})


def exception_family(applies_to: str) -> str:
    """The deadline family of a key (``advice:ep`` -> ``advice``)."""
    return applies_to.split(":", 1)[0]


def exception_allowed(applies_to: str) -> bool:
    return exception_family(applies_to) in EXCUSABLE_DEADLINES


def exception_check(applies_to: str, reason: str) -> None:
    """Refuse an exception the regulations do not allow, naming the field at fault."""
    family = exception_family(applies_to)
    if family not in EXCUSABLE_DEADLINES:
        raise ValidationError(
            {
                "applies_to": "An exception can excuse only the decision whether to assess "
                "(regulation 5(4)), advice (regulation 8(2)), the decision whether to issue a "
                "plan (regulation 10(4)) or the final plan (regulation 13(3)). Select one of "
                "those deadlines"
            }
        )
    if reason not in EXCEPTION_REASONS:
        raise ValidationError({"reason": "Select the reason for the exception"})
    if reason in ADVICE_ONLY_REASONS and family != "advice":
        raise ValidationError(
            {
                "reason": "A missed appointment excuses only late advice (regulation 8(2)). "
                "Choose another reason, or select an advice deadline"
            }
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
    """Record an exception to a time limit (the deadline keeps its date), with its evidence.

    Only where the regulations allow one (``exception_check``)."""
    exception_check(applies_to, reason)
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
