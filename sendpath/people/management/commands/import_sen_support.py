"""``manage.py import_sen_support FILE --as USERNAME [--dry-run]``: import pupils on SEN support
from a CSV file, as the page does (every row checked; all or nothing). ``--dry-run`` checks the
file and says what the import would do, writing nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sendpath.people.imports import selectors, services


class Command(BaseCommand):
    help = "Import pupils on SEN support (no plan) from a CSV file in the published template."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The CSV file")
        parser.add_argument("--as", dest="username", required=True, help="Who is importing")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"], is_active=True).first()
        if user is None or not user.has_perm("people.import_sen_support"):
            raise CommandError(f"No SEND team user called {options['username']!r}")
        path = Path(options["file"])
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}") from None
        if options["dry_run"]:
            checked = selectors.check_file(actor=user, raw=raw)
            if checked.errors:
                raise CommandError(self._problems(checked))
            self.stdout.write(f"Checked, nothing written. {self._summary(checked)}")
            return
        try:
            checked = services.import_sen_support(actor=user, raw=raw, file_name=path.name)
        except services.ImportRefusedError as refused:
            raise CommandError(self._problems(refused.checked)) from None
        except ValidationError as error:
            raise CommandError(error.messages[0]) from None
        self.stdout.write(f"Imported. {self._summary(checked)}")

    @staticmethod
    def _problems(checked: selectors.Checked) -> str:
        lines = [f"Nothing was imported: {len(checked.errors)} problems"]
        return "\n".join(lines + [str(e) for e in checked.errors])

    @staticmethod
    def _summary(checked: selectors.Checked) -> str:
        return "; ".join(
            f"{label}: {checked.count(key)}" for key, label in selectors.OUTCOMES.items()
        )
