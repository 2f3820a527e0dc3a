from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "sendpath.portal"
    label = "portal"
    verbose_name = "Families and young people: their own case"

    def ready(self) -> None:
        # Each part of the portal registers what it adds to the pages below it (sendpath.core
        # registry) from its own ``contributions`` module, when it has one.
        from importlib import import_module

        for part in ("status", "asking", "voice", "messages"):
            try:
                module = import_module(f"{self.name}.{part}.contributions")
            except ModuleNotFoundError as error:
                if error.name != f"{self.name}.{part}.contributions":
                    raise
                continue
            module.register()
