"""``manage.py send_reminders``: send today's reminders to the people asked for advice for an
EHC needs assessment (``sendpath/ehc/advice/reminders.py``: 10 working days before the due
date, on it, then every 5 working days until the advice arrives).

The nightly refresh of deadlines queues the same run every night (``sendpath.ehc.tasks``), so
this command is for a run by hand. It is safe to run again: each reminder goes once, and a
second run on the same day sends nothing new.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from sendpath.ehc.advice.reminders import advice_reminders_send


class Command(BaseCommand):
    help = "Send today's reminders to people asked for advice (each reminder once only)."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        sent = advice_reminders_send(today)
        self.stdout.write(
            f"Sent {sent.emails} reminder{'s' if sent.emails != 1 else ''} about advice "
            f"on {sent.cases} case{'s' if sent.cases != 1 else ''} for {today:%-d %B %Y}."
        )
