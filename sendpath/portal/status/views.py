"""The family's pages: their home, each child's case in plain words, a printable timeline,
the plan in force, and the glossary.

A family user reaches only the children the one scoping entry point gives them (a carer with
plan-only access: the plan page only). Anything else is a 404 like a missing page, audited as
a refusal (``core.access.get_in_scope_or_404``); every page that shows a child's data audits
the read.
"""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from markupsafe import Markup

from sendpath.core.access import get_in_scope_or_404, request_user, require
from sendpath.core.audit import audit_many, audit_record
from sendpath.core.models import AuditAction
from sendpath.people.family import selectors as family_selectors
from sendpath.people.models import Child
from sendpath.people.presenters import family_home_context

from . import presenters, selectors
from .actions import actions_for
from .glossary import TERMS


def _child(request: HttpRequest, pk: UUID, *, plan_only: bool = False) -> Child:
    user = request_user(request)
    scoped = (
        selectors.plan_children_for(user=user) if plan_only else selectors.children_for(user=user)
    )
    found = get_in_scope_or_404(
        request, scoped, pk, refused="a child outside the family's access", child_id=pk
    )
    require(request, "portal.read_plan" if plan_only else "portal.follow_case", found)
    return found


def _audit(request: HttpRequest, child: Child, summary: str) -> None:
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=child,
        child_id=child.pk,
        summary=summary,
    )


@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not selectors.is_family(user):
        return redirect("home")
    children = list(selectors.children_for(user=user))
    context = family_home_context(user, children)
    audit_many(
        request=request,
        action=AuditAction.VIEWED,
        child_ids=[c.pk for c in children] + [c.pk for c in context["carer_children"]],
        summary="Listed on the family's home page",
    )
    context.update(
        {
            # A young person's own case alone, or a family's children.
            "title": "Your case"
            if children and all(presenters.is_own_record(c, user) for c in children)
            else "Your family",
            "rows": [
                {
                    "child": c,
                    "own": presenters.is_own_record(c, user),
                    "line": presenters.one_line(c, user),
                }
                for c in children
            ],
        }
    )
    return render(request, "portal/status/home.html", context)


@require_http_methods(["GET"])
def child(request: HttpRequest, pk: UUID) -> HttpResponse:
    found = _child(request, pk)
    user = request_user(request)
    _audit(request, found, "Followed the case on the family's pages")
    own = presenters.is_own_record(found, user)
    return render(
        request,
        "portal/status/child.html",
        {
            "title": "Where things are with your case"
            if own
            else f"Where things are: {found.full_name}",
            "child": found,
            "own": own,
            "statuses": presenters.statuses_for(found, user),
            "actions": actions_for(found, user),
            "has_plan": selectors.plan_in_force(child=found) is not None,
            "schools": family_selectors.current_school_names(child=found),
            "may_decide": own and user.has_perm("people.decide_parents_access"),
        },
    )


def _timeline_context(request: HttpRequest, pk: UUID, what: str) -> dict[str, Any]:
    found = _child(request, pk)
    user = request_user(request)
    _audit(request, found, f"Looked at the case's timeline ({what})")
    own = presenters.is_own_record(found, user)
    return {
        "title": f"Timeline: {found.full_name}",
        "child": found,
        "own": own,
        "statuses": presenters.statuses_for(found, user),
        "printed_on": timezone.localdate(),
    }


@require_http_methods(["GET"])
def timeline(request: HttpRequest, pk: UUID) -> HttpResponse:
    return render(
        request, "portal/status/timeline.html", _timeline_context(request, pk, "print page")
    )


def _css_text(value: str) -> Markup:
    """Text safe inside a CSS string in the PDF's style sheet (page headers and footers)."""
    return Markup(re.sub(r"[^\w .,'&()·-]", "", value))  # noqa: S704 - only safe characters remain


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The PDF is built from our own HTML only: never fetch anything from anywhere."""
    raise ValueError(f"Refused to fetch {url} while making a PDF")


def _pdf(html: str, filename: str) -> HttpResponse:
    from weasyprint import HTML

    pdf = HTML(string=html, url_fetcher=_no_fetch).write_pdf(pdf_variant="pdf/ua-1")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_http_methods(["GET"])
def timeline_pdf(request: HttpRequest, pk: UUID) -> HttpResponse:
    context = _timeline_context(request, pk, "PDF")
    context["css_child"] = _css_text(context["child"].full_name)
    html = render_to_string("portal/status/timeline_pdf.html", context, request=request)
    return _pdf(html, "timeline.pdf")


def _plan_context(request: HttpRequest, pk: UUID, what: str) -> dict[str, Any]:
    found = _child(request, pk, plan_only=True)
    user = request_user(request)
    version = selectors.plan_in_force(child=found)
    _audit(
        request,
        found,
        f"Read the plan in force ({what})" if version else "Looked for the plan: none in force",
    )
    context: dict[str, Any] = {
        "title": f"Education, health and care plan: {found.full_name}",
        "child": found,
        "own": presenters.is_own_record(found, user),
        "version": version,
        "full_access": selectors.children_for(user=user).filter(pk=found.pk).exists(),
        "actions": actions_for(found, user, place="plan"),
    }
    if version is not None:
        case = version.case
        status = presenters.case_status(case, young_person=context["own"])
        context.update(
            {
                "case": case,
                "authority": case.authority,
                "status": status,
                **presenters.plan_document_context(version),
            }
        )
    return context


@require_http_methods(["GET"])
def plan(request: HttpRequest, pk: UUID) -> HttpResponse:
    return render(request, "portal/status/plan.html", _plan_context(request, pk, "page"))


@require_http_methods(["GET"])
def plan_pdf(request: HttpRequest, pk: UUID) -> HttpResponse:
    context = _plan_context(request, pk, "PDF")
    if context["version"] is None:
        return render(request, "portal/status/plan.html", context)
    context["css_authority"] = _css_text(context["authority"].name)
    context["css_child"] = _css_text(f"{context['child'].full_name} · {context['case'].reference}")
    html = render_to_string("ehc/plan/pdf.html", context, request=request)
    return _pdf(html, f"ehc-plan-{context['case'].reference}.pdf")


@require_http_methods(["GET"])
def glossary(request: HttpRequest) -> HttpResponse:
    """Words we use, in plain English: public, no sign-in needed."""
    return render(
        request,
        "portal/status/glossary.html",
        {"title": "Words we use", "terms": sorted(TERMS, key=lambda t: t[0].lower())},
    )
