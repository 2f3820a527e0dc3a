"""Writes for a pupil's SEN support: the school's SEN Register, the support record and the
assess-plan-do-review cycles. Each service checks its rules, writes in one transaction and
records an audit entry in it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.utils import timezone

from sendpath.core import reference
from sendpath.core.audit import audit_record, diff
from sendpath.core.concurrency import check_version
from sendpath.core.models import AuditAction
from sendpath.people.models import Child, User

from ..models import (
    AdviceSource,
    Cycle,
    CycleAdvice,
    CycleNote,
    NextStep,
    NoteKind,
    RegisterChange,
    RegisterStatus,
    SupportRecord,
    Target,
    Tier,
)
from . import selectors

HAS_PLAN = (
    "This pupil has an EHC plan: their SEN status changes only with the plan itself, "
    "through the local authority"
)
NEEDS = {code for code, _label in reference.NEED_TYPES_CENSUS}

REGISTER_FIELDS = ("sen_provision", "sen_provision_since", "primary_need", "secondary_need")
RECORD_FIELDS = ("tier", "about_me", "what_matters", "how_to_help", "communication")
SECTIONS: dict[str, tuple[str, ...]] = {
    "assess": (
        "child_views",
        "family_views",
        "assessments",
        "attainment_now",
        "attainment_before",
        "national_comparison",
    ),
    "plan": ("started_on", "review_due", "adjustments"),
    "family": ("family_invited_on", "family_contribution"),
    "review": (
        "reviewed_on",
        "impact",
        "child_views_at_review",
        "family_views_at_review",
        "staff_views",
        "next_step",
    ),
    "learn": ("learning",),
}
TARGET_PLAN_FIELDS = ("outcome", "provision", "success_criteria", "measure")
TARGET_REVIEW_FIELDS = ("result", "evidence")
DATE_FIELDS = frozenset({"started_on", "review_due", "family_invited_on", "reviewed_on"})
ADVICE_FIELDS = ("source", "adviser", "received_on", "summary", "targets_set_from_it")


def register_version(child: Child) -> list[Any]:
    """The version of a child's place on the register (what a register change is based on)."""
    return [getattr(child, f) for f in REGISTER_FIELDS]


def section_version(section: str) -> Any:
    fields = SECTIONS[section]
    return lambda cycle: [getattr(cycle, f) for f in fields]


def _school(actor: User) -> Any:
    if actor.organisation_id is None:
        raise ValidationError("Your account is not linked to a school")
    return actor.organisation


@transaction.atomic
def register_change(
    *,
    actor: User,
    child: Child,
    status: str,
    effective_on: dt.date,
    primary_need: str = "",
    secondary_need: str = "",
    reason: str = "",
    based_on: str = "",
    request: HttpRequest | None = None,
) -> RegisterChange:
    """Put a pupil on SEN support (K), change their needs, or take them off (N)."""
    child = Child.objects.select_for_update().get(pk=child.pk)
    check_version(child, based_on, version=register_version)
    if child.sen_provision == "E":
        raise ValidationError({"status": HAS_PLAN})
    school = _school(actor)
    errors: dict[str, str] = {}
    if status not in RegisterStatus.values:
        errors["status"] = "Select whether the pupil is on SEN support"
    if effective_on > timezone.localdate():
        errors["effective_on"] = "The date must be today or in the past"
    if status == RegisterStatus.SUPPORT:
        if primary_need not in NEEDS:
            errors["primary_need"] = "Select the pupil's primary need"
        if secondary_need and secondary_need not in NEEDS:
            errors["secondary_need"] = "Select the secondary need from the list"
        elif secondary_need and secondary_need == primary_need:
            errors["secondary_need"] = "The secondary need must be different from the primary need"
    elif status == RegisterStatus.NONE:
        if child.sen_provision != "K":
            errors["status"] = "This pupil is not on SEN support"
        if not reason.strip():
            errors["reason"] = "Enter why the pupil is coming off SEN support"
        primary_need = secondary_need = ""
    if errors:
        raise ValidationError(errors)
    before = model_to_dict(child, fields=list(REGISTER_FIELDS))
    if status == RegisterStatus.SUPPORT and child.sen_provision != "K":
        child.sen_provision_since = effective_on  # the clock the readiness check reads
    elif status == RegisterStatus.NONE:
        child.sen_provision_since = None
    child.sen_provision = status
    child.primary_need = primary_need
    child.secondary_need = secondary_need
    child.modified_by = actor
    child.save(update_fields=[*REGISTER_FIELDS, "modified_by", "modified_at"])
    change = RegisterChange.objects.create(
        child=child,
        school=school,
        status=status,
        effective_on=effective_on,
        primary_need=primary_need,
        secondary_need=secondary_need,
        reason=reason.strip(),
        created_by=actor,
        modified_by=actor,
    )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=child,
        child_id=child.pk,
        summary="Put on SEN support"
        if status == RegisterStatus.SUPPORT and before["sen_provision"] != "K"
        else ("Changed the needs on SEN support" if status == "K" else "Taken off SEN support"),
        changes=diff(before, model_to_dict(child, fields=list(REGISTER_FIELDS))),
    )
    return change


@transaction.atomic
def record_save(
    *,
    actor: User,
    child: Child,
    data: dict[str, Any],
    based_on: str = "",
    request: HttpRequest | None = None,
) -> SupportRecord:
    """Save the pupil's tier and 'about me' (the header of their Individual Support Plan)."""
    record = SupportRecord.objects.select_for_update().filter(child=child).first()
    if record is not None:
        check_version(record, based_on)
    if data.get("tier") not in Tier.values:
        raise ValidationError({"tier": "Select the tier of support"})
    before = model_to_dict(record, fields=list(RECORD_FIELDS)) if record else {}
    if record is None:
        record = SupportRecord(child=child, created_by=actor)
    for name in RECORD_FIELDS:
        setattr(record, name, (data.get(name) or "").strip() if name != "tier" else data[name])
    record.modified_by = actor
    record.save()
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED if before else AuditAction.CREATED,
        obj=record,
        child_id=child.pk,
        summary="Changed the tier and 'about me'" if before else "Recorded the tier and 'about me'",
        changes=diff(before, model_to_dict(record, fields=list(RECORD_FIELDS))),
    )
    return record


@transaction.atomic
def cycle_start(
    *,
    actor: User,
    child: Child,
    started_on: dt.date,
    review_due: dt.date,
    request: HttpRequest | None = None,
) -> Cycle:
    """Start the next cycle: numbered after the last, linked to it, with the targets not met or
    partly met carried into it."""
    child = Child.objects.select_for_update().get(pk=child.pk)
    school = _school(actor)
    if child.sen_provision not in ("K", "E"):
        raise ValidationError(
            "Put the pupil on SEN support before starting a cycle", code="not_on_register"
        )
    last = selectors.last_cycle(child)
    errors: dict[str, str] = {}
    if last is not None and not last.is_reviewed:
        raise ValidationError(
            f"Review cycle {last.number} before starting the next one", code="not_reviewed"
        )
    if last is not None and started_on < last.started_on:
        errors["started_on"] = f"The start date must be on or after cycle {last.number}'s start"
    if review_due <= started_on:
        errors["review_due"] = "The review date must be after the start date"
    if errors:
        raise ValidationError(errors)
    cycle = Cycle.objects.create(
        child=child,
        school=school,
        number=(last.number if last else 0) + 1,
        previous=last,
        started_on=started_on,
        review_due=review_due,
        created_by=actor,
        modified_by=actor,
    )
    carried = selectors.targets_to_carry(last)
    for position, target in enumerate(carried, start=1):
        Target.objects.create(
            cycle=cycle,
            carried_from=target,
            position=position,
            outcome=target.outcome,
            provision=target.provision,
            success_criteria=target.success_criteria,
            measure=target.measure,
            created_by=actor,
            modified_by=actor,
        )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=cycle,
        child_id=child.pk,
        summary=f"Started cycle {cycle.number} of SEN support"
        + (f", carrying {len(carried)} target(s) forward" if carried else ""),
    )
    return cycle


@transaction.atomic
def cycle_section_save(
    *,
    actor: User,
    cycle: Cycle,
    section: str,
    data: dict[str, Any],
    based_on: str = "",
    request: HttpRequest | None = None,
) -> Cycle:
    """Save one stage of a cycle (assess, plan, family, review or learn)."""
    fields = SECTIONS[section]
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    check_version(cycle, based_on, version=section_version(section))
    values: dict[str, Any] = {
        f: data.get(f) if f in DATE_FIELDS else (data.get(f) or "") for f in fields
    }
    errors: dict[str, str] = {}
    if section == "plan":
        if not values["started_on"]:
            errors["started_on"] = "Enter the start date"
        if not values["review_due"]:
            errors["review_due"] = "Enter the review date"
        elif values["started_on"] and values["review_due"] <= values["started_on"]:
            errors["review_due"] = "The review date must be after the start date"
    if section == "review" and values["reviewed_on"]:
        if values["reviewed_on"] < cycle.started_on:
            errors["reviewed_on"] = "The review date must be on or after the cycle's start"
        if not values["next_step"]:
            errors["next_step"] = "Select the next step"
    if section == "review" and values["next_step"] not in ("", *NextStep.values):
        errors["next_step"] = "Select the next step from the list"
    if section == "family" and values["family_contribution"] and not values["family_invited_on"]:
        errors["family_invited_on"] = "Enter the date the family was invited to contribute"
    if errors:
        raise ValidationError(errors)
    before = model_to_dict(cycle, fields=list(fields))
    for name, value in values.items():
        setattr(cycle, name, value.strip() if isinstance(value, str) else value)
    cycle.modified_by = actor
    cycle.save()
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=cycle,
        child_id=cycle.child_id,
        summary=f"Changed the {section} stage of cycle {cycle.number}",
        changes=diff(before, model_to_dict(cycle, fields=list(fields))),
    )
    return cycle


@transaction.atomic
def target_save(
    *,
    actor: User,
    cycle: Cycle,
    data: dict[str, Any],
    fields: tuple[str, ...] = TARGET_PLAN_FIELDS,
    target: Target | None = None,
    based_on: str = "",
    request: HttpRequest | None = None,
) -> Target:
    """Add a target to a cycle, change it, or record its result at the review."""
    if target is not None:
        target = Target.objects.select_for_update().get(pk=target.pk, cycle=cycle)
        check_version(target, based_on)
    if "outcome" in fields and not (data.get("outcome") or "").strip():
        raise ValidationError({"outcome": "Enter the target"})
    before = model_to_dict(target, fields=list(fields)) if target else {}
    if target is None:
        last = cycle.targets.order_by("-position").values_list("position", flat=True).first()
        target = Target(cycle=cycle, position=(last or 0) + 1, created_by=actor)
    for name in fields:
        value = data.get(name) or ""
        setattr(target, name, value.strip())
    target.modified_by = actor
    target.save()
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED if before else AuditAction.CREATED,
        obj=target,
        child_id=cycle.child_id,
        summary=f"{'Changed' if before else 'Added'} a target of cycle {cycle.number}",
        changes=diff(before, model_to_dict(target, fields=list(fields))),
    )
    return target


@transaction.atomic
def target_remove(*, actor: User, target: Target, request: HttpRequest | None = None) -> None:
    cycle = target.cycle
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=target,
        child_id=cycle.child_id,
        summary=f"Removed a target from cycle {cycle.number}",
        changes=diff(model_to_dict(target, fields=list(TARGET_PLAN_FIELDS)), {}),
    )
    target.delete()


@transaction.atomic
def advice_save(
    *,
    actor: User,
    cycle: Cycle,
    data: dict[str, Any],
    advice: CycleAdvice | None = None,
    based_on: str = "",
    request: HttpRequest | None = None,
) -> CycleAdvice:
    """Record advice from outside the school taken into a cycle, or change it."""
    if advice is not None:
        advice = CycleAdvice.objects.select_for_update().get(pk=advice.pk, cycle=cycle)
        check_version(advice, based_on)
    errors: dict[str, str] = {}
    if data.get("source") not in AdviceSource.values:
        errors["source"] = "Select who the advice came from"
    if not isinstance(data.get("received_on"), dt.date):
        errors["received_on"] = "Enter the date the advice was received"
    if not (data.get("summary") or "").strip():
        errors["summary"] = "Enter what they advised"
    if errors:
        raise ValidationError(errors)
    before = model_to_dict(advice, fields=list(ADVICE_FIELDS)) if advice else {}
    if advice is None:
        advice = CycleAdvice(cycle=cycle, created_by=actor)
    advice.source = data["source"]
    advice.adviser = (data.get("adviser") or "").strip()
    advice.received_on = data["received_on"]
    advice.summary = data["summary"].strip()
    advice.targets_set_from_it = bool(data.get("targets_set_from_it"))
    advice.modified_by = actor
    advice.save()
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED if before else AuditAction.CREATED,
        obj=advice,
        child_id=cycle.child_id,
        summary=f"{'Changed' if before else 'Added'} outside advice in cycle {cycle.number}",
        changes=diff(before, model_to_dict(advice, fields=list(ADVICE_FIELDS))),
    )
    return advice


@transaction.atomic
def note_add(
    *,
    actor: User,
    cycle: Cycle,
    on: dt.date,
    kind: str,
    text: str,
    request: HttpRequest | None = None,
) -> CycleNote:
    """Note something while the plan is being done: a note, an absence or a delay."""
    if kind not in NoteKind.values:
        raise ValidationError({"kind": "Select the kind of note"})
    if not text.strip():
        raise ValidationError({"text": "Enter the note"})
    if on < cycle.started_on:
        raise ValidationError({"on": "The date must be on or after the cycle's start"})
    note = CycleNote.objects.create(
        cycle=cycle, on=on, kind=kind, text=text.strip(), created_by=actor, modified_by=actor
    )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=note,
        child_id=cycle.child_id,
        summary=f"Added a {note.get_kind_display().lower()} to cycle {cycle.number}",
    )
    return note
