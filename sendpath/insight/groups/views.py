"""Who is over- or under-represented: the page (leaders and managers; counts only for leaders),
the children behind a group's count (managers; paginated and audited), and the authority's
0-25 population (administrators)."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendpath.core import reference
from sendpath.core.access import request_user, require
from sendpath.core.audit import audit_many
from sendpath.core.models import AuditAction
from sendpath.core.steps import form_step
from sendpath.core.views import pagination, posted
from sendpath.insight import published
from sendpath.insight.figure import SMALL
from sendpath.insight.rules import CHILDREN, VIEW

from . import rules as group_rules
from . import selectors, services, stats
from .dimensions import POPULATION_NAMES, POPULATIONS, dimension
from .forms import PopulationForm, population_initial
from .tables import period_label, tables


@require_http_methods(["GET"])
def groups(request: HttpRequest) -> HttpResponse:
    require(request, VIEW, what="who is over- or under-represented")
    user = request_user(request)
    authority = user.authority
    la_code = getattr(authority, "la_code", "") or ""
    published_plans, period = selectors.authority_plans_published(la_code)
    population = selectors.local_population(authority)
    return render(
        request,
        "insight/groups/groups.html",
        {
            "title": "Who is over- or under-represented",
            "authority": authority,
            "la_code": la_code,
            "tables": tables(user, on=timezone.localdate(), may_list=user.has_perm(CHILDREN)),
            "population": population,
            "published_loaded": published.folder() is not None,
            "published_plans": published_plans,
            "period": period_label(period),
            "z": stats.Z_CRITICAL,
            "small": SMALL,
            "can_enter_population": user.has_perm(group_rules.CHANGE_POPULATION),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET"])
def group_children(
    request: HttpRequest, population: str, dimension_key: str, group_key: str
) -> HttpResponse:
    require(request, CHILDREN, what="the children behind a group's count")
    user = request_user(request)
    dim = dimension(dimension_key, timezone.localdate())
    group = dim.group(group_key) if dim is not None else None
    if population not in POPULATIONS or dim is None or group is None:
        raise Http404
    children = selectors.children_in_group(user, population, group)
    total = children.count()
    if 0 < total < SMALL:
        raise Http404  # a suppressed group has no list (its count is never shown)
    page = Paginator(children, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    audit_many(
        request=request,
        action=AuditAction.VIEWED,
        child_ids=[c.pk for c in shown],
        summary=f"Listed in insight: {POPULATION_NAMES[population]}, {dim.title}: {group.label}",
    )
    return render(
        request,
        "insight/groups/children.html",
        {
            "title": f"{POPULATION_NAMES[population]}: {dim.title.lower()}, {group.label}",
            "population": POPULATION_NAMES[population],
            "dimension": dim,
            "group": group,
            "total": total,
            "page": page,
            "children": shown,
            "needs": reference.NEED_LABELS,
            "pagination": pagination(request, page),
        },
    )


@require_http_methods(["GET", "POST"])
def population(request: HttpRequest) -> HttpResponse:
    require(request, group_rules.CHANGE_POPULATION, what="the authority's 0-25 population")
    user = request_user(request)
    found = selectors.local_population(user.authority)
    form = PopulationForm(posted(request), initial=population_initial(found))
    if found is not None:
        form.track(found, population_initial)
    return form_step(
        request,
        form,
        save=lambda data: services.population_save(actor=user, data=data, request=request),
        template="insight/groups/population.html",
        context={"title": "The authority's 0-25 population", "population": found},
        success="The 0-25 population is saved",
        next="insight:groups",
    )
