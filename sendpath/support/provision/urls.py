"""URLs of provision: see ``sendpath.support.urls``.

A pupil's voice ("My Story"), costed provision map and evidence of need; the school's spend;
the authority's threshold."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("pupils/<uuid:pk>/voice/", views.voice, name="voice"),
    path("pupils/<uuid:pk>/voice/add/", views.voice_edit, name="voice_add"),
    path("pupils/<uuid:pk>/voice/<uuid:item_pk>/", views.voice_edit, name="voice_edit"),
    path("pupils/<uuid:pk>/voice/<uuid:item_pk>/remove/", views.voice_remove, name="voice_remove"),
    path("pupils/<uuid:pk>/voice/<uuid:item_pk>/file/", views.voice_file, name="voice_file"),
    path("pupils/<uuid:pk>/provision/", views.provision, name="provision"),
    path("pupils/<uuid:pk>/provision/add/", views.provision_edit, name="provision_add"),
    path("pupils/<uuid:pk>/provision/<uuid:item_pk>/", views.provision_edit, name="provision_edit"),
    path(
        "pupils/<uuid:pk>/provision/<uuid:item_pk>/remove/",
        views.provision_remove,
        name="provision_remove",
    ),
    path("pupils/<uuid:pk>/evidence/", views.evidence, name="evidence"),
    path("pupils/<uuid:pk>/evidence/add/", views.evidence_edit, name="evidence_add"),
    path("pupils/<uuid:pk>/evidence/<uuid:item_pk>/", views.evidence_edit, name="evidence_edit"),
    path(
        "pupils/<uuid:pk>/evidence/<uuid:item_pk>/remove/",
        views.evidence_remove,
        name="evidence_remove",
    ),
    path("provision/", views.school_provision, name="school_provision"),
    path("settings/", views.threshold, name="settings"),
]
