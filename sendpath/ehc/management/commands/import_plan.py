"""``manage.py import_plan FILE --as USERNAME``: import a plan transfer file into this
authority's database (validated against the schema; all or nothing), as the web page does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sendpath.ehc.transfers import importing, interchange


class Command(BaseCommand):
    help = "Import a plan transfer file (JSON) received from another authority."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The plan transfer file")
        parser.add_argument("--as", dest="username", required=True, help="Who is importing")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"], is_active=True).first()
        if user is None or not user.has_perm("ehc.view_worklist"):
            raise CommandError(f"No SEND team user called {options['username']!r}")
        try:
            raw = Path(options["file"]).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}") from None
        try:
            case = importing.import_case(actor=user, data=interchange.parse(raw))
        except ValidationError as error:
            messages = (
                error.message_dict if hasattr(error, "error_dict") else {"file": error.messages}
            )
            raise CommandError("; ".join(m for ms in messages.values() for m in ms)) from None
        self.stdout.write(f"Imported as case {case.reference}")
