from django.urls import path

from . import views

app_name = "signin"

urlpatterns = [
    path("locked-accounts/", views.locked_accounts, name="locked_accounts"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetSentView.as_view(), name="password_reset_sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "welcome/<uidb64>/<token>/",
        views.InvitationConfirmView.as_view(),
        name="invitation_confirm",
    ),
    path("welcome/done/", views.InvitationCompleteView.as_view(), name="invitation_complete"),
    path(
        "password-reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
