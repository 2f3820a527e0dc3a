"""Caseworkers' pages for the plan: drafting A-K, sending the draft, consultation, the final plan,
and the print-ready plan (HTML and PDF)."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from markupsafe import Markup

from sendpath.core.formatting import govuk_date
from sendpath.core.views import posted
from sendpath.people.models import Organisation
from sendpath.people.views import _apply_errors, _user

from . import plan as plans
from .forms_plan import (
    TYPE_ONLY,
    ConsultForm,
    DraftSendForm,
    FinalIssueForm,
    NeedForm,
    OutcomeForm,
    PlacementForm,
    ProvisionForm,
    RemoveForm,
    ResponseForm,
    SectionTextForm,
)
from .models import (
    Case,
    Plan,
    PlanNeed,
    PlanOutcome,
    PlanProvision,
    PlanStatus,
    ProvisionSection,
    Stage,
)
from .views import audit_case_view, get_case


def _plan_url(case: Case, anchor: str = "") -> str:
    return reverse("ehc:plan", args=[case.pk]) + (f"#{anchor}" if anchor else "")


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], form: Any = None
) -> HttpResponse:
    return render(
        request, template, context, status=400 if form is not None and form.errors else 200
    )


# ---------------------------------------------------------------------------------------------
# What the plan shows, worked out once for the plan page, the print page and the PDF


def plan_context(case: Case, plan: Plan) -> dict[str, Any]:
    needs = list(plan.needs.all())
    outcomes = list(plan.outcomes.prefetch_related("needs"))
    provisions = list(plan.provisions.prefetch_related("needs"))
    numbers = plans.need_numbers(needs)

    def linked(item: Any) -> list[str]:
        return [
            f"Need {numbers[n.pk]}: {n.area}"
            for n in sorted(item.needs.all(), key=lambda n: numbers.get(n.pk, 0))
            if n.pk in numbers
        ]

    need_rows = [
        {
            "need": n,
            "number": numbers[n.pk],
            "outcomes": sum(1 for o in outcomes if n in o.needs.all()),
            "provisions": sum(1 for p in provisions if n in p.needs.all()),
        }
        for n in needs
    ]
    outcome_rows = [{"outcome": o, "needs": linked(o)} for o in outcomes]
    sections = []
    for value, label in ProvisionSection.choices:
        sections.append(
            {
                "letter": value,
                "title": plans.SECTION_TITLES[value],
                "label": label,
                "rows": [
                    {"provision": p, "needs": linked(p)} for p in provisions if p.section == value
                ],
            }
        )
    close = plans.representations_close(case) if plan.draft_sent_on else None
    return {
        "plan": plan,
        "needs": need_rows,
        "outcomes": outcome_rows,
        "provision_sections": sections,
        "titles": plans.SECTION_TITLES,
        "text_sections": plans.TEXT_SECTIONS,
        "representations_close": close,
        "show_pfa": plans.preparing_for_adulthood_applies(case.child)
        or any(o.preparing_for_adulthood for o in outcomes),
        "is_final": plan.status == PlanStatus.FINAL,
    }


# ---------------------------------------------------------------------------------------------
# The plan page


@require_http_methods(["GET"])
def plan_page(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk)
    plan = plans.plan_for(case, _user(request))
    audit_case_view(request, case, "Viewed the plan")
    can_edit = _user(request).has_perm("ehc.change_case", case)
    return render(
        request,
        "ehc/plan/plan.html",
        {
            "title": f"Plan: {case.child.full_name}",
            "case": case,
            "tab": "plan",
            "can_edit": can_edit,
            "editable": can_edit and plans.is_editable(case, plan),
            "problems": plans.golden_thread_problems(plan),
            **plan_context(case, plan),
        },
    )


def _editable_plan(request: HttpRequest, pk: UUID) -> tuple[Case, Plan] | HttpResponse:
    """The case and plan for an editing page, or a redirect when the plan can't be changed."""
    case = get_case(request, pk, "ehc.change_case")
    plan = plans.plan_for(case, _user(request))
    if not plans.is_editable(case, plan):
        if plan.status == PlanStatus.FINAL:
            messages.info(
                request,
                "The final plan has been issued, so it can no longer be changed here",
            )
        else:
            messages.info(
                request, "The plan can be drafted once the authority has decided to assess"
            )
        return redirect(_plan_url(case))
    return case, plan


@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, pk: UUID, letter: str) -> HttpResponse:
    spec = plans.TEXT_SECTIONS.get(letter.lower())
    if spec is None:
        raise Http404
    found = _editable_plan(request, pk)
    if isinstance(found, HttpResponse):
        return found
    case, plan = found
    form = SectionTextForm(
        posted(request),
        initial={"text": getattr(plan, spec.field)},
        label=f"{spec.letter}: {spec.title}",
        hint=spec.hint,
    )
    if request.method == "POST" and form.is_valid():
        try:
            plans.plan_section_update(
                actor=_user(request),
                plan=plan,
                section=spec.letter,
                text=form.cleaned_data["text"],
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Section {spec.letter} saved")
            return redirect(_plan_url(case, f"section-{spec.letter.lower()}"))
    return _render(
        request,
        "ehc/plan/section_form.html",
        {
            "title": f"Section {spec.letter}: {spec.title}",
            "case": case,
            "tab": "plan",
            "form": form,
        },
        form,
    )


@require_http_methods(["GET", "POST"])
def need_edit(request: HttpRequest, pk: UUID, item: UUID | None = None) -> HttpResponse:
    found = _editable_plan(request, pk)
    if isinstance(found, HttpResponse):
        return found
    case, plan = found
    need = get_object_or_404(PlanNeed, pk=item, plan=plan) if item else None
    initial = {"area": need.area, "description": need.description} if need else None
    form = NeedForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = plans.need_save(
                actor=_user(request),
                plan=plan,
                area=form.cleaned_data["area"],
                description=form.cleaned_data["description"],
                need=need,
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Need saved" if need else "Need added to section B")
            return redirect(_plan_url(case, f"need-{saved.pk}"))
    return _render(
        request,
        "ehc/plan/need_form.html",
        {
            "title": "Change a need" if need else "Add a need",
            "case": case,
            "tab": "plan",
            "form": form,
        },
        form,
    )


def _need_choices(plan: Plan) -> list[tuple[str, str]]:
    needs = list(plan.needs.all())
    numbers = plans.need_numbers(needs)
    return [
        (str(n.pk), f"Need {numbers[n.pk]}: {n.area}. {plans._short(n.description, 80)}")
        for n in needs
    ]


@require_http_methods(["GET", "POST"])
def outcome_edit(request: HttpRequest, pk: UUID, item: UUID | None = None) -> HttpResponse:
    found = _editable_plan(request, pk)
    if isinstance(found, HttpResponse):
        return found
    case, plan = found
    outcome = get_object_or_404(PlanOutcome, pk=item, plan=plan) if item else None
    initial = None
    if outcome is not None:
        initial = {
            "what": outcome.what,
            "by_when": outcome.by_when,
            "how_measured": outcome.how_measured,
            "needs": [str(n.pk) for n in outcome.needs.all()],
            "preparing_for_adulthood": outcome.preparing_for_adulthood,
        }
    choices = _need_choices(plan)
    show_pfa = plans.preparing_for_adulthood_applies(case.child) or bool(
        outcome and outcome.preparing_for_adulthood
    )
    form = OutcomeForm(posted(request), initial=initial, needs=choices, show_pfa=show_pfa)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = plans.outcome_save(
                actor=_user(request),
                plan=plan,
                what=data["what"],
                by_when=data["by_when"],
                how_measured=data["how_measured"],
                needs=data["needs"],
                preparing_for_adulthood=bool(data.get("preparing_for_adulthood")),
                outcome=outcome,
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Outcome saved" if outcome else "Outcome added to section E")
            return redirect(_plan_url(case, f"outcome-{saved.pk}"))
    return _render(
        request,
        "ehc/plan/outcome_form.html",
        {
            "title": "Change an outcome" if outcome else "Add an outcome",
            "case": case,
            "tab": "plan",
            "form": form,
            "has_needs": bool(choices),
        },
        form,
    )


@require_http_methods(["GET", "POST"])
def provision_edit(request: HttpRequest, pk: UUID, item: UUID | None = None) -> HttpResponse:
    found = _editable_plan(request, pk)
    if isinstance(found, HttpResponse):
        return found
    case, plan = found
    provision = get_object_or_404(PlanProvision, pk=item, plan=plan) if item else None
    initial: dict[str, Any] = {"section": request.GET.get("section", "F")}
    if provision is not None:
        initial = {
            "section": provision.section,
            "what": provision.what,
            "who": provision.who,
            "how_often": provision.how_often,
            "how_long": provision.how_long,
            "needs": [str(n.pk) for n in provision.needs.all()],
        }
    choices = _need_choices(plan)
    form = ProvisionForm(posted(request), initial=initial, needs=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = plans.provision_save(
                actor=_user(request),
                plan=plan,
                section=data["section"],
                what=data["what"],
                who=data["who"],
                how_often=data["how_often"],
                how_long=data["how_long"],
                needs=data["needs"],
                provision=provision,
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                "Provision saved" if provision else f"Provision added to section {saved.section}",
            )
            return redirect(_plan_url(case, f"provision-{saved.pk}"))
    return _render(
        request,
        "ehc/plan/provision_form.html",
        {
            "title": "Change provision" if provision else "Add provision",
            "case": case,
            "tab": "plan",
            "form": form,
            "has_needs": bool(choices),
        },
        form,
    )


_REMOVABLE = {
    "needs": (PlanNeed, "need", "section-b"),
    "outcomes": (PlanOutcome, "outcome", "section-e"),
    "provision": (PlanProvision, "provision", "section-f"),
}


@require_http_methods(["GET", "POST"])
def item_remove(request: HttpRequest, pk: UUID, kind: str, item: UUID) -> HttpResponse:
    if kind not in _REMOVABLE:
        raise Http404
    model, noun, anchor = _REMOVABLE[kind]
    found = _editable_plan(request, pk)
    if isinstance(found, HttpResponse):
        return found
    case, plan = found
    obj: Any = get_object_or_404(model, pk=item, plan=plan)
    form = RemoveForm(posted(request))
    if request.method == "POST" and form.is_valid():
        actor = _user(request)
        try:
            if isinstance(obj, PlanNeed):
                plans.need_remove(actor=actor, plan=plan, need=obj, request=request)
            elif isinstance(obj, PlanOutcome):
                plans.outcome_remove(actor=actor, plan=plan, outcome=obj, request=request)
            else:
                plans.provision_remove(actor=actor, plan=plan, provision=obj, request=request)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"The {noun} has been removed")
            return redirect(_plan_url(case, anchor))
    described = f"{obj.area}: {obj.description}" if isinstance(obj, PlanNeed) else obj.what
    return _render(
        request,
        "ehc/plan/remove_form.html",
        {
            "title": f"Remove this {noun}?",
            "case": case,
            "tab": "plan",
            "form": form,
            "described": described,
        },
        form,
    )


# ---------------------------------------------------------------------------------------------
# Sending the draft


@require_http_methods(["GET", "POST"])
def draft_send(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk, "ehc.change_case")
    plan = plans.plan_for(case, _user(request))
    if case.stage != Stage.DRAFTING:
        if case.stage == Stage.DRAFT_SENT or plan.status != PlanStatus.DRAFT:
            messages.info(request, "The draft plan has already been sent")
        else:
            messages.info(
                request,
                "The draft plan can be sent once the decision to issue a plan is recorded",
            )
        return redirect(_plan_url(case))
    problems = plans.golden_thread_problems(plan)
    form = DraftSendForm(posted(request), has_problems=bool(problems))
    if request.method == "POST" and form.is_valid():
        try:
            plans.draft_send(
                actor=_user(request),
                case=case,
                sent_on=form.cleaned_data["sent_on"],
                warnings_checked=bool(form.cleaned_data.get("warnings_checked")),
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error, rename={"date": "sent_on"})
        else:
            close = plans.representations_close(case)
            messages.success(
                request,
                "Draft plan sent. The family can comment until "
                f"{govuk_date(close.due) if close else 'the end of the 15 days'}",
            )
            return redirect(_plan_url(case))
    return _render(
        request,
        "ehc/plan/send_form.html",
        {
            "title": "Send the draft plan to the family",
            "case": case,
            "tab": "plan",
            "form": form,
            "problems": problems,
        },
        form,
    )


# ---------------------------------------------------------------------------------------------
# Consultation


@require_http_methods(["GET"])
def consultation(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk)
    plan = plans.plan_for(case, _user(request))
    audit_case_view(request, case, "Viewed the consultation")
    named = plans.latest_event(case, "placement_named")
    return render(
        request,
        "ehc/consultation/consultation.html",
        {
            "title": f"Consultation: {case.child.full_name}",
            "case": case,
            "tab": "consultation",
            "plan": plan,
            "consultations": plans.consultations(case),
            "named": named,
            "open": case.stage == Stage.DRAFT_SENT,
            "can_edit": _user(request).has_perm("ehc.change_case", case),
            "representations_close": plans.representations_close(case),
        },
    )


def _consulting_case(request: HttpRequest, pk: UUID) -> Case | HttpResponse:
    case = get_case(request, pk, "ehc.change_case")
    if case.stage != Stage.DRAFT_SENT:
        messages.info(request, "Settings are consulted once the draft plan has been sent")
        return redirect("ehc:consultation", case.pk)
    return case


@require_http_methods(["GET", "POST"])
def setting_consult(request: HttpRequest, pk: UUID) -> HttpResponse:
    found = _consulting_case(request, pk)
    if isinstance(found, HttpResponse):
        return found
    case = found
    settings = {str(o.pk): o for o in plans.education_settings()}
    form = ConsultForm(
        posted(request),
        settings=[
            (k, o.name + (f" ({o.local_authority.name})" if o.local_authority else ""))
            for k, o in settings.items()
        ],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = plans.setting_consult(
                actor=_user(request),
                case=case,
                organisation=settings[data["organisation"]],
                consulted_on=data["consulted_on"],
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error, rename={"date": "consulted_on"})
        else:
            due = case.deadlines.filter(key=f"setting_response:{event.details['id']}").first()
            messages.success(
                request,
                f"{event.details['organisation']} consulted. Their response is due by "
                f"{govuk_date(due.due) if due else 'the end of 15 days'}",
            )
            return redirect("ehc:consultation", case.pk)
    return _render(
        request,
        "ehc/consultation/consult_form.html",
        {"title": "Consult a setting", "case": case, "tab": "consultation", "form": form},
        form,
    )


@require_http_methods(["GET", "POST"])
def setting_response(request: HttpRequest, pk: UUID, ident: str) -> HttpResponse:
    found = _consulting_case(request, pk)
    if isinstance(found, HttpResponse):
        return found
    case = found
    consulted = next((c for c in plans.consultations(case) if c.ident == ident), None)
    if consulted is None:
        raise Http404
    if consulted.response is not None:
        messages.info(
            request,
            f"The response from {consulted.organisation} is already recorded. "
            "To change it, correct it from the timeline",
        )
        return redirect("ehc:consultation", case.pk)
    form = ResponseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plans.setting_response_record(
                actor=_user(request),
                case=case,
                ident=ident,
                responded_on=data["responded_on"],
                can_meet=data["can_meet"] == "yes",
                reasons=data["reasons"],
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error, rename={"date": "responded_on"})
        else:
            messages.success(request, f"Response from {consulted.organisation} recorded")
            return redirect("ehc:consultation", case.pk)
    return _render(
        request,
        "ehc/consultation/response_form.html",
        {
            "title": f"Record the response from {consulted.organisation}",
            "case": case,
            "tab": "consultation",
            "form": form,
            "consulted": consulted,
        },
        form,
    )


@require_http_methods(["GET", "POST"])
def placement_name(request: HttpRequest, pk: UUID) -> HttpResponse:
    found = _consulting_case(request, pk)
    if isinstance(found, HttpResponse):
        return found
    case = found
    consulted = plans.consultations(case)

    def label(c: plans.Consultation) -> str:
        if c.response is None:
            return f"{c.organisation} (no response yet)"
        return f"{c.organisation} ({'can' if c.can_meet else 'cannot'} meet the needs)"

    form = PlacementForm(
        posted(request), consulted=[(c.organisation_id, label(c)) for c in consulted]
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = None
        if data["placement"] != TYPE_ONLY:
            organisation = Organisation.objects.filter(pk=data["placement"]).first()
        try:
            plans.placement_name(
                actor=_user(request),
                case=case,
                named_on=data["named_on"],
                organisation=organisation,
                setting_type=data.get("setting_type") or "",
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error, rename={"date": "named_on"})
        else:
            messages.success(request, "Placement named in section I of the plan")
            return redirect("ehc:consultation", case.pk)
    return _render(
        request,
        "ehc/consultation/placement_form.html",
        {
            "title": "Name the placement",
            "case": case,
            "tab": "consultation",
            "form": form,
            "cannot_meet": [c for c in consulted if c.can_meet is False],
        },
        form,
    )


# ---------------------------------------------------------------------------------------------
# The final plan


@require_http_methods(["GET", "POST"])
def final_issue(request: HttpRequest, pk: UUID) -> HttpResponse:
    case = get_case(request, pk, "ehc.change_case")
    plan = plans.plan_for(case, _user(request))
    if case.stage != Stage.DRAFT_SENT or plan.status == PlanStatus.FINAL:
        messages.info(
            request,
            "The final plan has already been issued"
            if plan.status == PlanStatus.FINAL or case.stage == Stage.FINAL_ISSUED
            else "The final plan can be issued once the draft plan has been sent",
        )
        return redirect(_plan_url(case))
    named = plans.latest_event(case, "placement_named")
    close = plans.representations_close(case)
    form = FinalIssueForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            plans.final_issue(
                actor=_user(request),
                case=case,
                issued_on=form.cleaned_data["issued_on"],
                early_confirmed=bool(form.cleaned_data.get("early_confirmed")),
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error, rename={"date": "issued_on"})
        else:
            messages.success(request, "Final plan issued")
            return redirect(_plan_url(case))
    return _render(
        request,
        "ehc/plan/issue_form.html",
        {
            "title": "Issue the final plan",
            "case": case,
            "tab": "plan",
            "form": form,
            "named": named,
            "plan": plan,
            "representations_close": close,
            "period_open": close is not None and close.due >= timezone.localdate(),
            "problems": plans.golden_thread_problems(plan),
        },
        form,
    )


def _document_context(request: HttpRequest, pk: UUID, what: str) -> dict[str, Any]:
    case = get_case(request, pk)
    plan = plans.plan_for(case, _user(request))
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
