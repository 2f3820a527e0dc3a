"""Comments on the Local Offer and the published responses (SEND Regulations 2014 reg 56)."""

urlpatterns: list = []
