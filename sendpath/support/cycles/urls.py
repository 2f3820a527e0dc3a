"""URLs of cycles: see ``sendpath.support.urls``."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views

CYCLE = "pupils/<uuid:pk>/cycles/<uuid:cycle_pk>/"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("pupils/<uuid:pk>/", views.pupil, name="pupil"),
    path("pupils/<uuid:pk>/register/", views.register, name="register"),
    path("pupils/<uuid:pk>/about/", views.record, name="record"),
    path("pupils/<uuid:pk>/summary/", views.summary, name="summary"),
    path("pupils/<uuid:pk>/plan/", views.plan, name="plan"),
    path("pupils/<uuid:pk>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("pupils/<uuid:pk>/cycles/start/", views.cycle_start, name="cycle_start"),
    path(CYCLE, views.cycle, name="cycle"),
    path(CYCLE + "targets/add/", views.target_edit, name="target_add"),
    path(CYCLE + "targets/<uuid:target_pk>/", views.target_edit, name="target_edit"),
    path(CYCLE + "targets/<uuid:target_pk>/result/", views.target_result, name="target_result"),
    path(CYCLE + "targets/<uuid:target_pk>/remove/", views.target_remove, name="target_remove"),
    path(CYCLE + "advice/add/", views.advice_edit, name="advice_add"),
    path(CYCLE + "advice/<uuid:advice_pk>/", views.advice_edit, name="advice_edit"),
    path(CYCLE + "notes/add/", views.note_add, name="note_add"),
    path(CYCLE + "<str:section>/", views.cycle_section, name="cycle_section"),
]
