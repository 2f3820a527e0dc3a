"""The personal budgets' pages, under ``/budgets/``."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "budgets"

urlpatterns = [
    path("budgets/", views.budget_list, name="list"),
    path("budgets/payments.csv", views.payments_csv, name="payments_csv"),
    path("budgets/case/<uuid:case_pk>/new/", views.budget_new, name="new"),
    path("budgets/family/<uuid:pk>/", views.family_budget, name="family"),
    path("budgets/<uuid:pk>/", views.budget_detail, name="budget"),
    path("budgets/<uuid:pk>/payments.csv", views.budget_csv, name="budget_csv"),
    path("budgets/<uuid:pk>/parts/new/", views.element_new, name="element_new"),
    path("budgets/<uuid:pk>/decision/", views.decide, name="decide"),
    path("budgets/<uuid:pk>/review/", views.review_request, name="review_request"),
    path("budgets/<uuid:pk>/direct-payment/", views.direct_payment, name="direct_payment"),
    path("budgets/<uuid:pk>/consent/<str:action>/", views.consent, name="consent"),
    path(
        "budgets/<uuid:pk>/parts/<uuid:element_pk>/agreement/",
        views.agreement,
        name="agreement",
    ),
    path("budgets/<uuid:pk>/payments/new/", views.payment_new, name="payment_new"),
    path(
        "budgets/<uuid:pk>/payments/<uuid:payment_pk>/paid/",
        views.payment_paid,
        name="payment_paid",
    ),
    path("budgets/<uuid:pk>/monitoring/", views.monitoring, name="monitoring"),
]
