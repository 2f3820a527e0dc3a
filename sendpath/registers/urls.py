from django.urls import path

from . import views

app_name = "registers"

urlpatterns = [
    path("registers/sen/", views.sen_register, name="sen"),
    path("registers/sen/export.<str:fmt>", views.sen_export, name="sen_export"),
    path("registers/belonging/", views.belonging_register, name="belonging"),
    path("registers/belonging/<uuid:pk>/", views.belonging_child, name="belonging_child"),
    path("registers/belonging/<uuid:pk>/plans/add/", views.plan_copy_add, name="plan_copy_add"),
    path(
        "registers/belonging/<uuid:pk>/plans/<uuid:copy_pk>/",
        views.plan_copy_download,
        name="plan_copy_download",
    ),
    path("registers/contacts/", views.contact_list, name="contacts"),
    path("registers/contacts/add/", views.contact_edit, name="contact_add"),
    path("registers/contacts/<uuid:pk>/", views.contact_edit, name="contact_edit"),
    path("registers/contacts/<uuid:pk>/confirm/", views.contact_confirm, name="contact_confirm"),
]
