"""Moving between authorities (included at the site root by ``ehc.urls``)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("cases/<uuid:pk>/transfer/", views.transfer_out, name="transfer_out"),
    path("cases/<uuid:pk>/transfer/move/", views.move_out, name="move_out"),
    path("cases/<uuid:pk>/transfer/export.json", views.export, name="export"),
    path("transfers/import/", views.import_plan, name="import"),
    path("api/plan-transfer/1.0/schema.json", views.transfer_schema, name="transfer_schema"),
]
