"""Pages of the Local Offer: the public directory and keeping its entries up to date."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote as urlquote

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from sendpath.core.access import require
from sendpath.core.concurrency import StaleEditError
from sendpath.core.views import filter_status, pagination, posted, valid_filters

from . import reference, selectors, services
from .forms import ManageFilterForm, ProviderFilterForm, ProviderForm, SearchForm, ServiceForm
from .models import ACCESS_SHORT, Service, Source
from .pages import SHORTLIST_KEY, render_public, shortlist_ids
from .reach import in_reach_or_404

RESULTS_PER_PAGE = 20
SHORTLIST_MAX = 50


# ---------------------------------------------------------------------------------------------
# Public pages


def _service_href(return_to: str = "") -> Any:
    """A function giving a service page's address, reversing the URL pattern only once."""
    sample = uuid.UUID(int=0)
    pattern = reverse("localoffer:service", args=[sample])
    back = f"?back={urlquote(return_to, safe='/')}" if return_to else ""
    return lambda pk: pattern.replace(str(sample), str(pk)) + back


def _card(service: Service, href: Any) -> dict[str, Any]:
    """What a results row or shortlist row shows of a service (read by selectors.with_terms)."""
    distance = selectors.distance_miles(service)
    return {
        "service": service,
        "href": href(service.pk),
        "needs": service.need_names,  # type: ignore[attr-defined]
        "categories": service.category_names,  # type: ignore[attr-defined]
        "access": ACCESS_SHORT.get(service.access, ""),  # type: ignore[call-overload]
        "distance": f"{distance:.1f} miles" if distance is not None else "",
        "towns": service.towns,  # type: ignore[attr-defined]
    }


@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    return render_public(
        request,
        "localoffer/home.html",
        {
            "title": "Find services for children and young people with SEND",
            "search_form": SearchForm(),
            "categories": reference.CATEGORIES,
            "category_source": reference.CATEGORY_SOURCE,
        },
    )


@require_http_methods(["GET"])
def results(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    valid = form.is_valid()
    params = form.search()
    result = selectors.search(params)
    page = selectors.results_page(result, request.GET.get("page"), RESULTS_PER_PAGE)
    return_to = request.get_full_path()
    href = _service_href(return_to)
    found = selectors.with_terms(list(page.object_list), result.origin)
    cards = [_card(s, href) for s in found]
    chosen = _chosen_filters(form)  # the valid ones, when something was wrong
    return render_public(
        request,
        "localoffer/results.html",
        {
            "title": "Search results",
            "form": form if not valid else None,
            "search_form": form,
            "page": page,
            "cards": cards,
            "count": page.paginator.count,
            "pagination": pagination(request, page),
            "result": result,
            "chosen": chosen,
            "shortlist": set(shortlist_ids(request)),
            "return_to": return_to,
            "csrf_value": get_token(request),  # once, not once a card
        },
    )


def _chosen_filters(form: SearchForm) -> list[str]:
    """The filters in force, in words, so a family can see what narrowed the list."""
    d = form.cleaned_data
    words = []
    if d.get("q"):
        words.append(f"Matching “{d['q']}”")
    if d.get("postcode"):
        words.append(
            f"Within {d.get('radius') or selectors.DEFAULT_RADIUS} miles of {d['postcode']}"
        )
    if d.get("age") is not None:
        words.append(f"For age {d['age']}")
    words += [reference.NEED_LABELS[c] for c in d.get("need") or []]
    words += [reference.CATEGORY_LABELS[c] for c in d.get("category") or []]
    if d.get("cost"):
        words.append("Free only" if d["cost"] == "free" else "Paid only")
    if d.get("access"):
        words.append("No referral needed")
    if d.get("area"):
        words.append(f"In {d['area']}")
    return words


@require_http_methods(["GET"])
def service(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    found = selectors.public_service(pk)
    if found is None:
        raise Http404
    locations = [sal.location for sal in found.at_locations.all()]
    return render_public(
        request,
        "localoffer/service.html",
        {
            "title": found.name,
            "service": found,
            "locations": sorted(locations, key=lambda loc: loc.name),
            "needs": [t.name for t in found.needs.all()],
            "categories": [t.name for t in found.categories.all()],
            "access_label": ACCESS_SHORT.get(found.access, ""),  # type: ignore[call-overload]
            "in_shortlist": str(found.pk) in shortlist_ids(request),
            "back": _safe_back(request.GET.get("back", "")),
        },
    )


def _safe_back(value: str) -> str:
    """Only a link back into the Local Offer's own search, never elsewhere."""
    prefix = reverse("localoffer:results")
    return value if value.startswith(prefix) and "//" not in value else ""


@require_http_methods(["GET", "POST"])
def shortlist(request: HttpRequest) -> HttpResponse:
    ids = shortlist_ids(request)
    if request.method == "POST":
        action = request.POST.get("action", "")
        target = request.POST.get("service", "")
        back = request.POST.get("next", "")
        if action == "add-all":
            for value in request.POST.getlist("services"):
                if value not in ids:
                    ids.append(value)
        elif action == "add" and target and target not in ids:
            if selectors.public_service(_uuid_or_none(target)) is None:
                raise Http404
            ids.append(target)
        elif action == "remove" and target in ids:
            ids.remove(target)
        elif action == "clear":
            ids = []
        request.session[SHORTLIST_KEY] = ids[-SHORTLIST_MAX:]
        if action in {"add", "remove"} and back.startswith("/local-offer/") and "//" not in back:
            messages.success(
                request,
                "Added to your shortlist" if action == "add" else "Removed from your shortlist",
            )
            return redirect(back)
        return redirect("localoffer:shortlist")
    shared = request.GET.get("ids", "")
    if shared:
        services_shown = selectors.shortlisted(shared.split(",")[:SHORTLIST_MAX])
        is_shared = True
    else:
        services_shown = selectors.shortlisted(ids)
        is_shared = False
    share_url = request.build_absolute_uri(
        reverse("localoffer:shortlist") + "?ids=" + ",".join(str(s.pk) for s in services_shown)
    )
    return render_public(
        request,
        "localoffer/shortlist.html",
        {
            "title": "Shared shortlist" if is_shared else "Your shortlist",
            "cards": [_card(s, _service_href()) for s in services_shown],
            "csrf_value": get_token(request),
            "is_shared": is_shared,
            "share_url": share_url,
            "shortlist_set": set(ids),
        },
    )


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# Keeping entries up to date (staff: the Local Offer team, managers, administrators, providers)


@require_http_methods(["GET"])
def manage(request: HttpRequest) -> HttpResponse:
    require(request, "localoffer.manage", what="Local Offer entries")
    user = request.user
    form = ManageFilterForm(request.GET)
    data = valid_filters(form)
    mine = selectors.managed_services(user)
    counts = selectors.review_counts(mine)
    qs = selectors.filter_review(mine, data.get("review", ""))
    if data.get("q"):
        qs = qs.filter(Q(name__icontains=data["q"]) | Q(provider__name__icontains=data["q"]))
    qs = qs.order_by("review_by", "name")
    page = Paginator(qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "localoffer/manage/list.html",
        {
            "title": "Local Offer entries",
            "filter_form": form,
            "page": page,
            "counts": counts,
            "pagination": pagination(request, page),
            "may_add": request.user.has_perm("localoffer.add_service"),
            "may_answer": request.user.has_perm("localoffer.answer_comments"),
            "may_import": request.user.has_perm("localoffer.import_feed"),
            "may_link": request.user.has_perm("localoffer.change_provider"),
            "grace_days": reference.GRACE_DAYS,
            "review_source": reference.REVIEW_SOURCE,
        },
        status=filter_status(form),
    )


@require_http_methods(["GET"])
def providers(request: HttpRequest) -> HttpResponse:
    require(request, "localoffer.change_provider", what="Local Offer providers")
    form = ProviderFilterForm(request.GET)
    q = form.cleaned_data.get("q", "") if form.is_valid() else ""
    page = Paginator(selectors.providers(q), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "localoffer/manage/providers.html",
        {
            "title": "Providers",
            "filter_form": form,
            "form": form if form.errors else None,
            "q": q,
            "page": page,
            "pagination": pagination(request, page),
        },
    )


@require_http_methods(["GET", "POST"])
def provider_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    found = in_reach_or_404(
        request,
        "localoffer.change_provider",
        selectors.providers_with_organisation().filter(pk=pk).first(),
        what="changing a Local Offer provider",
    )
    if found.feed_id:
        messages.info(
            request,
            f"{found.name} comes from {found.feed.label if found.feed else 'another feed'}: "
            "it changes when that feed is imported again.",
        )
        return redirect("localoffer:providers")
    form = ProviderForm(
        posted(request),
        initial={
            "name": found.name,
            "description": found.description,
            "email": found.email,
            "website": found.website,
            "organisation": str(found.organisation_id or ""),
        },
        organisations=selectors.provider_organisations(),
    )
    if request.method == "POST" and form.is_valid():
        changed = services.provider_update(
            actor=request.user, provider=found, data=form.provider_data(), request=request
        )
        if changed:
            messages.success(request, f"{form.cleaned_data['name'].strip()} has been saved")
        else:
            messages.info(request, "Nothing was changed")
        return redirect("localoffer:providers")
    return render(
        request,
        "localoffer/manage/provider_form.html",
        {
            "title": f"Change {found.name}",
            "form": form,
            "provider": found,
            "entries": found.services.count(),
        },
        status=400 if form.is_bound else 200,
    )


def _managed(
    request: HttpRequest, pk: uuid.UUID, perm: str = "localoffer.change_service"
) -> Service:
    # No Local Offer rights, or another provider's entry: answered as if it did not exist.
    found = selectors.services_with_provider().filter(pk=pk).first()
    if not request.user.has_perm("localoffer.manage"):
        return in_reach_or_404(request, "localoffer.manage", found, what="Local Offer entries")
    return in_reach_or_404(request, perm, found, what="another provider's Local Offer entry")


@require_http_methods(["GET", "POST"])
def service_new(request: HttpRequest) -> HttpResponse:
    require(request, "localoffer.add_service", what="adding a Local Offer entry")
    return _service_form(request, None)


@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    found = _managed(request, pk)
    if found.source == Source.IMPORTED:
        messages.info(
            request,
            f"This entry comes from {found.feed.label if found.feed else 'another feed'}: "
            "it changes when that feed is imported again.",
        )
        return redirect("localoffer:service_manage", pk=found.pk)
    return _service_form(request, found)


def _service_form(request: HttpRequest, found: Service | None) -> HttpResponse:
    from .rules import is_local_offer_team

    user = request.user
    team = bool(is_local_offer_team(user))
    providers = selectors.providers_for(user=user)
    if not providers and not team:
        messages.info(
            request,
            "Your organisation is not linked to a provider yet. Ask the Local Offer team to link it.",
        )
        return redirect("localoffer:manage")
    initial = (
        ServiceForm.initial_for(found)
        if found
        else {
            "minimum_age": 0,
            "maximum_age": 25,
            "cost": "free",
            "access": "either",
            "status": "active",
            "provider": str(providers[0].pk) if len(providers) == 1 else "",
        }
    )
    form = ServiceForm(posted(request), initial=initial, providers=providers, may_add_provider=team)
    if found is not None:
        form.track(found, ServiceForm.initial_for)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            saved, warnings, done = _service_save(request, form, found)
        except StaleEditError as error:
            form.refuse_stale(error)
            status = 400
        else:
            messages.success(request, done)
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("localoffer:service_manage", pk=saved.pk)
    return render(
        request,
        "localoffer/manage/form.html",
        {
            "title": f"Change {found.name}" if found else "Add a service to the Local Offer",
            "form": form,
            "service": found,
        },
        status=400 if form.is_bound else status,
    )


def _service_save(
    request: HttpRequest, form: ServiceForm, found: Service | None
) -> tuple[Service, list[str], str]:
    user = request.user
    with transaction.atomic():
        chosen = form.providers.get(form.cleaned_data.get("provider") or "")
        if chosen is None:
            chosen = services.provider_create(
                actor=user, name=form.cleaned_data["new_provider"], request=request
            )
        data = form.service_data(chosen)
        if found is None:
            saved, warnings = services.service_create(actor=user, data=data, request=request)
            done = f"{saved.name} has been added to the Local Offer"
        else:
            saved, warnings = services.service_update(
                actor=user,
                service=found,
                data=data,
                based_on=form.cleaned_data.get("based_on", ""),
                request=request,
            )
            done = f"{saved.name} has been saved"
    return saved, warnings, done


@require_http_methods(["GET"])
def service_manage(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    found = _managed(request, pk)
    versions = list(found.versions.select_related("recorded_by").order_by("-number")[:50])
    for v in versions:
        v.changed_labels = [services.FIELD_LABELS.get(f, f) for f in v.changed_fields]  # type: ignore[attr-defined]
    locations = [sal.location for sal in found.at_locations.select_related("location")]
    return render(
        request,
        "localoffer/manage/detail.html",
        {
            "title": found.name,
            "service": found,
            "versions": versions,
            "locations": locations,
            "needs": [t.name for t in found.needs.all()],
            "categories": [t.name for t in found.categories.all()],
            "may_edit": found.source != Source.IMPORTED,
            "grace_days": reference.GRACE_DAYS,
        },
    )


@require_POST
def service_confirm(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    found = _managed(request, pk)
    services.service_confirm_review(actor=request.user, service=found, request=request)
    messages.success(
        request, f"{found.name} is confirmed as up to date. The next check is due in 12 months."
    )
    return redirect("localoffer:service_manage", pk=found.pk)
