"""Writes: raising a complaint (by staff on the family's behalf, or by the family from their
pages), responding at a stage, moving it on in order (``TRANSITIONS``), passing it to a school
or health body, arranging disagreement resolution, the outcome and learning, actions, and the
authority's response times. Each is one transaction, validated before it saves, and audited."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from sendpath.core import notify
from sendpath.core.audit import audit_record
from sendpath.core.concurrency import check_version
from sendpath.core.formatting import govuk_date
from sendpath.core.models import AuditAction
from sendpath.ehc.cases.services import event_record
from sendpath.ehc.models import Case
from sendpath.people.models import Child, Organisation, User

from ..models.complaints import (
    COMPLAINT_OUTCOMES,
    RESOLUTION_OUTCOMES,
    RESPONSE_STAGES,
    TRANSITIONS,
    About,
    Complaint,
    ComplaintAction,
    ComplaintSettings,
    ComplaintStage,
    Kind,
    Stage,
)
from . import selectors

COMPLAINT_SUBJECT = "A family has made a complaint: reply by ((due_on))"
COMPLAINT_BODY = (
    "Dear ((to)),\n\n"
    "((who)) made a complaint through the family pages on ((received_on)), about ((about)).\n\n"
    "^ ((summary))\n\n"
    "It is at stage 1: the reply is due by ((due_on)). It is on the complaints list.\n\n"
    "((authority)) SEND team"
)
MAX_DAYS = 250  # a year of working days: anything longer is a typing mistake


def _audit(
    request: HttpRequest | None, actor: User, action: AuditAction, obj: Complaint, summary: str
) -> None:
    audit_record(
        request=request, action=action, obj=obj, child_id=obj.child_id, summary=summary, actor=actor
    )


def timeline_step(
    *,
    actor: User,
    complaint: Complaint,
    type_: str,
    date: dt.date,
    details: dict[str, str],
    request: HttpRequest | None = None,
) -> None:
    """The step on the child's case timeline (ARCHITECTURE.md: the timeline is the truth), in
    the same transaction: on the open case, else the latest; nothing when the child has no
    case. Its details never hold what the complaint says (the family reads the timeline)."""
    case = selectors.timeline_case(complaint.child)
    if case is None:
        return
    event_record(
        actor=actor,
        case=case,
        type=type_,
        date=date,
        details={
            "complaint": str(complaint.pk),
            "kind": str(complaint.kind),
            **details,
        },
        request=request,
    )


def _locked(complaint: Complaint, based_on: str | None) -> Complaint:
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    check_version(locked, based_on)
    return locked


def _start_stage(
    complaint: Complaint,
    stage: str,
    started_on: dt.date,
    actor: User,
    due_on: dt.date | None = None,
) -> None:
    days: int | None = None
    due: dt.date | None = due_on
    if stage in RESPONSE_STAGES and due is None:
        days = selectors.settings_for(complaint.authority).days_for(stage)
        due = selectors.response_due(complaint.authority, stage, started_on)
    ComplaintStage.objects.create(
        complaint=complaint,
        stage=stage,
        started_on=started_on,
        working_days=days,
        due_on=due,
        created_by=actor,
        modified_by=actor,
    )


@transaction.atomic
def complaint_raise(
    *,
    actor: User,
    child: Child,
    kind: str = Kind.COMPLAINT,
    about: str,
    about_name: str = "",
    summary: str,
    wanted: str = "",
    raised_by: str = "",
    received_on: dt.date,
    from_family: bool = False,
    today: dt.date,
    request: HttpRequest | None = None,
) -> Complaint:
    """Record a complaint (at stage 1) or a request for disagreement resolution."""
    errors: dict[str, str] = {}
    if kind not in Kind.values:
        errors["kind"] = "Select whether this is a complaint or disagreement resolution"
    if about not in About.values:
        errors["about"] = "Select what the complaint is about"
    elif kind == Kind.RESOLUTION and about == About.SEND_SERVICE:
        errors["about"] = (
            "Disagreement resolution is for disagreements with a school or a health service "
            "(SEND Regulations 2014, regulation 54)"
        )
    if about in (About.SCHOOL, About.HEALTH) and not about_name.strip():
        errors["about_name"] = "Enter the name of the school or health service"
    if not summary.strip():
        errors["summary"] = "Enter what the complaint is about"
    if received_on > today:
        errors["received_on"] = "The date it was received must be today or in the past"
    if errors:
        raise ValidationError(errors)
    complaint = Complaint.objects.create(
        child=child,
        authority=child.responsible_authority,
        kind=kind,
        about=about,
        about_name=about_name.strip(),
        summary=summary.strip(),
        wanted=wanted.strip(),
        raised_by=raised_by.strip(),
        from_family=from_family,
        received_on=received_on,
        stage=Stage.STAGE_1 if kind == Kind.COMPLAINT else Stage.REQUESTED,
        created_by=actor,
        modified_by=actor,
    )
    _start_stage(complaint, complaint.stage, received_on, actor)
    timeline_step(
        actor=actor, complaint=complaint, type_="complaint_received", date=received_on,
        request=request, details={"about": str(complaint.about), "stage": str(complaint.stage)},
    )  # fmt: skip
    if from_family:
        _tell_the_team(complaint)
    who = "the family, from their pages" if from_family else "staff"
    _audit(request, actor, AuditAction.CREATED, complaint, f"{complaint} recorded by {who}")
    return complaint


def _tell_the_team(complaint: Complaint) -> None:
    """Email the child's caseworker (else the SEND team's inbox) through GOV.UK Notify, sent
    once the transaction commits. The complaint is on the list all the same if it cannot be."""
    case = Case.objects.filter(child=complaint.child).order_by("-created_at").first()
    caseworker = case.caseworker if case is not None else None
    address = (caseworker.email or "").strip() if caseworker is not None else ""
    if not address:
        address = (complaint.authority.email or "").strip()
    if not address:
        return
    stage = selectors.current_stage(complaint)
    try:
        notify.send_email(
            to=address,
            template_id=settings.NOTIFY_TEMPLATES["family_complaint"],
            personalisation={
                "to": caseworker.display_name() if caseworker else "SEND team",
                "who": complaint.raised_by or "The family",
                "received_on": govuk_date(complaint.received_on),
                "about": complaint.about_name or complaint.get_about_display(),
                "summary": complaint.summary,
                "due_on": govuk_date(stage.due_on if stage else None),
                "authority": complaint.authority.name,
            },
            reference=f"complaint-{complaint.pk}"[:100],
            subject=COMPLAINT_SUBJECT,
            body=COMPLAINT_BODY,
            regarding="A family's complaint",
            child_id=complaint.child_id,
        )
    except notify.NotifyError:
        return


@transaction.atomic
def complaint_respond(
    *,
    actor: User,
    complaint: Complaint,
    responded_on: dt.date,
    response: str,
    today: dt.date,
    based_on: str | None = None,
    request: HttpRequest | None = None,
) -> Complaint:
    """Record the council's response at the current stage (stage 1, stage 2, or to the
    Ombudsman's enquiry)."""
    complaint = _locked(complaint, based_on)
    current = selectors.current_stage(complaint)
    if complaint.stage not in RESPONSE_STAGES or current is None:
        raise ValidationError("There is no response owed at this stage")
    errors: dict[str, str] = {}
    if current.responded_on is not None:
        errors["responded_on"] = "The response at this stage has already been recorded"
    elif responded_on < current.started_on:
        errors["responded_on"] = (
            f"The date of the response must be on or after the day the stage started "
            f"({current.started_on:%-d %B %Y})"
        )
    elif responded_on > today:
        errors["responded_on"] = "The date of the response must be today or in the past"
    if not response.strip():
        errors["response"] = "Enter what the response said"
    if errors:
        raise ValidationError(errors)
    current.responded_on = responded_on
    current.response = response.strip()
    current.modified_by = actor
    current.save()
    complaint.modified_by = actor
    complaint.save()
    timeline_step(
        actor=actor, complaint=complaint, type_="complaint_responded", date=responded_on,
        request=request, details={"stage": str(complaint.stage)},
    )  # fmt: skip
    _audit(
        request, actor, AuditAction.UPDATED, complaint,
        f"Response recorded at {complaint.get_stage_display()}",
    )  # fmt: skip
    return complaint


@transaction.atomic
def complaint_move(
    *,
    actor: User,
    complaint: Complaint,
    to: str,
    started_on: dt.date,
    today: dt.date,
    passed_to: str = "",
    due_on: dt.date | None = None,
    based_on: str | None = None,
    request: HttpRequest | None = None,
) -> Complaint:
    """Move a complaint on to its next stage, in order only: stage 1 to stage 2 to the
    Ombudsman; or, for a school or health service, pass it to the body that deals with it.
    The Ombudsman sets its own date for the council's reply to an enquiry: ``due_on``, when
    given, replaces the authority's usual number of working days."""
    complaint = _locked(complaint, based_on)
    if to == Stage.CLOSED or to not in TRANSITIONS.get(complaint.stage, ()):
        raise ValidationError(
            {"to": f"A complaint at {complaint.get_stage_display()} cannot move to that stage"}
        )
    errors: dict[str, str] = {}
    if to == Stage.PASSED_ON:
        if complaint.about not in (About.SCHOOL, About.HEALTH):
            errors["to"] = "Only a complaint about a school or a health service can be passed on"
        elif not passed_to.strip():
            errors["passed_to"] = "Enter who the complaint was passed to"
    current = selectors.current_stage(complaint)
    if current is not None and started_on < current.started_on:
        errors["started_on"] = (
            f"The date must be on or after the day the current stage started "
            f"({current.started_on:%-d %B %Y})"
        )
    elif started_on > today:
        errors["started_on"] = "The date must be today or in the past"
    if due_on is not None and to != Stage.OMBUDSMAN:
        errors["due_on"] = "Only the Ombudsman sets its own date for a reply"
    elif due_on is not None and due_on <= started_on:
        errors["due_on"] = "The date the Ombudsman wants a reply by must be after the date it moved"
    if errors:
        raise ValidationError(errors)
    complaint.stage = to
    if to == Stage.PASSED_ON:
        complaint.passed_to = passed_to.strip()
    complaint.modified_by = actor
    complaint.save()
    _start_stage(complaint, to, started_on, actor, due_on=due_on)
    timeline_step(
        actor=actor, complaint=complaint, type_="complaint_stage_started", date=started_on,
        request=request, details={"stage": to},
    )  # fmt: skip
    _audit(
        request, actor, AuditAction.UPDATED, complaint, f"Moved to {complaint.get_stage_display()}"
    )
    return complaint


@transaction.atomic
def resolution_arrange(
    *,
    actor: User,
    complaint: Complaint,
    arranged_with: str,
    meeting_on: dt.date,
    today: dt.date,
    based_on: str | None = None,
    request: HttpRequest | None = None,
) -> Complaint:
    """Disagreement resolution arranged: the independent facilitator and the date."""
    complaint = _locked(complaint, based_on)
    if complaint.kind != Kind.RESOLUTION or Stage.ARRANGED not in TRANSITIONS[complaint.stage]:
        raise ValidationError("Disagreement resolution can only be arranged once, after a request")
    errors: dict[str, str] = {}
    if not arranged_with.strip():
        errors["arranged_with"] = "Enter who will lead the disagreement resolution"
    if meeting_on < complaint.received_on:
        errors["meeting_on"] = "The date of the meeting must be on or after the request"
    if errors:
        raise ValidationError(errors)
    complaint.stage = Stage.ARRANGED
    complaint.arranged_with = arranged_with.strip()
    complaint.meeting_on = meeting_on
    complaint.modified_by = actor
    complaint.save()
    _start_stage(complaint, Stage.ARRANGED, min(today, meeting_on), actor)
    timeline_step(
        actor=actor, complaint=complaint, type_="complaint_stage_started",
        date=min(today, meeting_on), request=request, details={"stage": str(Stage.ARRANGED)},
    )  # fmt: skip
    _audit(request, actor, AuditAction.UPDATED, complaint, "Disagreement resolution arranged")
    return complaint


@transaction.atomic
def complaint_close(
    *,
    actor: User,
    complaint: Complaint,
    outcome: str,
    outcome_on: dt.date,
    outcome_notes: str = "",
    learning: str = "",
    today: dt.date,
    based_on: str | None = None,
    request: HttpRequest | None = None,
) -> Complaint:
    """The outcome (and what the council learnt): the complaint or resolution is closed."""
    complaint = _locked(complaint, based_on)
    if Stage.CLOSED not in TRANSITIONS.get(complaint.stage, ()):
        raise ValidationError("This is already closed")
    allowed = COMPLAINT_OUTCOMES if complaint.kind == Kind.COMPLAINT else RESOLUTION_OUTCOMES
    errors: dict[str, str] = {}
    if outcome not in allowed:
        errors["outcome"] = "Select the outcome"
    if outcome_on < complaint.received_on:
        errors["outcome_on"] = "The date of the outcome must be on or after it was received"
    elif outcome_on > today:
        errors["outcome_on"] = "The date of the outcome must be today or in the past"
    if errors:
        raise ValidationError(errors)
    complaint.stage = Stage.CLOSED
    complaint.outcome = outcome
    complaint.outcome_on = outcome_on
    complaint.outcome_notes = outcome_notes.strip()
    complaint.learning = learning.strip()
    complaint.modified_by = actor
    complaint.save()
    timeline_step(
        actor=actor, complaint=complaint, type_="complaint_closed", date=outcome_on,
        request=request, details={"outcome": outcome},
    )  # fmt: skip
    _audit(
        request, actor, AuditAction.UPDATED, complaint,
        f"Closed: {complaint.get_outcome_display()}",
    )  # fmt: skip
    return complaint


@transaction.atomic
def action_add(
    *,
    actor: User,
    complaint: Complaint,
    description: str,
    owner: User,
    due_on: dt.date,
    request: HttpRequest | None = None,
) -> ComplaintAction:
    """Something the council will do because of the complaint: who owns it and by when."""
    errors: dict[str, str] = {}
    if not description.strip():
        errors["description"] = "Enter what will be done"
    if not selectors.staff_choices(complaint.authority).filter(pk=owner.pk).exists():
        errors["owner"] = "Select someone in the SEND team to own the action"
    if due_on < complaint.received_on:
        errors["due_on"] = "The date it is due must be on or after the complaint was received"
    if errors:
        raise ValidationError(errors)
    action = ComplaintAction.objects.create(
        complaint=complaint,
        description=description.strip(),
        owner=owner,
        due_on=due_on,
        created_by=actor,
        modified_by=actor,
    )
    _audit(request, actor, AuditAction.UPDATED, complaint, "Action added to a complaint")
    return action


@transaction.atomic
def action_done(
    *,
    actor: User,
    action: ComplaintAction,
    done_on: dt.date,
    today: dt.date,
    request: HttpRequest | None = None,
) -> ComplaintAction:
    action = ComplaintAction.objects.select_for_update().get(pk=action.pk)
    if action.done_on is not None:
        raise ValidationError({"done_on": "This action is already done"})
    if done_on > today:
        raise ValidationError({"done_on": "The date it was done must be today or in the past"})
    action.done_on = done_on
    action.modified_by = actor
    action.save()
    _audit(request, actor, AuditAction.UPDATED, action.complaint, "Complaint action done")
    return action


@transaction.atomic
def settings_save(
    *,
    actor: User,
    authority: Organisation,
    stage_1_days: int,
    stage_2_days: int,
    ombudsman_days: int,
    based_on: str | None = None,
    request: HttpRequest | None = None,
) -> ComplaintSettings:
    """The authority's response times, in working days, for complaints raised from now on (a
    stage already started keeps the deadline it was given)."""
    errors: dict[str, str] = {}
    for name, value in (
        ("stage_1_days", stage_1_days),
        ("stage_2_days", stage_2_days),
        ("ombudsman_days", ombudsman_days),
    ):
        if not 1 <= value <= MAX_DAYS:
            errors[name] = f"The number of working days must be between 1 and {MAX_DAYS}"
    if errors:
        raise ValidationError(errors)
    found, _ = ComplaintSettings.objects.select_for_update().get_or_create(
        authority=authority, defaults={"created_by": actor}
    )
    check_version(found, based_on)
    before = {
        "stage_1": found.stage_1_days,
        "stage_2": found.stage_2_days,
        "ombudsman": found.ombudsman_days,
    }
    found.stage_1_days = stage_1_days
    found.stage_2_days = stage_2_days
    found.ombudsman_days = ombudsman_days
    found.modified_by = actor
    found.save()
    audit_record(
        request=request,
        action=AuditAction.UPDATED,
        obj=found,
        summary="Complaint response times changed",
        changes={
            "before": before,
            "after": {
                "stage_1": stage_1_days,
                "stage_2": stage_2_days,
                "ombudsman": ombudsman_days,
            },
        },
        actor=actor,
    )
    return found
