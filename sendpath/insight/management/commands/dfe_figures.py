"""``python manage.py dfe_figures --year 2025 [--authority LA_CODE] [--json]``: the figures DfE
will publish for an authority, counted from its records (``sendpath.insight.figures.counting``,
the module the dashboards read too).

``--year`` is the activity year (calendar year); the caseload and all plans by need are counted
at the census of the next January (INSIGHT.md, "Periods"). Without ``--authority``, the
installation's home authority (``settings.HOME_LA_CODE``).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sendpath.insight.figures import counting
from sendpath.insight.figures.selectors import authority_by_code


class Command(BaseCommand):
    help = "Print the figures DfE will publish for an authority's activity year (INSIGHT.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="Activity year, e.g. 2025")
        parser.add_argument(
            "--authority",
            default="",
            help="The authority's 3-digit LA code (default: this installation's, HOME_LA_CODE)",
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError("--year must be a calendar year, for example 2025")
        code = str(options["authority"] or settings.HOME_LA_CODE)
        authority = authority_by_code(code)
        if authority is None:
            raise CommandError(f"No local authority with LA code {code} is recorded")
        found = counting.measures(authority, year)
        if options["json"]:
            self.stdout.write(json.dumps(found, indent=2))
            return
        census = counting.census_date(year + 1)
        self.stdout.write(
            f"{authority.name} (LA {code}): activity in {year}, caseload at the census of "
            f"{census:%-d %B %Y}"
        )
        for stem, columns in found.items():
            self.stdout.write(f"\n{stem}")
            width = max(len(c) for c in columns)
            for column, value in columns.items():
                shown = (
                    "-"
                    if value is None
                    else (f"{value:.1f}" if isinstance(value, float) else str(value))
                )
                self.stdout.write(f"  {column:<{width}}  {shown:>8}")
