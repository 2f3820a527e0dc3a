"""The oversight part's pages: reviews and phase transfers, and complaints, mediation and
tribunals (each a landing page), and the manager's list behind a review figure."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/children/", views.review_children, name="review_children"),
    path("disagreements/", views.disagreements, name="disagreements"),
]
