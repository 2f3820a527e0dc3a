"""The groups part's pages: who is over- or under-represented."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("groups/", views.groups, name="groups"),
    path("groups/population/", views.population, name="groups_population"),
    path(
        "groups/<slug:population>/<slug:dimension_key>/<slug:group_key>/",
        views.group_children,
        name="groups_children",
    ),
]
