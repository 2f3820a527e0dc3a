"""Documents on a case (included at the site root by ``ehc.urls``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("cases/<uuid:pk>/documents/", views.documents_page, name="documents"),
    path("cases/<uuid:pk>/documents/upload/", views.document_upload, name="document_upload"),
    path(
        "cases/<uuid:pk>/documents/<uuid:document_pk>/",
        views.document_download,
        name="document_download",
    ),
]
