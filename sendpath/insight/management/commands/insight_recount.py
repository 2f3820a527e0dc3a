"""``manage.py insight_recount``: count every authority's stored insight figures again now (the
figures DfE will publish, by year, and the reviews page's counts), as the nightly warm-up does;
``--authority LA`` counts one authority (its 3-digit LA code).

``manage.py insight_recount --schedule`` instead makes sure the nightly recount is waiting in
the task queue (``sendpath.insight.tasks``): run it at each deploy, with ``refresh_deadlines
--schedule``. Each night's run queues the next, and scheduling again while a run is waiting
changes nothing.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sendpath.insight.figures.selectors import authority_by_code
from sendpath.insight.tasks import Recounted, recount_every_authority, schedule_nightly_recount


class Command(BaseCommand):
    help = (
        "Count every authority's stored insight figures again now; with --schedule, make sure "
        "the nightly recount is queued instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="queue the nightly recount for the background workers, unless it is queued",
        )
        parser.add_argument("--authority", default="", help="one authority's 3-digit LA code")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            run_after = schedule_nightly_recount()
            if run_after is None:
                self.stdout.write(
                    "Not scheduled: the task backend runs tasks at once and cannot keep one "
                    "for later (schedule this where the database task backend is set)."
                )
                return
            self.stdout.write(
                "The nightly recount of insight figures is queued to run after "
                f"{timezone.localtime(run_after):%-d %B %Y at %H:%M}."
            )
            return
        only = None
        if options["authority"]:
            only = authority_by_code(options["authority"])
            if only is None:
                raise CommandError(f"No local authority has the LA code {options['authority']}.")
        started = time.perf_counter()

        def progress(done: Recounted) -> None:
            self.stdout.write(
                f"{done.authority.name}: figures for {', '.join(done.figures)} and reviews for "
                f"{', '.join(done.reviews)} counted ({time.perf_counter() - started:.1f} s so far)."
            )

        done = recount_every_authority(progress, only=only)
        self.stdout.write(
            f"Counted the stored figures of {len(done)} "
            f"{'authority' if len(done) == 1 else 'authorities'}."
        )
