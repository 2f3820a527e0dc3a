"""Insight's pages, under /insight/, one module of URLs per part."""

from __future__ import annotations

from django.urls import include, path

from . import views

app_name = "insight"

urlpatterns = [
    path("insight/", views.index, name="index"),
    *[
        path("insight/", include(f"sendpath.insight.{part}.urls"))
        for part in ("figures", "sen2", "groups", "provision", "quality", "oversight")
    ],
]
