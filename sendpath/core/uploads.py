"""Uploaded files: type and size checks, a virus-scan hook, storage through Django's storages.

Files go through ``default_storage`` (``STORAGES["default"]``), so production can point it at
object storage without code changes. The scanner is a setting, ``DOCUMENT_SCANNER``: a dotted
path to a callable ``scan(data: bytes, name: str) -> str`` returning ``"clean"`` or a reason
it is not. The default only refuses the EICAR test file; production should plug in ClamAV or
the council's service. Every app that keeps a child's files (case documents, copies of plans)
checks and stores them here, so the rules cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.module_loading import import_string

MAX_BYTES = 20 * 1024 * 1024


# Extension -> (content type, a check of the file's first bytes).
ALLOWED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".doc": ("application/msword", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}


EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def eicar_only_scan(data: bytes, name: str) -> str:
    return "infected: EICAR test file" if EICAR in data else "clean"


# An SEN2 return or another XML file an import reads (UTF-8, perhaps with a byte order mark).
XML: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".xml": ("application/xml", (b"<", b"\xef\xbb\xbf<")),
}


def check_upload(
    upload: UploadedFile,
    allowed: dict[str, tuple[str, tuple[bytes, ...]]] | None = None,
    kinds: str = "a PDF, Word document (DOC or DOCX), PNG or JPG",
) -> tuple[str, bytes]:
    """Return the content type and bytes of an acceptable upload, or raise with a plain reason.

    ``allowed`` (by default the documents a case keeps) and ``kinds``, its name in words."""
    allowed = ALLOWED if allowed is None else allowed
    name = upload.name or "file"
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed:
        raise ValidationError(f"The selected file must be {kinds}")
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError("The selected file must be smaller than 20 MB")
    if not upload.size:
        raise ValidationError("The selected file is empty")
    data = upload.read()
    content_type, signatures = allowed[extension]
    if not any(data.startswith(sig) for sig in signatures):
        raise ValidationError(f"The selected file is not a real {extension[1:].upper()} file")
    scanner = import_string(
        getattr(settings, "DOCUMENT_SCANNER", "sendpath.core.uploads.eicar_only_scan")
    )
    result = scanner(data, name)
    if result != "clean":
        raise ValidationError("The selected file contains a virus and has not been saved")
    return content_type, data


def store_upload(record: Any, upload: UploadedFile) -> Any:
    """Check ``upload`` (raising a ValidationError with a plain reason), then fill ``record``'s
    ``original_name``, ``content_type``, ``size`` and ``file`` with it and save the record."""
    content_type, data = check_upload(upload)
    record.original_name = (upload.name or "file")[:255]
    record.content_type = content_type
    record.size = len(data)
    record.file.save(upload.name or "file", ContentFile(data), save=False)
    record.save()
    return record
