"""Decision notices on a case (included at the site root by ``ehc.urls``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("cases/<uuid:pk>/notices/", views.notices_page, name="notices"),
    path("cases/<uuid:pk>/notices/<slug:kind>/", views.notice_letter, name="notice"),
    path("disagreement-contacts/", views.contacts_page, name="disagreement_contacts"),
]
