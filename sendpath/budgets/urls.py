"""The personal budgets' pages."""

from __future__ import annotations

app_name = "budgets"

urlpatterns: list = []
