"""Bringing in the caseload (included at the site root by ``ehc.urls``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("caseload/sen2/", views.sen2_upload, name="caseload_upload"),
    path("caseload/sen2/<uuid:pk>/", views.sen2_run, name="caseload_import"),
    path("children/<uuid:pk>/existing-plan/", views.existing_plan, name="existing_plan"),
]
