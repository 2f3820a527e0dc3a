from django.apps import AppConfig


class JointworkingConfig(AppConfig):
    name = "sendpath.jointworking"
    label = "jointworking"
    verbose_name = "Virtual School and SEND joint working"

    def ready(self) -> None:
        from . import contributions

        contributions.register()
