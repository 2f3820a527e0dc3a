from django.urls import include, path

from sendpath.core import views as core_views
from sendpath.people import views as people_views

urlpatterns = [
    path("", people_views.home, name="home"),
    path("sign-in/", core_views.SignInView.as_view(), name="login"),
    path("sign-out/", core_views.SignOutView.as_view(), name="logout"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("cookies/", core_views.cookies, name="cookies"),
    path("privacy/", core_views.privacy, name="privacy"),
    path("", include("sendpath.core.signin.urls")),
    path("", include("sendpath.core.twofactor.urls")),
    path("", include("sendpath.core.sso.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("sendpath.people.urls")),
    path("", include("sendpath.ehc.urls")),
    path("", include("sendpath.registers.urls")),
    path("", include("sendpath.support.urls")),
    path("", include("sendpath.jointworking.urls")),
    path("", include("sendpath.localoffer.urls")),
    path("", include("sendpath.portal.urls")),
    path("", include("sendpath.disputes.urls")),
    path("", include("sendpath.budgets.urls")),
    path("", include("sendpath.insight.urls")),
]

handler400 = "sendpath.core.views.bad_request"
handler403 = "sendpath.core.views.permission_denied"
handler404 = "sendpath.core.views.page_not_found"
handler500 = "sendpath.core.views.server_error"
