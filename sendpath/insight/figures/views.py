"""The figures' pages: the dashboard (leaders and managers: counts only) and, for managers, the
children behind one of the authority's figures (scoped to the authority, audited), read from the
members stored with the count (``stored.LISTED``), a page at a time."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user, require
from sendpath.core.audit import audit_many
from sendpath.core.models import AuditAction
from sendpath.core.views import pagination
from sendpath.insight.rules import CHILDREN, VIEW
from sendpath.insight.snapshots import members, when_counted

from . import counting, selectors, stored
from .dashboard import YEARS_SHOWN, years_for
from .forms import ChildrenForm, YearForm
from .sections import build


def _children_link(year: int) -> Any:
    base = reverse("insight:figure_children")

    def link(stem: str, column: str) -> str:
        return f"{base}?{urlencode({'year': year, 'stem': stem, 'column': column})}"

    return link


@require_http_methods(["GET"])
def figures(request: HttpRequest) -> HttpResponse:
    require(request, VIEW, what="the figures DfE will publish")
    user = request_user(request)
    authority = user.authority
    today = timezone.localdate()
    context: dict[str, Any] = {"title": "The figures DfE will publish", "authority": authority}
    if authority is None:
        return render(request, "insight/figures/index.html", context)
    first = selectors.first_year(authority)
    # Any of the last five years (England's figures show even before the records begin), or
    # back to the first request recorded.
    start = min(first or today.year, today.year - YEARS_SHOWN)
    choices = list(range(start, today.year + 1))
    year = today.year - 1
    form = YearForm(request.GET if "year" in request.GET else None, years=choices)
    status = 200
    if form.is_bound:
        if form.is_valid():
            year = form.cleaned_data["year"]
        else:
            status = 400
    else:
        form = YearForm(initial={"year": year}, years=choices)
    years = years_for(first, year)
    context.update(
        {
            "form": form,
            "year": year,
            "partial": year == today.year,
            "census": counting.census_date(year + 1),
            "first": first,
        }
    )
    # The counts as last stored (counted again in the background when the records moved).
    found = stored.read(authority, years)
    if found.counts is None:
        context["refresh_url"] = request.get_full_path()
        return render(request, "insight/figures/index.html", context, status=status)
    link = _children_link(year) if user.has_perm(CHILDREN) else None
    context.update(
        {
            "built": build(authority, year, years, found.counts, link=link),
            "counted": when_counted(found.counted_at),
            "stale": found.stale,
            "refresh_url": request.get_full_path(),
        }
    )
    return render(request, "insight/figures/index.html", context, status=status)


@require_http_methods(["GET"])
def children(request: HttpRequest) -> HttpResponse:
    require(request, CHILDREN, what="the children behind a figure")
    user = request_user(request)
    authority = user.authority
    form = ChildrenForm(request.GET if request.GET else None)
    context: dict[str, Any] = {"title": "The children behind a figure", "form": form}
    if authority is None or not form.is_bound:
        return render(request, "insight/figures/children.html", context)
    if not form.is_valid():
        return render(request, "insight/figures/children.html", context, status=400)
    year, stem, column = (form.cleaned_data[k] for k in ("year", "stem", "column"))
    label = stored.LISTED[(stem, column)]
    context.update(
        {
            "title": f"The children behind the figure: {label}, {year}",
            "label": label,
            "year": year,
            "stem": stem,
            "column": column,
            "census": counting.census_date(year + 1),
            "at_census": stem in ("caseload", "sen_needs_all_plans"),
            "refresh_url": request.get_full_path(),
        }
    )
    # The members stored with the year's count (counted again in the background when the
    # records moved): the list always matches the count shown on the dashboard.
    found = stored.one_year(authority, year)
    if found.value is None or found.snapshot_id is None:
        return render(request, "insight/figures/children.html", context)
    listed = members(found.snapshot_id, counting.figure_key(stem, column), user)
    page = Paginator(listed, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    audit_many(
        request=request,
        action=AuditAction.VIEWED,
        child_ids=[member.child_id for member in page.object_list],
        summary=f"Listed behind the figure {stem}.{column} for {year}",
    )
    context.update(
        {
            "total": found.value.measures[stem][column],
            "page": page,
            "pagination": pagination(request, page, label="Children"),
            "counted": when_counted(found.counted_at),
            "stale": found.stale,
        }
    )
    return render(request, "insight/figures/children.html", context)
