"""The plan, consultation and the final plan (included at the site root by ``ehc.urls``)."""

from django.urls import path

from .views import carer, consultation, content, document, issuing

urlpatterns = [
    path("cases/<uuid:pk>/plan/", content.plan_page, name="plan"),
    path("carer/children/<uuid:pk>/plan/", carer.carer_plan, name="carer_plan"),
    path(
        "cases/<uuid:pk>/plan/sections/<str:letter>/",
        content.section_edit,
        name="plan_section",
    ),
    path("cases/<uuid:pk>/plan/needs/add/", content.need_edit, name="plan_need_add"),
    path("cases/<uuid:pk>/plan/needs/<uuid:item>/", content.need_edit, name="plan_need"),
    path(
        "cases/<uuid:pk>/plan/outcomes/add/",
        content.outcome_edit,
        name="plan_outcome_add",
    ),
    path(
        "cases/<uuid:pk>/plan/outcomes/<uuid:item>/",
        content.outcome_edit,
        name="plan_outcome",
    ),
    path(
        "cases/<uuid:pk>/plan/provision/add/",
        content.provision_edit,
        name="plan_provision_add",
    ),
    path(
        "cases/<uuid:pk>/plan/provision/<uuid:item>/",
        content.provision_edit,
        name="plan_provision",
    ),
    path(
        "cases/<uuid:pk>/plan/<str:kind>/<uuid:item>/remove/",
        content.item_remove,
        name="plan_item_remove",
    ),
    path("cases/<uuid:pk>/plan/send/", issuing.draft_send, name="plan_send"),
    path("cases/<uuid:pk>/plan/issue/", issuing.final_issue, name="plan_issue"),
    path("cases/<uuid:pk>/plan/print/", document.plan_print, name="plan_print"),
    path("cases/<uuid:pk>/plan/pdf/", document.plan_pdf, name="plan_pdf"),
    path("cases/<uuid:pk>/consultation/", consultation.consultation, name="consultation"),
    path(
        "cases/<uuid:pk>/consultation/consult/",
        consultation.setting_consult,
        name="setting_consult",
    ),
    path(
        "cases/<uuid:pk>/consultation/<slug:ident>/response/",
        consultation.setting_response,
        name="setting_response",
    ),
    path(
        "cases/<uuid:pk>/consultation/placement/",
        consultation.placement_name,
        name="placement_name",
    ),
]
