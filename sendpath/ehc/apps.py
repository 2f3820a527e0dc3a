from django.apps import AppConfig


class EhcConfig(AppConfig):
    name = "sendpath.ehc"
    label = "ehc"
    verbose_name = "EHC needs assessments and plans"

    def ready(self) -> None:
        from . import contributions

        contributions.register()
