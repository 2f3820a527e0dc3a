"""URLs of readiness: see ``sendpath.support.urls``."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("pupils/<uuid:pk>/readiness/", views.readiness, name="readiness"),
    path("pupils/<uuid:pk>/request/", views.request_send, name="request"),
    path("pupils/<uuid:pk>/follow-up/", views.follow_up, name="follow_up"),
]
