"""Writes for joint working: each in a transaction, each audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction
from sendpath.core.uploads import store_upload
from sendpath.ehc.cases.selectors import open_case_for
from sendpath.ehc.documents.services import document_attach
from sendpath.people.models import Child, Organisation, User

from . import selectors
from .models import (
    Action,
    AgendaItem,
    Escalation,
    EscalationStep,
    Meeting,
    OtherAuthorityDecision,
    OtherDecisionKind,
    PersonalEducationPlan,
    Section,
)


def _today() -> dt.date:
    return timezone.localdate()


def _authority(actor: User) -> Organisation:
    if actor.authority is None:
        raise ValidationError("Your account is not linked to a local authority")
    return actor.authority


def _not_future(field: str, value: dt.date, label: str) -> None:
    if value > _today():
        raise ValidationError({field: f"{label} must be today or in the past"})


@transaction.atomic
def meeting_create(*, actor: User, held_on: dt.date, request: HttpRequest | None = None) -> Meeting:
    authority = _authority(actor)
    meeting = Meeting.objects.create(
        authority=authority, held_on=held_on, created_by=actor, modified_by=actor
    )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=meeting,
        summary=f"Created the joint meeting of {held_on:%-d %B %Y}",
    )
    agenda_build(actor=actor, meeting=meeting, request=request)
    return meeting


@transaction.atomic
def agenda_build(*, actor: User, meeting: Meeting, request: HttpRequest | None = None) -> int:
    """Replace the generated items that nobody has written notes against with a fresh
    snapshot of the record (items with discussion are kept as they were)."""
    previous = selectors.previous_meeting(meeting)
    since = previous.held_on if previous else meeting.held_on - dt.timedelta(days=14)
    meeting.items.filter(generated=True, discussion="", actions__isnull=True).delete()
    kept = {(i.section, i.child_id, i.title) for i in meeting.items.filter(generated=True)}
    rows = [
        AgendaItem(
            meeting=meeting,
            section=g.section,
            child=g.child,
            title=g.title[:200],
            detail=g.detail,
            overdue=g.overdue,
            generated=True,
            created_by=actor,
            modified_by=actor,
        )
        for g in selectors.agenda_generated(user=actor, since=since)
        if (g.section, g.child.pk if g.child else None, g.title[:200]) not in kept
    ]
    AgendaItem.objects.bulk_create(rows)
    meeting.built_at = timezone.now()
    meeting.save(update_fields=["built_at", "modified_at"])
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=meeting,
        summary=f"Built the agenda of the joint meeting of {meeting.held_on:%-d %B %Y}",
        changes={"children": sorted({str(r.child_id) for r in rows if r.child_id})},
    )
    return len(rows)


@transaction.atomic
def item_add(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    detail: str = "",
    child: Child | None = None,
    request: HttpRequest | None = None,
) -> AgendaItem:
    if not title.strip():
        raise ValidationError({"title": "Enter the item"})
    item = AgendaItem.objects.create(
        meeting=meeting,
        section=Section.OTHER,
        child=child,
        title=title.strip()[:200],
        detail=detail,
        created_by=actor,
        modified_by=actor,
    )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=item,
        child_id=child.pk if child else None,
        summary=f"Added an item to the joint meeting of {meeting.held_on:%-d %B %Y}",
    )
    return item


@transaction.atomic
def discussion_record(
    *, actor: User, item: AgendaItem, discussion: str, request: HttpRequest | None = None
) -> AgendaItem:
    if not discussion.strip():
        raise ValidationError({"discussion": "Enter the discussion notes"})
    before = item.discussion
    item.discussion = discussion.strip()
    item.modified_by = actor
    item.save(update_fields=["discussion", "modified_by", "modified_at"])
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=item,
        child_id=item.child_id,
        summary="Recorded discussion at the joint meeting",
        changes={"discussion": [before, item.discussion]},
    )
    return item


def _owner(owner: User | None, owner_name: str, field: str = "owner") -> tuple[User | None, str]:
    owner_name = owner_name.strip()
    if owner is None and not owner_name:
        raise ValidationError({field: "Select the owner or enter their name"})
    return owner, "" if owner is not None else owner_name


@transaction.atomic
def action_add(
    *,
    actor: User,
    meeting: Meeting,
    description: str,
    due_on: dt.date,
    owner: User | None = None,
    owner_name: str = "",
    item: AgendaItem | None = None,
    request: HttpRequest | None = None,
) -> Action:
    if not description.strip():
        raise ValidationError({"description": "Enter the action"})
    owner, owner_name = _owner(owner, owner_name)
    if due_on < meeting.held_on:
        raise ValidationError(
            {
                "due_on": f"The due date must be on or after the meeting ({meeting.held_on:%-d %B %Y})"
            }
        )
    action = Action.objects.create(
        meeting=meeting,
        item=item,
        child=item.child if item else None,
        description=description.strip(),
        owner=owner,
        owner_name=owner_name,
        due_on=due_on,
        created_by=actor,
        modified_by=actor,
    )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=action,
        child_id=action.child_id,
        summary=f"Agreed an action at the joint meeting of {meeting.held_on:%-d %B %Y}",
    )
    return action


@transaction.atomic
def action_done(
    *, actor: User, action: Action, done_on: dt.date, request: HttpRequest | None = None
) -> Action:
    _not_future("done_on", done_on, "The date it was done")
    if done_on < action.meeting.held_on:
        raise ValidationError({"done_on": "The date it was done must be on or after the meeting"})
    if action.done_on is not None:
        raise ValidationError("This action is already done")
    action.done_on = done_on
    action.modified_by = actor
    action.save(update_fields=["done_on", "modified_by", "modified_at"])
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=action,
        child_id=action.child_id,
        summary="Marked a joint meeting action done",
        changes={"done_on": [None, done_on.isoformat()]},
    )
    return action


@transaction.atomic
def escalation_raise(
    *,
    actor: User,
    child: Child,
    reason: str,
    level: int,
    raised_on: dt.date,
    review_by: dt.date,
    owner: User | None = None,
    owner_name: str = "",
    other_authority: Organisation | None = None,
    request: HttpRequest | None = None,
) -> Escalation:
    authority = _authority(actor)
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for the escalation"})
    _not_future("raised_on", raised_on, "The date raised")
    if review_by < raised_on:
        raise ValidationError(
            {"review_by": "The review-by date must be on or after the date raised"}
        )
    owner, owner_name = _owner(owner, owner_name)
    escalation = Escalation.objects.create(
        authority=authority,
        child=child,
        reason=reason.strip(),
        level=level,
        owner=owner,
        owner_name=owner_name,
        other_authority=other_authority,
        raised_on=raised_on,
        review_by=review_by,
        created_by=actor,
        modified_by=actor,
    )
    EscalationStep.objects.create(
        escalation=escalation, level=level, date=raised_on, note="Raised", recorded_by=actor
    )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=escalation,
        child_id=child.pk,
        summary=f"Raised an escalation at level {level}",
        changes={"reason": escalation.reason, "level": level},
    )
    return escalation


def _last_step_date(escalation: Escalation) -> dt.date:
    last = escalation.steps.order_by("-date").first()
    return last.date if last else escalation.raised_on


@transaction.atomic
def escalation_level_up(
    *,
    actor: User,
    escalation: Escalation,
    level: int,
    date: dt.date,
    review_by: dt.date,
    note: str = "",
    request: HttpRequest | None = None,
) -> Escalation:
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if not escalation.is_open:
        raise ValidationError("This escalation is resolved")
    if level <= escalation.level:
        raise ValidationError({"level": "Select a level higher than the current one"})
    _not_future("date", date, "The date escalated")
    if date < _last_step_date(escalation):
        raise ValidationError(
            {"date": "The date escalated must be on or after the escalation's last step"}
        )
    if review_by < date:
        raise ValidationError(
            {"review_by": "The review-by date must be on or after the date escalated"}
        )
    before = escalation.level
    escalation.level = level
    escalation.review_by = review_by
    escalation.modified_by = actor
    escalation.save(update_fields=["level", "review_by", "modified_by", "modified_at"])
    EscalationStep.objects.create(
        escalation=escalation, level=level, date=date, note=note.strip(), recorded_by=actor
    )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=escalation,
        child_id=escalation.child_id,
        summary=f"Escalated to level {level}",
        changes={"level": [before, level]},
    )
    return escalation


@transaction.atomic
def escalation_resolve(
    *,
    actor: User,
    escalation: Escalation,
    resolved_on: dt.date,
    outcome: str,
    request: HttpRequest | None = None,
) -> Escalation:
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if not escalation.is_open:
        raise ValidationError("This escalation is already resolved")
    if not outcome.strip():
        raise ValidationError({"outcome": "Enter the outcome"})
    _not_future("resolved_on", resolved_on, "The date resolved")
    if resolved_on < _last_step_date(escalation):
        raise ValidationError(
            {"resolved_on": "The date resolved must be on or after the escalation's last step"}
        )
    escalation.resolved_on = resolved_on
    escalation.outcome = outcome.strip()
    escalation.modified_by = actor
    escalation.save(update_fields=["resolved_on", "outcome", "modified_by", "modified_at"])
    EscalationStep.objects.create(
        escalation=escalation,
        level=escalation.level,
        date=resolved_on,
        note=f"Resolved: {escalation.outcome}",
        recorded_by=actor,
    )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=escalation,
        child_id=escalation.child_id,
        summary="Resolved an escalation",
        changes={"outcome": escalation.outcome},
    )
    return escalation


@transaction.atomic
def other_decision_record(
    *,
    actor: User,
    child: Child,
    authority: Organisation,
    decision: str,
    decided_on: dt.date,
    note: str = "",
    request: HttpRequest | None = None,
) -> OtherAuthorityDecision:
    ours = _authority(actor)
    if authority == ours:
        raise ValidationError(
            {"authority": "Select another authority: our own decisions come from the case record"}
        )
    if decision not in OtherDecisionKind.values:
        raise ValidationError({"decision": "Select the decision"})
    _not_future("decided_on", decided_on, "The date of the decision")
    row = OtherAuthorityDecision.objects.create(
        child=child,
        authority=authority,
        recorded_for=ours,
        decision=decision,
        decided_on=decided_on,
        note=note.strip(),
        created_by=actor,
        modified_by=actor,
    )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=row,
        child_id=child.pk,
        summary=f"Recorded {authority.name}'s decision: {row.get_decision_display()}",
    )
    return row


@transaction.atomic
def pep_upload(
    *,
    actor: User,
    child: Child,
    upload: UploadedFile,
    pep_date: dt.date,
    request: HttpRequest | None = None,
) -> PersonalEducationPlan:
    """Store a cared-for child's PEP: as evidence on the child's open case where there is one,
    otherwise with the Virtual School's own records, so every cared-for child's PEPs are kept,
    open case or not: every looked-after child has a PEP as part of their care plan (the Care
    Planning, Placement and Case Review (England) Regulations 2010, regulation 5(b)(ii); DfE
    statutory guidance "Promoting the education of looked-after children and previously
    looked-after children", 2018)."""
    _not_future("pep_date", pep_date, "The date of the PEP")
    title = f"Personal Education Plan, {pep_date:%-d %B %Y}"
    case = open_case_for(child)
    pep = PersonalEducationPlan(child=child, pep_date=pep_date, created_by=actor, modified_by=actor)
    try:
        if case is not None:
            pep.document = document_attach(
                actor=actor, case=case, upload=upload, title=title, request=request
            )
            pep.save()
        else:
            store_upload(pep, upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages[0]}) from None
    if case is None:
        audit_record(
            request=request,
            actor=actor,
            action=AuditAction.CREATED,
            obj=pep,
            child_id=child.pk,
            summary=f"Stored a {title} ({pep.original_name})",
        )
    return pep
