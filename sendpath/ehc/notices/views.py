"""Caseworkers' pages for the decision notices on a case."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user, require
from sendpath.core.formatting import govuk_date
from sendpath.core.steps import apply_errors
from sendpath.core.views import posted
from sendpath.ehc.cases.views import audit_viewed, get_case
from sendpath.ehc.notices import selectors as notice_selectors
from sendpath.ehc.notices import services as notice_services
from sendpath.ehc.notices.forms import NoticeSentForm


@require_http_methods(["GET"])
def notices_page(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk)
    audit_viewed(request, case, "the decision notices")
    return render(
        request,
        "ehc/notices/index.html",
        {
            "title": f"Decision notices: {case.child.full_name}, {case.reference}",
            "case": case,
            "tab": "notices",
            "notices": notice_selectors.notices_for(case),
        },
    )


@require_http_methods(["GET", "POST"])
def notice_letter(request: HttpRequest, pk: UUID, kind: str) -> HttpResponse:
    if kind not in notice_selectors.KINDS:
        raise Http404
    case = get_case(request, pk)
    if request.method == "POST":
        require(request, "ehc.change_case", case)
    notice = notice_selectors.notice_get(case, kind)
    if notice is None:
        raise Http404
    form = NoticeSentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            notice_services.notice_sent_record(
                actor=request_user(request),
                case=case,
                kind=kind,
                sent_on=form.cleaned_data["sent_on"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error, rename={"date": "sent_on"})
        else:
            messages.success(
                request,
                f"{notice.kind.label} recorded as sent. The family's time limits now run from "
                f"{govuk_date(form.cleaned_data['sent_on'])}",
            )
            return redirect("ehc:notice", case.pk, kind)
    if request.method == "GET":
        audit_viewed(request, case, f"the {notice.kind.label.lower()}")
    return render(
        request,
        "ehc/notices/letter.html",
        {
            "title": f"{notice.kind.title}: {case.child.full_name}",
            "case": case,
            "notice": notice,
            "form": form,
            "can_edit": request_user(request).has_perm("ehc.change_case", case),
            "mediation_adviser": notice_selectors.mediation_adviser(),
            "tribunal": notice_selectors.tribunal(),
        },
        status=400 if form.errors else 200,
    )
