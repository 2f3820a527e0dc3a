from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sendpath.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from . import signals  # noqa: F401
