"""Plans in force: annual, early and interim reviews, and phase transfers (writes).

Every step is an engine event recorded through ``services.event_record`` (which validates it,
refreshes the deadlines and audits it). The engine computes ``annual_review`` (or
``early_years_review``), ``review_invitations``, ``review_report``, ``review_decision`` and
``phase_transfer_review`` from them: see TIMESCALES.md, "Plans in force".

A review meeting is usually scheduled for a date still to come: ``services.event_record``
accepts future dates for appointments (``services.FUTURE_DATED``) and for nothing else.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sendpath.core.concurrency import StaleEditError, check_version, opened_values
from sendpath.ehc.cases import services
from sendpath.ehc.cases.stages import Step, require_step
from sendpath.ehc.models import Case, CaseEvent
from sendpath.ehc.presenters import event_label
from sendpath.ehc.reviews import invitations
from sendpath.ehc.reviews.selectors import (
    OUTCOMES,
    PFA_SECTIONS,
    REVIEW_KINDS,
    TRANSFER_KINDS,
    _today,
    invitees_for,
    needs_adulthood_sections,
    timeline_version,
)
from sendpath.people.models import User


def _check_timeline(case: Case, based_on: str) -> None:
    """Refuse a step recorded from a page opened before someone else recorded a step on this
    case (``sendpath.core.concurrency``), naming what they recorded. Locks the case."""
    if not based_on:
        return
    locked = Case.objects.select_for_update().get(pk=case.pk)
    try:
        check_version(locked, based_on, version=timeline_version)
    except StaleEditError as error:
        since = opened_values(based_on).get("timeline") or 0
        error.changes = [
            _recorded(event) for event in locked.events.filter(id__gt=since).order_by("id")
        ]
        raise


def _recorded(event: CaseEvent) -> str:
    who = event.recorded_by
    name = (who.get_full_name() or who.get_username()) if who is not None else "Someone else"
    on = f" ({event.date:%-d %B %Y})" if event.date else ""
    at = timezone.localtime(event.recorded_at)
    return f"{name} recorded “{event_label(event)}”{on} at {at:%H:%M on %-d %B %Y}"


def _require_plan(case: Case) -> None:
    require_step(case, Step.REVIEW)


@transaction.atomic
def review_schedule(
    *,
    actor: User,
    case: Case,
    meeting_on: dt.date,
    kind: str = "annual",
    reason: str = "",
    time: str = "",
    place: str = "",
    based_on: str = "",
    request: HttpRequest | None = None,
) -> CaseEvent:
    """Schedule the review meeting (annual, or early/interim when circumstances change), with
    its time and place when known (given in the invitations)."""
    _check_timeline(case, based_on)
    _require_plan(case)
    if kind not in REVIEW_KINDS:
        raise ValidationError({"kind": "Select the kind of review"})
    if kind != "annual" and not reason.strip():
        raise ValidationError({"reason": "Enter why the review is being held early"})
    details = {"kind": kind, "kind_label": REVIEW_KINDS[kind], "reason": reason.strip()}
    if time.strip():
        details["time"] = time.strip()[:40]
    if place.strip():
        details["place"] = place.strip()[:200]
    return services.event_record(
        actor=actor,
        case=case,
        type="review_meeting_scheduled",
        date=meeting_on,
        details=details,
        request=request,
    )


@transaction.atomic
def invitations_record(
    *,
    actor: User,
    case: Case,
    sent_on: dt.date,
    invitees: list[str],
    based_on: str = "",
    request: HttpRequest | None = None,
) -> CaseEvent:
    """Record the invitations to the review meeting. Sent today, they are emailed now to each
    professional invited with an address (``invitations.py``); the others get a letter."""
    _check_timeline(case, based_on)
    _require_plan(case)
    choices = invitees_for(case)
    chosen = [key for key in invitees if key in choices]
    if not chosen or len(chosen) != len(invitees):
        raise ValidationError({"invitees": "Select who was invited"})
    missing = [key for key in choices if key not in chosen and not key.startswith("setting:")]
    emailing = sent_on == _today() and (
        invitations.meeting_for(services.effective_events(case)) is not None
    )
    event = services.event_record(
        actor=actor,
        case=case,
        type="review_invitations_sent",
        date=sent_on,
        details={
            "invitees": chosen,
            "invited": [choices[key] for key in chosen],
            "reason": "Invited: " + "; ".join(choices[key] for key in chosen),
            "not_invited": [choices[key] for key in missing],
            "emailed": emailing,
        },
        request=request,
    )
    if emailing:
        invitations.invitations_email(
            actor=actor,
            case=case,
            event=event,
            invitees={key: choices[key] for key in chosen},
            request=request,
        )
    return event


@transaction.atomic
def meeting_record(
    *,
    actor: User,
    case: Case,
    held_on: dt.date,
    based_on: str = "",
    request: HttpRequest | None = None,
) -> CaseEvent:
    _check_timeline(case, based_on)
    _require_plan(case)
    return services.event_record(
        actor=actor, case=case, type="review_meeting_held", date=held_on, request=request
    )


@transaction.atomic
def report_record(
    *,
    actor: User,
    case: Case,
    received_on: dt.date,
    recommendations: str,
    disagreement: str = "",
    adulthood: dict[str, str] | None = None,
    based_on: str = "",
    request: HttpRequest | None = None,
) -> CaseEvent:
    """The review report (reg 20(7)/21(7)): recommendations, any disagreement and, from Year 9,
    the preparing-for-adulthood sections."""
    _check_timeline(case, based_on)
    _require_plan(case)
    errors: dict[str, str] = {}
    if not recommendations.strip():
        errors["recommendations"] = "Enter the review's recommendations"
    sections: dict[str, str] = {}
    if needs_adulthood_sections(case, received_on):
        adulthood = adulthood or {}
        for key, label in PFA_SECTIONS.items():
            text = str(adulthood.get(key, "")).strip()
            if not text:
                errors[key] = f"Enter what the review found about {label.lower()}"
            sections[key] = text
    if errors:
        raise ValidationError(errors)
    return services.event_record(
        actor=actor,
        case=case,
        type="review_report_received",
        date=received_on,
        details={
            "recommendations": recommendations.strip(),
            "disagreement": disagreement.strip(),
            "preparing_for_adulthood": sections,
            "reasons": recommendations.strip(),
        },
        request=request,
    )


@transaction.atomic
def decision_record(
    *,
    actor: User,
    case: Case,
    outcome: str,
    reasons: str,
    decided_on: dt.date,
    based_on: str = "",
    request: HttpRequest | None = None,
) -> CaseEvent:
    """The authority's decision after the review (reg 20(10)), notified to the family."""
    _check_timeline(case, based_on)
    _require_plan(case)
    if outcome not in OUTCOMES:
        raise ValidationError({"outcome": "Select the decision"})
    if not reasons.strip():
        raise ValidationError({"reasons": "Enter the reasons for the decision"})
    return services.event_record(
        actor=actor,
        case=case,
        type="review_decision_notified",
        date=decided_on,
        details={
            "outcome": outcome,
            "kind_label": OUTCOMES[outcome],
            "reasons": reasons.strip(),
        },
        request=request,
    )


@transaction.atomic
def phase_transfer_record(
    *,
    actor: User,
    case: Case,
    year: int,
    kind: str,
    based_on: str = "",
    request: HttpRequest | None = None,
) -> CaseEvent:
    """A transfer between phases of education in the calendar year ``year`` (reg 18(1))."""
    _check_timeline(case, based_on)
    _require_plan(case)
    today = _today()
    if not today.year - 1 <= year <= today.year + 5:
        raise ValidationError({"year": f"Enter a year from {today.year - 1} to {today.year + 5}"})
    if kind not in TRANSFER_KINDS:
        raise ValidationError({"kind": "Select the kind of transfer"})
    return services.event_record(
        actor=actor,
        case=case,
        type="phase_transfer",
        date=None,
        details={"year": year, "kind": kind, "kind_label": f"{TRANSFER_KINDS[kind]}, {year}"},
        request=request,
    )
