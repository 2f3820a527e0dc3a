from importlib import import_module

from django.apps import AppConfig


class DisputesConfig(AppConfig):
    name = "sendpath.disputes"
    label = "disputes"
    verbose_name = "Disagreements: mediation, appeals, complaints"

    def ready(self) -> None:
        # Each part registers what it adds to the pages below it (sendpath.core registry) from
        # its own ``contributions`` module, when it has one.
        for part in ("disagreements", "complaints"):
            try:
                module = import_module(f"{self.name}.{part}.contributions")
            except ModuleNotFoundError as error:
                if error.name != f"{self.name}.{part}.contributions":
                    raise
                continue
            module.register()
