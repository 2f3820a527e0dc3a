"""The sen2 part's pages: the SEN2 return for the SEND team."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("sen2/", views.sen2_index, name="sen2"),
    path("sen2/<uuid:pk>/", views.sen2_run, name="sen2_run"),
    path("sen2/<uuid:pk>/download/", views.sen2_download, name="sen2_download"),
]
