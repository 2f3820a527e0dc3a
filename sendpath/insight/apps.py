from importlib import import_module

from django.apps import AppConfig

PARTS = ("figures", "sen2", "groups", "provision", "quality", "oversight")


class InsightConfig(AppConfig):
    name = "sendpath.insight"
    label = "insight"
    verbose_name = "Insight: figures, the SEN2 return and oversight"

    def ready(self) -> None:
        from . import contributions

        contributions.register()
        # Each part registers what it adds to the pages below it (sendpath.core registry) from
        # its own ``contributions`` module, when it has one.
        for part in PARTS:
            try:
                module = import_module(f"{self.name}.{part}.contributions")
            except ModuleNotFoundError as error:
                if error.name != f"{self.name}.{part}.contributions":
                    raise
                continue
            module.register()
