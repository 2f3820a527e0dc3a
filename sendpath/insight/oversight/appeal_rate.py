"""DfE's published SEND Tribunal appeal rate: "SEND Tribunals and appeal rate 2014-2024.csv".

The file is a wide table made for reading, not a tidy file (``published.py`` reads only those):
title rows, then a row of years (each over three columns: appeals registered, total appealable
decisions, appeal rate), a row of column names, then one row per authority under region
headings, and England's total. This module reads it as it is:

- the year row gives each year's first column; a year's three columns follow it in order;
- an authority's row has its 3-digit old LA code in the second column; England's row starts
  "England Total" and has no code;
- ``-`` is DfE's mark for no appeals (zero, with a rate of 0.00%); ``..`` (not available),
  ``~`` (suppressed) and empty cells are missing values (``None``), never zero;
- numbers carry thousands separators and rates a per cent sign.

The appeal rate is appeals registered / total appealable decisions (DfE's note 1: requests
refused, assessments that ended with no plan, plans at the January census and plans ceased
because needs are met without one). The table has no regional figures.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sendpath.insight import published

FILENAME = "SEND Tribunals and appeal rate 2014-2024.csv"
ENGLAND = "England"
NONE_REGISTERED = "-"
MISSING = frozenset({"..", "~", ""})


@dataclass(frozen=True)
class AppealRate:
    """One authority's (or England's) figures for one calendar year."""

    year: str
    appeals: int | None
    decisions: int | None
    rate: float | None  # per cent, as published (one decimal place)


def _count(cell: str) -> int | None:
    cell = cell.strip()
    if cell == NONE_REGISTERED:
        return 0
    if cell in MISSING:
        return None
    try:
        return int(cell.replace(",", ""))
    except ValueError:
        return None


def _rate(cell: str) -> float | None:
    cell = cell.strip().rstrip("%").strip()
    if cell == NONE_REGISTERED:
        return 0.0
    if cell in MISSING:
        return None
    try:
        return float(cell.replace(",", ""))
    except ValueError:
        return None


def parse(lines: list[list[str]]) -> dict[str, dict[str, AppealRate]]:
    """The table's figures as {code: {year: AppealRate}}; England's code is ``ENGLAND``."""
    years: dict[int, str] = {}
    found: dict[str, dict[str, AppealRate]] = {}
    for line in lines:
        cells = [c.strip() for c in line]
        if not cells:
            continue
        if not years and len(cells) > 2 and cells[0].lower() == "local authority":
            years = {i: c for i, c in enumerate(cells) if i >= 2 and c.isdigit() and len(c) == 4}
            continue
        if not years:
            continue
        name = cells[0]
        code = cells[1] if len(cells) > 1 else ""
        if name.lower().startswith("england total excluding"):
            continue
        if name.lower().startswith("england total"):
            key = ENGLAND
        elif len(code) == 3 and code.isdigit():
            key = code
        else:
            continue
        row: dict[str, AppealRate] = {}
        for start, year in years.items():
            part = ([*cells[start : start + 3], "", "", ""])[:3]
            row[year] = AppealRate(year, _count(part[0]), _count(part[1]), _rate(part[2]))
        found[key] = row
    return found


@cache
def _load(where: str) -> dict[str, dict[str, AppealRate]]:
    path = Path(where) / FILENAME
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return parse(list(csv.reader(handle)))


def table() -> dict[str, dict[str, AppealRate]]:
    """Every authority's and England's published figures, or nothing when the file is absent."""
    where = published.folder()
    return {} if where is None else _load(str(where))


def loaded() -> bool:
    return bool(table())


def rate(code: str, year: str) -> AppealRate | None:
    """An authority's (by its 3-digit old LA code) or England's (``ENGLAND``) figures."""
    return table().get(code, {}).get(year)


def years() -> list[str]:
    return sorted(table().get(ENGLAND, {}))
