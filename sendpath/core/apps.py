from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sendpath.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from . import contributions, signals  # noqa: F401
        from .twofactor import signals as twofactor_signals  # noqa: F401

        contributions.register()
