"""A URL configuration for the error page tests: the real one plus a view that fails."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from sendpath.config.urls import handler403, handler404, handler500, urlpatterns


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("Deliberate failure for the error page test: SECRET-DETAIL")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


urlpatterns = [*urlpatterns, path("test-broken/", broken), path("test-forbidden/", forbidden)]
__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
