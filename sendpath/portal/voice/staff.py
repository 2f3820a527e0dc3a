"""Staff's side of "All about me": the family's words used in section A of the plan, and the
family's files opened from the case's pages. The panels that show the family's words on the
case's pages are in ``contributions.py``."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user, require
from sendpath.core.audit import audit_record
from sendpath.core.concurrency import FIELD as BASED_ON
from sendpath.core.concurrency import StaleEditError
from sendpath.core.models import AuditAction
from sendpath.ehc.cases.views import get_case

from . import presenters, rules, selectors, services
from .views import send_file


@require_http_methods(["POST"])
def use_family_words(request: HttpRequest, pk: UUID) -> HttpResponse:
    """Put the family's words into section A of the plan (SEND Code of Practice 9.69)."""
    case = get_case(request, pk)
    require(request, rules.USE, case, what="putting the family's words into the plan")
    section = reverse("ehc:plan_section", args=[case.pk, "a"])
    try:
        number = int(request.POST.get("version", ""))
    except ValueError:
        messages.error(request, "Choose the family's words to use")
        return redirect(section)
    try:
        services.family_words_use_in_section_a(
            actor=request_user(request),
            case=case,
            version_number=number,
            based_on=request.POST.get(BASED_ON, ""),
            request=request,
        )
    except StaleEditError:
        messages.error(
            request,
            "Someone else changed section A after you opened this page, so the family's words "
            "have not been put in. Look at section A again, then use them",
        )
        return redirect(section)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(section)
    messages.success(request, "The family's words are now in section A")
    return redirect(reverse("ehc:plan", args=[case.pk]) + "#section-a")


@require_http_methods(["GET"])
def case_all_about_me(request: HttpRequest, pk: UUID) -> HttpResponse:
    """Every version of what the family told us, newest first, for the case's staff."""
    case = get_case(request, pk)
    require(request, rules.READ, case, what="the family's All about me")
    history = list(selectors.versions(case.child))
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=history[0] if history else case,
        child_id=case.child_id,
        summary=f"Viewed every version of the family's All about me (case {case.reference})",
    )
    return render(
        request,
        "portal/voice/case_history.html",
        {
            "title": f"All about me: {case.child.full_name}",
            "case": case,
            "tab": "overview",
            "versions": [
                {
                    "version": v,
                    "written": presenters.written(v),
                    "answers": [a for a in presenters.answers(v) if a.text],
                }
                for v in history
            ],
        },
    )


@require_http_methods(["GET"])
def case_file(request: HttpRequest, pk: UUID, file_pk: UUID) -> FileResponse:
    case = get_case(request, pk)
    require(request, rules.READ, case, what="the family's All about me files")
    record = get_object_or_404(selectors.files(case.child), pk=file_pk)
    return send_file(request, case.child, record)
