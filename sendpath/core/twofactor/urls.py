from django.urls import path

from . import views

app_name = "twofactor"

urlpatterns = [
    path("two-factor/", views.verify, name="verify"),
    path("two-factor/recovery-code/", views.recovery, name="recovery"),
    path("two-factor/set-up/", views.set_up, name="set_up"),
    path("two-factor/recovery-codes/", views.codes, name="codes"),
    path("account-security/", views.account_security, name="account_security"),
    path(
        "account-security/recovery-codes/",
        views.recovery_codes_new,
        name="recovery_codes_new",
    ),
    path("account-security/turn-off/", views.turn_off, name="turn_off"),
]
