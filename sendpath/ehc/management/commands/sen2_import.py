"""``manage.py sen2_import FILE [--as USERNAME] [--dry-run]``: bring in the caseload from the
authority's SEN2 return, all or nothing, and print the report (or every error, exit code 1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sendpath.ehc.caseload import loading, sen2
from sendpath.ehc.presenters import report_lines


class Command(BaseCommand):
    help = "Import the caseload from an SEN2 return (the person-level XML sent to DfE)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The SEN2 return (XML)")
        parser.add_argument("--as", dest="username", help="Who is importing (a staff account)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report, then undo everything"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = None
        if options["username"]:
            actor = (
                get_user_model()
                .objects.filter(username=options["username"], is_active=True)
                .first()
            )
            if actor is None or not actor.has_perm("ehc.import_caseload"):
                raise CommandError(
                    f"No administrator or SEND team manager called {options['username']!r}"
                )
        try:
            raw = Path(options["file"]).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}") from None
        try:
            report = loading.import_return(raw=raw, actor=actor, dry_run=options["dry_run"])
        except sen2.Sen2Error as error:
            for message in error.errors:
                self.stderr.write(message)
            raise CommandError(
                f"Nothing was imported: {len(error.errors)} problem(s) in the return"
            ) from None
        for line in report_lines(report.as_dict()):
            self.stdout.write(line)
