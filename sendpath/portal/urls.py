"""The portal's pages, under ``/my/``, one module of URLs per part of the work."""

from __future__ import annotations

from django.urls import include, path

app_name = "portal"

urlpatterns = [
    path("my/", include("sendpath.portal.status.urls")),
    path("my/", include("sendpath.portal.asking.urls")),
    path("my/", include("sendpath.portal.voice.urls")),
    # Staff's side of the family's "All about me", beside the case's own pages.
    path("", include("sendpath.portal.voice.staff_urls")),
    # The family's messages: /my/preferences/, and the caseworker's /cases/<id>/family-messages/.
    path("", include("sendpath.portal.messages.urls")),
]
