"""The family's messages: their preferences (under ``/my/``), and the caseworker's view of what
was sent to the family about a case."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("my/preferences/", views.preferences, name="preferences"),
    path("cases/<uuid:pk>/family-messages/", views.case_messages, name="family_messages"),
    path(
        "cases/<uuid:pk>/family-messages/<int:message_pk>/send-again/",
        views.send_again,
        name="family_message_send_again",
    ),
    path(
        "cases/<uuid:pk>/family-messages/<int:message_pk>/posted/",
        views.letter_posted,
        name="family_letter_posted",
    ),
]
