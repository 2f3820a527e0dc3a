"""URLs of complaints and disagreement resolution: the SEND team's pages under /complaints/,
the family's under /my/<child>/complaints/ (beside the portal's advice page)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views

ONE = "complaints/<uuid:pk>/"

urlpatterns: list[URLPattern] = [
    path("complaints/", views.complaints, name="complaints"),
    path("complaints/counts/", views.counts, name="complaint_counts"),
    path("complaints/response-times/", views.times, name="complaint_times"),
    path("complaints/children/<uuid:pk>/add/", views.add, name="complaint_add"),
    path(ONE, views.detail, name="complaint"),
    path(ONE + "respond/", views.respond, name="complaint_respond"),
    path(ONE + "move/", views.move, name="complaint_move"),
    path(ONE + "arrange/", views.arrange, name="complaint_arrange"),
    path(ONE + "outcome/", views.close, name="complaint_close"),
    path(ONE + "actions/add/", views.action_add, name="complaint_action_add"),
    path(ONE + "actions/<uuid:action_pk>/done/", views.action_done, name="complaint_action_done"),
    path("my/<uuid:pk>/complaints/make/", views.family_raise, name="family_complaint_raise"),
    path("my/<uuid:pk>/complaints/yours/", views.family_list, name="family_complaints"),
]
