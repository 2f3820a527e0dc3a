from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "sendpath.budgets"
    label = "budgets"
    verbose_name = "Personal budgets and direct payments"
