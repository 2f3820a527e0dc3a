"""``manage.py backup_drill``: back the database up, restore it elsewhere, check nothing is lost."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from sendpath.core import backup


class Command(BaseCommand):
    help = (
        "Take a pg_dump of the database, restore it into a fresh database and check that every "
        "child, case, case event, plan version and audit entry is there (row counts and "
        "checksums). Exits with an error if anything differs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dump",
            type=Path,
            help="Where to write the dump (kept); by default a temporary file, removed after",
        )
        parser.add_argument(
            "--target",
            help="The database to restore into (created, and dropped after unless --keep); "
            "by default <name>_restore_drill",
        )
        parser.add_argument(
            "--keep", action="store_true", help="Keep the restored database to look at"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = options["target"] or f"{connection.settings_dict['NAME']}_restore_drill"
        if target == connection.settings_dict["NAME"]:
            raise CommandError("The target must be a different database from the one backed up.")
        try:
            if options["dump"]:
                checks = backup.drill(options["dump"], target=target, keep=options["keep"])
            else:
                with tempfile.TemporaryDirectory(prefix="sendpath-drill-") as folder:
                    checks = backup.drill(
                        Path(folder) / "sendpath.dump", target=target, keep=options["keep"]
                    )
        except subprocess.CalledProcessError as error:
            raise CommandError(f"{error.cmd[0]} failed: {error.stderr.strip()}") from None
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        for check in checks:
            verdict = "ok" if check.ok else "DIFFERENT"
            self.stdout.write(
                f"{check.model:<18} {check.rows:>9} rows  restored {check.restored_rows:>9}  "
                f"checksum {check.checksum[:12]} / {check.restored_checksum[:12]}  {verdict}"
            )
        failed = [c.model for c in checks if not c.ok]
        if failed:
            raise CommandError(f"The restore differs from the database in: {', '.join(failed)}")
        self.stdout.write(self.style.SUCCESS("Backup drill passed: the restore matches."))
