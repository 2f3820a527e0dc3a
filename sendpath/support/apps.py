from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "sendpath.support"
    label = "support"
    verbose_name = "SEN support in schools: the graduated approach"

    def ready(self) -> None:
        from . import contributions
        from .partners import contributions as partners
        from .provision import contributions as provision
        from .readiness import contributions as readiness

        contributions.register()
        provision.register()
        readiness.register()
        partners.register()
