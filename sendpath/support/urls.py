"""SEN support's pages, under ``/support/``, one module of URLs per part of the work."""

from __future__ import annotations

from django.urls import include, path

app_name = "support"

urlpatterns = [
    path("support/", include("sendpath.support.cycles.urls")),
    path("support/", include("sendpath.support.provision.urls")),
    path("support/", include("sendpath.support.readiness.urls")),
    path("support/", include("sendpath.support.partners.urls")),
]
