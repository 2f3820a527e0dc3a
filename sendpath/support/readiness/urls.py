"""URLs of readiness: see ``sendpath.support.urls``."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
