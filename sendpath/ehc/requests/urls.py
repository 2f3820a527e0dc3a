"""Requests for assessment: the worklist, the panel, intake, decisions, exceptions,
corrections, assigning and closing (included at the site root by ``ehc.urls``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("cases/", views.worklist, name="worklist"),
    path("panel/", views.panel, name="panel"),
    path("children/<uuid:pk>/request/", views.request_create, name="request_create"),
    path("cases/<uuid:pk>/decision/<str:kind>/", views.decision, name="decision"),
    path("cases/<uuid:pk>/exception/", views.exception_record, name="exception"),
    path(
        "cases/<uuid:pk>/events/<int:event_pk>/correct/", views.event_correct, name="event_correct"
    ),
    path("cases/<uuid:pk>/assign/", views.case_assign, name="assign"),
    path("cases/<uuid:pk>/close/", views.case_close, name="close"),
]
