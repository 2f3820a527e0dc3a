"""The case page and the timescales rules page (included at the site root by ``ehc.urls``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("timescales/rules/", views.rules_page, name="rules"),
    path("cases/<uuid:pk>/", views.case_detail, name="case"),
]
