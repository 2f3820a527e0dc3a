"""Importing a checked SEN Support file: all or nothing, in one transaction, audited (one entry
per record created or changed, and one for the import).

SEN provision is only ever set to K here. "E" comes only from the plan records
(``sendpath.ehc.cases.holders``; ``people.services.NOT_BY_HAND``): a pupil who already has an EHC
plan is left exactly as they are, and the result says so.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.utils import timezone

from sendpath.core.audit import audit_record, diff
from sendpath.core.models import AuditAction

from ..models import Child, SettingAttendance, User
from .selectors import CREATE, HAS_PLAN, UNCHANGED, UPDATE, Checked, Planned, check_file

FIELDS = (
    "upn",
    "postcode",
    "sen_provision",
    "sen_provision_since",
    "primary_need",
    "secondary_need",
)


class ImportRefusedError(ValidationError):
    """The file has problems: nothing was imported. ``checked.errors`` lists them."""

    def __init__(self, checked: Checked) -> None:
        count = len(checked.errors)
        super().__init__(
            f"Nothing was imported: the file has {count} {'problem' if count == 1 else 'problems'}"
        )
        self.checked = checked


def _snapshot(child: Child) -> dict[str, Any]:
    return model_to_dict(child, fields=list(FIELDS))


def _attend(child: Child, planned: Planned, actor: User) -> bool:
    """A current attendance at the file's school, added from today if there is none."""
    school = planned.data["school"]
    if child.current_settings().filter(organisation=school).exists():
        return False
    SettingAttendance.objects.create(
        child=child,
        organisation=school,
        start_date=timezone.localdate(),
        created_by=actor,
        modified_by=actor,
    )
    return True


def _create(planned: Planned, actor: User, request: HttpRequest | None) -> Child:
    data = planned.data
    child = Child(
        first_name=data["first_name"],
        last_name=data["last_name"],
        date_of_birth=data["date_of_birth"],
        sex=data["sex"],
        upn=data["upn"],
        postcode=data["postcode"],
        sen_provision="K",
        sen_provision_since=data["since"] or timezone.localdate(),
        primary_need=data["primary_need"],
        secondary_need=data["secondary_need"],
        responsible_authority=actor.authority,
        created_by=actor,
        modified_by=actor,
    )
    child.save()
    _attend(child, planned, actor)
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=child,
        child_id=child.pk,
        summary=f"Created the record of {child.full_name} from a SEN support import "
        f"(at {data['school'].name})",
        changes=diff({}, _snapshot(child)),
    )
    return child


def _update(planned: Planned, actor: User, request: HttpRequest | None) -> Child:
    data = planned.data
    child = Child.objects.select_for_update().get(pk=planned.child.pk)  # type: ignore[union-attr]
    if child.sen_provision == "E":  # a plan issued since the check: still never touched
        return child
    before = _snapshot(child)
    if data["since"]:
        child.sen_provision_since = data["since"]
    elif child.sen_provision != "K" or child.sen_provision_since is None:
        child.sen_provision_since = timezone.localdate()
    child.sen_provision = "K"
    child.primary_need = data["primary_need"]
    child.secondary_need = data["secondary_need"]
    if data["upn"]:
        child.upn = data["upn"]
    if data["postcode"]:
        child.postcode = data["postcode"]
    child.modified_by = actor
    child.save()
    changes = diff(before, _snapshot(child))
    if _attend(child, planned, actor):
        changes["setting"] = [None, data["school"].name]
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=child,
        child_id=child.pk,
        summary=f"Changed from a SEN support import: {', '.join(changes) or 'nothing'}",
        changes=changes,
    )
    return child


@transaction.atomic
def import_sen_support(
    *, actor: User, raw: bytes, file_name: str = "", request: HttpRequest | None = None
) -> Checked:
    """Check the file again and, if every row is right, create or update every pupil on it;
    otherwise raise ``ImportRefusedError`` and write nothing."""
    if actor.authority is None:
        raise ValidationError("Your account is not linked to a local authority")
    checked = check_file(actor=actor, raw=raw)
    if checked.errors:
        raise ImportRefusedError(checked)
    try:
        with transaction.atomic():
            for planned in checked.planned:
                if planned.outcome == CREATE:
                    planned.child = _create(planned, actor, request)
                elif planned.outcome == UPDATE:
                    planned.child = _update(planned, actor, request)
    except IntegrityError:
        raise ValidationError(
            "Another record with one of these UPNs was saved a moment ago: check the file again"
        ) from None
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        summary=f"Imported SEN support file {file_name or '(unnamed)'}: "
        f"{checked.count(CREATE)} created, {checked.count(UPDATE)} updated, "
        f"{checked.count(UNCHANGED)} already up to date, "
        f"{checked.count(HAS_PLAN)} with an EHC plan left as they are",
    )
    return checked
