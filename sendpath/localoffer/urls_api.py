"""The Open Referral UK 3.0 API and feed imports."""

urlpatterns: list = []
