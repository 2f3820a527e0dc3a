"""Advice, decision notices and documents on a case (included at the site root by urls.py)."""

from django.urls import path

from . import views_advice as views

urlpatterns = [
    path("cases/<uuid:pk>/advice/", views.advice_page, name="advice"),
    path("cases/<uuid:pk>/advice/request/", views.advice_request, name="advice_request"),
    path("cases/<uuid:pk>/advice/existing/", views.advice_existing, name="advice_existing"),
    path(
        "cases/<uuid:pk>/advice/<slug:ident>/received/",
        views.advice_received,
        name="advice_received",
    ),
    path("cases/<uuid:pk>/advice/<slug:ident>/chase/", views.advice_chase, name="advice_chase"),
    path("cases/<uuid:pk>/notices/", views.notices_page, name="notices"),
    path("cases/<uuid:pk>/notices/<slug:kind>/", views.notice_letter, name="notice"),
    path("cases/<uuid:pk>/documents/", views.documents_page, name="documents"),
    path("cases/<uuid:pk>/documents/upload/", views.document_upload, name="document_upload"),
    path(
        "cases/<uuid:pk>/documents/<uuid:document_pk>/",
        views.document_download,
        name="document_download",
    ),
]
