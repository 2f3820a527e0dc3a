"""The personal budgets' pages: each role's reach, bad input, the CSV, section J and audit."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sendpath.budgets import services
from sendpath.budgets.models import BudgetStatus, PaymentStatus, PersonalBudget
from sendpath.core.formatting import govuk_date
from sendpath.core.models import AuditEntry
from sendpath.people.models import Role
from sendpath.portal.tests.asking_support import body, client_of

from .support import agreed_direct_payment, budget_url, date_fields, provision_of, requested, today

pytestmark = pytest.mark.django_db


def test_the_caseworker_records_adds_a_part_and_agrees(world, case):
    client = client_of(world.user(Role.CASEWORKER))
    new = reverse("budgets:new", args=[case.pk])
    assert client.get(new).status_code == 200
    response = client.post(
        new,
        {"asked_by": "parent", "asked_when": "review", **date_fields("requested_on", today())},
    )
    assert response.status_code == 302
    budget = PersonalBudget.objects.get(case=case)
    page = body(client.get(budget_url(budget)))
    assert "must respond" in page
    assert "Awaiting a response" in page
    response = client.post(
        budget_url(budget, "element_new"),
        {
            "provision": str(provision_of(case).pk),
            "amount": "1,250.50",
            "holding": "direct_payment",
        },
    )
    assert response.status_code == 302
    response = client.post(
        budget_url(budget, "decide"), {"decision": "agree", **date_fields("decided_on", today())}
    )
    assert response.status_code == 302
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.AGREED
    assert budget.amount_pence == 125_050
    # Section J of the plan shows the parts, from the records.
    plan_page = body(client.get(reverse("ehc:plan", args=[case.pk])))
    assert "Parts of the personal budget" in plan_page
    assert "£1,250.50" in plan_page
    # The case page's panel.
    assert "Personal budgets" in body(client.get(case.get_absolute_url()))


def test_bad_input_names_the_field_keeps_what_was_typed_and_writes_nothing(world, case):
    client = client_of(world.user(Role.CASEWORKER))
    budget = requested(world, case)
    response = client.post(
        budget_url(budget, "element_new"),
        {"provision": str(provision_of(case).pk), "amount": "lots", "holding": "arrangement"},
    )
    assert response.status_code == 400
    page = body(response)
    assert "Amount a year must be an amount in pounds" in page
    assert 'value="lots"' in page
    response = client.post(
        budget_url(budget, "element_new"),
        {"provision": str(provision_of(case).pk), "amount": "100", "holding": "arrangement",
         "school_place": "on"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "cannot pay for a school or college place" in body(response)
    response = client.post(
        budget_url(budget, "decide"), {"decision": "refuse", **date_fields("decided_on", today())}
    )
    assert response.status_code == 400
    assert "Enter the reasons for the refusal" in body(response)
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.REQUESTED
    assert not budget.elements.exists()


@pytest.mark.parametrize("who", ["other_caseworker", "other_senco", Role.SENCO, "other_family"])
def test_others_get_a_404_that_is_audited(world, family, case, who):
    budget = requested(world, case)
    user = family.other_parent if who == "other_family" else world.user(who)
    client = client_of(user)
    for url in (
        budget_url(budget),
        budget_url(budget, "budget_csv"),
        budget_url(budget, "decide"),
        budget_url(budget, "element_new"),
    ):
        assert client.get(url).status_code == 404
    assert client.post(budget_url(budget, "decide"), {"decision": "agree"}).status_code == 404
    assert AuditEntry.objects.filter(actor=user, action="denied", child_id=case.child_id).exists()
    family_page = reverse("budgets:family", args=[case.child_id])
    assert client.get(family_page).status_code in (403, 404)
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.REQUESTED


def test_another_authority_sees_none_in_its_list(world, case):
    requested(world, case)
    page = body(client_of(world.user("other_caseworker")).get(reverse("budgets:list")))
    assert case.child.full_name not in page


def test_the_leader_sees_counts_only(world, case):
    requested(world, case)
    client = client_of(world.user(Role.LEADER))
    response = client.get(reverse("budgets:list"))
    assert response.status_code == 200
    page = body(response)
    assert 'data-count="requested">1<' in page
    assert case.child.full_name not in page
    budget = PersonalBudget.objects.get()
    assert client.get(budget_url(budget)).status_code == 404


def test_the_list_filters_counts_and_audits(world, case):
    _budget, dp = agreed_direct_payment(world, case)
    dp.next_monitoring_due = today() - dt.timedelta(days=1)
    dp.save()
    client = client_of(world.user(Role.CASEWORKER))
    page = body(client.get(reverse("budgets:list"), {"monitoring": "overdue"}))
    assert case.child.full_name in page
    assert "Overdue" in page
    assert 'data-count="overdue">1<' in page
    assert AuditEntry.objects.filter(child_id=case.child_id, action="searched").exists()
    page = body(client.get(reverse("budgets:list"), {"status": "requested"}))
    assert case.child.full_name not in page
    assert client.get(reverse("budgets:list"), {"status": "nonsense"}).status_code == 400


def test_the_csv_has_the_columns_and_the_total_paid(world, case):
    actor = world.user(Role.CASEWORKER)
    budget, dp = agreed_direct_payment(world, case)
    services.schedule_payment(
        actor=actor, direct_payment=dp, due_on=dt.date(2026, 1, 5), amount_pence=25_050, paid=True
    )
    services.schedule_payment(
        actor=actor, direct_payment=dp, due_on=dt.date(2026, 2, 5), amount_pence=10_000, paid=True
    )
    services.schedule_payment(
        actor=actor, direct_payment=dp, due_on=today() + dt.timedelta(days=40), amount_pence=999
    )
    response = client_of(actor).get(budget_url(budget, "budget_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "case_reference", "recipient", "account_last4", "due_on", "status", "paid_on", "amount"
    ]  # fmt: skip
    assert rows[1] == [case.reference, "The child's mother", "4321", "2026-01-05", "paid",
                       "2026-01-05", "250.50"]  # fmt: skip
    assert rows[3][4] == "scheduled"
    assert rows[3][6] == "9.99"
    assert rows[-1] == ["total_paid", "", "", "", "", "", "350.50"]
    assert AuditEntry.objects.filter(
        child_id=case.child_id, summary__contains="Exported direct payments"
    ).exists()


def test_the_family_sees_the_budget_and_stops_payments(world, family, case):
    actor = world.user(Role.CASEWORKER)
    budget, dp = agreed_direct_payment(world, case)
    later = services.schedule_payment(
        actor=actor, direct_payment=dp, due_on=today() + dt.timedelta(days=10), amount_pence=100
    )
    client = client_of(family.parent)
    home = body(client.get(reverse("portal:child", args=[family.child.pk])))
    assert "Your personal budget" in home
    assert "Agreed: £3,000.00 a year paid to you" in home
    page = client.get(reverse("budgets:family", args=[family.child.pk]))
    assert page.status_code == 200
    assert "Stop direct payments" in body(page)
    bad = client.post(reverse("budgets:family", args=[family.child.pk]), {})
    assert bad.status_code == 400
    later.refresh_from_db()
    assert later.status == PaymentStatus.SCHEDULED
    response = client.post(reverse("budgets:family", args=[family.child.pk]), {"confirm": "on"})
    assert response.status_code == 302
    later.refresh_from_db()
    assert later.status == PaymentStatus.CANCELLED
    dp.refresh_from_db()
    assert dp.consent_withdrawn_on == today()
    assert AuditEntry.objects.filter(
        actor=family.parent, summary__contains="withdrawn", child_id=family.child.pk
    ).exists()
    # The caseworker can no longer add a payment.
    staff = client_of(actor)
    response = staff.post(
        budget_url(budget, "payment_new"),
        {**date_fields("due_on", today()), "amount": "10", "paid": "on"},
    )
    assert response.status_code == 400
    assert "consent" in body(response)
    assert dp.payments.count() == 1


def test_a_stale_decision_is_refused(world, case):
    actor = world.user(Role.CASEWORKER)
    budget = requested(world, case)
    services.add_element(
        actor=actor, budget=budget, provision=provision_of(case), amount_pence=100,
        holding="arrangement",
    )  # fmt: skip
    stale = PersonalBudget.objects.get(pk=budget.pk)
    services.refuse(actor=actor, budget=budget, decided_on=today(), reason="Not efficient")
    with pytest.raises(ValidationError, match="awaiting a response"):
        services.agree(actor=actor, budget=stale, decided_on=today())
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.REFUSED


def test_the_list_is_paginated(world, family, case, settings):
    from sendpath.portal.tests.asking_support import case_in_force

    settings.PAGE_SIZE = 1
    requested(world, case)
    requested(world, case_in_force(world, family.own, meeting_in=None))
    client = client_of(world.user(Role.CASEWORKER))
    first = body(client.get(reverse("budgets:list")))
    second = body(client.get(reverse("budgets:list"), {"page": 2}))
    names = {case.child.full_name, family.own.full_name}
    assert sum(n in first for n in names) == 1
    assert sum(n in second for n in names) == 1
    assert 'data-count="total">2<' in first


def test_the_finance_csv_holds_only_the_authoritys_payments(world, case):
    _budget, dp = agreed_direct_payment(world, case)
    services.schedule_payment(
        actor=world.user(Role.CASEWORKER), direct_payment=dp, due_on=today(), amount_pence=500,
        paid=True,
    )  # fmt: skip
    ours = client_of(world.user(Role.MANAGER)).get(reverse("budgets:payments_csv"))
    assert case.reference in ours.content.decode()
    assert "5.00" in ours.content.decode()
    theirs = client_of(world.user("other_caseworker")).get(reverse("budgets:payments_csv"))
    rows = list(csv.reader(io.StringIO(theirs.content.decode())))
    assert rows == [rows[0], ["total_paid", "", "", "", "", "", "0.00"]]


def test_section_j_of_the_printed_plan_comes_from_the_records(world, case):
    agreed_direct_payment(world, case)
    client = client_of(world.user(Role.CASEWORKER))
    page = body(client.get(reverse("ehc:plan_print", args=[case.pk])))
    assert "Parts of the personal budget" in page
    assert "£3,000.00" in page
    assert "Direct payment" in page


def test_overdue_monitoring_is_an_alert_on_the_teams_front_page(world, case):
    _budget, dp = agreed_direct_payment(world, case)
    client = client_of(world.user(Role.CASEWORKER))
    assert "monitoring check overdue" not in body(client.get(reverse("home"), follow=True))
    dp.next_monitoring_due = today() - dt.timedelta(days=3)
    dp.save()
    assert "1 direct payment has its monitoring check overdue" in body(
        client.get(reverse("home"), follow=True)
    )
    other = client_of(world.user("other_caseworker"))
    assert "monitoring check overdue" not in body(other.get(reverse("home"), follow=True))


def test_a_parent_whose_access_stopped_at_16_gets_a_404(world, family):
    client = client_of(family.parent)
    response = client.get(reverse("budgets:family", args=[family.closed_to_parent.pk]))
    assert response.status_code == 404


def test_an_issued_plan_shows_what_was_issued_not_the_budget_agreed_since(world, family, case):
    from sendpath.ehc.models import PlanVersion
    from sendpath.ehc.plans.versions import snapshot_plan

    if not PlanVersion.objects.filter(plan__case=case).exists():
        PlanVersion.objects.create(
            plan=case.plan, number=1, issued_on=today(), snapshot=snapshot_plan(case.plan)
        )
    agreed_direct_payment(world, case)
    page = body(client_of(family.parent).get(reverse("portal:plan", args=[family.child.pk])))
    assert "Speech therapy" in page  # the issued plan is shown
    assert "Parts of the personal budget" not in page


def test_a_plan_issued_after_the_budget_is_agreed_says_it_in_section_j(world, family, case):
    from sendpath.ehc.models import PlanVersion
    from sendpath.ehc.plans.versions import snapshot_plan

    agreed_direct_payment(world, case)
    PlanVersion.objects.filter(plan__case=case).delete()
    kept = snapshot_plan(case.plan)
    PlanVersion.objects.create(plan=case.plan, number=1, issued_on=today(), snapshot=kept)
    budget = PersonalBudget.objects.get(case=case)
    section_j = kept["sections"]["J"]
    assert f"Personal budget agreed on {govuk_date(budget.decided_on)}" in section_j
    assert "Section F: Speech therapy" in section_j
    assert "Direct payment" in section_j
    page = body(client_of(family.parent).get(reverse("portal:plan", args=[family.child.pk])))
    assert f"Personal budget agreed on {govuk_date(budget.decided_on)}" in page


def test_a_stale_save_of_the_direct_payment_details_is_refused_and_keeps_what_was_typed(
    world, case
):
    budget, dp = agreed_direct_payment(world, case)
    client = client_of(world.user(Role.CASEWORKER))
    url = reverse("budgets:direct_payment", args=[budget.pk])
    page = body(client.get(url))
    token = re.search(r'name="based_on"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="based_on"', page
    )
    assert token
    # Someone else changes the details after the page was opened.
    services.set_up_direct_payment(
        actor=world.user(Role.MANAGER), direct_payment=dp, recipient="The young person",
        account_last4="4321", account_only_for_payments=True, not_excluded=True,
        monitoring_every_months=6, next_monitoring_due=today() + dt.timedelta(days=90),
        today=today(),
    )  # fmt: skip
    response = client.post(
        url,
        {"based_on": token.group(1), "recipient": "The child's father", "account_last4": "9876",
         "account_only_for_payments": "on", "not_excluded": "on", "monitoring_every_months": "2",
         **date_fields("next_monitoring_due", today() + dt.timedelta(days=30))},
    )  # fmt: skip
    assert response.status_code == 400
    text = body(response)
    assert "they changed it to “The young person”" in text
    assert 'value="The child&#x27;s father"' in text or "The child's father" in text
    dp.refresh_from_db()
    assert (dp.recipient, dp.account_last4, dp.monitoring_every_months) == (
        "The young person",
        "4321",
        6,
    )
