"""The provision part's pages, under /insight/ (namespace ``insight``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("alternative-provision/", views.alternative_provision, name="alternative_provision"),
    path(
        "alternative-provision/children/<uuid:pk>/add/",
        views.placement_add,
        name="ap_placement_add",
    ),
    path(
        "alternative-provision/placements/<uuid:pk>/",
        views.placement_edit,
        name="ap_placement_edit",
    ),
    path("adulthood/", views.adulthood, name="adulthood"),
    path("adulthood/children/<uuid:pk>/", views.adulthood_edit, name="adulthood_edit"),
]
