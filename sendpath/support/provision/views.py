"""Pages for a pupil's voice ("My Story"), costed provision map and evidence of need, the
school's spend on SEN support and the authority's threshold.

The school's SENCO keeps these records for the pupils on its roll; the SEND team (the child's
authority) and the Virtual School (cared-for children) read them: the same pages without the
change links, and any change they post is refused (403, audited). A pupil out of reach is a 404.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendpath.core.access import get_in_scope_or_404, request_user, require
from sendpath.core.audit import audit_many, audit_record
from sendpath.core.models import AuditAction
from sendpath.core.steps import form_step
from sendpath.core.views import pagination, posted, posted_files
from sendpath.people.models import Child

from ..models import CostBasis, EvidenceOfNeed, ProvisionEntry, PupilVoice, term_of
from ..money import pounds
from . import selectors, services
from .forms import EvidenceForm, ProvisionForm, ThresholdForm, VoiceForm


def pupil_url(child: Child) -> str:
    """The pupil's SEN support page."""
    return reverse("support:pupil", kwargs={"pk": child.pk})


def _child(request: HttpRequest, pk: UUID, *, change: bool = False) -> Child:
    """The pupil, if in the user's reach (404 otherwise); a change needs the SENCO's right."""
    require(request, "support.view_support", what="SEN support records")
    user = request_user(request)
    child = get_in_scope_or_404(
        request,
        selectors.pupils(user=user),
        pk,
        refused="SEN support record outside the user's access",
        child_id=pk,
    )
    if change or request.method == "POST":
        require(request, "support.change_support", child, what="changing SEN support records")
    return child


def _page(child: Child, request: HttpRequest, **more: Any) -> dict[str, Any]:
    return {
        "child": child,
        "pupil_url": pupil_url(child),
        "can_change": request.user.has_perm("support.change_support"),
        **more,
    }


def _remove(
    request: HttpRequest,
    child: Child,
    *,
    title: str,
    described: str,
    back: str,
    remove: Any,
    done: str,
) -> HttpResponse:
    if request.method == "POST":
        remove()
        messages.success(request, done)
        return redirect(back)
    return render(
        request,
        "support/provision/remove.html",
        _page(child, request, title=title, described=described, back=back),
    )


# ---------------------------------------------------------------------------------------------
# Pupil voice ("My Story")


@require_http_methods(["GET"])
def voice(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = _child(request, pk)
    return render(
        request,
        "support/provision/voice.html",
        _page(child, request, title="My Story: the child's views", story=selectors.my_story(child)),
    )


@require_http_methods(["GET", "POST"])
def voice_edit(request: HttpRequest, pk: UUID, item_pk: UUID | None = None) -> HttpResponse:
    child = _child(request, pk, change=True)
    user = request_user(request)
    found = get_object_or_404(selectors.my_story(child), pk=item_pk) if item_pk else None
    initial = VoiceForm.initial_for(found) if found else {"gathered_by": user.get_full_name()}
    form = VoiceForm(posted(request), posted_files(request), initial=initial)
    if found is not None:
        form.track(found, VoiceForm.initial_for)
    back = reverse("support:voice", kwargs={"pk": child.pk})
    return form_step(
        request,
        form,
        save=lambda data: services.voice_save(
            actor=user,
            child=child,
            voice=found,
            data=data,
            upload=data.get("file"),
            request=request,
        ),
        template="support/provision/voice_form.html",
        context=_page(
            child,
            request,
            title="Change the child's views" if found else "Record the child's views",
            item=found,
            back=back,
        ),
        success="The child's views are saved",
        next=back,
    )


@require_http_methods(["GET", "POST"])
def voice_remove(request: HttpRequest, pk: UUID, item_pk: UUID) -> HttpResponse:
    child = _child(request, pk, change=True)
    user = request_user(request)
    found: PupilVoice = get_object_or_404(selectors.my_story(child), pk=item_pk)
    return _remove(
        request,
        child,
        title="Remove these views?",
        described=(
            f"{found.get_method_display()}, gathered on {found.gathered_on:%-d %B %Y} "
            f"by {found.gathered_by}"
        ),
        back=reverse("support:voice", kwargs={"pk": child.pk}),
        remove=lambda: services.voice_remove(actor=user, voice=found, request=request),
        done="The child's views are removed",
    )


@require_http_methods(["GET"])
def voice_file(request: HttpRequest, pk: UUID, item_pk: UUID) -> FileResponse:
    child = _child(request, pk)
    found: PupilVoice = get_object_or_404(selectors.my_story(child), pk=item_pk)
    if not found.file:
        raise Http404
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=found,
        child_id=child.pk,
        summary=f"Downloaded a file of the child's views ({found.original_name})",
    )
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.original_name or "file",
        content_type=found.content_type or "application/octet-stream",
    )


# ---------------------------------------------------------------------------------------------
# The costed provision map


@require_http_methods(["GET"])
def provision(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = _child(request, pk)
    the_map = selectors.provision_map(child, timezone.localdate())
    return render(
        request,
        "support/provision/provision.html",
        _page(
            child,
            request,
            title="Costed provision map",
            map=the_map,
        ),
    )


@require_http_methods(["GET", "POST"])
def provision_edit(request: HttpRequest, pk: UUID, item_pk: UUID | None = None) -> HttpResponse:
    child = _child(request, pk, change=True)
    user = request_user(request)
    found = get_object_or_404(selectors.provision_for(child), pk=item_pk) if item_pk else None
    today = timezone.localdate()
    if found is not None:
        initial = ProvisionForm.initial_for(found)
    else:
        year, term = term_of(today)
        initial = {"term_key": f"{year}-{term}", "group_size": 1, "cost_basis": CostBasis.HOUR}
    form = ProvisionForm(posted(request), initial=initial, today=today, entry=found)
    if found is not None:
        form.track(found, ProvisionForm.initial_for)
    back = reverse("support:provision", kwargs={"pk": child.pk})
    school = found.school if found is not None else user.organisation
    return form_step(
        request,
        form,
        save=lambda data: services.provision_save(
            actor=user, child=child, school=school, entry=found, data=data, request=request
        ),
        template="support/provision/provision_form.html",
        context=_page(
            child,
            request,
            title="Change the provision" if found else "Add provision to the map",
            item=found,
            back=back,
        ),
        success=lambda entry: f"Provision saved: {pounds(entry.cost_pence)} for the term",
        next=back,
        rename={"rate_pence": "rate", "school_year": "term_key", "term": "term_key"},
    )


@require_http_methods(["GET", "POST"])
def provision_remove(request: HttpRequest, pk: UUID, item_pk: UUID) -> HttpResponse:
    child = _child(request, pk, change=True)
    user = request_user(request)
    found: ProvisionEntry = get_object_or_404(selectors.provision_for(child), pk=item_pk)
    return _remove(
        request,
        child,
        title="Remove this provision?",
        described=(
            f"{found.description}, {selectors.term_label(found.school_year, found.term)}: "
            f"{pounds(found.cost_pence)} for the term"
        ),
        back=reverse("support:provision", kwargs={"pk": child.pk}),
        remove=lambda: services.provision_remove(actor=user, entry=found, request=request),
        done="The provision is removed from the map",
    )


# ---------------------------------------------------------------------------------------------
# Evidence of need


@require_http_methods(["GET"])
def evidence(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = _child(request, pk)
    return render(
        request,
        "support/provision/evidence.html",
        _page(child, request, title="Evidence of need", items=selectors.evidence_for(child)),
    )


@require_http_methods(["GET", "POST"])
def evidence_edit(request: HttpRequest, pk: UUID, item_pk: UUID | None = None) -> HttpResponse:
    child = _child(request, pk, change=True)
    user = request_user(request)
    found = get_object_or_404(selectors.evidence_for(child), pk=item_pk) if item_pk else None
    form = EvidenceForm(posted(request), initial=EvidenceForm.initial_for(found) if found else {})
    if found is not None:
        form.track(found, EvidenceForm.initial_for)
    back = reverse("support:evidence", kwargs={"pk": child.pk})
    return form_step(
        request,
        form,
        save=lambda data: services.evidence_save(
            actor=user, child=child, evidence=found, data=data, request=request
        ),
        template="support/provision/evidence_form.html",
        context=_page(
            child,
            request,
            title="Change the evidence of need" if found else "Add evidence of need",
            item=found,
            back=back,
        ),
        success="Evidence of need saved",
        next=back,
    )


@require_http_methods(["GET", "POST"])
def evidence_remove(request: HttpRequest, pk: UUID, item_pk: UUID) -> HttpResponse:
    child = _child(request, pk, change=True)
    user = request_user(request)
    found: EvidenceOfNeed = get_object_or_404(selectors.evidence_for(child), pk=item_pk)
    return _remove(
        request,
        child,
        title="Remove this evidence?",
        described=f"{found.get_kind_display()}, recorded on {found.recorded_on:%-d %B %Y}",
        back=reverse("support:evidence", kwargs={"pk": child.pk}),
        remove=lambda: services.evidence_remove(actor=user, evidence=found, request=request),
        done="The evidence is removed",
    )


# ---------------------------------------------------------------------------------------------
# The whole school


@require_http_methods(["GET"])
def school_provision(request: HttpRequest) -> HttpResponse:
    require(request, "support.use_support", what="the school's provision")
    user = request_user(request)
    school = user.organisation
    if school is None:
        raise Http404
    year, _ = term_of(timezone.localdate())
    spend = selectors.school_spend(school=school, school_year=year)
    above = selectors.pupils_above_threshold(user=user, school=school, school_year=year)
    page = Paginator(above, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    audit_many(
        request=request,
        action=AuditAction.VIEWED,
        child_ids=[c.pk for c in page.object_list],
        summary="Listed among pupils whose provision is above the threshold",
    )
    return render(
        request,
        "support/provision/school.html",
        {
            "title": "Provision across the school",
            "school": school,
            "year_label": selectors.year_label(year),
            "spend": spend,
            "page": page,
            "pagination": pagination(request, page),
        },
    )


# ---------------------------------------------------------------------------------------------
# The authority's threshold


@require_http_methods(["GET", "POST"])
def threshold(request: HttpRequest) -> HttpResponse:
    require(request, "support.set_threshold", what="the notional SEN budget threshold")
    user = request_user(request)
    authority = user.authority
    if authority is None:
        raise Http404
    found = selectors.settings_for(authority)
    current = selectors.threshold_pence(authority)
    initial = ThresholdForm.initial_for(found) if found else {"threshold": str(current // 100)}
    form = ThresholdForm(posted(request), initial=initial)
    if found is not None:
        form.track(found, ThresholdForm.initial_for)
    return form_step(
        request,
        form,
        save=lambda data: services.threshold_set(
            actor=user,
            authority=authority,
            threshold_pence=data["threshold"],
            based_on=data.get("based_on"),
            request=request,
        ),
        template="support/provision/threshold.html",
        context={
            "title": "Notional SEN budget threshold",
            "authority": authority,
            "current": pounds(current),
        },
        success=lambda s: f"The threshold is now {pounds(s.threshold_pence)} a year",
        next=reverse("support:settings"),
    )
