"""Moving between authorities: record a move, export and mark transferred; import a plan."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user, require
from sendpath.core.forms import set_choices
from sendpath.core.steps import apply_errors
from sendpath.core.views import posted, posted_files
from sendpath.ehc.cases import services
from sendpath.ehc.cases.stages import Step, step_allowed
from sendpath.ehc.cases.views import get_case
from sendpath.ehc.models import Case
from sendpath.ehc.transfers import exporting, importing, interchange
from sendpath.ehc.transfers import selectors as transfer_selectors
from sendpath.ehc.transfers import services as transfer_services
from sendpath.ehc.transfers.forms import ImportForm, MoveForm, TransferredForm
from sendpath.people.models import Organisation

MAX_IMPORT_BYTES = 5 * 1024 * 1024


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], form: Any = None
) -> HttpResponse:
    return render(
        request, template, context, status=400 if form is not None and form.errors else 200
    )


def _latest(case: Case, type: str) -> Any:
    found = [e for e in services.effective_events(case) if e.type == type]
    return found[-1] if found else None


@require_http_methods(["GET", "POST"])
def transfer_out(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The move, its deadline, the export and the button to mark the plan transferred."""
    case = get_case(request, pk, "ehc.change_case")
    move = _latest(case, "move_notified")
    done = _latest(case, "plan_transferred")
    form = TransferredForm(posted(request), initial={"transferred_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            transfer_services.transferred_record(
                actor=request_user(request),
                case=case,
                transferred_on=form.cleaned_data["transferred_on"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error, rename={"date": "transferred_on"})
        else:
            messages.success(request, "Plan marked as transferred")
            return redirect("ehc:transfer_out", pk=case.pk)
    return _render(
        request,
        "ehc/transfer/transfer_out.html",
        {
            "title": "Moving to another authority",
            "case": case,
            "tab": "overview",
            "move": move,
            "done": done,
            "deadline": case.deadlines.filter(key="transfer_plan_out").first(),
            "form": form,
        },
        form,
    )


@require_http_methods(["GET", "POST"])
def move_out(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk, "ehc.change_case")
    if not step_allowed(case, Step.MOVE_OUT):
        messages.info(request, "A move can be recorded once the final plan has been issued")
        return redirect(case.get_absolute_url())
    form = MoveForm(posted(request))
    choices = transfer_selectors.other_authorities(case.authority)
    set_choices(
        form,
        "authority",
        [("", "Select an authority"), *[(str(o.pk), o.name) for o in choices]],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            transfer_services.move_record(
                actor=request_user(request),
                case=case,
                move_date=data["move_date"],
                authority=Organisation.objects.get(pk=data["authority"]),
                learned_on=data["learned_on"],
                how_learned=data["how_learned"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error, rename={"date": "learned_on"})
        else:
            messages.success(request, "Move recorded: the plan must now be transferred")
            return redirect("ehc:transfer_out", pk=case.pk)
    return _render(
        request,
        "ehc/transfer/move_form.html",
        {
            "title": "Record a move to another authority",
            "case": case,
            "tab": "overview",
            "form": form,
        },
        form,
    )


@require_http_methods(["GET"])
def export(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk, "ehc.change_case")
    data = exporting.export_case(actor=request_user(request), case=case, request=request)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    name = f"plan-transfer-{case.reference}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def import_plan(request: HttpRequest) -> HttpResponse:
    require(request, "ehc.view_worklist")
    form = ImportForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_IMPORT_BYTES:
                raise ValidationError({"file": "The file must be smaller than 5MB"})
            data = interchange.parse(upload.read())
            case = importing.import_case(actor=request_user(request), data=data, request=request)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, f"Plan imported as case {case.reference}: send the transfer notice"
            )
            return redirect(case.get_absolute_url())
    return _render(
        request,
        "ehc/transfer/import_form.html",
        {
            "title": "Import a plan from another authority",
            "form": form,
            "schema_url": reverse("ehc:transfer_schema"),
        },
        form,
    )


@require_http_methods(["GET"])
def transfer_schema(request: HttpRequest) -> HttpResponse:
    return HttpResponse(interchange.schema_text(), content_type="application/schema+json")
