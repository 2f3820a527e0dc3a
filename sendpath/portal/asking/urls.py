"""What a family can ask for and send, under ``/my/<child>/`` (namespace ``portal``)."""

from __future__ import annotations

from django.urls import path

from .views import assessment, draft, sending

urlpatterns = [
    path(
        "<uuid:pk>/ask-for-an-assessment/",
        assessment.ask_assessment,
        name="ask_assessment",
    ),
    path(
        "<uuid:pk>/ask-for-an-assessment/sent/",
        assessment.ask_assessment_sent,
        name="ask_assessment_sent",
    ),
    path("<uuid:pk>/draft-plan/", draft.draft_plan, name="draft_plan"),
    path(
        "<uuid:pk>/draft-plan/comments/",
        draft.draft_representations,
        name="draft_representations",
    ),
    path("<uuid:pk>/draft-plan/meeting/", draft.draft_meeting, name="draft_meeting"),
    path("<uuid:pk>/draft-plan/school/", draft.draft_placement, name="draft_placement"),
    path("<uuid:pk>/personal-budget/", sending.personal_budget, name="personal_budget"),
    path("<uuid:pk>/documents/", sending.documents, name="documents"),
    path("<uuid:pk>/something-is-wrong/", sending.concern, name="concern"),
    path("<uuid:pk>/complaints/", sending.complaints, name="complaints"),
    path("<uuid:pk>/review/", sending.review_contribution, name="review_contribution"),
]
