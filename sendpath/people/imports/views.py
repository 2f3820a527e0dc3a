"""The SEN Support import pages: the template and what each column means, upload and check,
then "Import N records" (all or nothing). The checked file waits in the session between the two
steps and is checked again before anything is written."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user, require
from sendpath.core.audit import audit_many, audit_record
from sendpath.core.models import AuditAction
from sendpath.core.steps import render_form
from sendpath.core.views import posted, posted_files

from . import columns, selectors, services
from .forms import SenSupportUploadForm

PERM = "people.import_sen_support"
SESSION_KEY = "sen_support_import"
TITLE = "Import pupils on SEN support"


@require_http_methods(["GET"])
def template_csv(request: HttpRequest) -> HttpResponse:
    require(request, PERM)
    # A byte order mark, so Excel opens the file as UTF-8.
    response = HttpResponse("\ufeff" + columns.template_csv(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="sen-support-import-template.csv"'
    return response


@require_http_methods(["GET"])
def column_guide(request: HttpRequest) -> HttpResponse:
    require(request, PERM)
    return render(
        request,
        "people/sen_support_columns.html",
        {
            "title": "The SEN support import file",
            "columns": columns.COLUMNS,
            "needs": columns.NEED_CODES,
        },
    )


def _check_page(
    request: HttpRequest, checked: selectors.Checked, file_name: str, status: int
) -> HttpResponse:
    return render(
        request,
        "people/sen_support_check.html",
        {
            "title": "Check the pupils before importing"
            if not checked.errors
            else "The file has problems",
            "checked": checked,
            "file_name": file_name,
            "counts": {label: checked.count(key) for key, label in selectors.OUTCOMES.items()},
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    require(request, PERM)
    user = request_user(request)
    form = SenSupportUploadForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        request.session.pop(SESSION_KEY, None)
        file = form.cleaned_data["file"]
        raw = file.read()
        checked = selectors.check_file(actor=user, raw=raw)
        matched = [p.child.pk for p in checked.planned if p.child is not None]
        if matched:
            audit_many(
                request=request,
                action=AuditAction.VIEWED,
                child_ids=matched,
                summary=f"Matched in a SEN support import check of {file.name}",
            )
        audit_record(
            request=request,
            action=AuditAction.VIEWED,
            summary=f"Checked SEN support file {file.name}: {len(checked.planned)} pupils, "
            f"{len(checked.errors)} problems",
        )
        if not checked.errors:
            request.session[SESSION_KEY] = {
                "name": file.name,
                "content": base64.b64encode(raw).decode("ascii"),
                "sha256": hashlib.sha256(raw).hexdigest(),
            }
        return _check_page(request, checked, file.name, 400 if checked.errors else 200)
    context: dict[str, Any] = {"title": TITLE, "form": form}
    return render_form(request, "people/sen_support_upload.html", context, form)


@require_http_methods(["POST"])
def confirm(request: HttpRequest) -> HttpResponse:
    require(request, PERM)
    user = request_user(request)
    stored = request.session.get(SESSION_KEY)
    if not stored:
        messages.info(request, "Upload the file again: it was not kept once checked or imported")
        return redirect("people:sen_support_import")
    raw = base64.b64decode(stored["content"])
    if hashlib.sha256(raw).hexdigest() != stored["sha256"]:
        request.session.pop(SESSION_KEY, None)
        return redirect("people:sen_support_import")
    try:
        checked = services.import_sen_support(
            actor=user, raw=raw, file_name=stored["name"], request=request
        )
    except services.ImportRefusedError as refused:
        request.session.pop(SESSION_KEY, None)
        return _check_page(request, refused.checked, stored["name"], 400)
    except ValidationError as error:
        request.session.pop(SESSION_KEY, None)
        messages.info(request, f"Nothing was imported. {error.messages[0]}")
        return redirect("people:sen_support_import")
    request.session.pop(SESSION_KEY, None)
    messages.success(
        request,
        f"Imported {stored['name']}: {checked.count(selectors.CREATE)} new records, "
        f"{checked.count(selectors.UPDATE)} updated, "
        f"{checked.count(selectors.UNCHANGED)} already up to date, "
        f"{checked.count(selectors.HAS_PLAN)} with an EHC plan left as they are",
    )
    return redirect("people:child_list")
