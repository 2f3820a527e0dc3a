"""Personal budgets and direct payments (Children and Families Act 2014 s.49; the Special
Educational Needs (Personal Budgets) Regulations 2014), under ``/budgets/``."""

from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "sendpath.budgets"
    label = "budgets"
    verbose_name = "Personal budgets and direct payments"

    def ready(self) -> None:
        from . import contributions, rules  # noqa: F401 - rules registers the permissions

        contributions.register()
