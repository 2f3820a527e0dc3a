"""Advice for an EHC needs assessment (included at the site root by ``ehc.urls``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("cases/<uuid:pk>/advice/", views.advice_page, name="advice"),
    path("cases/<uuid:pk>/advice/request/", views.advice_request, name="advice_request"),
    path("cases/<uuid:pk>/advice/existing/", views.advice_existing, name="advice_existing"),
    path(
        "cases/<uuid:pk>/advice/<slug:ident>/received/",
        views.advice_received,
        name="advice_received",
    ),
]
