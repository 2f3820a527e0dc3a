"""The plan, consultation and the final plan (included at the site root by ``ehc.urls``)."""

from django.urls import path

from . import views_plan as views

urlpatterns: list = [
    path("cases/<uuid:pk>/plan/", views.plan_page, name="plan"),
    path("cases/<uuid:pk>/plan/sections/<str:letter>/", views.section_edit, name="plan_section"),
    path("cases/<uuid:pk>/plan/needs/add/", views.need_edit, name="plan_need_add"),
    path("cases/<uuid:pk>/plan/needs/<uuid:item>/", views.need_edit, name="plan_need"),
    path("cases/<uuid:pk>/plan/outcomes/add/", views.outcome_edit, name="plan_outcome_add"),
    path("cases/<uuid:pk>/plan/outcomes/<uuid:item>/", views.outcome_edit, name="plan_outcome"),
    path("cases/<uuid:pk>/plan/provision/add/", views.provision_edit, name="plan_provision_add"),
    path(
        "cases/<uuid:pk>/plan/provision/<uuid:item>/", views.provision_edit, name="plan_provision"
    ),
    path(
        "cases/<uuid:pk>/plan/<str:kind>/<uuid:item>/remove/",
        views.item_remove,
        name="plan_item_remove",
    ),
    path("cases/<uuid:pk>/plan/send/", views.draft_send, name="plan_send"),
    path("cases/<uuid:pk>/plan/issue/", views.final_issue, name="plan_issue"),
    path("cases/<uuid:pk>/plan/print/", views.plan_print, name="plan_print"),
    path("cases/<uuid:pk>/plan/pdf/", views.plan_pdf, name="plan_pdf"),
    path("cases/<uuid:pk>/consultation/", views.consultation, name="consultation"),
    path("cases/<uuid:pk>/consultation/consult/", views.setting_consult, name="setting_consult"),
    path(
        "cases/<uuid:pk>/consultation/<slug:ident>/response/",
        views.setting_response,
        name="setting_response",
    ),
    path("cases/<uuid:pk>/consultation/placement/", views.placement_name, name="placement_name"),
]
