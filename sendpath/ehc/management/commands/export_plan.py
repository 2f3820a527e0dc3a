"""``manage.py export_plan REFERENCE --as USERNAME [--output FILE]``: write a case's plan
transfer file (the format in docs/plan-transfer-format.md), audited as a read by that user."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sendpath.ehc.models import Case
from sendpath.ehc.transfers import exporting


class Command(BaseCommand):
    help = "Export a case's plan and whole history as a plan transfer file (JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", help="The case reference, like EHC-2026-00001")
        parser.add_argument("--as", dest="username", required=True, help="Who is exporting")
        parser.add_argument("--output", help="File to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user called {options['username']!r}")
        case = Case.objects.filter(reference=options["reference"]).first()
        if case is None or not user.has_perm("ehc.change_case", case):
            raise CommandError(f"No case {options['reference']!r} that {user.username} may export")
        text = json.dumps(
            exporting.export_case(actor=user, case=case), indent=2, ensure_ascii=False
        )
        if options.get("output"):
            Path(options["output"]).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"Wrote {options['output']}")
        else:
            self.stdout.write(text)
