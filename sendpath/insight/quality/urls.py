"""The quality part's pages: the multi-agency audit of EHC plans (seed 003, item 9)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("quality/", views.landing, name="quality"),
    path("quality/framework/", views.framework, name="quality_framework"),
    path("quality/framework/new/", views.criterion, name="quality_criterion_new"),
    path("quality/framework/<uuid:pk>/", views.criterion, name="quality_criterion"),
    path("quality/samples/new/", views.sample_new, name="quality_sample_new"),
    path("quality/samples/<uuid:pk>/", views.sample, name="quality_sample"),
    path("quality/plans/<uuid:pk>/", views.plan, name="quality_plan"),
    path("quality/plans/<uuid:pk>/auditors/", views.assign, name="quality_assign"),
    path(
        "quality/plans/<uuid:pk>/moderate/<str:section>/",
        views.moderate,
        name="quality_moderate",
    ),
    path("quality/plans/<uuid:pk>/findings/", views.findings, name="quality_findings"),
    path("quality/plans/<uuid:pk>/actions/new/", views.action_new, name="quality_action_new"),
    path(
        "quality/plans/<uuid:pk>/actions/<uuid:action_pk>/done/",
        views.action_done,
        name="quality_action_done",
    ),
    path("quality/audits/<uuid:pk>/", views.audit, name="quality_audit"),
]
