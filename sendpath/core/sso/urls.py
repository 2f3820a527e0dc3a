from django.urls import path

from . import views

app_name = "sso"

urlpatterns = [
    path("sign-in/council-account/", views.StartView.as_view(), name="start"),
    path("sign-in/council-account/callback/", views.CallbackView.as_view(), name="callback"),
]
