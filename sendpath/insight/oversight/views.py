"""Oversight of reviews, phase transfers, complaints, mediation and tribunals.

Leaders and managers see the counts of their own authority; a leader never sees a child named
and gets no link to a list of children. A manager also opens the lists behind a count: the
existing complaints and disagreements lists, or this part's list of the plans behind a review
figure (stored with the count, paginated, scoped, and every child shown audited).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user, require
from sendpath.core.audit import audit_many
from sendpath.core.forms import GovukForm
from sendpath.core.models import AuditAction
from sendpath.core.views import filter_status, pagination, valid_filters
from sendpath.insight.rules import CHILDREN, VIEW
from sendpath.insight.snapshots import members, when_counted

from . import disagreements as dispute_figures
from . import reviews as review_figures
from . import selectors
from . import stored as stored_reviews


def _authority(user: Any) -> tuple[str, str]:
    authority = getattr(user, "authority", None)
    if authority is None:
        return "This authority", ""
    return authority.name, authority.la_code or ""


@require_http_methods(["GET"])
def reviews(request: HttpRequest) -> HttpResponse:
    require(request, VIEW, what="insight figures")
    user = request_user(request)
    today = timezone.localdate()
    name, la_code = _authority(user)
    managing = user.has_perm(CHILDREN)
    context: dict[str, Any] = {
        "title": "Annual reviews and phase transfers",
        "authority": name,
        "figures": [],
        "refresh_url": request.get_full_path(),
    }
    if user.authority is None:
        return render(request, "insight/oversight/reviews.html", context)
    # The counts as last stored (counted again in the background when the records moved).
    found = stored_reviews.read(user.authority, today)
    context.update({"counting": found.tally is None, "counted": when_counted(found.counted_at)})
    context["stale"] = found.stale
    if found.tally is not None:
        context["figures"] = review_figures.figures(
            found.tally,
            today=today,
            authority=name,
            where=review_figures.comparison(la_code),
            base_url=reverse("insight:review_children") if managing else "",
        )
    return render(request, "insight/oversight/reviews.html", context)


@require_http_methods(["GET"])
def disagreements(request: HttpRequest) -> HttpResponse:
    require(request, VIEW, what="insight figures")
    user = request_user(request)
    today = timezone.localdate()
    name, la_code = _authority(user)
    links: dict[str, str] = {}
    if user.has_perm(CHILDREN):
        links = {
            "complaints": reverse("disputes:complaints") + "?kind=complaint",
            "mediation": reverse("disputes:disagreements") + "?kind=mediation",
            "appeals": reverse("disputes:disagreements") + "?kind=appeal",
        }
    records = dispute_figures.Records(
        complaints=selectors.complaints(user),
        stages=selectors.complaint_stages(user),
        disagreements=selectors.disagreements(user),
        orders=selectors.orders(user),
        notices=selectors.decision_notices(user),
    )
    sections = dispute_figures.sections(
        records, today=today, authority=name, la_code=la_code, links=links
    )
    return render(
        request,
        "insight/oversight/disagreements.html",
        {"title": "Complaints, mediation and tribunals", "sections": sections, "authority": name},
    )


class ChildrenFilter(GovukForm):
    measure = forms.ChoiceField(
        label="Show", choices=list(review_figures.MEASURES.items()), required=False
    )
    year = forms.TypedChoiceField(label="Year", coerce=int, choices=[], required=False)


@require_http_methods(["GET"])
def review_children(request: HttpRequest) -> HttpResponse:
    """The plans behind a review figure's count, named: managers only. Read from the members
    stored with the year's count, a page at a time (the list matches the count shown)."""
    require(request, CHILDREN, what="the children behind insight figures")
    user = request_user(request)
    today = timezone.localdate()
    years = list(range(today.year - review_figures.YEARS + 1, today.year + 1))
    form = ChildrenFilter(request.GET or None)
    form.fields["year"].choices = [(str(y), str(y)) for y in years]  # type: ignore[attr-defined]
    data = valid_filters(form)
    measure = data.get("measure") or review_figures.LATE_REVIEWS
    year = data.get("year") or today.year
    context: dict[str, Any] = {
        "title": f"{review_figures.MEASURES[measure]}: {year}",
        "form": form,
        "measure": measure,
        "measures": review_figures.MEASURES,
        "day_label": review_figures.DAY_LABELS[measure],
        "year": year,
        "years": years,
        "cases": [],
        "refresh_url": request.get_full_path(),
    }
    found = stored_reviews.one_year(user.authority, year) if user.authority else None
    if found is None or found.value is None or found.snapshot_id is None:
        context["counting"] = user.authority is not None
        return render(
            request, "insight/oversight/children.html", context, status=filter_status(form)
        )
    paginator = Paginator(members(found.snapshot_id, measure, user), settings.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    audit_many(
        request=request,
        action=AuditAction.SEARCHED,
        child_ids=[m.child_id for m in page.object_list],
        summary="Shown on an insight list behind a review figure",
    )
    context.update(
        {
            "total": review_figures.late_count(measure, found.value.counts),
            "counted": when_counted(found.counted_at),
            "stale": found.stale,
            "cases": list(page.object_list),
            "page": page,
            "pagination": pagination(request, page),
        }
    )
    return render(request, "insight/oversight/children.html", context, status=filter_status(form))
