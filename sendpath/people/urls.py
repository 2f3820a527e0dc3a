from django.urls import path

from . import views
from .accounts import views as accounts
from .family import views as family
from .imports import views as imports

app_name = "people"

urlpatterns = [
    path("children/", views.child_list, name="child_list"),
    path("children/new/", views.child_create, name="child_create"),
    path("children/import/", imports.upload, name="sen_support_import"),
    path("children/import/confirm/", imports.confirm, name="sen_support_import_confirm"),
    path("children/import/columns/", imports.column_guide, name="sen_support_columns"),
    path("children/import/template.csv", imports.template_csv, name="sen_support_template"),
    path("children/<uuid:pk>/", views.child_detail, name="child"),
    path("children/<uuid:pk>/edit/", views.child_edit, name="child_edit"),
    path("children/<uuid:pk>/access-log/", views.child_access_log, name="child_access_log"),
    path("children/<uuid:pk>/family/new/", views.family_member_edit, name="family_add"),
    path(
        "children/<uuid:pk>/family/<uuid:member_pk>/edit/",
        views.family_member_edit,
        name="family_edit",
    ),
    path("children/<uuid:pk>/family/invite/", family.family_invite, name="family_invite"),
    path(
        "children/<uuid:pk>/family/invited/<uuid:invitation_pk>/",
        family.family_invited,
        name="family_invited",
    ),
    path("children/<uuid:pk>/family/remove-access/", family.family_unlink, name="family_unlink"),
    path("children/<uuid:pk>/capacity/", family.capacity, name="family_capacity"),
    path("family/link/<uuid:pk>/", family.family_link, name="family_link"),
    path("family/children/<uuid:pk>/stop/", family.stop_access, name="family_stop"),
    path("family/parents-access/", family.parents_access, name="parents_access"),
    path("children/<uuid:pk>/settings/new/", views.setting_add, name="setting_add"),
    path(
        "children/<uuid:pk>/settings/<uuid:attendance_pk>/end/",
        views.setting_end,
        name="setting_end",
    ),
    path(
        "children/<uuid:pk>/professionals/new/",
        views.professional_link_add,
        name="professional_add",
    ),
    path(
        "children/<uuid:pk>/professionals/<uuid:link_pk>/end/",
        views.professional_link_end,
        name="professional_end",
    ),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_edit, name="organisation_create"),
    path("organisations/<uuid:pk>/", views.organisation_detail, name="organisation"),
    path("organisations/<uuid:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("staff/", accounts.staff_list, name="staff_list"),
    path("staff/invite/", accounts.staff_invite, name="staff_invite"),
    path("staff/<int:pk>/", accounts.staff_detail, name="staff"),
    path("staff/<int:pk>/change/", accounts.staff_change, name="staff_change"),
    path("staff/<int:pk>/adviser/", accounts.staff_adviser, name="staff_adviser"),
    path("staff/<int:pk>/deactivate/", accounts.staff_deactivate, name="staff_deactivate"),
    path("staff/<int:pk>/reactivate/", accounts.staff_reactivate, name="staff_reactivate"),
    path(
        "staff/<int:pk>/reset-two-factor/",
        accounts.staff_reset_second_factor,
        name="staff_reset_second_factor",
    ),
    path(
        "staff/<int:pk>/resend-invitation/",
        accounts.staff_resend_invitation,
        name="staff_resend_invitation",
    ),
]
