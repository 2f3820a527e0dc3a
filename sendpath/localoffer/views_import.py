"""Staff pages for importing another authority's Open Referral UK feed (administrators only).

Starting an import queues it (``tasks.queue_feed_import``) and shows its page, which says
whether it is queued, running, finished (with its counts and problems) or failed, and why.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sendpath.core.access import require
from sendpath.core.forms import GovukForm
from sendpath.core.views import pagination, posted, posted_files

from . import feeds, selectors, tasks
from .models import ImportStatus
from .reach import in_reach_or_404

PERM = "localoffer.import_feed"


class ImportForm(GovukForm):
    """Whose feed it is, and where it comes from: a web address or a file, one of the two."""

    label = forms.CharField(
        label="Whose feed is this",
        max_length=200,
        help_text="Families see this beside each service, for example Theirshire Council",
    )
    url = forms.URLField(
        label="Web address of the feed",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="The address of its services list, for example "
        "https://theirshire.example/api/oruk/services",
    )
    file = forms.FileField(
        label="Or upload the feed as a file",
        required=False,
        help_text="A JSON file (.json) of their services, up to 20 MB",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["label"].error_messages["required"] = "Enter whose feed this is"
        self.fields["url"].error_messages["invalid"] = (
            "Enter a web address starting http:// or https://"
        )
        self.fields["url"].widget.attrs.update({"spellcheck": False, "inputmode": "url"})

    def clean_url(self) -> str:
        url = (self.cleaned_data.get("url") or "").strip()
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("Enter a web address starting http:// or https://")
        return url

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if not upload.name.lower().endswith(".json"):
            raise forms.ValidationError("The selected file must be a JSON file (.json)")
        if upload.size > feeds.MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 20 MB")
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        url, upload = data.get("url"), data.get("file")
        if "url" in self.errors or "file" in self.errors:
            return data
        if url and upload:
            self.add_error("url", "Give a web address or choose a file, not both")
        elif not url and not upload:
            self.add_error("url", "Enter the web address of the feed, or choose a file")
        return data


@require_http_methods(["GET"])
def imports(request: HttpRequest) -> HttpResponse:
    require(request, PERM, what="Local Offer feed imports")
    qs = selectors.feed_imports()
    page = Paginator(qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "localoffer/manage/import_list.html",
        {
            "title": "Imports of other authorities' feeds",
            "page": page,
            "pagination": pagination(request, page),
        },
    )


@require_http_methods(["GET", "POST"])
def import_new(request: HttpRequest) -> HttpResponse:
    require(request, PERM, what="importing a Local Offer feed")
    form = ImportForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        url, upload = form.cleaned_data["url"], form.cleaned_data["file"]
        try:
            imp = tasks.queue_feed_import(
                actor=request.user,
                label=form.cleaned_data["label"],
                url=url,
                file_name=upload.name if upload else "",
                payload=upload.read() if upload else None,
                request=request,
            )
        except ValueError as error:
            form.add_error("url" if url else "file", f"Nothing was imported. {error}")
        else:
            imp.refresh_from_db()  # the demo runs the import at once; a worker runs it later
            if imp.status == ImportStatus.FINISHED:
                messages.success(
                    request,
                    f"The feed of {imp.label} was imported: {imp.created_count} added, "
                    f"{imp.updated_count} updated, {imp.skipped_count} skipped",
                )
            elif imp.status != ImportStatus.FAILED:
                messages.success(
                    request,
                    f"The import of the feed of {imp.label} has started: this page shows "
                    "how it is going",
                )
            return redirect("localoffer:import_detail", pk=imp.pk)
    return render(
        request,
        "localoffer/manage/import_new.html",
        {"title": "Import another authority's feed", "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET"])
def import_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    imp = in_reach_or_404(
        request,
        PERM,
        selectors.feed_imports().filter(pk=pk).first(),
        what="a Local Offer feed import",
    )
    problems = [
        {
            "record": p.get("record") or "The feed",
            "field": p.get("field") or "(the whole record)",
            "message": p.get("message", ""),
            "outcome": "Skipped" if p.get("kind", feeds.SKIPPED) == feeds.SKIPPED else "Note",
        }
        for p in imp.problems
    ]
    return render(
        request,
        "localoffer/manage/import_detail.html",
        {
            "title": f"Import of the feed of {imp.label}",
            "imp": imp,
            "problems": problems,
            "in_progress": imp.status in (ImportStatus.QUEUED, ImportStatus.RUNNING),
        },
    )
