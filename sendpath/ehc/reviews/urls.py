"""Reviews of plans in force and phase transfers (included at the site root by ``ehc.urls``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("reviews/", views.review_list, name="reviews"),
    path("reviews/phase-transfers/", views.transfer_list, name="transfers"),
    path("cases/<uuid:pk>/review/", views.review_page, name="review"),
    path("cases/<uuid:pk>/review/schedule/", views.review_schedule, name="review_schedule"),
    path(
        "cases/<uuid:pk>/review/invitations/",
        views.review_invitations,
        name="review_invitations",
    ),
    path("cases/<uuid:pk>/review/meeting/", views.review_held, name="review_held"),
    path("cases/<uuid:pk>/review/report/", views.review_report, name="review_report"),
    path("cases/<uuid:pk>/review/decision/", views.review_decision, name="review_decision"),
    path(
        "cases/<uuid:pk>/review/phase-transfer/",
        views.phase_transfer,
        name="phase_transfer",
    ),
]
