"""``manage.py refresh_deadlines``: recompute every open case's deadlines (run nightly).

Deadlines are rebuilt whenever a case's timeline changes; this moves statuses on with the
calendar (an open deadline becomes overdue the day after it falls due).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sendpath.ehc.cases.services import refresh_all


class Command(BaseCommand):
    help = "Recompute the deadlines of every open case as of today (schedule nightly)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = refresh_all()
        self.stdout.write(
            f"Refreshed the deadlines of {count} open {'case' if count == 1 else 'cases'}."
        )
