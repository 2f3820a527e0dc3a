"""Pages: the SEND team's list of complaints and disagreement resolution (filters, counts,
deadlines), each record and its steps, the response times, the counts (leaders too), and the
family's own pages to make a complaint and see its stage.

Every page about a child goes through the scoped lookup (``get_in_scope_or_404``): a record
out of the user's reach is a 404 that looks like a missing page, audited as a refusal.
"""

from __future__ import annotations

from functools import wraps
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendpath.core.access import get_in_scope_or_404, request_user, require
from sendpath.core.audit import audit_many, audit_record
from sendpath.core.models import AuditAction
from sendpath.core.steps import form_step
from sendpath.core.views import filter_status, pagination, posted, valid_filters
from sendpath.people import selectors as people_selectors
from sendpath.portal.asking.views.common import audit_unsent, family_child, page_context

from ..models.complaints import TRANSITIONS, About, Complaint, ComplaintAction, Kind, Stage
from . import selectors, services
from .forms import (
    ActionDoneForm,
    ActionForm,
    ArrangeForm,
    CloseForm,
    FamilyRaiseForm,
    FilterForm,
    MoveForm,
    RaiseForm,
    RespondForm,
    SettingsForm,
)

VIEW = "disputes.view_complaints"
CHANGE = "disputes.change_complaints"

# Shown on the pages that show a deadline or a stage (principle 3: every rule cites its source).
SOURCES = {
    "complaints": "The council's complaints procedure sets the time for each stage; the "
    "Local Government and Social Care Ombudsman looks at a complaint once the council's "
    "procedure is finished (Local Government Act 1974, Part 3).",
    "resolution": "Disagreement resolution: Children and Families Act 2014, section 57; SEND "
    "Regulations 2014, regulation 54; SEND Code of Practice 11.6 to 11.10.",
}


def _complaint(request: HttpRequest, pk: UUID, *, change: bool = False) -> Complaint:
    """The complaint, from those the user may see: for anyone who may not see complaints at all
    (a school, a family, a leader), or one of another authority's, a 404 that looks like a
    missing page, audited as a refusal."""
    user = request_user(request)
    scoped = (
        selectors.complaints_in_scope(user) if user.has_perm(VIEW) else selectors.no_complaints()
    )
    found = get_in_scope_or_404(request, scoped, pk, refused="complaint outside the user's access")
    if change:
        require(request, CHANGE, found, what="changing a complaint")
    request.complaint_child_id = found.child_id  # type: ignore[attr-defined]
    return found


def audit_shown_again(view: Any) -> Any:
    """A form sent back with errors (nothing written) still showed the child's record: audit
    it as a read (a GET is audited by the scoped lookup, a change by its service)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = view(request, *args, **kwargs)
        child_id = getattr(request, "complaint_child_id", None)
        if request.method == "POST" and child_id is not None and response.status_code == 400:
            audit_record(
                request=request,
                action=AuditAction.VIEWED,
                child_id=child_id,
                summary="Shown a complaint's form again, nothing saved (the form had errors)",
            )
        return response

    return wrapper


def _url(complaint: Complaint) -> str:
    return reverse("disputes:complaint", args=[complaint.pk])


def _values(complaint: Complaint) -> dict[str, Any]:
    return {"stage": complaint.stage}


# ---------------------------------------------------------------------------------------------
# The SEND team's list


@require_http_methods(["GET"])
def complaints(request: HttpRequest) -> HttpResponse:
    require(request, VIEW, what="complaints")
    user = request_user(request)
    today = timezone.localdate()
    form = FilterForm(request.GET)
    data = valid_filters(form)
    scoped = selectors.complaints_in_scope(user)
    found = selectors.filtered(scoped, data, today)
    page = Paginator(found, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    actions = list(selectors.actions_due(user, today)[:20])
    audit_many(
        request=request,
        action=AuditAction.SEARCHED if any(data.values()) else AuditAction.VIEWED,
        child_ids=[c.child_id for c in page.object_list] + [a.complaint.child_id for a in actions],
        summary="Listed on complaints",
    )
    return render(
        request,
        "disputes/complaints/list.html",
        {
            "title": "Complaints and disagreement resolution",
            "filter_form": form,
            "page": page,
            "pagination": pagination(request, page, label="Complaints"),
            "counts": selectors.counts(found),
            "overdue": selectors.overdue_count(scoped, today),
            "actions": actions,
            "today": today,
            "filtered": any(data.values()),
            "can_set_times": user.has_perm("disputes.set_complaint_times"),
            "sources": SOURCES,
            "times": selectors.settings_for(user.authority),
        },
        status=filter_status(form),
    )


@require_http_methods(["GET"])
def counts(request: HttpRequest) -> HttpResponse:
    """Counts by type, outcome, stage and what they are about: no names (leaders see this)."""
    require(request, "disputes.count_complaints", what="complaint counts")
    user = request_user(request)
    return render(
        request,
        "disputes/complaints/counts.html",
        {"title": "Complaints: counts", "counts": selectors.counts_for(user)},
    )


@require_http_methods(["GET", "POST"])
def times(request: HttpRequest) -> HttpResponse:
    """The authority's response time for each stage, in working days."""
    require(request, "disputes.set_complaint_times", what="complaint response times")
    user = request_user(request)
    authority = user.authority
    current = selectors.settings_for(authority)
    values = {
        "stage_1_days": current.stage_1_days,
        "stage_2_days": current.stage_2_days,
        "ombudsman_days": current.ombudsman_days,
    }
    form = SettingsForm(posted(request), initial=values)
    if not current._state.adding:  # a saved row (not the defaults)
        form.track(
            current,
            lambda s: {
                "stage_1_days": s.stage_1_days,
                "stage_2_days": s.stage_2_days,
                "ombudsman_days": s.ombudsman_days,
            },
        )
    context = {"title": "Complaint response times", "authority": authority, "sources": SOURCES}
    if authority is None:
        return render(request, "disputes/complaints/times.html", {**context, "form": None})
    return form_step(
        request,
        form,
        save=lambda data: services.settings_save(
            actor=user,
            authority=authority,
            stage_1_days=data["stage_1_days"],
            stage_2_days=data["stage_2_days"],
            ombudsman_days=data["ombudsman_days"],
            based_on=data.get("based_on"),
            request=request,
        ),
        template="disputes/complaints/times.html",
        context=context,
        success="Response times saved: they apply to stages that start from now on",
        next=reverse("disputes:complaint_times"),
    )


# ---------------------------------------------------------------------------------------------
# One complaint


@require_http_methods(["GET", "POST"])
@audit_shown_again
def add(request: HttpRequest, pk: UUID) -> HttpResponse:
    """Staff record a complaint (or disagreement resolution) on the family's behalf."""
    require(request, CHANGE, what="complaints")
    user = request_user(request)
    child = get_in_scope_or_404(
        request,
        people_selectors.children_in_scope(user=user),
        pk,
        refused="record outside the user's access",
        child_id=pk,
    )
    request.complaint_child_id = child.pk  # type: ignore[attr-defined]
    today = timezone.localdate()
    form = RaiseForm(posted(request), initial={"kind": Kind.COMPLAINT, "received_on": today})
    return form_step(
        request,
        form,
        save=lambda data: services.complaint_raise(
            actor=user,
            child=child,
            kind=data["kind"],
            about=data["about"],
            about_name=data.get("about_name", ""),
            summary=data["summary"],
            wanted=data.get("wanted", ""),
            raised_by=data["raised_by"],
            received_on=data["received_on"],
            today=today,
            request=request,
        ),
        template="disputes/complaints/form.html",
        context={
            "title": "Record a complaint or disagreement resolution",
            "child": child,
            "back": reverse("people:child", args=[child.pk]),
        },
        success="Recorded",
        next=_url,
    )


@require_http_methods(["GET"])
def detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    complaint = _complaint(request, pk)
    user = request_user(request)
    today = timezone.localdate()
    stages = list(complaint.stages.all())
    current = stages[-1] if stages else None
    moves = TRANSITIONS.get(complaint.stage, ())
    return render(
        request,
        "disputes/complaints/detail.html",
        {
            "title": str(complaint),
            "complaint": complaint,
            "child": complaint.child,
            "stages": stages,
            "current": current,
            "actions": list(complaint.actions.select_related("owner")),
            "today": today,
            "can_change": user.has_perm(CHANGE),
            "can_respond": bool(
                current and current.due_on is not None and current.responded_on is None
            ),
            "can_move": bool(_moves(complaint)),
            "can_arrange": Stage.ARRANGED in moves,
            "can_close": Stage.CLOSED in moves,
            "sources": SOURCES,
        },
    )


def _step(
    request: HttpRequest,
    complaint: Complaint,
    form: Any,
    save: Any,
    title: str,
    success: str,
) -> HttpResponse:
    form.track(complaint, _values)
    return form_step(
        request,
        form,
        save=save,
        template="disputes/complaints/form.html",
        context={
            "title": title,
            "child": complaint.child,
            "complaint": complaint,
            "back": _url(complaint),
        },
        success=success,
        next=_url,
    )


@require_http_methods(["GET", "POST"])
@audit_shown_again
def respond(request: HttpRequest, pk: UUID) -> HttpResponse:
    complaint = _complaint(request, pk, change=True)
    user = request_user(request)
    today = timezone.localdate()
    form = RespondForm(posted(request), initial={"responded_on": today})
    return _step(
        request,
        complaint,
        form,
        lambda data: services.complaint_respond(
            actor=user,
            complaint=complaint,
            responded_on=data["responded_on"],
            response=data["response"],
            today=today,
            based_on=data.get("based_on"),
            request=request,
        ),
        f"Record the response at {complaint.get_stage_display().lower()}",
        "Response recorded",
    )


MOVE_LABELS: dict[str, str] = {
    Stage.STAGE_2: "Stage 2: the family asked for the complaint to be looked at again",
    Stage.OMBUDSMAN: "Ombudsman: the Local Government and Social Care Ombudsman is looking at it",
    Stage.PASSED_ON: "Passed on: to the school or health service that deals with it",
}


def _moves(complaint: Complaint) -> list[str]:
    """The next stages this complaint may move to (``TRANSITIONS``): passing on only for a
    complaint about a school or a health service."""
    return [
        m
        for m in TRANSITIONS.get(complaint.stage, ())
        if m in MOVE_LABELS and (m != Stage.PASSED_ON or complaint.about != About.SEND_SERVICE)
    ]


@require_http_methods(["GET", "POST"])
@audit_shown_again
def move(request: HttpRequest, pk: UUID) -> HttpResponse:
    complaint = _complaint(request, pk, change=True)
    user = request_user(request)
    today = timezone.localdate()
    choices = [(str(m), MOVE_LABELS[m]) for m in _moves(complaint)]
    form = MoveForm(posted(request), initial={"started_on": today}, choices=choices)
    if Stage.OMBUDSMAN not in _moves(complaint):
        del form.fields["due_on"]
    return _step(
        request,
        complaint,
        form,
        lambda data: services.complaint_move(
            actor=user,
            complaint=complaint,
            to=data["to"],
            passed_to=data.get("passed_to", ""),
            started_on=data["started_on"],
            due_on=data.get("due_on"),
            today=today,
            based_on=data.get("based_on"),
            request=request,
        ),
        "Move to the next stage",
        "Moved to the next stage",
    )


@require_http_methods(["GET", "POST"])
@audit_shown_again
def arrange(request: HttpRequest, pk: UUID) -> HttpResponse:
    complaint = _complaint(request, pk, change=True)
    user = request_user(request)
    today = timezone.localdate()
    form = ArrangeForm(posted(request))
    return _step(
        request,
        complaint,
        form,
        lambda data: services.resolution_arrange(
            actor=user,
            complaint=complaint,
            arranged_with=data["arranged_with"],
            meeting_on=data["meeting_on"],
            today=today,
            based_on=data.get("based_on"),
            request=request,
        ),
        "Arrange disagreement resolution",
        "Disagreement resolution arranged",
    )


@require_http_methods(["GET", "POST"])
@audit_shown_again
def close(request: HttpRequest, pk: UUID) -> HttpResponse:
    complaint = _complaint(request, pk, change=True)
    user = request_user(request)
    today = timezone.localdate()
    form = CloseForm(posted(request), initial={"outcome_on": today}, kind=complaint.kind)
    return _step(
        request,
        complaint,
        form,
        lambda data: services.complaint_close(
            actor=user,
            complaint=complaint,
            outcome=data["outcome"],
            outcome_on=data["outcome_on"],
            outcome_notes=data.get("outcome_notes", ""),
            learning=data.get("learning", ""),
            today=today,
            based_on=data.get("based_on"),
            request=request,
        ),
        "Record the outcome and learning",
        "Outcome recorded",
    )


@require_http_methods(["GET", "POST"])
@audit_shown_again
def action_add(request: HttpRequest, pk: UUID) -> HttpResponse:
    complaint = _complaint(request, pk, change=True)
    user = request_user(request)
    staff = list(selectors.staff_choices(complaint.authority))
    form = ActionForm(posted(request), owners=[(str(s.pk), s.display_name()) for s in staff])

    def save(data: dict[str, Any]) -> ComplaintAction:
        owner = next((s for s in staff if str(s.pk) == str(data["owner"])), None)
        if owner is None:
            raise Http404
        return services.action_add(
            actor=user,
            complaint=complaint,
            description=data["description"],
            owner=owner,
            due_on=data["due_on"],
            request=request,
        )

    return form_step(
        request,
        form,
        save=save,
        template="disputes/complaints/form.html",
        context={
            "title": "Add an action",
            "child": complaint.child,
            "complaint": complaint,
            "back": _url(complaint),
        },
        success="Action added",
        next=_url(complaint),
    )


@require_http_methods(["GET", "POST"])
@audit_shown_again
def action_done(request: HttpRequest, pk: UUID, action_pk: UUID) -> HttpResponse:
    complaint = _complaint(request, pk, change=True)
    user = request_user(request)
    action = get_object_or_404(complaint.actions.all(), pk=action_pk)
    today = timezone.localdate()
    form = ActionDoneForm(posted(request), initial={"done_on": today})
    return form_step(
        request,
        form,
        save=lambda data: services.action_done(
            actor=user, action=action, done_on=data["done_on"], today=today, request=request
        ),
        template="disputes/complaints/form.html",
        context={
            "title": "Mark the action done",
            "intro": action.description,
            "child": complaint.child,
            "complaint": complaint,
            "back": _url(complaint),
        },
        success="Action marked done",
        next=_url(complaint),
    )


# ---------------------------------------------------------------------------------------------
# The family's pages


@require_http_methods(["GET", "POST"])
@audit_unsent
def family_raise(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = family_child(request, pk, "disputes.raise_complaint")
    user = request_user(request)
    today = timezone.localdate()
    form = FamilyRaiseForm(posted(request))
    return form_step(
        request,
        form,
        save=lambda data: services.complaint_raise(
            actor=user,
            child=child,
            kind=Kind.COMPLAINT,
            about=data["about"],
            about_name=data.get("about_name", ""),
            summary=data["summary"],
            wanted=data.get("wanted", ""),
            raised_by=user.display_name(),
            received_on=today,
            from_family=True,
            today=today,
            request=request,
        ),
        template="disputes/complaints/family_raise.html",
        context=page_context(
            child,
            "Make a complaint",
            back=reverse("portal:complaints", kwargs={"pk": child.pk}),
            reply_days=selectors.settings_for(child.responsible_authority).stage_1_days,
        ),
        success="Your complaint has been sent to the council",
        next=reverse("disputes:family_complaints", kwargs={"pk": child.pk}),
    )


@require_http_methods(["GET"])
def family_list(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = family_child(request, pk, "disputes.raise_complaint")
    return render(
        request,
        "disputes/complaints/family_list.html",
        page_context(
            child,
            "Your complaints",
            complaints=list(selectors.family_complaints(child)),
            today=timezone.localdate(),
        ),
    )
