"""The family's preferences (``/my/preferences/``), and the caseworker's page of what was sent
to the family about a case: letters to print, failed messages to send again."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from sendpath.core.access import request_user, require
from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction, NotifyMessage
from sendpath.core.steps import form_step
from sendpath.core.views import posted
from sendpath.ehc.cases.views import get_case
from sendpath.ehc.models import Case
from sendpath.people.models import ContactPreference

from . import selectors, services
from .forms import ContactPreferencesForm


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    require(request, "portal.set_contact_preferences")
    user = request_user(request)
    contacts = selectors.own_contacts(user=user)
    if request.method == "GET":
        for child_id in contacts.child_ids:
            audit_record(
                request=request,
                action=AuditAction.VIEWED,
                child_id=child_id,
                summary="Opened the page about how they want to hear from us",
            )
    if contacts.members:
        first = contacts.members[0]
        address = first.address.strip() or first.child.address.strip()
    elif contacts.own_record is not None:
        address = contacts.own_record.address.strip()
    else:  # the permission requires one or the other
        raise Http404
    form = ContactPreferencesForm(
        posted(request), initial=contacts.shown(), email=user.email, address=address
    )
    form.track(contacts, lambda c: c.shown(), version=lambda c: c.version())
    return form_step(
        request,
        form,
        save=lambda data: services.contact_preferences_save(actor=user, data=data, request=request),
        template="portal/messages/preferences.html",
        context={
            "title": "How we contact you",
            "email": user.email,
            "has_address": bool(address),
            "letters": ContactPreference.LETTERS,
        },
        success="Saved: we will contact you the way you chose",
        next="portal:preferences",
    )


def _message(case: Case, pk: int) -> NotifyMessage:
    found = selectors.case_messages(case=case).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@require_http_methods(["GET"])
def case_messages(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk, perm="portal.view_family_messages")
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=case,
        child_id=case.child_id,
        summary=f"Viewed the messages to the family (case {case.reference})",
    )
    everything = list(selectors.case_messages(case=case).order_by("-created_at", "-id"))
    return render(
        request,
        "portal/messages/case_messages.html",
        {
            "title": f"Messages to the family: {case.reference}",
            "case": case,
            "tab": "family_messages",
            "letters": [m for m in everything if m.kind == "letter" and m.status == "to-print"],
            "failed": [m for m in everything if m.status == "failed"],
            "sent": everything,
            "kinds": services.KIND_LABELS,
            "can_change": request_user(request).has_perm("ehc.change_case", case),
        },
    )


@require_POST
def send_again(request: HttpRequest, pk: UUID, message_pk: int) -> HttpResponse:
    case = get_case(request, pk, perm="ehc.change_case")
    message = _message(case, message_pk)
    try:
        services.family_message_send_again(
            actor=request_user(request), case=case, message=message, request=request
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            f"The {services.KIND_LABELS.get(message.kind, 'message')} to "
            f"{message.recipient or 'the family'} is being sent again",
        )
    return redirect("portal:family_messages", case.pk)


@require_POST
def letter_posted(request: HttpRequest, pk: UUID, message_pk: int) -> HttpResponse:
    case = get_case(request, pk, perm="ehc.change_case")
    message = _message(case, message_pk)
    try:
        services.family_letter_posted(
            actor=request_user(request), case=case, message=message, request=request
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"The letter to {message.recipient or 'the family'} is posted")
    return redirect("portal:family_messages", case.pk)
