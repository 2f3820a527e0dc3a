"""Pages for the Virtual School and the SEND team's joint working."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from sendpath.core.access import get_in_scope_or_404, request_user, require
from sendpath.core.audit import audit_many, audit_record, note_reads
from sendpath.core.forms import set_choices
from sendpath.core.models import AuditAction
from sendpath.core.steps import apply_errors, form_step, render_form
from sendpath.core.views import posted
from sendpath.people.models import Child, User

from . import digest, presenters, selectors, services
from . import rules as _rules  # noqa: F401 - registers the permission
from .forms import (
    ActionForm,
    DiscussionForm,
    DoneForm,
    EscalationForm,
    ItemForm,
    LevelUpForm,
    MeetingForm,
    OtherDecisionForm,
    ResolveForm,
)
from .models import Escalation, Level, Meeting, OtherDecisionKind

PERM = "jointworking.use"


def _staff(request: HttpRequest) -> User:
    require(request, PERM)
    user: User = request_user(request)
    return user


def _meeting(request: HttpRequest, pk: UUID) -> Meeting:
    return get_object_or_404(selectors.meetings_for(request_user(request)), pk=pk)


def _cared_for_child(request: HttpRequest, pk: UUID | str) -> Child:
    return get_in_scope_or_404(
        request,
        selectors.cared_for(request_user(request)),
        pk,
        refused="record outside the user's access",
        child_id=pk if isinstance(pk, UUID) else None,
    )


def _child_choices(
    request: HttpRequest, user: User, blank: str | None = None
) -> list[tuple[str, str]]:
    children = list(selectors.cared_for(user))
    note_reads(request, child_ids=[c.pk for c in children], summary="Listed to choose a child")
    kids = [(str(c.pk), c.full_name) for c in children]
    return [("", blank), *kids] if blank is not None else [("", "Select a child"), *kids]


def _owner_choices(user: User) -> list[tuple[str, str]]:
    return [
        ("", "Not listed"),
        *[
            (str(u.pk), f"{u.display_name()} ({u.role_label()})")
            for u in selectors.owners_for(user)
        ],
    ]


def _owner_from(user: User, value: str) -> User | None:
    return selectors.owners_for(user).filter(pk=value).first() if value else None


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], form: Any = None
) -> HttpResponse:
    return render_form(request, f"jointworking/{template}", context, form)


def _to_meeting(meeting: Meeting | str) -> str:
    return reverse(
        "jointworking:meeting", args=[meeting if isinstance(meeting, str) else meeting.pk]
    )


# ---------------------------------------------------------------------------------------------
# Meetings


@require_http_methods(["GET", "POST"])
def meeting_list(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    return form_step(
        request,
        MeetingForm(posted(request)),
        save=lambda data: services.meeting_create(
            actor=user, held_on=data["held_on"], request=request
        ),
        template="jointworking/meeting_list.html",
        context=lambda: {"title": "Joint meetings", "meetings": selectors.meetings_for(user)[:50]},
        success="Meeting created and its agenda built from the record",
        next=_to_meeting,
    )


def _meeting_context(
    request: HttpRequest, meeting: Meeting, *, paginate: bool = False
) -> dict[str, Any]:
    """The meeting's agenda by section and its actions. On the page each section is paginated
    (``<section>_page``) with its count; the printable agenda and minutes carry every item."""
    user = request_user(request)
    # A shared meeting may name children this user may not see: show only those they may.
    shown_items = selectors.agenda_items_shown(meeting=meeting, user=user)
    sections = presenters.agenda_sections(request, shown_items, paginate=paginate)
    items = [i for _, page, _ in sections for i in page]
    named = [*meeting.actions.all(), *selectors.actions_carried_forward(meeting)]
    visible_ids = set(
        selectors.cared_for(user)
        .filter(pk__in={a.child_id for a in named if a.child_id})
        .values_list("pk", flat=True)
    )

    def shown(row: Any) -> bool:
        return row.child_id is None or row.child_id in visible_ids

    actions = [a for a in meeting.actions.select_related("owner", "item", "child") if shown(a)]
    carried = [a for a in selectors.actions_carried_forward(meeting) if shown(a)]
    child_ids = {i.child_id for i in items if i.child_id} | {
        a.child_id for a in [*actions, *carried] if a.child_id
    }
    audit_many(
        request=request,
        action=AuditAction.VIEWED,
        child_ids=sorted(child_ids),
        summary=f"Shown on the joint meeting of {meeting.held_on:%-d %B %Y}",
    )
    return {
        "meeting": meeting,
        "sections": sections,
        "actions": actions,
        "carried": carried,
        "today": timezone.localdate(),
    }


@require_http_methods(["GET"])
def meeting_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    _staff(request)
    meeting = _meeting(request, pk)
    context = _meeting_context(request, meeting, paginate=True)
    context["title"] = str(meeting)
    return _render(request, "meeting_detail.html", context)


@require_http_methods(["GET"])
def meeting_print(request: HttpRequest, pk: UUID, kind: str) -> HttpResponse:
    _staff(request)
    if kind not in ("agenda", "minutes"):
        raise Http404
    meeting = _meeting(request, pk)
    context = _meeting_context(request, meeting)
    context["kind"] = kind
    context["title"] = f"{'Agenda' if kind == 'agenda' else 'Minutes'}: {meeting}"
    return _render(request, "meeting_print.html", context)


@require_POST
def agenda_rebuild(request: HttpRequest, pk: UUID) -> HttpResponse:
    user = _staff(request)
    meeting = _meeting(request, pk)
    added = services.agenda_build(actor=user, meeting=meeting, request=request)
    messages.success(request, f"Agenda rebuilt from the record ({added} items added)")
    return redirect("jointworking:meeting", meeting.pk)


@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, pk: UUID) -> HttpResponse:
    user = _staff(request)
    meeting = _meeting(request, pk)
    form = ItemForm(posted(request))
    set_choices(form, "child", _child_choices(request, user, blank="None"))

    def save(data: dict[str, Any]) -> Any:
        child = selectors.cared_for(user).get(pk=data["child"]) if data["child"] else None
        return services.item_add(
            actor=user,
            meeting=meeting,
            title=data["title"],
            detail=data["detail"],
            child=child,
            request=request,
        )

    return form_step(
        request,
        form,
        save=save,
        template="jointworking/form.html",
        context={
            "title": "Add an agenda item",
            "meeting": meeting,
            "submit": "Add item",
            "back": meeting.pk,
            "multipart": False,
        },
        success="Item added to the agenda",
        next=_to_meeting(meeting),
    )


@require_http_methods(["GET", "POST"])
def item_discussion(request: HttpRequest, pk: UUID, item_pk: UUID) -> HttpResponse:
    user = _staff(request)
    meeting = _meeting(request, pk)
    item = get_object_or_404(selectors.agenda_items_for(meeting=meeting), pk=item_pk)
    if item.child_id and not selectors.cared_for(user).filter(pk=item.child_id).exists():
        raise Http404

    def shown() -> dict[str, Any]:
        if item.child_id:
            audit_record(
                request=request,
                action=AuditAction.VIEWED,
                obj=item,
                child_id=item.child_id,
                summary="Viewed a joint meeting item",
            )
        return {
            "title": f"Discussion: {item.title}",
            "meeting": meeting,
            "submit": "Save notes",
            "back": meeting.pk,
            "detail": item.detail,
        }

    return form_step(
        request,
        DiscussionForm(posted(request), initial={"discussion": item.discussion}),
        save=lambda data: services.discussion_record(
            actor=user, item=item, discussion=data["discussion"], request=request
        ),
        template="jointworking/form.html",
        context=shown,
        success="Discussion recorded",
        next=_to_meeting(meeting),
    )


@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, pk: UUID) -> HttpResponse:
    user = _staff(request)
    meeting = _meeting(request, pk)
    form = ActionForm(posted(request), initial={"item": request.GET.get("item", "")})
    set_choices(form, "owner", _owner_choices(user))
    agenda = list(meeting.items.all())
    note_reads(request, child_ids=[i.child_id for i in agenda], summary="Listed on the agenda")
    items = [(str(i.pk), i.title) for i in agenda]
    set_choices(form, "item", [("", "Not linked to an item"), *items])

    def save(data: dict[str, Any]) -> Any:
        item = meeting.items.filter(pk=data["item"]).first() if data["item"] else None
        return services.action_add(
            actor=user,
            meeting=meeting,
            description=data["description"],
            due_on=data["due_on"],
            owner=_owner_from(user, data["owner"]),
            owner_name=data["owner_name"],
            item=item,
            request=request,
        )

    return form_step(
        request,
        form,
        save=save,
        template="jointworking/form.html",
        context={
            "title": "Record an action",
            "meeting": meeting,
            "submit": "Save action",
            "back": meeting.pk,
        },
        success="Action recorded",
        next=_to_meeting(meeting),
    )


@require_http_methods(["GET", "POST"])
def action_done(request: HttpRequest, pk: UUID) -> HttpResponse:
    user = _staff(request)
    action = get_object_or_404(selectors.actions_for(user=user), pk=pk)
    back = request.GET.get("meeting") or str(action.meeting_id)
    if not selectors.meetings_for(user).filter(pk=back).exists():
        back = str(action.meeting_id)
    return form_step(
        request,
        DoneForm(posted(request), initial={"done_on": timezone.localdate()}),
        save=lambda data: services.action_done(
            actor=user, action=action, done_on=data["done_on"], request=request
        ),
        template="jointworking/form.html",
        context={
            "title": "Mark action as done",
            "submit": "Mark as done",
            "back": back,
            "detail": action.description,
        },
        success="Action marked as done",
        next=_to_meeting(back),
    )


# ---------------------------------------------------------------------------------------------
# Escalations


@require_http_methods(["GET"])
def escalation_list(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    escalations = list(selectors.escalations_for(user).order_by("resolved_on", "review_by"))
    audit_many(
        request=request,
        action=AuditAction.SEARCHED,
        child_ids=sorted({e.child_id for e in escalations}),
        summary="Shown on the escalations list",
    )
    return _render(
        request,
        "escalation_list.html",
        {
            "title": "Escalations",
            "open": [e for e in escalations if e.is_open],
            "resolved": [e for e in escalations if not e.is_open],
        },
    )


def _level_choices(above: int = 0) -> list[tuple[str, str]]:
    return [(str(v), str(label)) for v, label in Level.choices if v > above]


@require_http_methods(["GET", "POST"])
def escalation_new(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    form = EscalationForm(posted(request), initial={"child": request.GET.get("child", "")})
    set_choices(form, "child", _child_choices(request, user))
    set_choices(form, "level", _level_choices())
    set_choices(form, "owner", _owner_choices(user))
    set_choices(
        form,
        "other_authority",
        [("", "None"), *[(str(o.pk), o.name) for o in selectors.other_authorities(user)]],
    )

    def save(data: dict[str, Any]) -> Any:
        other = (
            selectors.other_authorities(user).filter(pk=data["other_authority"]).first()
            if data["other_authority"]
            else None
        )
        return services.escalation_raise(
            actor=user,
            child=selectors.cared_for(user).get(pk=data["child"]),
            reason=data["reason"],
            level=int(data["level"]),
            raised_on=data["raised_on"],
            review_by=data["review_by"],
            owner=_owner_from(user, data["owner"]),
            owner_name=data["owner_name"],
            other_authority=other,
            request=request,
        )

    return form_step(
        request,
        form,
        save=save,
        template="jointworking/form.html",
        context={
            "title": "Raise an escalation",
            "submit": "Raise escalation",
            "back_url": "jointworking:escalations",
        },
        success="Escalation raised",
        next=lambda escalation: reverse("jointworking:escalation", args=[escalation.pk]),
    )


def _escalation(request: HttpRequest, pk: UUID) -> Escalation:
    return get_object_or_404(selectors.escalations_for(request_user(request)), pk=pk)


@require_http_methods(["GET", "POST"])
def escalation_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    user = _staff(request)
    escalation = _escalation(request, pk)
    up = LevelUpForm(posted(request) if request.POST.get("form") == "up" else None, prefix="up")
    set_choices(up, "level", _level_choices(escalation.level))
    resolve = ResolveForm(
        posted(request) if request.POST.get("form") == "resolve" else None, prefix="resolve"
    )
    bound = up if up.is_bound else resolve if resolve.is_bound else None
    if bound is not None and bound.is_valid():
        data = bound.cleaned_data
        try:
            if bound is up:
                services.escalation_level_up(
                    actor=user,
                    escalation=escalation,
                    level=int(data["level"]),
                    date=data["date"],
                    review_by=data["review_by"],
                    note=data["note"],
                    request=request,
                )
                messages.success(request, "Escalation moved up a level")
            else:
                services.escalation_resolve(
                    actor=user,
                    escalation=escalation,
                    resolved_on=data["resolved_on"],
                    outcome=data["outcome"],
                    request=request,
                )
                messages.success(request, "Escalation resolved")
        except ValidationError as error:
            apply_errors(bound, error)
        else:
            return redirect("jointworking:escalation", escalation.pk)
    if request.method == "POST" and bound is None:
        raise Http404
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=escalation,
        child_id=escalation.child_id,
        summary="Viewed an escalation",
    )
    return _render(
        request,
        "escalation_detail.html",
        {
            "title": f"Escalation for {escalation.child.full_name}",
            "escalation": escalation,
            "steps": escalation.steps.select_related("recorded_by"),
            "up": up,
            "resolve": resolve,
            "form": bound,
            "can_go_up": escalation.is_open and escalation.level < max(Level.values),
        },
        bound,
    )


# ---------------------------------------------------------------------------------------------
# Panel decisions digest


def _week_start(value: str | None) -> dt.date:
    today = timezone.localdate()
    try:
        day = dt.date.fromisoformat(value) if value else today
    except ValueError:
        day = today
    return day - dt.timedelta(days=day.weekday())


@require_http_methods(["GET"])
def digest_page(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    start = _week_start(request.GET.get("week"))
    end = start + dt.timedelta(days=6)
    rows = selectors.decisions(user=user, start=start, end=end)
    audit_many(
        request=request,
        action=AuditAction.SEARCHED,
        child_ids=sorted({r.child.pk for r in rows}),
        summary=f"Shown on the panel decisions digest for the week of {start:%-d %B %Y}",
    )
    return _render(
        request,
        "digest.html",
        {
            "title": "Panel decisions for cared-for children",
            "rows": rows,
            "start": start,
            "end": end,
            "previous": start - dt.timedelta(days=7),
            "next": start + dt.timedelta(days=7) if end < timezone.localdate() else None,
            "last_sent": digest.last_sent(user.authority),
            "this_week_sent": digest.sent_for(user.authority, start),
        },
    )


@require_http_methods(["GET", "POST"])
def other_decision_new(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    form = OtherDecisionForm(posted(request), initial={"decision": "yes_to_assess"})
    set_choices(form, "child", _child_choices(request, user))
    set_choices(
        form,
        "authority",
        [
            ("", "Select an authority"),
            *[(str(o.pk), o.name) for o in selectors.other_authorities(user)],
        ],
    )
    set_choices(form, "decision", [(str(v), str(label)) for v, label in OtherDecisionKind.choices])
    return form_step(
        request,
        form,
        save=lambda data: services.other_decision_record(
            actor=user,
            child=selectors.cared_for(user).get(pk=data["child"]),
            authority=selectors.other_authorities(user).get(pk=data["authority"]),
            decision=data["decision"],
            decided_on=data["decided_on"],
            note=data["note"],
            request=request,
        ),
        template="jointworking/form.html",
        context={
            "title": "Record another authority's decision",
            "submit": "Save decision",
            "back_url": "jointworking:digest",
        },
        success="Decision recorded",
        next="jointworking:digest",
    )
