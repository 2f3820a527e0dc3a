"""Plan versions, amendments and ceasing (included at the site root by ``ehc.urls``)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("cases/<uuid:pk>/plan/versions/", views.amendments_page, name="amendments"),
    path("cases/<uuid:pk>/plan/versions/compare/", views.plan_compare, name="plan_compare"),
    path(
        "cases/<uuid:pk>/plan/amendments/propose/",
        views.amendment_propose,
        name="amendment_propose",
    ),
    path(
        "cases/<uuid:pk>/plan/amendments/issue/",
        views.amendment_issue,
        name="amendment_issue",
    ),
    path(
        "cases/<uuid:pk>/plan/amendments/decline/",
        views.amendment_decline,
        name="amendment_decline",
    ),
    path("cases/<uuid:pk>/plan/cease/", views.cease, name="cease"),
]
