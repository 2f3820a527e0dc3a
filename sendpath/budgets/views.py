"""The SEND team's pages for personal budgets and direct payments, and the family's page.

Every page checks its permission (``rules.py``) and reaches only budgets of children the user
may see (``selectors.budgets_in_scope``); anything else is a 404 that looks like a missing page,
audited as a refusal.
"""

from __future__ import annotations

import csv
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sendpath.core.access import get_in_scope_or_404, request_user, require
from sendpath.core.audit import audit_many, audit_record
from sendpath.core.forms import set_choices
from sendpath.core.models import AuditAction
from sendpath.core.steps import form_step
from sendpath.core.views import filter_status, pagination, posted, valid_filters
from sendpath.people.access import get_child

from . import selectors, services
from .forms import (
    AgreementForm,
    ConsentForm,
    DecisionForm,
    DirectPaymentForm,
    ElementForm,
    FilterForm,
    MonitoringForm,
    PaidForm,
    PaymentForm,
    RequestForm,
    ReviewRequestForm,
    WithdrawForm,
)
from .models import BudgetElement, DirectPayment, Payment, PaymentStatus, PersonalBudget
from .money import csv_pounds

VIEW = "budgets.view_budgets"
CHANGE = "budgets.change_budgets"


def _budget(request: HttpRequest, pk: UUID, *, change: bool = False) -> PersonalBudget:
    """A budget of a child the user may see, or a 404 that looks like a missing page: also for
    a role that has no budgets' pages at all (a SENCO, a family, a leader), audited as a
    refusal."""
    found = selectors.child_id_of_budget(pk)
    if not request.user.has_perm(CHANGE if change else VIEW):
        audit_record(
            request=request,
            action=AuditAction.DENIED,
            child_id=found,
            summary="Refused: personal budget outside the user's access",
        )
        raise Http404
    return get_in_scope_or_404(
        request,
        selectors.budgets_in_scope(request_user(request)),
        pk,
        refused="personal budget outside the user's access",
        child_id=found,
    )


def _direct_payment(request: HttpRequest, pk: UUID) -> DirectPayment:
    budget = _budget(request, pk, change=True)
    direct_payment = selectors.direct_payment_of(budget)
    if direct_payment is None:
        raise Http404
    return direct_payment


def _url(budget: Any) -> str:
    return reverse("budgets:budget", args=[budget.pk])


# ---------------------------------------------------------------------------------------------
# The list


@require_http_methods(["GET"])
def budget_list(request: HttpRequest) -> HttpResponse:
    require(request, "budgets.view_list", what="personal budgets")
    user = request_user(request)
    today = timezone.localdate()
    form = FilterForm(request.GET or None)
    data = valid_filters(form)
    named = user.has_perm(VIEW)
    base = selectors.budgets_in_scope(user) if named else selectors.budgets_counted_for(user)
    budgets = selectors.filtered(
        base,
        status=data.get("status", ""),
        holding=data.get("holding", ""),
        monitoring=data.get("monitoring", ""),
        today=today,
    )
    context: dict[str, Any] = {
        "title": "Personal budgets",
        "form": form,
        "counts": selectors.counts(budgets, today),
        "named": named,
        "today": today,
    }
    if named:
        page = Paginator(
            budgets.select_related("direct_payment").order_by("-requested_on", "pk"),
            settings.PAGE_SIZE,
        ).get_page(request.GET.get("page"))
        audit_many(
            request=request,
            action=AuditAction.SEARCHED if data else AuditAction.VIEWED,
            child_ids=[b.child_id for b in page.object_list],
            summary="Listed personal budgets",
        )
        context |= {"page": page, "pagination": pagination(request, page, label="Budgets")}
    return render(request, "budgets/list.html", context, status=filter_status(form))


@require_http_methods(["GET"])
def payments_csv(request: HttpRequest) -> HttpResponse:
    """Every payment of the budgets in scope, for the council's finance system."""
    require(request, VIEW, what="personal budgets")
    user = request_user(request)
    payments = list(selectors.payments_in_scope(user))
    return _csv(request, payments, "direct-payments.csv")


def _csv(request: HttpRequest, payments: list[Payment], name: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(
        ["case_reference", "recipient", "account_last4", "due_on", "status", "paid_on", "amount"]
    )
    paid = 0
    for p in payments:
        dp = p.direct_payment
        writer.writerow(
            [
                dp.budget.case.reference,
                dp.recipient,
                dp.account_last4,
                p.due_on.isoformat(),
                p.status,
                p.paid_on.isoformat() if p.paid_on else "",
                csv_pounds(p.amount_pence),
            ]
        )
        if p.status == PaymentStatus.PAID:
            paid += p.amount_pence
    writer.writerow(["total_paid", "", "", "", "", "", csv_pounds(paid)])
    audit_many(
        request=request,
        action=AuditAction.VIEWED,
        child_ids=[p.direct_payment.budget.child_id for p in payments],
        summary="Exported direct payments (CSV)",
    )
    return response


# ---------------------------------------------------------------------------------------------
# One budget


@require_http_methods(["GET"])
def budget_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    budget = _budget(request, pk)
    dp = selectors.direct_payment_of(budget)
    today = timezone.localdate()
    return render(
        request,
        "budgets/budget.html",
        {
            "title": "Personal budget",
            "budget": budget,
            "elements": list(budget.elements.select_related("premises")),
            "dp": dp,
            "payments": list(selectors.payments_for(dp)),
            "blockers": services.payment_blockers(dp) if dp else [],
            "overdue": bool(dp and dp.monitoring_overdue(today)),
            "can_change": request.user.has_perm(CHANGE),
            "today": today,
        },
    )


@require_http_methods(["GET"])
def budget_csv(request: HttpRequest, pk: UUID) -> HttpResponse:
    budget = _budget(request, pk)
    payments = list(selectors.payments_of(budget))
    return _csv(request, payments, f"direct-payments-{budget.case.reference}.csv")


@require_http_methods(["GET", "POST"])
def budget_new(request: HttpRequest, case_pk: UUID) -> HttpResponse:
    require(request, CHANGE, what="personal budgets")
    user = request_user(request)
    case = get_in_scope_or_404(
        request, selectors.cases_in_scope(user), case_pk,
        refused="case outside the user's access",
    )  # fmt: skip
    form = RequestForm(posted(request), initial={"requested_on": timezone.localdate()})
    return form_step(
        request,
        form,
        save=lambda d: services.record_request(
            actor=user,
            case=case,
            asked_by=d["asked_by"],
            asked_when=d["asked_when"],
            requested_on=d["requested_on"],
            what_for=d.get("what_for", ""),
            request=request,
        ),
        template="budgets/form.html",
        context={"title": "Record a request for a personal budget", "case": case,
                 "back": reverse("ehc:case", args=[case.pk])},
        next=_url,
        success="Request recorded",
        errors_on=None,
    )  # fmt: skip


def _provision_choices(budget: PersonalBudget) -> list[tuple[str, str]]:
    items = selectors.provision_of(budget)
    return [(str(p.pk), f"{p.section}: {p.what[:120]}") for p in items]


@require_http_methods(["GET", "POST"])
def element_new(request: HttpRequest, pk: UUID) -> HttpResponse:
    budget = _budget(request, pk, change=True)
    user = request_user(request)
    form = ElementForm(posted(request))
    choices = _provision_choices(budget)
    set_choices(form, "provision", choices)
    schools = selectors.schools()
    set_choices(form, "premises", [("", "Not on a school's premises")] + [
        (str(o.pk), o.name) for o in schools[:500]
    ])  # fmt: skip

    def save(d: dict[str, Any]) -> BudgetElement:
        return services.add_element(
            actor=user,
            budget=budget,
            provision=selectors.provision_of(budget).get(pk=d["provision"]),
            amount_pence=d["amount"],
            holding=d["holding"],
            school_place=d.get("school_place", False),
            premises=selectors.organisation(d.get("premises")),
            third_party=d.get("third_party", ""),
            request=request,
        )

    return form_step(
        request,
        form,
        save=save,
        template="budgets/form.html",
        context={"title": "Add a part to the budget", "budget": budget, "back": _url(budget),
                 "no_provision": not choices,
                 "intro": "A personal budget pays for provision named in the plan. It comes "
                 "from the council's high needs money that is not given to schools, so it "
                 "never pays for the school or college place (SEND Code of Practice 9.95-9.124)."},
        next=_url(budget),
        success="Part added",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: UUID) -> HttpResponse:
    budget = _budget(request, pk, change=True)
    user = request_user(request)
    form = DecisionForm(posted(request), initial={"decided_on": timezone.localdate()})

    def save(d: dict[str, Any]) -> PersonalBudget:
        if d["decision"] == "agree":
            return services.agree(
                actor=user, budget=budget, decided_on=d["decided_on"], request=request
            )
        return services.refuse(
            actor=user,
            budget=budget,
            decided_on=d["decided_on"],
            reason=d.get("reason", ""),
            request=request,
        )

    return form_step(
        request, form, save=save, template="budgets/form.html",
        context={"title": "Respond to the request", "budget": budget, "back": _url(budget)},
        next=_url(budget), success="Decision recorded", errors_on="decision",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def review_request(request: HttpRequest, pk: UUID) -> HttpResponse:
    budget = _budget(request, pk, change=True)
    user = request_user(request)
    form = ReviewRequestForm(posted(request), initial={"on": timezone.localdate()})
    return form_step(
        request, form,
        save=lambda d: services.record_review_request(
            actor=user, budget=budget, on=d["on"], request=request
        ),
        template="budgets/form.html",
        context={"title": "The family asks for a review of the refusal", "budget": budget,
                 "back": _url(budget),
                 "intro": "The family may ask the council to review a decision not to make "
                 "direct payments (the Regulations, reg 8)."},
        next=_url(budget), success="Review request recorded", errors_on="on",
    )  # fmt: skip


def _direct_payment_values(dp: DirectPayment) -> dict[str, Any]:
    """What the direct payment's details form shows, for the version check."""
    return {
        "recipient": dp.recipient,
        "account_last4": dp.account_last4,
        "monitoring_every_months": dp.monitoring_every_months,
        "next_monitoring_due": dp.next_monitoring_due,
    }


@require_http_methods(["GET", "POST"])
def direct_payment(request: HttpRequest, pk: UUID) -> HttpResponse:
    dp = _direct_payment(request, pk)
    user = request_user(request)
    today = timezone.localdate()
    form = DirectPaymentForm(posted(request), initial=_direct_payment_values(dp))
    form.track(dp, _direct_payment_values)
    return form_step(
        request, form,
        save=lambda d: services.set_up_direct_payment(
            actor=user, direct_payment=dp, recipient=d["recipient"],
            account_last4=d["account_last4"],
            account_only_for_payments=d.get("account_only_for_payments", False),
            not_excluded=d.get("not_excluded", False),
            monitoring_every_months=d["monitoring_every_months"],
            next_monitoring_due=d["next_monitoring_due"], today=today,
            based_on=d.get("based_on"), request=request,
        ),
        template="budgets/form.html",
        context={"title": "Direct payment details", "budget": dp.budget,
                 "back": _url(dp.budget)},
        next=_url(dp.budget), success="Direct payment details saved",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, pk: UUID, action: str) -> HttpResponse:
    if action not in ("give", "withdraw"):
        raise Http404
    dp = _direct_payment(request, pk)
    user = request_user(request)
    form = ConsentForm(posted(request), initial={"on": timezone.localdate()})
    give = action == "give"

    def save(d: dict[str, Any]) -> Any:
        if give:
            return services.give_consent(actor=user, direct_payment=dp, on=d["on"], request=request)
        return services.withdraw_consent(actor=user, direct_payment=dp, on=d["on"], request=request)

    return form_step(
        request, form, save=save, template="budgets/form.html",
        context={"title": "Record consent to direct payments" if give
                 else "Record that consent was withdrawn", "budget": dp.budget,
                 "back": _url(dp.budget),
                 "intro": "" if give else "Every scheduled payment is cancelled at once, and "
                 "no payment can be made after it."},
        next=_url(dp.budget), success="Consent recorded" if give else "Consent withdrawn",
        errors_on="on",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def agreement(request: HttpRequest, pk: UUID, element_pk: UUID) -> HttpResponse:
    budget = _budget(request, pk, change=True)
    user = request_user(request)
    element = get_object_or_404(budget.elements.select_related("premises"), pk=element_pk)
    form = AgreementForm(posted(request), initial={"on": timezone.localdate()})
    return form_step(
        request, form,
        save=lambda d: services.record_premises_agreement(
            actor=user, element=element, on=d["on"], request=request
        ),
        template="budgets/form.html",
        context={"title": f"Written agreement of {element.premises}", "budget": budget,
                 "back": _url(budget),
                 "intro": "Direct payments may not pay for provision on a school's or "
                 "college's premises without its written agreement (the Regulations, reg 10)."},
        next=_url(budget), success="Agreement recorded", errors_on="on",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def payment_new(request: HttpRequest, pk: UUID) -> HttpResponse:
    dp = _direct_payment(request, pk)
    user = request_user(request)
    form = PaymentForm(posted(request), initial={"due_on": timezone.localdate()})
    return form_step(
        request, form,
        save=lambda d: services.schedule_payment(
            actor=user, direct_payment=dp, due_on=d["due_on"], amount_pence=d["amount"],
            paid=d.get("paid", False), request=request,
        ),
        template="budgets/form.html",
        context={"title": "Add a payment", "budget": dp.budget, "back": _url(dp.budget),
                 "blockers": services.payment_blockers(dp)},
        next=_url(dp.budget), success="Payment saved", errors_on=None,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def payment_paid(request: HttpRequest, pk: UUID, payment_pk: UUID) -> HttpResponse:
    dp = _direct_payment(request, pk)
    user = request_user(request)
    payment = get_object_or_404(dp.payments, pk=payment_pk)
    form = PaidForm(posted(request), initial={"paid_on": timezone.localdate()})
    return form_step(
        request, form,
        save=lambda d: services.mark_paid(
            actor=user, payment=payment, paid_on=d["paid_on"], request=request
        ),
        template="budgets/form.html",
        context={"title": "Record the payment as paid", "budget": dp.budget,
                 "back": _url(dp.budget)},
        next=_url(dp.budget), success="Payment recorded", errors_on=None,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def monitoring(request: HttpRequest, pk: UUID) -> HttpResponse:
    dp = _direct_payment(request, pk)
    user = request_user(request)
    form = MonitoringForm(posted(request), initial={"on": timezone.localdate()})
    return form_step(
        request, form,
        save=lambda d: services.record_monitoring(
            actor=user, direct_payment=dp, on=d["on"], note=d["note"], request=request
        ),
        template="budgets/form.html",
        context={"title": "Record a monitoring check", "budget": dp.budget,
                 "back": _url(dp.budget)},
        next=_url(dp.budget), success="Monitoring check recorded",
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# The family's page


@require_http_methods(["GET", "POST"])
def family_budget(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The family's view of their child's personal budget, where they may stop direct
    payments (withdraw their consent)."""
    child = get_child(request, pk)
    require(request, "budgets.family_view", child, what="personal budget")
    user = request_user(request)
    budget = selectors.latest_for_child(child)
    dp = selectors.direct_payment_of(budget) if budget else None
    form = WithdrawForm(posted(request))
    if request.method == "POST" and form.is_valid():
        if dp is None or not dp.consent_in_force:
            form.add_error("confirm", "There are no direct payments to stop")
            return _family_page(request, child, budget, dp, form)
        try:
            services.withdraw_consent(
                actor=user, direct_payment=dp, on=timezone.localdate(), request=request
            )
        except ValidationError as error:
            form.add_error("confirm", error.messages[0])
        else:
            messages.success(request, "Direct payments have stopped")
            return redirect("budgets:family", pk=child.pk)
    return _family_page(request, child, budget, dp, form)


def _family_page(
    request: HttpRequest, child: Any, budget: PersonalBudget | None, dp: Any, form: Any
) -> HttpResponse:
    return render(
        request,
        "budgets/family.html",
        {
            "title": "Your personal budget",
            "child": child,
            "budget": budget,
            "dp": dp,
            "elements": list(budget.elements.all()) if budget else [],
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
