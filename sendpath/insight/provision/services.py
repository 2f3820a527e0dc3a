"""Changes to alternative provision placements and preparing-for-adulthood records: each one
checked, atomic and audited, refused when someone else changed the record after the page was
opened (``sendpath.core.concurrency``).

The child's ``alternative_provision`` flag follows the placements: it is set while a placement
is open today and cleared when none is (``keep_flag_in_step``), in the same transaction.

Rules and their sources (see ``sendpath.insight.models.provision``):

- A placement names its provider (an organisation, a Local Offer service, or a name), its
  hours a week, the reason and the personalised plan's next review date (DfE, "Alternative
  provision: statutory guidance for local authorities", 2013: clear objectives, reviewed
  regularly; a date six weeks on is suggested).
- When it ends, where the child went is recorded (the same guidance: plan the return to
  mainstream; DfE, "Arranging education for children who cannot attend school because of health
  needs", 2023).
- Adult social care: a referral comes before the Care Act assessment (Care Act 2014 s.58-59),
  and the assessment before the eligibility decision (s.13).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sendpath.core.audit import audit_record, diff
from sendpath.core.concurrency import check_version
from sendpath.core.models import AuditAction
from sendpath.insight.models import (
    WEEKDAYS,
    AdulthoodRecord,
    AdultSocialCare,
    Destination,
    Ofsted,
    Outcome,
    Placement,
    Reason,
)
from sendpath.people.models import Child

from . import selectors

MAX_HOURS = Decimal(40)
PLACEMENT_FIELDS = (
    "provider_organisation",
    "provider_service",
    "provider_name",
    "ofsted",
    "school",
    "start_date",
    "end_date",
    "hours_per_week",
    "days",
    "reason",
    "reason_detail",
    "objectives",
    "reviewed_by",
    "next_review_on",
    "outcome",
)
ADULTHOOD_FIELDS = (
    "destination",
    "destination_on",
    "asc_referred_on",
    "asc_assessed_on",
    "asc_decision",
    "asc_decided_on",
    "health_plan_agreed_on",
)


def _values(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: getattr(obj, n) for n in names}


def _hours(value: Any) -> Decimal:
    try:
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(
            {"hours_per_week": "Hours a week must be a number, like 25 or 12.5"}
        ) from None
    if not hours.is_finite() or hours <= 0 or hours > MAX_HOURS:
        raise ValidationError(
            {"hours_per_week": f"Hours a week must be more than 0 and at most {MAX_HOURS}"}
        )
    if hours != hours.quantize(Decimal("0.1")):
        raise ValidationError({"hours_per_week": "Hours a week can have one decimal place"})
    return hours


def check_placement(data: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """The placement's values, checked: a ValidationError names the field at fault."""
    clean = {n: data.get(n) for n in PLACEMENT_FIELDS}
    for name in ("provider_name", "reason_detail", "objectives", "reviewed_by"):
        clean[name] = str(clean[name] or "").strip()
    given = [n for n in ("provider_organisation", "provider_service", "provider_name") if clean[n]]
    if not given:
        raise ValidationError(
            {
                "provider_organisation": "Select the provider, or a Local Offer service, or "
                "enter its name"
            }
        )
    if len(given) > 1:
        raise ValidationError(
            {given[1]: "Give the provider one way only: an organisation, a service or a name"}
        )
    if clean["ofsted"] not in Ofsted.values:
        raise ValidationError({"ofsted": "Select whether the provider is registered with Ofsted"})
    if clean["reason"] not in Reason.values:
        raise ValidationError({"reason": "Select why the child is in alternative provision"})
    if clean["reason"] == Reason.OTHER and not clean["reason_detail"]:
        raise ValidationError({"reason_detail": "Enter the reason"})
    clean["hours_per_week"] = _hours(clean["hours_per_week"])
    days = list(clean["days"] or [])
    known = [d for d, _ in WEEKDAYS]
    if any(d not in known for d in days):
        raise ValidationError({"days": "Select the days from the list"})
    clean["days"] = [d for d in known if d in days]
    start, end = clean["start_date"], clean["end_date"]
    if not isinstance(start, dt.date):
        raise ValidationError({"start_date": "Enter the start date"})
    if end is not None and end < start:
        raise ValidationError({"end_date": "End date must be on or after the start date"})
    review = clean["next_review_on"]
    ended = end is not None and end < today
    if review is None and not ended:
        raise ValidationError(
            {
                "next_review_on": "Enter the date of the next review of the personalised plan "
                "(every 6 weeks is suggested)"
            }
        )
    if review is not None and review < start:
        raise ValidationError({"next_review_on": "Next review must be on or after the start date"})
    outcome = clean["outcome"] or ""
    if outcome and outcome not in Outcome.values:
        raise ValidationError({"outcome": "Select where the child went"})
    if end is None and outcome:
        raise ValidationError(
            {"end_date": "Enter the end date: where the child went is recorded when it ends"}
        )
    if end is not None and not outcome:
        raise ValidationError({"outcome": "Select where the child went when the placement ended"})
    clean["outcome"] = outcome
    return clean


def keep_flag_in_step(child: Child, *, actor: Any, today: dt.date) -> bool:
    """Set the child's ``alternative_provision`` flag while a placement is open today, clear it
    when none is; True when it changed."""
    locked = Child.objects.select_for_update().get(pk=child.pk)
    wanted = selectors.has_open_placement(locked, today)
    if locked.alternative_provision == wanted:
        return False
    locked.alternative_provision = wanted
    locked.modified_by = actor
    locked.save(update_fields=["alternative_provision", "modified_by", "modified_at"])
    child.alternative_provision = wanted
    return True


@transaction.atomic
def placement_save(
    *,
    actor: Any,
    child: Child,
    data: dict[str, Any],
    placement: Placement | None = None,
    based_on: str | None = None,
    today: dt.date | None = None,
    request: HttpRequest | None = None,
) -> Placement:
    """Record a placement, or change one (refused when it changed after ``based_on``)."""
    today = today or timezone.localdate()
    clean = check_placement(data, today)
    if placement is None:
        placement = Placement(child=child, created_by=actor)
        before: dict[str, Any] = {}
    else:
        placement = Placement.objects.select_for_update().get(pk=placement.pk, child=child)
        check_version(placement, based_on)
        before = _values(placement, PLACEMENT_FIELDS)
    for name, value in clean.items():
        setattr(placement, name, value)
    placement.modified_by = actor
    placement.full_clean(exclude=["child", "created_by", "modified_by"])
    creating = placement._state.adding
    placement.save()
    flag = keep_flag_in_step(child, actor=actor, today=today)
    changes = diff(before, _values(placement, PLACEMENT_FIELDS))
    if flag:
        changes["child.alternative_provision"] = [
            not child.alternative_provision,
            child.alternative_provision,
        ]
    audit_record(
        request=request,
        action=AuditAction.CREATED if creating else AuditAction.UPDATED,
        obj=placement,
        child_id=child.pk,
        summary=("Recorded" if creating else "Changed")
        + f" an alternative provision placement at {placement.provider}",
        changes=changes,
        actor=actor,
    )
    return placement


def check_adulthood(data: dict[str, Any], today: dt.date) -> dict[str, Any]:
    clean = {n: data.get(n) for n in ADULTHOOD_FIELDS}
    if clean["destination"] not in Destination.values:
        raise ValidationError({"destination": "Select the young person's destination"})
    for name in ADULTHOOD_FIELDS:
        value = clean[name]
        if isinstance(value, dt.date) and value > today:
            raise ValidationError({name: "The date must be today or in the past"})
    if not isinstance(clean["destination_on"], dt.date):
        raise ValidationError({"destination_on": "Enter the date the destination was recorded"})
    referred, assessed = clean["asc_referred_on"], clean["asc_assessed_on"]
    decision = clean["asc_decision"] or ""
    if decision not in AdultSocialCare.values:
        raise ValidationError({"asc_decision": "Select the eligibility decision from the list"})
    if assessed is not None and referred is None:
        raise ValidationError(
            {"asc_referred_on": "Enter the date of the referral: it comes before the assessment"}
        )
    if assessed is not None and referred is not None and assessed < referred:
        raise ValidationError(
            {"asc_assessed_on": "The assessment date must be on or after the referral"}
        )
    if decision and assessed is None:
        raise ValidationError(
            {"asc_assessed_on": "Enter the date of the Care Act assessment: the eligibility "
             "decision follows it (Care Act 2014 s.13)"}
        )  # fmt: skip
    if decision and clean["asc_decided_on"] is None:
        raise ValidationError({"asc_decided_on": "Enter the date of the eligibility decision"})
    if not decision and clean["asc_decided_on"] is not None:
        raise ValidationError({"asc_decision": "Select the eligibility decision"})
    if decision and assessed is not None and clean["asc_decided_on"] < assessed:
        raise ValidationError(
            {"asc_decided_on": "The decision date must be on or after the assessment"}
        )
    clean["asc_decision"] = decision
    return clean


@transaction.atomic
def adulthood_save(
    *,
    actor: Any,
    child: Child,
    data: dict[str, Any],
    based_on: str | None = None,
    today: dt.date | None = None,
    request: HttpRequest | None = None,
) -> AdulthoodRecord:
    """Record or change the young person's destination and transitions (one record each)."""
    today = today or timezone.localdate()
    clean = check_adulthood(data, today)
    record = AdulthoodRecord.objects.select_for_update().filter(child=child).first()
    if record is None:
        record = AdulthoodRecord(child=child, created_by=actor)
        before: dict[str, Any] = {}
    else:
        check_version(record, based_on)
        before = _values(record, ADULTHOOD_FIELDS)
    creating = record._state.adding
    for name, value in clean.items():
        setattr(record, name, value)
    record.modified_by = actor
    record.save()
    audit_record(
        request=request,
        action=AuditAction.CREATED if creating else AuditAction.UPDATED,
        obj=record,
        child_id=child.pk,
        summary=f"Recorded the destination: {record.get_destination_display()}",
        changes=diff(before, _values(record, ADULTHOOD_FIELDS)),
        actor=actor,
    )
    return record
