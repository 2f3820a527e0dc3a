"""The sign-in pages beside the sign-in itself: password reset and the locked accounts list."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.password_validation import password_validators_help_texts
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy

from sendpath.core.access import require
from sendpath.core.steps import form_step
from sendpath.core.views import posted

from . import policy, selectors, services
from .forms import NewPasswordForm, PasswordResetRequestForm, UnlockForm


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """axes' AXES_LOCKOUT_CALLABLE: the sign-in page already says the account is locked."""
    if original_response is None:
        return redirect("login")
    original_response.status_code = 429
    return original_response


def locked_accounts(request: HttpRequest) -> HttpResponse:
    require(request, "core.unlock_accounts")
    return form_step(
        request,
        UnlockForm(posted(request)),
        save=lambda data: services.unlock_account(request=request, username=data["username"]),
        template="core/locked_accounts.html",
        context=lambda: {
            "title": "Locked accounts",
            "accounts": selectors.locked_accounts(),
            "failure_limit": policy.failure_limit(),
            "lockout_period": policy.lockout_period(),
        },
        next="signin:locked_accounts",
        success=lambda username: f"{username} is unlocked and can sign in again",
        errors_on=None,
    )


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "core/password_reset.html"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("signin:password_reset_sent")
    extra_context = {"title": "Reset your password"}

    def form_valid(self, form: Any) -> HttpResponse:
        services.send_password_reset(request=self.request, email=form.cleaned_data["email"])
        return redirect(self.get_success_url())


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "core/password_reset_sent.html"
    extra_context = {"title": "Check your email"}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The page a one-time link opens: a reset link, or (``InvitationConfirmView``) the link
    a new member of staff is invited with, which welcomes them instead."""

    template_name = "core/password_set.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("signin:password_reset_complete")
    kind = services.RESET

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        invited = self.kind == services.INVITATION
        heading = "Create your password" if invited else "Choose a new password"
        context["title"] = heading if context.get("validlink") else "This link does not work"
        context["invited"] = invited
        context["password_rules"] = password_validators_help_texts()
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        services.set_new_password(
            request=self.request,
            user=form.user,
            password=form.cleaned_data["new_password1"],
            kind=self.kind,
        )
        self.request.session.pop(auth_views.INTERNAL_RESET_SESSION_TOKEN, None)
        return redirect(self.get_success_url())


class InvitationConfirmView(PasswordResetConfirmView):
    success_url = reverse_lazy("signin:invitation_complete")
    kind = services.INVITATION

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        form.fields["new_password1"].label = "Password"
        form.fields["new_password1"].error_messages["required"] = "Enter a password"
        form.fields["new_password2"].label = "Confirm your password"
        form.fields["new_password2"].error_messages["required"] = "Enter the password again"
        return form


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "core/password_set_done.html"
    extra_context = {"title": "Your password has been changed"}


class InvitationCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "core/password_set_done.html"
    extra_context = {"title": "Your password is set", "invited": True}
