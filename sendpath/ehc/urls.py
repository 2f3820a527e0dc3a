"""EHC case pages: each workflow's sub-package brings its own URLs, all under the ``ehc`` namespace."""

from django.urls import include, path

app_name = "ehc"

urlpatterns = [
    path("", include("sendpath.ehc.requests.urls")),
    path("", include("sendpath.ehc.cases.urls")),
    path("", include("sendpath.ehc.advice.urls")),
    path("", include("sendpath.ehc.notices.urls")),
    path("", include("sendpath.ehc.documents.urls")),
    path("", include("sendpath.ehc.plans.urls")),
    path("", include("sendpath.ehc.reviews.urls")),
    path("", include("sendpath.ehc.amendments.urls")),
    path("", include("sendpath.ehc.transfers.urls")),
    path("", include("sendpath.ehc.caseload.urls")),
]
