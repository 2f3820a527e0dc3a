"""Pages that belong to no domain: home, sign-in, help pages and the error pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from .formatting import contact_lines
from .forms import field_params  # noqa: F401  (re-exported for templates' tests)
from .signin import policy
from .sso import config as sso_config


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive",
        "inactive": "This account has been switched off. Ask your administrator",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Username"
        # No autofocus: it skips the page's heading and skip link for screen reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": False}
        )
        self.fields["password"].label = "Password"
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class SignInView(auth_views.LoginView):
    template_name = "core/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = "Sign in"
        context["session_period"] = policy.session_period()
        context["failure_limit"] = policy.failure_limit()
        context["sso_enabled"] = sso_config.enabled()
        return context

    def form_invalid(self, form: Any) -> HttpResponse:
        if getattr(self.request, "axes_locked_out", False):
            # django-axes refused the account (too many failures): say so, not "wrong password".
            form.errors.pop("__all__", None)
            form.add_error(
                None,
                "This account is locked because of too many failed sign-ins. Try again in "
                f"{policy.lockout_period()}, or ask your administrator to unlock it",
            )
        return super().form_invalid(form)


class SignOutView(auth_views.LogoutView):
    """GET shows a confirmation button (sign-out changes state, so it is only ever a POST)."""

    http_method_names = ["get", "post", "options"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect("login")
        return render(request, "core/sign_out.html", {"title": "Sign out"})


# When the accessibility statement was written and last checked against the service (change
# the review date, and the statement, whenever the service is tested again).
ACCESSIBILITY_STATEMENT_PREPARED = dt.date(2026, 12, 5)
ACCESSIBILITY_STATEMENT_REVIEWED = dt.date(2026, 12, 5)
# When the privacy notice was last changed.
PRIVACY_NOTICE_UPDATED = dt.date(2026, 12, 5)


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/accessibility.html",
        {
            "title": "Accessibility statement",
            "contact": contact_lines(settings.ACCESSIBILITY_CONTACT),
            "prepared_on": ACCESSIBILITY_STATEMENT_PREPARED,
            "reviewed_on": ACCESSIBILITY_STATEMENT_REVIEWED,
        },
    )


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/privacy.html",
        {
            "title": "Privacy notice",
            "dpo": contact_lines(settings.DATA_PROTECTION_OFFICER),
            "retention_age": settings.RECORD_RETENTION_AGE,
            "updated_on": PRIVACY_NOTICE_UPDATED,
        },
    )


@require_GET
def cookies(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/cookies.html",
        {"title": "Cookies", "session_period": policy.session_period()},
    )


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def posted(request: HttpRequest) -> Any:
    """The form data to bind: the POST (even an empty one, so its errors show) or None."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest) -> Any:
    return request.FILES if request.method == "POST" else None


def pagination(
    request: HttpRequest, page: Page[Any], param: str = "page", label: str = ""
) -> dict[str, Any]:
    """Parameters for the GOV.UK pagination component, keeping the current query string
    (``param`` names the page number and ``label`` the navigation landmark, for a page with
    more than one list)."""

    def href(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return f"?{query.urlencode()}"

    paginator = page.paginator
    items: list[dict[str, Any]] = []
    for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append(
                {"number": number, "href": href(int(number)), "current": number == page.number}
            )
    params: dict[str, Any] = {"items": items if paginator.num_pages > 1 else []}
    if label:
        params["landmarkLabel"] = label
    if page.has_previous():
        params["previous"] = {"href": href(page.previous_page_number())}
    if page.has_next():
        params["next"] = {"href": href(page.next_page_number())}
    return params


def _error(request: HttpRequest, template: str, status: int, title: str) -> HttpResponse:
    if not hasattr(request, "user"):
        # Refused before the middleware ran (an unknown Host header): show the page signed out.
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
    return render(request, template, {"title": title}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "errors/400.html", 400, "Sorry, there is a problem with the request")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "errors/403.html", 403, "You do not have access to this page")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "errors/404.html", 404, "Page not found")


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors that could fail again; the template is static.
    from django.template.loader import get_template

    try:
        body = get_template("errors/500.html").render(
            {"title": "Sorry, there is a problem with the service", "request": None}
        )
    except Exception:
        body = "<h1>Sorry, there is a problem with the service</h1><p>Try again later.</p>"
    return HttpResponse(body, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request, "errors/csrf.html", 403, "Your session has expired or the form was sent twice"
    )


def valid_filters(form: Any) -> dict[str, Any]:
    """The values of a list's filter form that are valid. An invalid one (a school not in the
    list, a stage that does not exist) is left out and shown as an error on its field, and the
    page answers 400, while the other filters still apply: a bad value never silently clears
    every filter."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return dict(form.cleaned_data)


def filter_status(form: Any) -> int:
    """400 when a list's filter form shows an error, as for any form."""
    return 400 if form.is_bound and form.errors else 200
