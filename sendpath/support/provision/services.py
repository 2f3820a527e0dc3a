"""Writes for a pupil's voice, costed provision map and evidence of need, and an authority's
threshold. Each in one transaction, audited; changes to an existing record are refused when
it changed after the page was opened (``core.concurrency``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest

from sendpath.core.audit import audit_record, diff
from sendpath.core.concurrency import FIELD as BASED_ON
from sendpath.core.concurrency import check_version
from sendpath.core.models import AuditAction
from sendpath.core.uploads import check_upload
from sendpath.people.models import Child, Organisation, User

from ..models import (
    CostBasis,
    EvidenceKind,
    EvidenceOfNeed,
    ProvisionEntry,
    PupilVoice,
    SupportSettings,
    Term,
    VoiceMethod,
    Wave,
)
from ..money import Costing, pounds, term_cost

VOICE_FIELDS = ("method", "gathered_on", "gathered_by", "communication", "content")
PROVISION_FIELDS = (
    "school_year",
    "term",
    "description",
    "wave",
    "staff",
    "cost_basis",
    "rate_pence",
    "minutes_per_week",
    "sessions_per_week",
    "weeks",
    "group_size",
)
EVIDENCE_FIELDS = ("kind", "recorded_on", "summary")


def _values(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


def _delete_after_commit(storage: Any, name: str) -> None:
    """Delete a replaced or removed file once the change is saved (never before: a change
    that rolls back keeps its file)."""
    transaction.on_commit(lambda: storage.delete(name))


# ---------------------------------------------------------------------------------------------
# Pupil voice ("My Story")


@transaction.atomic
def voice_save(
    *,
    actor: User,
    child: Child,
    data: dict[str, Any],
    voice: PupilVoice | None = None,
    upload: UploadedFile | None = None,
    request: HttpRequest | None = None,
) -> PupilVoice:
    """Record what a child said or showed (or change a record of it), with an optional file
    (checked for type, size and viruses before anything is saved)."""
    if data.get("method") not in VoiceMethod.values:
        raise ValidationError({"method": "Select how the child's views were gathered"})
    if not str(data.get("content") or "").strip():
        raise ValidationError({"content": "Enter what the child said or showed"})
    if data.get("gathered_on") is None:
        raise ValidationError({"gathered_on": "Enter the date the views were gathered"})
    checked: tuple[str, bytes] | None = None
    if upload is not None:
        try:
            checked = check_upload(upload)
        except ValidationError as error:
            raise ValidationError({"file": error.messages[0]}) from None
    creating = voice is None
    if voice is not None:
        voice = PupilVoice.objects.select_for_update().get(pk=voice.pk)
        check_version(voice, data.get(BASED_ON))
    voice = voice or PupilVoice(child=child, created_by=actor)
    before = {} if creating else _values(voice, VOICE_FIELDS)
    for name in VOICE_FIELDS:
        setattr(voice, name, data.get(name) or "")
    voice.modified_by = actor
    if checked is not None and upload is not None:
        if voice.file:
            _delete_after_commit(voice.file.storage, voice.file.name)
        voice.content_type, content = checked
        voice.original_name = (upload.name or "file")[:255]
        voice.file.save(upload.name or "file", ContentFile(content), save=False)
    voice.save()
    after = _values(voice, VOICE_FIELDS)
    file_note = f" with the file {voice.original_name}" if checked else ""
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED if creating else AuditAction.UPDATED,
        obj=voice,
        child_id=child.pk,
        summary=(
            f"{'Recorded' if creating else 'Changed'} the child's views "
            f"({voice.get_method_display()}){file_note}"
        ),
        changes=diff(before, after) if not creating else None,
    )
    return voice


@transaction.atomic
def voice_remove(*, actor: User, voice: PupilVoice, request: HttpRequest | None = None) -> None:
    child_id = voice.child_id
    summary = (
        f"Removed the child's views ({voice.get_method_display()}, {voice.gathered_on:%-d %B %Y})"
    )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=voice,
        child_id=child_id,
        summary=summary,
    )
    if voice.file:
        _delete_after_commit(voice.file.storage, voice.file.name)
    voice.delete()


# ---------------------------------------------------------------------------------------------
# The costed provision map


def _costing(data: dict[str, Any]) -> Costing:
    return Costing(
        rate_pence=int(data["rate_pence"]),
        per_session=data["cost_basis"] == CostBasis.SESSION,
        minutes_per_week=int(data.get("minutes_per_week") or 0),
        sessions_per_week=int(data.get("sessions_per_week") or 0),
        weeks=int(data["weeks"]),
        group_size=int(data.get("group_size") or 1),
    )


def _check_provision(data: dict[str, Any]) -> None:
    if not str(data.get("description") or "").strip():
        raise ValidationError({"description": "Enter the provision"})
    if data.get("wave") not in Wave.values:
        raise ValidationError({"wave": "Select the wave"})
    if data.get("term") not in Term.values or not data.get("school_year"):
        raise ValidationError({"term": "Select the term"})
    if data.get("cost_basis") == CostBasis.SESSION:
        if not data.get("sessions_per_week"):
            raise ValidationError({"sessions_per_week": "Enter how many sessions a week"})
    elif data.get("cost_basis") == CostBasis.HOUR:
        if not data.get("minutes_per_week"):
            raise ValidationError({"minutes_per_week": "Enter how many minutes a week"})
    else:
        raise ValidationError(
            {"cost_basis": "Select whether it is paid by the hour or by the session"}
        )
    if int(data.get("group_size") or 0) < 1:
        raise ValidationError({"group_size": "The group size must be 1 or more"})
    if int(data.get("weeks") or 0) < 1:
        raise ValidationError({"weeks": "Enter how many weeks it runs this term"})


@transaction.atomic
def provision_save(
    *,
    actor: User,
    child: Child,
    school: Organisation,
    data: dict[str, Any],
    entry: ProvisionEntry | None = None,
    request: HttpRequest | None = None,
) -> ProvisionEntry:
    """Add a provision to the child's map for a term (or change one); its cost for the pupil is
    worked out here (``money.term_cost``), never typed."""
    _check_provision(data)
    creating = entry is None
    if entry is not None:
        entry = ProvisionEntry.objects.select_for_update().get(pk=entry.pk)
        check_version(entry, data.get(BASED_ON))
    entry = entry or ProvisionEntry(child=child, school=school, created_by=actor)
    before = (
        {} if creating else {**_values(entry, PROVISION_FIELDS), "cost_pence": entry.cost_pence}
    )
    for name in PROVISION_FIELDS:
        setattr(entry, name, data[name] if name in data else getattr(entry, name))
    # Only the figures of the chosen basis count.
    if entry.cost_basis == CostBasis.SESSION:
        entry.minutes_per_week = 0
    else:
        entry.sessions_per_week = 0
    entry.cost_pence = term_cost(_costing(_values(entry, PROVISION_FIELDS)))
    entry.modified_by = actor
    entry.save()
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED if creating else AuditAction.UPDATED,
        obj=entry,
        child_id=child.pk,
        summary=(
            f"{'Added' if creating else 'Changed'} provision on the costed provision map: "
            f"{entry.description} ({pounds(entry.cost_pence)} for the term)"
        ),
        changes=None
        if creating
        else diff(before, {**_values(entry, PROVISION_FIELDS), "cost_pence": entry.cost_pence}),
    )
    return entry


@transaction.atomic
def provision_remove(
    *, actor: User, entry: ProvisionEntry, request: HttpRequest | None = None
) -> None:
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=entry,
        child_id=entry.child_id,
        summary=f"Removed provision from the costed provision map: {entry.description}",
    )
    entry.delete()


# ---------------------------------------------------------------------------------------------
# Evidence of need


@transaction.atomic
def evidence_save(
    *,
    actor: User,
    child: Child,
    data: dict[str, Any],
    evidence: EvidenceOfNeed | None = None,
    request: HttpRequest | None = None,
) -> EvidenceOfNeed:
    if data.get("kind") not in EvidenceKind.values:
        raise ValidationError({"kind": "Select what kind of evidence it is"})
    if not str(data.get("summary") or "").strip():
        raise ValidationError({"summary": "Enter what the evidence shows"})
    creating = evidence is None
    if evidence is not None:
        evidence = EvidenceOfNeed.objects.select_for_update().get(pk=evidence.pk)
        check_version(evidence, data.get(BASED_ON))
    evidence = evidence or EvidenceOfNeed(child=child, created_by=actor)
    before = {} if creating else _values(evidence, EVIDENCE_FIELDS)
    for name in EVIDENCE_FIELDS:
        setattr(evidence, name, data[name])
    evidence.modified_by = actor
    evidence.save()
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED if creating else AuditAction.UPDATED,
        obj=evidence,
        child_id=child.pk,
        summary=f"{'Recorded' if creating else 'Changed'} evidence of need ({evidence.get_kind_display()})",
        changes=None if creating else diff(before, _values(evidence, EVIDENCE_FIELDS)),
    )
    return evidence


@transaction.atomic
def evidence_remove(
    *, actor: User, evidence: EvidenceOfNeed, request: HttpRequest | None = None
) -> None:
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=evidence,
        child_id=evidence.child_id,
        summary=f"Removed evidence of need ({evidence.get_kind_display()}, {evidence.recorded_on:%-d %B %Y})",
    )
    evidence.delete()


# ---------------------------------------------------------------------------------------------
# The authority's threshold


@transaction.atomic
def threshold_set(
    *,
    actor: User,
    authority: Organisation,
    threshold_pence: int,
    based_on: str | None = None,
    request: HttpRequest | None = None,
) -> SupportSettings:
    """Set the authority's notional SEN budget threshold a year, in pence."""
    if threshold_pence < 0:
        raise ValidationError({"threshold": "The threshold cannot be negative"})
    found = SupportSettings.objects.select_for_update().filter(authority=authority).first()
    if found is not None:
        check_version(found, based_on)
    settings = found or SupportSettings(authority=authority, created_by=actor)
    before = None if found is None else settings.threshold_pence
    settings.threshold_pence = threshold_pence
    settings.modified_by = actor
    settings.save()
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED if found else AuditAction.CREATED,
        obj=settings,
        summary=(
            f"Set the notional SEN budget threshold to {pounds(threshold_pence)} a year"
            + (f" (was {pounds(before)})" if before is not None else "")
        ),
        changes={"threshold_pence": [before, threshold_pence]} if before is not None else None,
    )
    return settings
