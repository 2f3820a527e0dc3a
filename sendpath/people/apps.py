from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "sendpath.people"
    label = "people"
    verbose_name = "Children, families, organisations and staff"

    def ready(self) -> None:
        from . import contributions

        contributions.register()
