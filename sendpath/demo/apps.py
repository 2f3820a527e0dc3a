from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "sendpath.demo"
    label = "demo"
    verbose_name = "Demo data"
