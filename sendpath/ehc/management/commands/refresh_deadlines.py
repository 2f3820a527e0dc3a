"""``manage.py refresh_deadlines``: bring every open case's deadlines up to date now (a one-off
run of the nightly refresh). Only the cases that can have changed since the last refresh are
computed again; ``--full`` computes every open case (not needed after a change of the rules or
on a new phase transfer round: the refresh sees those itself).

``manage.py refresh_deadlines --schedule`` instead makes sure the nightly refresh is waiting in
the task queue (``sendpath.ehc.tasks``): run it at each deploy. Each night's run queues the
next, and scheduling again while a run is waiting changes nothing.

Deadlines are rebuilt whenever a case's timeline changes; this moves statuses on with the
calendar (an open deadline becomes overdue the day after it falls due). The open cases are
computed in batches of 2,000, one transaction each, and only what changed is written; progress
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
        parser.add_argument(
            "--full",
            action="store_true",
            help="compute every open case, not only those that can have changed",
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

        done = refresh_all(progress=progress, full=options["full"])
        count = done.open_cases
        how = (
            f"every open case computed again ({done.why_full})"
            if done.full
            else f"{done.cases:,} computed again, the rest unchanged since the last refresh"
        )
        self.stdout.write(
            f"The deadlines of {count:,} open {'case' if count == 1 else 'cases'} are up to "
            f"date: {how}. {done.deadlines_written:,} deadlines written, "
            f"{done.deadlines_removed:,} removed, {done.cases_updated:,} cases changed."
        )
