"""Staff's side of "All about me", beside the case's pages (included at the site root by
``portal.urls``): the family's words into section A, and the family's files."""

from __future__ import annotations

from django.urls import path

from . import staff

urlpatterns = [
    path("cases/<uuid:pk>/all-about-me/", staff.case_all_about_me, name="case_all_about_me"),
    path(
        "cases/<uuid:pk>/plan/sections/a/family-words/",
        staff.use_family_words,
        name="use_family_words",
    ),
    path(
        "cases/<uuid:pk>/all-about-me/files/<uuid:file_pk>/",
        staff.case_file,
        name="case_all_about_me_file",
    ),
]
