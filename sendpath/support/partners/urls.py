"""URLs of partners: see ``sendpath.support.urls``."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("pupils/<uuid:child_id>/overview/", views.overview, name="overview"),
    path("profile/", views.profile, name="profile"),
]
