from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "sendpath.registers"
    label = "registers"
    verbose_name = "SEN Register, Belonging Register and key contacts"

    def ready(self) -> None:
        from . import contributions

        contributions.register()
