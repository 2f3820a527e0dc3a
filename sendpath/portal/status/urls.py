"""The family's home, each child's case and plan, and the glossary (under ``/my/``)."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("help/words/", views.glossary, name="glossary"),
    path("<uuid:pk>/", views.child, name="child"),
    path("<uuid:pk>/timeline/", views.timeline, name="timeline"),
    path("<uuid:pk>/timeline/pdf/", views.timeline_pdf, name="timeline_pdf"),
    path("<uuid:pk>/plan/", views.plan, name="plan"),
    path("<uuid:pk>/plan/pdf/", views.plan_pdf, name="plan_pdf"),
]
