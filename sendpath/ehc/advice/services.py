"""Advice for an EHC needs assessment (SEND Regulations 2014, reg 6 and 8).

Writes (keyword-only, in a transaction, audited through ``services.event_record``):
``advice_request`` (which emails the person asked at once: ``reminders.py``, with the
automatic reminders that follow), ``advice_receive`` and ``existing_advice_agree``.
Reads: ``advice_state`` (whether advice can be sought on the case now), ``advice_rows`` (one row
per request, agreement or source not yet asked, for the advice page) (in ``advice/selectors.py``);
the case's documents are in ``documents/selectors.py``.

Advice is sought once the authority has decided to assess (reg 6(1)); each person asked has
6 weeks to reply (reg 8(1)), the ``advice:<id>`` deadline the engine computes. Existing advice
can stand instead only when the authority, the advice's author and the parent or young person
all agree it is sufficient (reg 6(4)); the record keeps all three agreements.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sendpath.ehc.advice import reminders
from sendpath.ehc.advice.selectors import (
    EXISTING_ALLOWED,
    PREPARING_FOR_ADULTHOOD,
    SOURCES_BY_ID,
    VIRTUAL_SCHOOL,
    _received,
    _requests,
    advice_state,
    curriculum_year,
    preparing_for_adulthood_applies,
    year_label,
)
from sendpath.ehc.cases import services
from sendpath.ehc.documents import services as documents
from sendpath.ehc.models import Case, CaseEvent

VIRTUAL_SCHOOL_ONLY_CARED_FOR = (
    "Advice from the Virtual School is only sought for a child who is cared for: select "
    "another source"
)


def _require_open(case: Case, events: list[CaseEvent]) -> CaseEvent:
    state = advice_state(case, events)
    if not state.open or state.decision is None:
        raise ValidationError(state.reason)
    return state.decision


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("child", "authority").get(pk=case.pk)


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
    if source == VIRTUAL_SCHOOL and not case.child.cared_for:
        raise ValidationError({"source": VIRTUAL_SCHOOL_ONLY_CARED_FOR})
    ident = _next_id(case, source)
    try:
        event = services.event_record(
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
    reminders.advice_request_email(actor=actor, case=case, asked=event, request=request)
    return event


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
    if spec is not None and spec.id == VIRTUAL_SCHOOL and not case.child.cared_for:
        errors["source"] = VIRTUAL_SCHOOL_ONLY_CARED_FOR
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


def _renamed(error: ValidationError, rename: dict[str, str]) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {rename.get(k, k): [e.messages[0] for e in v] for k, v in error.error_dict.items()}
    )
