"""Moving between authorities: record a move, export and mark transferred; import a plan."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user, require
from sendpath.core.forms import set_choices
from sendpath.core.steps import form_step
from sendpath.core.views import posted, posted_files
from sendpath.ehc.cases import services
from sendpath.ehc.cases.stages import Step, step_allowed
from sendpath.ehc.cases.views import get_case
from sendpath.ehc.models import Case
from sendpath.ehc.transfers import exporting, importing, interchange
from sendpath.ehc.transfers import selectors as transfer_selectors
from sendpath.ehc.transfers import services as transfer_services
from sendpath.ehc.transfers.forms import ImportForm, MoveForm, TransferredForm
from sendpath.people import selectors as people_selectors

MAX_IMPORT_BYTES = 5 * 1024 * 1024


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
    user = request_user(request)
    return form_step(
        request,
        form,
        save=lambda data: transfer_services.transferred_record(
            actor=user, case=case, transferred_on=data["transferred_on"], request=request
        ),
        rename={"date": "transferred_on"},
        template="ehc/transfer/transfer_out.html",
        context={
            "title": "Moving to another authority",
            "case": case,
            "tab": "overview",
            "move": move,
            "done": done,
            "deadline": case.deadlines.filter(key="transfer_plan_out").first(),
        },
        success="Plan marked as transferred",
        next=reverse("ehc:transfer_out", kwargs={"pk": case.pk}),
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
    user = request_user(request)
    return form_step(
        request,
        form,
        save=lambda data: transfer_services.move_record(
            actor=user,
            case=case,
            move_date=data["move_date"],
            authority=people_selectors.organisations_all().get(pk=data["authority"]),
            learned_on=data["learned_on"],
            how_learned=data["how_learned"],
            request=request,
        ),
        rename={"date": "learned_on"},
        template="ehc/transfer/move_form.html",
        context={"title": "Record a move to another authority", "case": case, "tab": "overview"},
        success="Move recorded: the plan must now be transferred",
        next=reverse("ehc:transfer_out", kwargs={"pk": case.pk}),
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
    user = request_user(request)

    def import_case(data: dict[str, Any]) -> Case:
        upload = data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError({"file": "The file must be smaller than 5MB"})
        return importing.import_case(
            actor=user, data=interchange.parse(upload.read()), request=request
        )

    return form_step(
        request,
        form,
        save=import_case,
        template="ehc/transfer/import_form.html",
        context={
            "title": "Import a plan from another authority",
            "schema_url": reverse("ehc:transfer_schema"),
        },
        success=lambda case: f"Plan imported as case {case.reference}: send the transfer notice",
        next=lambda case: case.get_absolute_url(),
    )


@require_http_methods(["GET"])
def transfer_schema(request: HttpRequest) -> HttpResponse:
    return HttpResponse(interchange.schema_text(), content_type="application/schema+json")
