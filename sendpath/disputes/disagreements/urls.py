"""URLs of mediation, appeals and the tribunal's orders: see ``sendpath.disputes.urls``."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("disagreements/", views.home, name="disagreements"),
    path("disagreements/counts/", views.counts, name="disagreement_counts"),
    path("disagreements/cases/<uuid:case_pk>/new/", views.new, name="disagreement_new"),
    path("disagreements/<uuid:pk>/", views.detail, name="disagreement"),
    path("disagreements/<uuid:pk>/<slug:step>/", views.step, name="disagreement_step"),
    path("my/<uuid:pk>/disagreements/", views.family, name="family_disagreements"),
]
