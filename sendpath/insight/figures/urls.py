"""The figures part's pages."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("figures/", views.figures, name="figures"),
    path("figures/children/", views.children, name="figure_children"),
]
