from django.urls import include, path

from . import views

app_name = "localoffer"

urlpatterns = [
    path("local-offer/", views.home, name="home"),
    path("local-offer/services/", views.results, name="results"),
    path("local-offer/services/<uuid:pk>/", views.service, name="service"),
    path("local-offer/shortlist/", views.shortlist, name="shortlist"),
    path("manage/local-offer/", views.manage, name="manage"),
    path("manage/local-offer/services/new/", views.service_new, name="service_new"),
    path("manage/local-offer/services/<uuid:pk>/", views.service_manage, name="service_manage"),
    path("manage/local-offer/services/<uuid:pk>/edit/", views.service_edit, name="service_edit"),
    path(
        "manage/local-offer/services/<uuid:pk>/confirm/",
        views.service_confirm,
        name="service_confirm",
    ),
    path("manage/local-offer/providers/", views.providers, name="providers"),
    path("manage/local-offer/providers/<uuid:pk>/", views.provider_edit, name="provider_edit"),
    path("", include("sendpath.localoffer.urls_feedback")),
    path("", include("sendpath.localoffer.urls_api")),
]
