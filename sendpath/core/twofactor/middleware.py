"""Until a signed-in user who owes a second factor has given it, they reach only its pages."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from sendpath.core.middleware import PUBLIC_PREFIXES

from . import policy

# What someone part-way through signing in may still open: the second factor's own pages,
# signing out, and the public pages (privacy notice, accessibility statement, static files...).
OPEN_PREFIXES = ("/two-factor/", "/sign-out/", *PUBLIC_PREFIXES)


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and policy.owed(request):
            if not request.path.startswith(OPEN_PREFIXES):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('twofactor:verify')}?{query}")
            # The layout shows no menu to someone part-way through signing in.
            request.second_factor_owed = True  # type: ignore[attr-defined]
        return self.get_response(request)
