"""Writes for the registers: keyword-only, in a transaction, audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from sendpath.core.audit import audit_many, audit_record, diff
from sendpath.core.models import AuditAction
from sendpath.core.uploads import store_upload
from sendpath.people.models import Child, Organisation, User

from . import selectors
from .models import BelongingEntry, KeyContact, PlanCopy


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


EXPORT_FORMATS = ("csv", "xlsx")


def sen_register_export(*, children: Iterable[Child], fmt: str, request: Any = None) -> ExportFile:
    """The SEN Register's rows as a CSV or Excel file, each child's export audited."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}")
    children = list(children)
    audit_many(
        request=request,
        action=AuditAction.VIEWED,
        child_ids=[c.pk for c in children],
        summary=f"Exported from the SEN Register ({fmt.upper()})",
    )
    rows = [selectors.sen_register_row(c) for c in children]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(selectors.SEN_REGISTER_COLUMNS)
        for row in rows:
            writer.writerow(["" if v is None else _csv_safe(v) for v in row])
        return ExportFile(
            out.getvalue().encode("utf-8"), "text/csv; charset=utf-8", "sen-register.csv"
        )
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook always has a sheet
    sheet.title = "SEN Register"
    sheet.append(list(selectors.SEN_REGISTER_COLUMNS))
    for row in rows:
        sheet.append([_csv_safe(v) if isinstance(v, str) else v for v in row])
    data = io.BytesIO()
    book.save(data)
    return ExportFile(
        data.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "sen-register.xlsx",
    )


def _csv_safe(value: Any) -> Any:
    """Stop a cell being read as a formula by a spreadsheet (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


CONTACT_FIELDS = ("name", "role", "job_title", "organisation", "email", "telephone")


@transaction.atomic
def contact_save(
    *,
    actor: User,
    data: dict[str, Any],
    contact: KeyContact | None = None,
    request: Any = None,
) -> KeyContact:
    created = contact is None
    contact = contact or KeyContact(created_by=actor)
    before = {f: getattr(contact, f, None) for f in (*CONTACT_FIELDS, "last_confirmed")}
    for name in (*CONTACT_FIELDS, "last_confirmed"):
        setattr(contact, name, data[name])
    contact.modified_by = actor
    contact.full_clean()
    contact.save()
    after = {f: getattr(contact, f) for f in (*CONTACT_FIELDS, "last_confirmed")}
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED if created else AuditAction.UPDATED,
        obj=contact,
        summary=f"{'Added' if created else 'Changed'} key contact {contact.name}",
        changes=diff(before, after),
    )
    return contact


@transaction.atomic
def contact_confirm(*, actor: User, contact: KeyContact, request: Any = None) -> KeyContact:
    before = contact.last_confirmed
    contact.last_confirmed = timezone.localdate()
    contact.modified_by = actor
    contact.save(update_fields=["last_confirmed", "modified_by", "modified_at"])
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=contact,
        summary=f"Confirmed key contact {contact.name}",
        changes=diff({"last_confirmed": before}, {"last_confirmed": contact.last_confirmed}),
    )
    return contact


@transaction.atomic
def belonging_save(
    *,
    actor: User,
    child: Child,
    plan_authority: Organisation | None,
    plan_caseworker_name: str,
    email: str,
    telephone: str,
    notes: str,
    request: Any = None,
) -> BelongingEntry:
    entry = BelongingEntry.objects.filter(child=child).first()
    created = entry is None
    entry = entry or BelongingEntry(child=child, created_by=actor)
    fields = ("plan_authority", "plan_caseworker_name", "email", "telephone", "notes")
    before = {f: getattr(entry, f) for f in fields}
    entry.plan_authority = plan_authority
    entry.plan_caseworker_name = plan_caseworker_name
    entry.email = email
    entry.telephone = telephone
    entry.notes = notes
    entry.modified_by = actor
    entry.full_clean()
    entry.save()
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED if created else AuditAction.UPDATED,
        obj=entry,
        child_id=child.pk,
        summary="Recorded who holds the plan (Belonging Register)",
        changes=diff(before, {f: getattr(entry, f) for f in fields}),
    )
    return entry


@transaction.atomic
def plan_copy_store(
    *,
    actor: User,
    child: Child,
    holding_authority: Organisation,
    received_on: dt.date,
    upload: UploadedFile,
    request: Any = None,
) -> PlanCopy:
    """Check and store a dated copy of a plan another authority holds."""
    copy = store_upload(
        PlanCopy(
            child=child,
            holding_authority=holding_authority,
            received_on=received_on,
            created_by=actor,
            modified_by=actor,
        ),
        upload,
    )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=copy,
        child_id=child.pk,
        summary=f"Stored a copy of the plan held by {holding_authority} ({copy.original_name})",
    )
    return copy
