"""Writes for "All about me": a new version each save (nothing overwritten), files the family
adds, and the family's words used in section A of a plan. Each in one transaction, audited.

A save is refused when someone saved a newer version after the page was opened
(``core.concurrency``: the version is the number of the latest one).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest

from sendpath.core.audit import audit_record
from sendpath.core.concurrency import StaleEditError, check_version
from sendpath.core.models import AuditAction
from sendpath.core.uploads import ALLOWED, check_upload
from sendpath.ehc.models import Case, Plan
from sendpath.ehc.plans import selectors as plan_selectors
from sendpath.ehc.plans import services as plan_services
from sendpath.people.models import Child, User

from ..models import AllAboutMe, AllAboutMeFile, Writer
from . import pictures, presenters, selectors

TEXT_FIELDS = (
    "about_me",
    "important_now",
    "find_hard",
    "helps",
    "does_not_help",
    "communication",
    "hopes",
)
CARD_FIELDS = tuple(pictures.GROUPS)
MAX_TEXT = 5_000

# MP4 and QuickTime videos begin with the size of their first box, then "ftyp".
_FTYP = tuple(bytes([0, 0, 0, size]) + b"ftyp" for size in (0x14, 0x18, 0x1C, 0x20, 0x24))
FILE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    **ALLOWED,
    ".mp4": ("video/mp4", _FTYP),
    ".mov": ("video/quicktime", _FTYP),
}
FILE_KINDS = "a photo or picture (PNG or JPG), a video (MP4 or MOV), a PDF or a Word document"


def version_of(obj: Child | AllAboutMe) -> int:
    """What a change to a child's "All about me" is based on: its latest version's number (a
    version's own number, for the version a refused save shows as the one now saved)."""
    if isinstance(obj, AllAboutMe):
        return obj.number
    return selectors.latest_number(obj)


def writer_for(actor: User, child: Child) -> str:
    """The young person, when it is their own account; otherwise a parent or carer."""
    if child.young_person_user_id is not None and child.young_person_user_id == actor.pk:
        return Writer.YOUNG_PERSON
    return Writer.PARENT


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in TEXT_FIELDS:
        text = str(data.get(name) or "").strip()
        if len(text) > MAX_TEXT:
            errors[name] = f"This answer must be {MAX_TEXT:,} characters or fewer"
        values[name] = text
    for name in CARD_FIELDS:
        codes = [str(c) for c in (data.get(name) or [])]
        known = pictures.cards(name)
        if any(code not in known for code in codes):
            errors[name] = "Choose pictures from the list"
        values[name] = [card.code for card in pictures.GROUPS[name] if card.code in codes]
    if errors:
        raise ValidationError(errors)
    if not any(values[name] for name in (*TEXT_FIELDS, *CARD_FIELDS)):
        raise ValidationError(
            {"about_me": "Answer at least one question, or choose at least one picture"}
        )
    return values


@transaction.atomic
def all_about_me_save(
    *,
    actor: User,
    child: Child,
    data: dict[str, Any],
    easy_read: bool = False,
    based_on: str = "",
    request: HttpRequest | None = None,
) -> AllAboutMe:
    """Save what the family told us as a new version (the earlier ones are kept as they were).
    ``based_on``: the version the page showed (``core.concurrency``)."""
    values = _clean(data)
    locked = Child.objects.select_for_update().get(pk=child.pk)
    try:
        check_version(locked, based_on, version=version_of)
    except StaleEditError:
        # Shown as the version someone else saved: who saved it and when, and what it says.
        raise StaleEditError(selectors.latest(locked) or locked, version=version_of) from None
    number = version_of(locked) + 1
    version = AllAboutMe.objects.create(
        child=locked,
        number=number,
        written_by=writer_for(actor, locked),
        writer_name=(actor.get_full_name() or "")[:200],
        easy_read=easy_read,
        created_by=actor,
        modified_by=actor,
        **values,
    )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=version,
        child_id=locked.pk,
        summary=(
            f"Saved All about me, version {number}, written by "
            f"{version.get_written_by_display().lower()}"
            f"{' (easy read)' if easy_read else ''}"
        ),
    )
    return version


@transaction.atomic
def all_about_me_file_add(
    *,
    actor: User,
    child: Child,
    upload: UploadedFile | None,
    description: str,
    request: HttpRequest | None = None,
) -> AllAboutMeFile:
    """Keep a photograph, drawing, video or document, checked for its type, size and viruses
    (``core.uploads``) before anything is saved."""
    errors: dict[str, str] = {}
    description = (description or "").strip()
    if not description:
        errors["description"] = "Enter what the file shows"
    elif len(description) > 500:
        errors["description"] = "What the file shows must be 500 characters or fewer"
    checked: tuple[str, bytes] | None = None
    if upload is None:
        errors["file"] = "Select a file"
    else:
        try:
            checked = check_upload(upload, FILE_TYPES, FILE_KINDS)
        except ValidationError as error:
            errors["file"] = error.messages[0]
    if errors or checked is None or upload is None:
        raise ValidationError(errors)
    content_type, content = checked
    record = AllAboutMeFile(
        child=child,
        description=description,
        written_by=writer_for(actor, child),
        original_name=(upload.name or "file")[:255],
        content_type=content_type,
        size=len(content),
        created_by=actor,
        modified_by=actor,
    )
    record.file.save(upload.name or "file", ContentFile(content), save=False)
    record.save()
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=record,
        child_id=child.pk,
        summary=f"Added a file to All about me: {record.original_name}",
    )
    return record


@transaction.atomic
def all_about_me_file_remove(
    *, actor: User, record: AllAboutMeFile, request: HttpRequest | None = None
) -> None:
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=record,
        child_id=record.child_id,
        summary=f"Removed a file from All about me: {record.original_name}",
    )
    storage, name = record.file.storage, record.file.name
    record.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def family_words_use_in_section_a(
    *,
    actor: User,
    case: Case,
    version_number: int,
    based_on: str = "",
    request: HttpRequest | None = None,
) -> Plan:
    """Put the family's own words (the version of "All about me" the page showed) into section
    A of the case's plan, through the plan's own service (which checks the plan may be changed
    and that section A has not changed since the page was opened, and audits the change)."""
    version = selectors.versions(case.child).filter(number=version_number).first()
    if version is None:
        raise ValidationError("The family has not told us anything yet")
    latest = selectors.latest_number(case.child)
    if version.number != latest:
        raise ValidationError(
            "The family saved a newer version of All about me after you opened this page. "
            "Look at it again, then use it"
        )
    plan = plan_selectors.plan_for(case, actor)
    plan = plan_services.plan_section_update(
        actor=actor,
        plan=plan,
        section="A",
        text=presenters.section_a_text(version),
        based_on=based_on,
        request=request,
    )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=plan,
        child_id=case.child_id,
        summary=(
            f"Used the family's words (All about me, version {version.number}) in section A "
            f"of the plan (case {case.reference})"
        ),
    )
    return plan
