"""``manage.py demo``: load the fictional Demoshire demo into an empty database."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sendpath.demo.authority.specs import DEMO_ACCOUNTS
from sendpath.demo.common import (
    DEFAULT_CHILDREN,
    DEFAULT_SEED,
    MIN_CHILDREN,
    DatabaseNotEmpty,
    DemoNotAllowed,
)
from sendpath.demo.generator import accounts_table, load_demo


class Command(BaseCommand):
    help = (
        "Load synthetic demo data for the fictional Demoshire Council, with one sign-in for "
        "each role, about 400 statutory cases at every stage, and a Local Offer of about 600 "
        "services with postcodes and comments, into an empty database. Refuses, changing "
        "nothing, if the database already has data or if the settings do not allow demo data "
        "(DEMO_ALLOWED)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Random seed: the same seed gives the same data (default {DEFAULT_SEED})",
        )
        parser.add_argument(
            "--children",
            type=int,
            default=DEFAULT_CHILDREN,
            help=f"Children and young people Demoshire is responsible for "
            f"(default {DEFAULT_CHILDREN}, at least {MIN_CHILDREN})",
        )
        parser.add_argument(
            "--no-cases",
            action="store_true",
            help="Load the children, families and accounts but no statutory cases",
        )
        parser.add_argument(
            "--accounts",
            action="store_true",
            help="Only print the demo sign-ins; load nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["accounts"]:
            self._print_accounts()
            return
        if options["children"] < MIN_CHILDREN:
            raise CommandError(f"--children must be at least {MIN_CHILDREN}.")
        try:
            summary = load_demo(
                seed=options["seed"],
                children=options["children"],
                stdout=self.stdout,
                cases=not options["no_cases"],
            )
        except DemoNotAllowed as refusal:
            raise CommandError(str(refusal)) from None
        except DatabaseNotEmpty as refusal:
            self.stdout.write(str(refusal))
            if _demo_accounts_exist():
                self.stdout.write("")
                self._print_accounts()
            return
        self.stdout.write("")
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write("")
        self._print_accounts()

    def _print_accounts(self) -> None:
        for line in accounts_table():
            self.stdout.write(line)


def _demo_accounts_exist() -> bool:
    """Whether this database holds the demo's accounts (so their sign-ins are worth showing)."""
    from django.contrib.auth import get_user_model

    usernames = [username for username, *_ in DEMO_ACCOUNTS]
    return get_user_model().objects.filter(username__in=usernames).count() == len(usernames)
