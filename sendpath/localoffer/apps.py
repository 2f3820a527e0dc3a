from django.apps import AppConfig


class LocalOfferConfig(AppConfig):
    name = "sendpath.localoffer"
    label = "localoffer"
    verbose_name = "The Local Offer: public directory, Open Referral UK API and feedback"

    def ready(self) -> None:
        from . import contributions, signals

        contributions.register()
        signals.connect()
