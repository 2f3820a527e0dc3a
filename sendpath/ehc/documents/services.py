"""Case documents: uploads kept against a case, checked and stored by ``core.uploads``."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction
from sendpath.core.uploads import store_upload
from sendpath.ehc.models import Case, CaseEvent, Document


@transaction.atomic
def document_attach(
    *,
    actor: Any,
    case: Case,
    upload: UploadedFile,
    title: str,
    event: CaseEvent | None = None,
    request: Any = None,
) -> Document:
    """Check and store an upload against a case, in one transaction (a savepoint when the
    caller records a step with it)."""
    document = store_upload(
        Document(case=case, event=event, title=title[:200], created_by=actor, modified_by=actor),
        upload,
    )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=document,
        child_id=case.child_id,
        summary=f"Uploaded {document.title} ({document.original_name}) to case {case.reference}",
    )
    return document
