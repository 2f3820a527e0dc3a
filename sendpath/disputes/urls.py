"""The disagreements' pages, one module of URLs per part of the work."""

from __future__ import annotations

from django.urls import include, path

app_name = "disputes"

urlpatterns = [
    path("", include("sendpath.disputes.disagreements.urls")),
    path("", include("sendpath.disputes.complaints.urls")),
]
