"""DfE's published EHC plan statistics, read as ``INSIGHT.md`` says: England's, each region's and
each authority's figures, to show beside the authority's own.

The files are DfE's own CSVs ("Education, health and care plans", Open Government Licence),
in the folder ``settings.DFE_PUBLISHED_DIR``. A council downloads the latest release there;
a checkout finds it beside the project (``../shared/data/dfe-ehcp-2025``). When the folder or a
file is missing, every figure is ``None`` and the pages say the published figures are not loaded:
nothing is ever made up.

Reading rules (``INSIGHT.md``, "Reading DfE's files"):

- opened with ``utf-8-sig`` (the first header carries a byte-order mark);
- rows deduplicated on (time_period, geographic_level, region_code, old_la_code,
  breakdown_topic, breakdown), since some national rows appear twice;
- ``x``, ``z``, ``c``, ``low`` and empty cells are missing values (``None``), never zero;
- an authority's row is found by ``old_la_code`` (its 3-digit SEN2 ``LEA``), its region's by
  ``region_code``.

Only the rows of one breakdown topic are kept in memory at a time per file (the files hold
tens of thousands of rows; a dashboard needs a few hundred).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

NATIONAL = "National"
REGIONAL = "Regional"
AUTHORITY = "Local authority"
MISSING = frozenset({"x", "z", "c", "low", ""})
# Each file's headline rows ("All EHC plans", "New EHC plans", "All requests ..."): those
# whose breakdown is the topic itself.
ALL = "All"


@dataclass(frozen=True)
class Row:
    """One published row: where and when it is for, and its figures by column name."""

    time_period: str
    level: str
    region_code: str
    region_name: str
    la_code: str
    la_name: str
    topic: str
    breakdown: str
    values: dict[str, float | None]

    def get(self, column: str) -> float | None:
        return self.values.get(column)


def folder() -> Path | None:
    """The folder of DfE's files, or None when it is not there."""
    configured = getattr(settings, "DFE_PUBLISHED_DIR", "")
    path = Path(configured) if configured else None
    return path if path is not None and path.is_dir() else None


def _number(cell: str) -> float | None:
    cell = cell.strip()
    if cell in MISSING:
        return None
    try:
        return float(cell.replace(",", ""))
    except ValueError:
        return None


@cache
def _read(stem: str, topic: str, where: str) -> tuple[Row, ...]:
    path = Path(where) / f"{stem}.csv"
    if not path.is_file():
        return ()
    seen: set[tuple[str, ...]] = set()
    found: list[Row] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        fixed = {
            "time_period", "time_identifier", "geographic_level", "country_code",
            "country_name", "region_code", "region_name", "new_la_code", "old_la_code",
            "la_name", "breakdown_topic", "breakdown",
        }  # fmt: skip
        for line in reader:
            row_topic = line.get("breakdown_topic") or ""
            if topic == ALL:
                if row_topic != (line.get("breakdown") or ""):
                    continue
            elif row_topic != topic:
                continue
            key = (
                line.get("time_period") or "",
                line.get("geographic_level") or "",
                line.get("region_code") or "",
                line.get("old_la_code") or "",
                row_topic,
                line.get("breakdown") or "",
            )
            if key in seen:
                continue
            seen.add(key)
            found.append(
                Row(
                    time_period=key[0],
                    level=key[1],
                    region_code=key[2],
                    region_name=line.get("region_name") or "",
                    la_code=key[3],
                    la_name=line.get("la_name") or "",
                    topic=row_topic,
                    breakdown=key[5],
                    values={
                        name: _number(value or "")
                        for name, value in line.items()
                        if name and name not in fixed
                    },
                )
            )
    return tuple(found)


def rows(stem: str, topic: str = ALL) -> tuple[Row, ...]:
    """Every deduplicated row of ``<stem>.csv`` with this breakdown topic (``ALL``: the file's
    headline rows, whatever the file calls them)."""
    where = folder()
    if where is None:
        return ()
    return _read(stem, topic, str(where))


def loaded(stem: str) -> bool:
    return bool(rows(stem))


def periods(stem: str) -> list[str]:
    """The time periods the file covers, oldest first."""
    return sorted({r.time_period for r in rows(stem)})


def latest_period(stem: str) -> str | None:
    found = periods(stem)
    return found[-1] if found else None


def find(
    stem: str,
    *,
    time_period: str,
    level: str,
    code: str = "",
    topic: str = ALL,
    breakdown: str = "",
) -> Row | None:
    """The one row for England (``NATIONAL``), a region (``REGIONAL``, ``code`` its region code)
    or an authority (``AUTHORITY``, ``code`` its 3-digit old LA code) in a period."""
    for row in rows(stem, topic):
        if row.time_period != time_period or row.level != level:
            continue
        if level == REGIONAL and row.region_code != code:
            continue
        if level == AUTHORITY and row.la_code != code:
            continue
        if breakdown and row.breakdown != breakdown:
            continue
        return row
    return None


def value(
    stem: str,
    column: str,
    *,
    time_period: str,
    level: str,
    code: str = "",
    topic: str = ALL,
    breakdown: str = "",
) -> float | None:
    row = find(
        stem, time_period=time_period, level=level, code=code, topic=topic, breakdown=breakdown
    )
    return None if row is None else row.get(column)


@dataclass(frozen=True)
class Region:
    code: str
    name: str


def region_of(la_code: str) -> Region | None:
    """The region an authority belongs to, from the published rows (by its old LA code)."""
    if not la_code:
        return None
    for row in rows("requests"):
        if row.level == AUTHORITY and row.la_code == la_code and row.region_code:
            return Region(row.region_code, row.region_name)
    return None


def authority_name(la_code: str) -> str:
    for row in rows("requests"):
        if row.level == AUTHORITY and row.la_code == la_code:
            return row.la_name
    return ""
