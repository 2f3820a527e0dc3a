from django.urls import include, path

from . import views

app_name = "ehc"

urlpatterns = [
    path("cases/", views.worklist, name="worklist"),
    path("panel/", views.panel, name="panel"),
    path("timescales/rules/", views.rules_page, name="rules"),
    path("children/<uuid:pk>/request/", views.request_create, name="request_create"),
    path("cases/<uuid:pk>/", views.case_detail, name="case"),
    path("cases/<uuid:pk>/decision/<str:kind>/", views.decision, name="decision"),
    path("cases/<uuid:pk>/exception/", views.exception_record, name="exception"),
    path(
        "cases/<uuid:pk>/events/<int:event_pk>/correct/", views.event_correct, name="event_correct"
    ),
    path("cases/<uuid:pk>/assign/", views.case_assign, name="assign"),
    path("cases/<uuid:pk>/close/", views.case_close, name="close"),
    path("", include("sendpath.ehc.urls_advice")),
    path("", include("sendpath.ehc.urls_plan")),
    path("", include("sendpath.ehc.urls_reviews")),
    path("", include("sendpath.ehc.urls_amend")),
    path("", include("sendpath.ehc.urls_transfer")),
]
