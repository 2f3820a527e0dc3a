"""``manage.py sen2_export --year 2026 --output FILE [--dmo Y --dco Y --dsco R]``: write the
authority's SEN2 return of collection year Y (census on the third Thursday of January of Y,
activity in calendar Y-1) and list its problems (schema errors, and business rules as errors E
and queries Q). Exit code 0 when the file was written, whatever its problems; the page
``/insight/sen2/`` does the same in the background."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sendpath.ehc.caseload.services import home_authority
from sendpath.insight.sen2 import selectors
from sendpath.insight.sen2.export import Officers, write_return

OFFICER = ("Y", "N", "R")


class Command(BaseCommand):
    help = "Write the authority's SEN2 return (the person-level XML for DfE's COLLECT)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="Collection year, e.g. 2026")
        parser.add_argument("--output", required=True, help="Where to write the XML")
        for name, who in (("dmo", "Medical"), ("dco", "Clinical"), ("dsco", "Social Care")):
            parser.add_argument(
                f"--{name}",
                choices=OFFICER,
                help=f"Designated {who} Officer: Y in post, N not, R being recruited "
                "(default: as in the last return built from the page, else N)",
            )
        parser.add_argument("--problems", type=int, default=50, help="How many problems to list")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if not 2024 <= year <= 2100:
            raise CommandError("--year must be a collection year from 2024")
        authority = home_authority()
        last = selectors.last_run(authority)
        officers = Officers(
            *(
                options[name] or (getattr(last, name) if last is not None else "N")
                for name in ("dmo", "dco", "dsco")
            )
        )
        path = Path(options["output"])
        try:
            with path.open("wb") as out:
                result = write_return(out, authority=authority, year=year, officers=officers)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}") from None
        self.stdout.write(
            f"Wrote the SEN2 return {year} of LA {settings.HOME_LA_CODE} (census "
            f"{result.census:%-d %B %Y}) to {path}: {result.persons} people, "
            f"{result.count('E')} errors, {result.count('Q')} queries, "
            f"{result.count('W')} warnings"
        )
        for problem in result.problems[: options["problems"]]:
            self.stdout.write(
                f"{problem.severity} {problem.rule} {problem.element}: {problem.message}"
            )
