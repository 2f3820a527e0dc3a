"""The family's "All about me" (included under ``/my/`` by ``portal.urls``)."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("<uuid:pk>/all-about-me/", views.all_about_me, name="all_about_me"),
    path("<uuid:pk>/all-about-me/change/", views.all_about_me_change, name="all_about_me_change"),
    path(
        "<uuid:pk>/all-about-me/versions/<int:number>/",
        views.all_about_me_version,
        name="all_about_me_version",
    ),
    path("<uuid:pk>/all-about-me/easy-read/", views.easy_start, name="all_about_me_easy"),
    path(
        "<uuid:pk>/all-about-me/easy-read/check/",
        views.easy_check,
        name="all_about_me_easy_check",
    ),
    path(
        "<uuid:pk>/all-about-me/easy-read/<slug:step>/",
        views.easy_step,
        name="all_about_me_easy_step",
    ),
    path("<uuid:pk>/all-about-me/files/add/", views.file_add, name="all_about_me_file_add"),
    path(
        "<uuid:pk>/all-about-me/files/<uuid:file_pk>/",
        views.file_download,
        name="all_about_me_file",
    ),
    path(
        "<uuid:pk>/all-about-me/files/<uuid:file_pk>/remove/",
        views.file_remove,
        name="all_about_me_file_remove",
    ),
]
