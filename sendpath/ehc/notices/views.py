"""Caseworkers' pages for the decision notices on a case."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user, require
from sendpath.core.audit import audit_record
from sendpath.core.formatting import govuk_date
from sendpath.core.models import AuditAction
from sendpath.core.steps import form_step
from sendpath.core.views import posted
from sendpath.ehc.cases.views import audit_viewed, get_case
from sendpath.ehc.notices import contacts as notice_contacts
from sendpath.ehc.notices import selectors as notice_selectors
from sendpath.ehc.notices import services as notice_services
from sendpath.ehc.notices.forms import ContactsForm, NoticeSentForm


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
    if request.method == "GET":
        audit_viewed(request, case, f"the {notice.kind.label.lower()}")
    user = request_user(request)
    contacts = notice_contacts.contacts_for(case.authority)
    form = NoticeSentForm(posted(request))
    return form_step(
        request,
        form,
        save=lambda data: notice_services.notice_sent_record(
            actor=user, case=case, kind=kind, sent_on=data["sent_on"], request=request
        ),
        rename={"date": "sent_on"},
        template="ehc/notices/letter.html",
        context={
            "title": f"{notice.kind.title}: {case.child.full_name}",
            "case": case,
            "notice": notice,
            "can_edit": user.has_perm("ehc.change_case", case),
            "mediation_adviser": contacts.mediation_adviser,
            "mediation_fallback": contacts.mediation_fallback,
            "sendiass": contacts.sendiass,
            "can_manage_contacts": user.has_perm("ehc.manage_disagreement_contacts"),
            "tribunal": notice_selectors.tribunal(),
        },
        success=lambda _: (
            f"{notice.kind.label} recorded as sent. The family's time limits now run from "
            f"{govuk_date(form.cleaned_data['sent_on'])}"
        ),
        next=reverse("ehc:notice", args=[case.pk, kind]),
    )


@require_http_methods(["GET", "POST"])
def contacts_page(request: HttpRequest) -> HttpResponse:
    """The administrator's page for the contacts every decision letter gives."""
    require(request, "ehc.manage_disagreement_contacts")
    user = request_user(request)
    authority = user.organisation
    if authority is None:
        raise Http404
    record = notice_contacts.contacts_record(authority)
    if request.method == "GET":
        audit_record(
            request=request,
            actor=user,
            action=AuditAction.VIEWED,
            obj=record or authority,
            summary=f"Viewed the disagreement contacts of {authority.name}",
        )
    form = ContactsForm(posted(request), initial=notice_contacts.contacts_initial(record))
    if record is not None:
        form.track(record, notice_contacts.contacts_initial)
    return form_step(
        request,
        form,
        save=lambda data: notice_contacts.contacts_save(
            actor=user,
            authority=authority,
            data=data,
            based_on=data.get("based_on"),
            opened_new=request.POST.get("opened_new") == "yes",
            request=request,
        ),
        template="ehc/notices/contacts.html",
        context=lambda: {
            "title": "Mediation, SENDIASS and complaints contacts",
            "authority": authority,
            "contacts": notice_contacts.contacts_for(authority),
            "record": record,
            "opened_new": record is None,
        },
        success="Contacts saved. Every decision letter and the family's complaints page now give them",
        next=reverse("ehc:disagreement_contacts"),
    )
