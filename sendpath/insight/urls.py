"""Insight's pages, under /insight/, one module of URLs per part."""

from __future__ import annotations

from django.urls import include, path

app_name = "insight"

urlpatterns = [
    path("insight/", include(f"sendpath.insight.{part}.urls"))
    for part in ("figures", "sen2", "groups", "provision", "quality", "oversight")
]
