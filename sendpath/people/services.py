"""Writes for children, families, settings and organisations.

Each service takes keyword-only arguments, checks its rules, writes in one transaction and
records an audit entry in the same transaction: either all of it happens or none of it does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.utils import timezone

from sendpath.core import identifiers
from sendpath.core.audit import audit_record, diff
from sendpath.core.concurrency import FIELD as BASED_ON
from sendpath.core.concurrency import check_version
from sendpath.core.models import AuditAction

from .ages import too_old_for_a_record
from .census import FSM_FIELDS, census_errors
from .contact import contact_checked
from .models import (
    CARER_RELATIONSHIPS,
    FLAG_PERIODS,
    Child,
    FamilyMember,
    Organisation,
    OrganisationKind,
    ProfessionalLink,
    SettingAttendance,
    User,
)

CHILD_FIELDS = (
    "first_name",
    "middle_names",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "upn",
    "upn_unknown_reason",
    "uln",
    "nhs_number",
    "address",
    "postcode",
    "sen_provision",
    "primary_need",
    "secondary_need",
    "cared_for",
    "youth_justice",
    "youth_justice_from",
    "youth_justice_to",
    "eotas",
    "eotas_from",
    "eotas_to",
    "dynamic_support_register",
    "dynamic_support_register_from",
    "dynamic_support_register_to",
    "alternative_provision",
    "first_language",
    *FSM_FIELDS,
    "interpreter_needed",
    "interpreter_language",
    "preferred_format",
    "communication_notes",
)
CHILD_FK_FIELDS = ("resident_authority", "looked_after_by")


class DuplicateChildError(ValidationError):
    """A record for the same child already exists. ``existing`` is set only when the user may
    see that record; otherwise the message says no more than that the identifier is in use."""

    def __init__(self, message: str, *, field: str | None, existing: Child | None) -> None:
        super().__init__(message)
        self.field = field
        self.existing = existing


def _authority(pk: Any) -> Organisation | None:
    if not pk:
        return None
    try:
        return Organisation.objects.get(pk=pk, kind=OrganisationKind.LOCAL_AUTHORITY)
    except (Organisation.DoesNotExist, ValidationError, ValueError):
        raise ValidationError("Select a local authority from the list") from None


NOT_BY_HAND = (
    "An EHC plan is shown on the record from the plan itself: issue the plan, or record the "
    "existing plan from the child's record, rather than choosing it here"
)

TOO_OLD = (
    "Date of birth must be for someone aged 25 or under: records are for children and young "
    "people aged 0 to 25"
)


def _check_child_data(
    data: dict[str, Any], *, recorded_dob: dt.date | None = None, recorded_provision: str = "N"
) -> None:
    """The rules the form enforces, checked again so no caller can skip them.

    ``recorded_dob`` is the date of birth already on the record: the 0 to 25 rule applies to a
    date of birth being recorded, so a record kept past the 26th birthday can still be corrected.
    Dates given for a flag that is not set are dropped (``data`` is changed in place)."""
    for name, check in (
        ("upn", identifiers.check_upn),
        ("uln", identifiers.check_uln),
        ("nhs_number", identifiers.check_nhs_number),
    ):
        if data.get(name) and (error := check(data[name])):
            raise ValidationError({name: error})
    provision = data.get("sen_provision", recorded_provision)
    if provision == "E" and recorded_provision != "E":
        raise ValidationError({"sen_provision": NOT_BY_HAND})
    if recorded_provision == "E" and provision != "E":
        raise ValidationError(
            {"sen_provision": "This child has an EHC plan: that changes only with the plan itself"}
        )
    dob = data.get("date_of_birth")
    if not isinstance(dob, dt.date):
        raise ValidationError({"date_of_birth": "Enter the date of birth"})
    today = timezone.localdate()
    if dob > today:
        raise ValidationError({"date_of_birth": "Date of birth must be today or in the past"})
    if dob != recorded_dob and too_old_for_a_record(dob, today):
        raise ValidationError({"date_of_birth": TOO_OLD})
    for period in FLAG_PERIODS:
        if period.flag not in data:
            continue
        if not data[period.flag]:
            data[period.start] = data[period.end] = None
            continue
        start, end = data.get(period.start), data.get(period.end)
        if start is not None and start < dob:
            raise ValidationError(
                {period.start: f"{period.start_label} must be on or after the date of birth"}
            )
        if start is not None and end is not None and end < start:
            raise ValidationError(
                {
                    period.end: f"{period.end_label} must be the same as or after "
                    f"the {period.start_label[0].lower()}{period.start_label[1:]}"
                }
            )
    if data.get("cared_for") and not data.get("looked_after_by"):
        raise ValidationError(
            {"looked_after_by": "Select the local authority that looks after the child"}
        )
    if errors := census_errors(data):
        raise ValidationError(errors)


def find_duplicate(
    *, user: User, data: dict[str, Any], exclude: Child | None = None
) -> DuplicateChildError | None:
    """Same UPN, ULN or NHS number anywhere; or same name and date of birth among the
    records this user can see."""
    everyone = Child.objects.all()
    if exclude is not None:
        everyone = everyone.exclude(pk=exclude.pk)
    visible = Child.objects.visible_to(user)
    for field, label in (("upn", "UPN"), ("uln", "ULN"), ("nhs_number", "NHS number")):
        value = data.get(field)
        if not value:
            continue
        match = everyone.filter(**{field: value}).first()
        if match is not None:
            if visible.filter(pk=match.pk).exists():
                return DuplicateChildError(
                    f"A record with this {label} already exists: {match.full_name}, born "
                    f"{match.date_of_birth:%-d %B %Y}. Open that record instead of adding a new one",
                    field=field,
                    existing=match,
                )
            return DuplicateChildError(
                f"This {label} is already recorded for a child or young person you do not have "
                "access to. Check it, or ask your SEND team manager for help",
                field=field,
                existing=None,
            )
    same_person = visible.filter(
        first_name__iexact=data.get("first_name", "").strip(),
        last_name__iexact=data.get("last_name", "").strip(),
        date_of_birth=data["date_of_birth"],
    )
    if exclude is not None:
        same_person = same_person.exclude(pk=exclude.pk)
    match = same_person.first()
    if match is not None:
        return DuplicateChildError(
            f"A record for {match.full_name}, born {match.date_of_birth:%-d %B %Y}, already "
            "exists. Open that record instead of adding a new one",
            field=None,
            existing=match,
        )
    return None


def _snapshot(child: Child) -> dict[str, Any]:
    return model_to_dict(
        child,
        fields=[
            *CHILD_FIELDS,
            *CHILD_FK_FIELDS,
            "responsible_authority",
            "young_person_contact_preference",
            "young_person_mobile",
        ],
    )


def _responsible_authority(
    *, data: dict[str, Any], current: Organisation | None
) -> Organisation | None:
    """The authority ``data`` names as responsible (``current`` when it names none).

    Only the responsible authority's SEND team sees the record (``Child.objects.visible_to``),
    so naming another hands the record over: that needs ``confirm_handover`` as well."""
    pk = data.get("responsible_authority")
    if not pk:
        return current
    try:
        chosen = _authority(pk)
    except ValidationError:
        raise ValidationError(
            {"responsible_authority": "Select the responsible local authority from the list"}
        ) from None
    if chosen is None or current is None or chosen.pk == current.pk:
        return chosen or current
    if not data.get("confirm_handover"):
        raise ValidationError({"confirm_handover": handover_message(chosen)})
    return chosen


def handover_message(authority: Organisation) -> str:
    return (
        f"Confirm that {authority.name} is responsible for this child: the record will be "
        "handed to them and your SEND team will no longer see it"
    )


@transaction.atomic
def child_create(
    *,
    actor: User,
    data: dict[str, Any],
    responsible_authority: Organisation | None = None,
    request: HttpRequest | None = None,
) -> Child:
    authority = responsible_authority or _responsible_authority(data=data, current=actor.authority)
    if authority is None:
        raise ValidationError("Your account is not linked to a local authority")
    _check_child_data(data)
    if (duplicate := find_duplicate(user=actor, data=data)) is not None:
        raise duplicate
    child = Child(
        **{f: data.get(f) for f in CHILD_FIELDS if f in data},
        sen_provision_since=timezone.localdate()
        if data.get("sen_provision") in ("K", "E")
        else None,
        responsible_authority=authority,
        resident_authority=_authority(data.get("resident_authority")),
        looked_after_by=_authority(data.get("looked_after_by")),
        created_by=actor,
        modified_by=actor,
    )
    try:
        with transaction.atomic():
            child.save()
    except IntegrityError:
        raise ValidationError(
            "Another record with the same identifier was saved a moment ago. Search for it first"
        ) from None
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=child,
        child_id=child.pk,
        summary=f"Created the record of {child.full_name}",
        changes=diff({}, _snapshot(child)),
    )
    return child


@transaction.atomic
def child_update(
    *, actor: User, child: Child, data: dict[str, Any], request: HttpRequest | None = None
) -> Child:
    child = Child.objects.select_for_update().get(pk=child.pk)
    check_version(child, data.get(BASED_ON))
    _check_child_data(
        data, recorded_dob=child.date_of_birth, recorded_provision=child.sen_provision
    )
    if (duplicate := find_duplicate(user=actor, data=data, exclude=child)) is not None:
        raise duplicate
    before = _snapshot(child)
    previous_provision = child.sen_provision
    for field in CHILD_FIELDS:
        if field in data:
            setattr(child, field, data[field])
    # How the young person with their own account hears from us (their own page sets it too).
    contact = contact_checked(
        data, preference="young_person_contact_preference", mobile="young_person_mobile"
    )
    for field, value in contact.items():
        setattr(child, field, value)
    if child.sen_provision != previous_provision:
        # The register's "since when": the day the change of provision was recorded.
        child.sen_provision_since = (
            timezone.localdate() if child.sen_provision in ("K", "E") else None
        )
    child.resident_authority = _authority(data.get("resident_authority"))
    child.looked_after_by = _authority(data.get("looked_after_by"))
    handed_to = _responsible_authority(data=data, current=child.responsible_authority)
    if handed_to is not None and handed_to.pk == child.responsible_authority_id:
        handed_to = None
    elif handed_to is not None:
        child.responsible_authority = handed_to
    child.modified_by = actor
    try:
        with transaction.atomic():
            child.save()
    except IntegrityError:
        raise ValidationError(
            "Another record with the same identifier was saved a moment ago. Search for it first"
        ) from None
    changes = diff(before, _snapshot(child))
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=child,
        child_id=child.pk,
        summary=f"Handed the record to {handed_to.name}, now the responsible authority"
        if handed_to
        else f"Changed {', '.join(changes) or 'nothing'}",
        changes=changes,
    )
    return child


@transaction.atomic
def family_member_save(
    *,
    actor: User,
    child: Child,
    data: dict[str, Any],
    member: FamilyMember | None = None,
    request: HttpRequest | None = None,
) -> FamilyMember:
    fields = (
        "full_name",
        "relationship",
        "parental_responsibility",
        "lives_with_child",
        "main_contact",
        "telephone",
        "email",
        "address",
        "contact_preference",
        "mobile",
        "plan_read_access",
    )
    if not (data.get("full_name") or "").strip():
        raise ValidationError({"full_name": "Enter the family member's full name"})
    if data.get("plan_read_access") and not (
        child.cared_for and data.get("relationship") in CARER_RELATIONSHIPS
    ):
        raise ValidationError(
            {
                "plan_read_access": "Read access to the plan is only for a foster or kinship "
                "carer of a cared-for child"
            }
        )
    data = {**data, **contact_checked(data, preference="contact_preference", mobile="mobile")}
    creating = member is None
    if member is not None:
        member = FamilyMember.objects.select_for_update().get(pk=member.pk)
        check_version(member, data.get(BASED_ON))
    member = member or FamilyMember(child=child, created_by=actor)
    before = {f: getattr(member, f) for f in fields} if not creating else {}
    for field in fields:
        setattr(member, field, data.get(field, getattr(member, field)))
    member.modified_by = actor
    if member.main_contact:
        # A change to the others too: their pages opened before this are now out of date.
        child.family.exclude(pk=member.pk).filter(main_contact=True).update(
            main_contact=False, modified_at=timezone.now()
        )
    member.save()
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED if creating else AuditAction.UPDATED,
        obj=member,
        child_id=child.pk,
        summary=f"{'Added' if creating else 'Changed'} family member {member.full_name}",
        changes=diff(before, {f: getattr(member, f) for f in fields}),
    )
    return member


@transaction.atomic
def setting_attendance_add(
    *, actor: User, child: Child, data: dict[str, Any], request: HttpRequest | None = None
) -> SettingAttendance:
    try:
        organisation = Organisation.objects.get(pk=data["organisation"])
    except (Organisation.DoesNotExist, ValidationError, ValueError, KeyError):
        raise ValidationError({"organisation": "Select a setting from the list"}) from None
    start, end = data["start_date"], data.get("end_date")
    if end is not None and end < start:
        raise ValidationError({"end_date": "End date must be the same as or after the start date"})
    attendance = SettingAttendance.objects.create(
        child=child,
        organisation=organisation,
        start_date=start,
        end_date=end,
        attendance=data.get("attendance") or "full_time",
        created_by=actor,
        modified_by=actor,
    )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=attendance,
        child_id=child.pk,
        summary=f"Added setting {organisation.name} from {start:%-d %B %Y}",
    )
    return attendance


@transaction.atomic
def setting_attendance_end(
    *,
    actor: User,
    attendance: SettingAttendance,
    end_date: dt.date,
    request: HttpRequest | None = None,
) -> SettingAttendance:
    if end_date < attendance.start_date:
        raise ValidationError({"end_date": "End date must be the same as or after the start date"})
    attendance.end_date = end_date
    attendance.modified_by = actor
    attendance.save(update_fields=["end_date", "modified_by", "modified_at"])
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=attendance,
        child_id=attendance.child_id,
        summary=f"Ended setting {attendance.organisation.name} on {end_date:%-d %B %Y}",
    )
    return attendance


ORGANISATION_FIELDS = (
    "kind",
    "name",
    "la_code",
    "ons_code",
    "urn",
    "ukprn",
    "phase",
    "setting_type",
    "address",
    "postcode",
    "email",
    "telephone",
    "is_active",
)


@transaction.atomic
def organisation_save(
    *,
    actor: User,
    data: dict[str, Any],
    organisation: Organisation | None = None,
    request: HttpRequest | None = None,
) -> Organisation:
    creating = organisation is None
    if organisation is not None:
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        check_version(organisation, data.get(BASED_ON))
    organisation = organisation or Organisation(created_by=actor)
    for field in ORGANISATION_FIELDS:
        if field in data:
            setattr(organisation, field, data[field])
    la = data.get("local_authority")
    organisation.local_authority = _authority(la) if la else None
    organisation.modified_by = actor
    for field, label in (("la_code", "LA code"), ("urn", "URN"), ("ukprn", "UKPRN")):
        value = getattr(organisation, field)
        if value:
            clash = Organisation.objects.filter(**{field: value}).exclude(pk=organisation.pk)
            if field == "la_code":
                clash = clash.filter(kind=OrganisationKind.LOCAL_AUTHORITY)
            if (other := clash.first()) is not None:
                raise ValidationError({field: f"{other.name} already has this {label}"})
    organisation.save()
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED if creating else AuditAction.UPDATED,
        obj=organisation,
        summary=f"{'Added' if creating else 'Changed'} organisation {organisation.name}",
    )
    return organisation


@transaction.atomic
def professional_link_add(
    *, actor: User, child: Child, user_id: Any, reason: str = "", request: HttpRequest | None = None
) -> ProfessionalLink:
    from .models import Role

    try:
        professional = User.objects.get(pk=user_id, role=Role.PROFESSIONAL, is_active=True)
    except (User.DoesNotExist, ValueError, ValidationError):
        raise ValidationError({"user": "Select a professional from the list"}) from None
    if ProfessionalLink.objects.filter(
        child=child, user=professional, ended_on__isnull=True
    ).exists():
        raise ValidationError(
            {"user": f"{professional.display_name()} is already linked to this child"}
        )
    link = ProfessionalLink.objects.create(
        child=child, user=professional, reason=reason, created_by=actor, modified_by=actor
    )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=link,
        child_id=child.pk,
        summary=f"Gave {professional.display_name()} access as a linked professional",
    )
    return link


@transaction.atomic
def professional_link_end(
    *, actor: User, link: ProfessionalLink, request: HttpRequest | None = None
) -> ProfessionalLink:
    link.ended_on = timezone.localdate()
    link.modified_by = actor
    link.save(update_fields=["ended_on", "modified_by", "modified_at"])
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=link,
        child_id=link.child_id,
        summary=f"Ended {link.user.display_name()}'s access as a linked professional",
    )
    return link
