"""The SEND team's pages for disagreements (mediation, appeals, the tribunal's orders) under
``/disagreements/``, and the family's page of their child's disagreements.

Every page is scoped to the cases the user may see (the family's: their own children);
anything else is a 404 like a missing page, audited as a refusal. Every read and write of a
child's data is audited.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendpath.core.access import get_in_scope_or_404, request_user, require
from sendpath.core.audit import audit_many, audit_record
from sendpath.core.forms import set_choices
from sendpath.core.models import AuditAction
from sendpath.core.steps import form_step
from sendpath.core.views import filter_status, pagination, posted, valid_filters
from sendpath.ehc.models import Case
from sendpath.ehc.presenters import deadline_views
from sendpath.portal.status.presenters import is_own_record
from sendpath.portal.status.words import deadline_words, plain_source

from ..models import Disagreement
from ..models.disagreements import OrderKind
from . import selectors, services
from .forms import STEPS, FilterForm, OpenForm

LIST = "disputes.list_disagreements"
VIEW = "disputes.view_disagreement"
CHANGE = "disputes.change_disagreement"


def _disagreement(request: HttpRequest, pk: UUID, *, change: bool = False) -> Disagreement:
    """A disagreement the user may see, or a 404 like a missing one (audited as a refusal):
    outside the SEND team (a school, a family) none is in reach."""
    scoped = selectors.disagreements_in_reach(request_user(request))
    found = get_in_scope_or_404(
        request, scoped, pk, refused="disagreement outside the user's access"
    )
    require(request, CHANGE if change else VIEW, found.case, what="a disagreement")
    return found


def _url(d: Disagreement) -> str:
    return reverse("disputes:disagreement", args=[d.pk])


# The decisions in a family's words (reading age 9 to 11).
FAMILY_DECISIONS = {
    "not_to_assess": "our decision not to do an assessment",
    "not_to_issue": "our decision not to make a plan",
    "plan_content": "what the plan says",
    "placement": "the school or college named in the plan",
    "amendment": "the changes to the plan",
    "not_to_amend": "our decision not to change the plan",
    "cease": "our decision to stop the plan",
}


def steps_open(d: Disagreement) -> list[tuple[str, str]]:
    """The steps that may be recorded now, as (slug, title): the orders and actions waiting
    decide whether meeting one is offered."""
    waiting_orders = d.orders.filter(complied_on__isnull=True).exists()
    waiting_actions = d.actions.filter(done_on__isnull=True).exists()
    shown = []
    for slug, (_, title, _) in STEPS.items():
        if slug == "complied" and not waiting_orders:
            continue
        if slug == "action_done" and not waiting_actions:
            continue
        if slug == "action" and d.mediation_outcome not in ("agreed", "partly"):
            continue
        if slug in ("response", "hearing", "decision", "order") and d.registered_on is None:
            continue
        shown.append((slug, title))
    return shown


def deadline_rows(case: Case) -> list[Any]:
    """The engine's disagreement deadlines on the case, as the case page shows them."""
    return [
        v
        for v in deadline_views(case)
        if v.deadline.key in selectors.DEADLINE_KEYS or v.deadline.family == selectors.ORDER_FAMILY
    ]


@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    require(request, LIST, what="disagreements")
    user = request_user(request)
    form = FilterForm(request.GET)
    workers = selectors.caseworkers(user)
    set_choices(
        form, "caseworker", [("", "Anyone")] + [(str(u.pk), u.get_full_name()) for u in workers]
    )
    data = valid_filters(form)
    found = selectors.disagreement_list(
        user=user,
        kind=data.get("kind", ""),
        status=data.get("status", ""),
        decision=data.get("decision", ""),
        caseworker=data.get("caseworker", ""),
        response_owed=bool(data.get("response_owed")),
    )
    page = Paginator(found, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    actions_due = list(selectors.actions_due(user)[:20])
    audit_many(
        request=request,
        action=AuditAction.SEARCHED if any(data.values()) else AuditAction.VIEWED,
        child_ids=[d.case.child_id for d in page.object_list]
        + [a.disagreement.case.child_id for a in actions_due],
        summary="Listed disagreements",
    )
    return render(
        request,
        "disputes/disagreements/home.html",
        {
            "title": "Disagreements: mediation and appeals",
            "filter_form": form,
            "page": page,
            "pagination": pagination(request, page, label="Disagreements"),
            "counts": selectors.counts(user),
            "filtered": any(data.values()),
            "actions_due": actions_due,
            "today": timezone.localdate(),
        },
        status=filter_status(form),
    )


@require_http_methods(["GET"])
def counts(request: HttpRequest) -> HttpResponse:
    """Counts only (no child named): for leaders and the SEND team."""
    require(request, "disputes.count_disagreements", what="counts of disagreements")
    return render(
        request,
        "disputes/disagreements/counts.html",
        {"title": "Disagreements in numbers", "counts": selectors.counts(request_user(request))},
    )


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, case_pk: UUID) -> HttpResponse:
    user = request_user(request)
    case = get_in_scope_or_404(
        request,
        selectors.cases_in_reach(user).select_related("child"),
        case_pk,
        refused="case outside the user's access",
    )
    require(request, CHANGE, case, what="recording a disagreement")
    last_notice = selectors.last_decision_notice(case)
    form = OpenForm(
        posted(request),
        initial={
            "kind": "mediation",
            "opened_on": timezone.localdate(),
            "decision_notice_on": last_notice.date if last_notice else None,
        },
    )
    return form_step(
        request,
        form,
        save=lambda data: services.disagreement_open(
            actor=user,
            case=case,
            kind=data["kind"],
            decision=data["decision"],
            decision_notice_on=data.get("decision_notice_on"),
            opened_on=data["opened_on"],
            request=request,
        ),
        template="disputes/disagreements/form.html",
        context={
            "title": "Record a disagreement",
            "case": case,
            "back": reverse("ehc:case", args=[case.pk]),
            "rule": "Children and Families Act 2014 s.51 and s.55; SEND Code of Practice 11.39-11.52.",
        },
        success="Disagreement recorded",
        next=_url,
    )


@require_http_methods(["GET"])
def detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    d = _disagreement(request, pk)
    user = request_user(request)
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=d,
        child_id=d.case.child_id,
        summary=f"Viewed a disagreement on case {d.case.reference}",
    )
    return render(
        request,
        "disputes/disagreements/detail.html",
        {
            "title": f"{d.get_kind_display()}: {d.case.child.full_name}",
            "d": d,
            "case": d.case,
            "deadlines": deadline_rows(d.case),
            "orders": selectors.orders_of(d),
            "actions": list(d.actions.all()),
            "can_change": user.has_perm(CHANGE, d.case) and d.status == "open",
            "steps": steps_open(d),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, pk: UUID, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    d = _disagreement(request, pk, change=True)
    user = request_user(request)
    form_class, title, rule = STEPS[step]
    form = form_class(posted(request), initial={"date": timezone.localdate()})
    if "order" in form.fields:
        set_choices(
            form,
            "order",
            [
                (str(o.pk), f"{OrderKind(o.kind).label} (made {o.made_on:%-d %B %Y})")
                for o in d.orders.filter(complied_on__isnull=True)
            ],
        )
    if "action" in form.fields:
        set_choices(
            form,
            "action",
            [
                (str(a.pk), f"{a.what} (by {a.due:%-d %B %Y})")
                for a in d.actions.filter(done_on__isnull=True)
            ],
        )
    form.track(d, lambda obj: {})
    return form_step(
        request,
        form,
        save=lambda data: services.step_record(
            actor=user,
            disagreement=d,
            step=step,
            data=data,
            based_on=data.get("based_on", ""),
            request=request,
        ),
        template="disputes/disagreements/form.html",
        context={
            "title": title,
            "case": d.case,
            "d": d,
            "back": _url(d),
            "rule": rule,
        },
        success=lambda _: title,
        next=_url,
    )


# ---------------------------------------------------------------------------------------------
# The family's page


@require_http_methods(["GET"])
def family(request: HttpRequest, pk: UUID) -> HttpResponse:
    user = request_user(request)
    child = get_in_scope_or_404(
        request,
        selectors.children_for(user),
        pk,
        refused="a child outside the family's access",
        child_id=pk,
    )
    require(request, "disputes.follow_disagreements", child, what="a child's disagreements")
    found = list(selectors.disagreements_of_child(child))
    cases = {d.case_id: d.case for d in found}
    case = child.cases.filter(closed_at__isnull=True).order_by("-received_on").first()
    if case is not None:
        cases.setdefault(case.pk, case)
    own = is_own_record(child, user)
    dates = []
    for c in cases.values():
        for row in deadline_rows(c):
            said = deadline_words(row.deadline.key, young_person=own)
            if said is not None:
                dates.append((row.deadline, said, plain_source(row.source)))
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=child,
        child_id=child.pk,
        summary="Family viewed their disagreements",
    )
    return render(
        request,
        "disputes/disagreements/family.html",
        {
            "title": "If you disagree with a decision",
            "child": child,
            "disagreements": found,
            "dates": sorted(dates, key=lambda item: item[0].due),
            "decisions": FAMILY_DECISIONS,
        },
    )
