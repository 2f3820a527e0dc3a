"""Comments on the Local Offer and the published responses (SEND Regulations 2014 reg 56)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views_feedback as views

urlpatterns: list[URLPattern] = [
    path("local-offer/feedback/", views.feedback, name="feedback"),
    path("local-offer/feedback/sent/", views.feedback_sent, name="feedback_sent"),
    path(
        "local-offer/services/<uuid:pk>/feedback/",
        views.service_feedback,
        name="service_feedback",
    ),
    path("local-offer/you-said-we-did/", views.you_said, name="you_said"),
    path("local-offer/annual-report/", views.annual_report, name="annual_report"),
    path(
        "local-offer/annual-report/<int:year>/",
        views.annual_report,
        name="annual_report_year",
    ),
    path("manage/local-offer/comments/", views.comments, name="comments"),
    path("manage/local-offer/comments/<uuid:pk>/", views.comment, name="comment"),
    path(
        "manage/local-offer/comments/<uuid:pk>/publish/",
        views.comment_publish,
        name="comment_publish",
    ),
    path(
        "manage/local-offer/comments/<uuid:pk>/decline/",
        views.comment_decline,
        name="comment_decline",
    ),
]
