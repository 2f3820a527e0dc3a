"""The plan as a document: the print page and the PDF."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods
from markupsafe import Markup

from sendpath.core.access import request_user
from sendpath.ehc.cases.views import audit_case_view, get_case
from sendpath.ehc.models import (
    Case,
)
from sendpath.ehc.plans import selectors as plan_selectors
from sendpath.ehc.plans.views.base import plan_context


def _document_context(request: HttpRequest, pk: UUID, what: str) -> dict[str, Any]:
    case = get_case(request, pk)
    plan = plan_selectors.plan_for(case, request_user(request))
    audit_case_view(request, case, f"Viewed the plan ({what})")
    child = case.child
    return {
        "title": f"Education, health and care plan: {child.full_name}",
        "case": case,
        "child": child,
        "authority": case.authority,
        "placement": plan.placement,
        **plan_context(case, plan),
    }


@require_http_methods(["GET"])
def plan_print(request: HttpRequest, pk: UUID) -> HttpResponse:
    return render(request, "ehc/plan/print.html", _document_context(request, pk, "print"))


def _css_text(value: str) -> Markup:
    """Text safe inside a CSS string in the PDF's style sheet (page headers and footers)."""
    return Markup(re.sub(r"[^\w .,'&()·-]", "", value))  # noqa: S704 - only safe characters remain


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The PDF is built from our own HTML only: never fetch anything from anywhere."""
    raise ValueError(f"Refused to fetch {url} while making a PDF")


@require_http_methods(["GET"])
def plan_pdf(request: HttpRequest, pk: UUID) -> HttpResponse:
    from weasyprint import HTML

    context = _document_context(request, pk, "PDF")
    context["css_authority"] = _css_text(context["authority"].name)
    context["css_child"] = _css_text(f"{context['child'].full_name} · {context['case'].reference}")
    html = render_to_string("ehc/plan/pdf.html", context, request=request)
    pdf = HTML(string=html, url_fetcher=_no_fetch).write_pdf(pdf_variant="pdf/ua-1")
    case: Case = context["case"]
    status = "final" if context["is_final"] else "draft"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ehc-plan-{case.reference}-{status}.pdf"'
    return response
