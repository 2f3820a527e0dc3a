"""``manage.py send_panel_digest``: email each authority's Virtual School staff the digest of
last week's panel decisions for children in care (``sendpath/jointworking/digest.py``).

Run it once a week (on Monday morning), or every day: each authority's digest of a week goes
once only, so a second run sends nothing new. ``--week 2027-03-08`` sends the digest of the
week that date falls in (a week that has ended), for catching up.

``manage.py send_panel_digest --schedule`` instead makes sure the weekly run is waiting in the
task queue (``sendpath.jointworking.tasks``: Mondays at 07:00): run it at each deploy, like
``refresh_deadlines --schedule``. Each week's run queues the next.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sendpath.jointworking.digest import last_full_week, panel_digests_send, week_of
from sendpath.jointworking.tasks import schedule_weekly_digest


class Command(BaseCommand):
    help = "Email last week's panel decisions digest to each authority's Virtual School (once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--week", help="a day in the week to send, as YYYY-MM-DD (default: last week)"
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="queue the weekly run for the background workers, unless it is queued",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            run_after = schedule_weekly_digest()
            if run_after is None:
                self.stdout.write(
                    "Not scheduled: the task backend runs tasks at once and cannot keep one "
                    "for later (schedule this where the database task backend is set)."
                )
                return
            self.stdout.write(
                "The weekly panel decisions digest is queued to run after "
                f"{timezone.localtime(run_after):%-d %B %Y at %H:%M}."
            )
            return
        week = last_full_week()
        if options.get("week"):
            try:
                week = week_of(dt.date.fromisoformat(options["week"]))
            except ValueError:
                raise CommandError("--week must be a date like 2027-03-08") from None
            if week > last_full_week():
                raise CommandError("That week has not ended yet: choose an earlier date")
        sent = panel_digests_send(week)
        for digest in sent.digests:
            self.stdout.write(
                f"{digest.authority.name}: sent to {len(digest.recipients)} "
                f"({digest.decisions} decision{'s' if digest.decisions != 1 else ''})"
            )
        self.stdout.write(
            f"Week of {week:%-d %B %Y}: {len(sent.digests)} digest"
            f"{'s' if len(sent.digests) != 1 else ''} sent, {sent.skipped} already sent or "
            "with nobody to send to."
        )
