"""``manage.py refresh_deadlines``: recompute every open case's deadlines now (a one-off run).

``manage.py refresh_deadlines --schedule`` instead makes sure the nightly refresh is waiting in
the task queue (``sendpath.ehc.tasks``): run it at each deploy. Each night's run queues the
next, and scheduling again while a run is waiting changes nothing.

Deadlines are rebuilt whenever a case's timeline changes; this moves statuses on with the
calendar (an open deadline becomes overdue the day after it falls due). The open cases are
refreshed in batches of 2,000, one transaction each, and only what changed is written; progress
is printed every 50 batches (every batch with ``-v 2``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from sendpath.ehc.cases.refresh import Refreshed
from sendpath.ehc.cases.services import refresh_all
from sendpath.ehc.tasks import schedule_nightly_refresh


class Command(BaseCommand):
    help = (
        "Recompute the deadlines of every open case as of today; with --schedule, make sure "
        "the nightly refresh is queued instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="queue the nightly refresh for the background workers, unless it is queued",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            run_after = schedule_nightly_refresh()
            if run_after is None:
                self.stdout.write(
                    "Not scheduled: the task backend runs tasks at once and cannot keep one "
                    "for later (schedule this where the database task backend is set)."
                )
                return
            self.stdout.write(
                "The nightly refresh of deadlines is queued to run after "
                f"{timezone.localtime(run_after):%-d %B %Y at %H:%M}."
            )
            return
        verbosity = options["verbosity"]

        def progress(done: Refreshed) -> None:
            if verbosity >= 2 or (verbosity == 1 and done.batches % 50 == 0):
                self.stdout.write(
                    f"  {done.cases:,} cases so far: {done.deadlines_written:,} deadlines "
                    f"written, {done.deadlines_removed:,} removed, {done.cases_updated:,} "
                    "cases changed"
                )

        count = refresh_all(progress=progress)
        self.stdout.write(
            f"Refreshed the deadlines of {count} open {'case' if count == 1 else 'cases'}."
        )
