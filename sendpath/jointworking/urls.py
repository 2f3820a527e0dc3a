from django.urls import path

from . import views, views_peps

app_name = "jointworking"

urlpatterns = [
    path("joint-working/meetings/", views.meeting_list, name="meetings"),
    path("joint-working/meetings/<uuid:pk>/", views.meeting_detail, name="meeting"),
    path(
        "joint-working/meetings/<uuid:pk>/print/<str:kind>/",
        views.meeting_print,
        name="meeting_print",
    ),
    path("joint-working/meetings/<uuid:pk>/rebuild/", views.agenda_rebuild, name="rebuild"),
    path("joint-working/meetings/<uuid:pk>/items/new/", views.item_add, name="item_add"),
    path(
        "joint-working/meetings/<uuid:pk>/items/<uuid:item_pk>/",
        views.item_discussion,
        name="item",
    ),
    path("joint-working/meetings/<uuid:pk>/actions/new/", views.action_add, name="action_add"),
    path("joint-working/actions/<uuid:pk>/done/", views.action_done, name="action_done"),
    path("joint-working/escalations/", views.escalation_list, name="escalations"),
    path("joint-working/escalations/new/", views.escalation_new, name="escalation_new"),
    path("joint-working/escalations/<uuid:pk>/", views.escalation_detail, name="escalation"),
    path("joint-working/panel-decisions/", views.digest_page, name="digest"),
    path(
        "joint-working/panel-decisions/other-authority/",
        views.other_decision_new,
        name="other_decision",
    ),
    path("joint-working/children/<uuid:pk>/", views_peps.child_summary, name="child"),
    path("joint-working/children/<uuid:pk>/pep/", views_peps.pep_upload, name="pep_upload"),
    path(
        "joint-working/children/<uuid:pk>/peps/<uuid:pep_pk>/",
        views_peps.pep_download,
        name="pep_download",
    ),
]
