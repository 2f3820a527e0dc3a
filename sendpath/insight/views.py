"""Insight's front page: what each part shows, for the roles that may see it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods

from sendpath.core.access import require

from .rules import VIEW

# Each part's landing page: (URL name, title, what it answers, the permission to see it).
SECTIONS: tuple[tuple[str, str, str, str], ...] = (
    (
        "insight:figures",
        "The figures DfE will publish",
        "Requests, assessments, 20-week timeliness, new plans, plans by need and setting, and "
        "ceased plans, counted as DfE counts them, beside the region and England.",
        VIEW,
    ),
    (
        "insight:reviews",
        "Annual reviews and phase transfers",
        "Reviews held on time and decided within 4 weeks; phase transfers made by the "
        "statutory dates.",
        VIEW,
    ),
    (
        "insight:groups",
        "Who is over- or under-represented",
        "Plans and SEN support by sex, ethnicity, age, need, cared-for status, free school "
        "meals and English as an additional language.",
        VIEW,
    ),
    (
        "insight:disagreements",
        "Complaints, mediation and tribunals",
        "Numbers, outcomes, timeliness, themes and the appeal rate.",
        VIEW,
    ),
    (
        "insight:alternative_provision",
        "Alternative provision",
        "Every child in alternative provision: hours, providers, reviews and returns to "
        "mainstream.",
        VIEW,
    ),
    (
        "insight:adulthood",
        "Preparing for adulthood",
        "Young people aged 14 to 25 with plans, by destination, and their move to adult "
        "social care and health services.",
        VIEW,
    ),
    (
        "insight:quality",
        "Audits of plans' quality",
        "The multi-agency audit of EHC plans: samples, grades by section and agency, themes "
        "and actions.",
        VIEW,
    ),
    (
        "insight:sen2",
        "The SEN2 return",
        "Build the statutory SEN2 return from the records, see every problem before it is "
        "sent, and download it.",
        "insight.sen2_return",
    ),
)


@require_http_methods(["GET"])
def index(request: HttpRequest) -> HttpResponse:
    require(request, VIEW, what="insight")
    sections = []
    for url_name, title, text, perm in SECTIONS:
        if not request.user.has_perm(perm):
            continue
        try:
            href = reverse(url_name)
        except NoReverseMatch:
            continue  # a part not installed in this build
        sections.append({"href": href, "title": title, "text": text})
    return render(
        request,
        "insight/index.html",
        {
            "title": "Insight",
            "sections": sections,
            "leader": getattr(request.user, "role", "") == "leader",
        },
    )
