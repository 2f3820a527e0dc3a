"""``manage.py load_postcodes [FILE]``: load postcode centroids for searches by distance.

With no file, loads the bundled Demoshire file (``sendpath/localoffer/data/
demoshire-postcodes.csv``: a centroid for each of the fictional districts DM1 to DM9 and their
sectors). With a file, accepts either:

- our own three columns, ``postcode,latitude,longitude`` (units, sectors or districts); or
- an extract of the ONS Postcode Directory (ONSPD) or ONS Postcode Lookup, which has many
  columns of which we read ``pcds`` (or ``pcd``), ``lat`` and ``long``. Rows with no grid
  reference (no coordinates, or ``lat`` 99.999999, as ONS marks them) are skipped.

The file is read and written in batches, so the whole ONSPD (2.7 million rows) streams through
without being held in memory; everything is one transaction, so a failure part way writes
nothing. When a file gives unit postcodes, the centroid of each sector (``DM1 4``) and district
(``DM1``) is worked out as the mean of its units, unless the file gives that sector or district
itself, so that a family can search with part of a postcode.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from sendpath.localoffer import postcodes

BUNDLED = Path(__file__).resolve().parents[2] / "data" / "demoshire-postcodes.csv"
NO_GRID_LATITUDE = 99.999999  # ONS: "no grid reference" (longitude 0.000000)
# The United Kingdom, the Channel Islands and the Isle of Man, with a margin: a point outside
# is a mistake (swapped columns, eastings and northings instead of degrees).
LATITUDES = (49.0, 61.5)
LONGITUDES = (-9.0, 2.5)
SHOWN_PROBLEMS = 5
LAYOUTS = {"ours": "", "ons": " of an ONS Postcode Directory extract"}
SECTOR_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9]$")  # DM1 4, EC1A 1


@dataclass
class PostcodeFile:
    """One CSV of postcode centroids, read a row at a time, with what was skipped and why."""

    handle: TextIO
    name: str
    columns: tuple[str, str, str] = ("", "", "")
    layout: str = ""  # "ours" or "ons"
    rows_read: int = 0
    no_grid: int = 0
    bad: int = 0
    problems: list[str] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=lambda: {"unit": 0, "sector": 0, "district": 0})
    given: set[str] = field(default_factory=set)  # sectors and districts the file gives
    sums: dict[str, list[float]] = field(default_factory=dict)  # derived: [lat, lon, n]

    def __post_init__(self) -> None:
        self.reader = csv.reader(self.handle)
        try:
            header = next(self.reader, None)
        except (csv.Error, UnicodeDecodeError) as error:
            raise CommandError(f"{self.name} is not a CSV file ({error})") from None
        if not header:
            raise CommandError(f"{self.name} is empty: expected a CSV file with a header row")
        if any("\x00" in cell for cell in header):
            raise CommandError(f"{self.name} is not a CSV file (it holds binary data)")
        names = [cell.strip().lower() for cell in header]
        index = {name: i for i, name in reversed(list(enumerate(names)))}
        if "postcode" in index:
            self.layout, wanted = "ours", ("postcode", "latitude", "longitude")
        elif "pcds" in index or "pcd" in index:
            key = "pcds" if "pcds" in index else "pcd"
            self.layout, wanted = "ons", (key, "lat", "long")
        else:
            raise CommandError(
                f"{self.name} has no postcode column: expected postcode (with latitude and "
                "longitude), or pcds or pcd (with lat and long) as in the ONS Postcode Directory"
            )
        missing = [name for name in wanted if name not in index]
        if missing:
            raise CommandError(
                f"{self.name} has no {' or '.join(missing)} column "
                f"(found: {', '.join(n for n in names if n)[:300]})"
            )
        self.indexes = tuple(index[name] for name in wanted)
        self.columns = wanted

    def _problem(self, line: int, message: str) -> None:
        self.bad += 1
        if len(self.problems) < SHOWN_PROBLEMS:
            self.problems.append(f"line {line}: {message}")

    def rows(self) -> Iterator[tuple[str, float, float]]:
        """The good rows as (postcode, latitude, longitude); counts and notes the others."""
        i_key, i_lat, i_lon = self.indexes
        width = max(self.indexes) + 1
        try:
            for row in self.reader:
                line = self.reader.line_num
                if not row or not any(cell.strip() for cell in row):
                    continue
                self.rows_read += 1
                if len(row) < width:
                    self._problem(line, f"{len(row)} columns where {width} were expected")
                    continue
                text, lat_text, lon_text = row[i_key], row[i_lat].strip(), row[i_lon].strip()
                if not lat_text or not lon_text:
                    self.no_grid += 1
                    continue
                try:
                    lat, lon = float(lat_text), float(lon_text)
                except ValueError:
                    self._problem(line, f"{lat_text!r}, {lon_text!r} are not coordinates")
                    continue
                if abs(lat - NO_GRID_LATITUDE) < 1e-6:
                    self.no_grid += 1
                    continue
                key = postcodes.normalise_postcode(text)
                if not (
                    postcodes.POSTCODE_RE.match(key)
                    or postcodes.PARTIAL_RE.match(key)
                    or SECTOR_RE.match(key)
                ):
                    self._problem(line, f"{text.strip()!r} is not a postcode")
                    continue
                if not (
                    math.isfinite(lat)
                    and math.isfinite(lon)
                    and LATITUDES[0] <= lat <= LATITUDES[1]
                    and LONGITUDES[0] <= lon <= LONGITUDES[1]
                ):
                    self._problem(line, f"{lat}, {lon} is not in the United Kingdom")
                    continue
                kind = postcodes.postcode_kind(key)
                self.kinds[kind] += 1
                if kind == "unit":
                    sector = key[:-2]
                    for part in (sector, sector.split(" ")[0]):
                        total = self.sums.setdefault(part, [0.0, 0.0, 0])
                        total[0] += lat
                        total[1] += lon
                        total[2] += 1
                else:
                    self.given.add(key)
                yield key, lat, lon
        except (csv.Error, UnicodeDecodeError) as error:
            raise CommandError(
                f"{self.name} could not be read after line {self.reader.line_num}: {error}"
            ) from None

    def derived(self) -> list[tuple[str, float, float]]:
        """Sector and district centroids as the mean of their units, where the file gave none."""
        return [
            (key, round(lat / n, 6), round(lon / n, 6))
            for key, (lat, lon, n) in sorted(self.sums.items())
            if key not in self.given
        ]


class Command(BaseCommand):
    help = (
        "Load postcode centroids for searching the Local Offer by distance: the bundled "
        "Demoshire file, or a CSV of postcode,latitude,longitude, or an ONS Postcode Directory "
        "extract (pcds, lat, long)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            nargs="?",
            help="CSV file to load (default: the bundled Demoshire postcodes)",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=5000,
            help="rows written at a time (default 5000)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"]) if options["file"] else BUNDLED
        name = str(path) if options["file"] else "the bundled Demoshire postcodes"
        if not path.is_file():
            raise CommandError(f"{path} does not exist or is not a file")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            handle = path.open(encoding="utf-8-sig", newline="")
        except OSError as error:
            raise CommandError(f"{path} could not be opened: {error}") from None
        with handle, transaction.atomic():
            source = PostcodeFile(handle, name)
            written = postcodes.postcodes_load(
                self._progress(source.rows(), options["verbosity"]),
                batch_size=options["batch_size"],
            )
            derived = source.derived()
            if derived:
                postcodes.postcodes_load(derived, batch_size=options["batch_size"])
        self._report(source, written, len(derived))

    def _progress(
        self, rows: Iterator[tuple[str, float, float]], verbosity: int
    ) -> Iterator[tuple[str, float, float]]:
        for n, row in enumerate(rows, start=1):
            if n % 500_000 == 0 and verbosity >= 1:
                self.stdout.write(f"  {n:,} postcodes read...")
            yield row

    def _report(self, source: PostcodeFile, written: int, derived: int) -> None:
        kinds = ", ".join(
            f"{count:,} {kind}{'' if count == 1 else 's'}"
            for kind, count in source.kinds.items()
            if count
        )
        self.stdout.write(
            f"Loaded {written:,} postcodes from {source.name} "
            f"(columns {', '.join(source.columns)}{LAYOUTS[source.layout]}): {kinds or 'none'}"
        )
        if derived:
            self.stdout.write(
                f"Worked out {derived:,} sector and district centroids from the unit postcodes"
            )
        skipped = source.no_grid + source.bad
        if skipped:
            self.stdout.write(
                f"Skipped {skipped:,} of {source.rows_read:,} rows: {source.no_grid:,} with no "
                f"grid reference, {source.bad:,} not understood"
            )
            for problem in source.problems:
                self.stdout.write(f"  {problem}")
            if source.bad > len(source.problems):
                self.stdout.write(f"  and {source.bad - len(source.problems):,} more")
        else:
            self.stdout.write(f"Skipped 0 of {source.rows_read:,} rows")
