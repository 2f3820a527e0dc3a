"""Reading an uploaded SEN Support CSV into rows: UTF-8 with or without a byte order mark, or as
Excel's "CSV (Comma delimited)" saves it (Windows-1252); the header row matched to the template's
columns whatever their order or case. Row numbers are the spreadsheet's: the header is row 1."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from .columns import COLUMNS

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 20_000


@dataclass(frozen=True)
class RowError:
    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}, {self.column}" if self.column else f"Row {self.row}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, str]  # column key -> the text as in the file, stripped


def _header_key(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").split()).lower()


_BY_HEADER = {_header_key(c.header): c for c in COLUMNS}


def decode(raw: bytes) -> str:
    """The file's text: UTF-8 (a byte order mark, as Excel's "CSV UTF-8" writes, is dropped),
    otherwise Windows-1252, as Excel's plain "CSV (Comma delimited)" writes in the UK."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise ValueError(
            "The file is not a CSV file we can read: save it from your spreadsheet as "
            "CSV UTF-8 (comma delimited)"
        ) from None


def read_rows(raw: bytes) -> tuple[list[Row], list[RowError]]:
    """The data rows (empty rows skipped, their numbers kept) and any problem with the file as a
    whole or its header row."""
    if len(raw) > MAX_BYTES:
        return [], [RowError(1, None, "The file must be smaller than 2 MB: split it into parts")]
    try:
        text = decode(raw)
    except ValueError as error:
        return [], [RowError(1, None, str(error))]
    if not text.strip():
        return [], [RowError(1, None, "The file is empty")]
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:
        return [], [RowError(1, None, "The file is not a CSV file: save it as CSV UTF-8")]
    header, body = lines[0], lines[1:]
    errors: list[RowError] = []
    keys: list[str | None] = []
    seen: set[str] = set()
    for cell in header:
        column = _BY_HEADER.get(_header_key(cell))
        if column is not None and column.key in seen:
            errors.append(RowError(1, column.header, "This column appears twice"))
        keys.append(column.key if column is not None else None)  # other columns are ignored
        if column is not None:
            seen.add(column.key)
    missing = [c.header for c in COLUMNS if c.required and c.key not in seen]
    if missing:
        errors.append(
            RowError(
                1,
                None,
                "The header row must have the template's columns: "
                + ", ".join(missing)
                + (" is" if len(missing) == 1 else " are")
                + " missing. Download the template and copy your data into it",
            )
        )
    if errors:
        return [], errors
    rows: list[Row] = []
    for number, cells in enumerate(body, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(keys) and any(cell.strip() for cell in cells[len(keys) :]):
            errors.append(RowError(number, None, "This row has more values than the header row"))
            continue
        values = {key: cells[i].strip() if i < len(cells) else "" for i, key in enumerate(keys)}
        rows.append(Row(number, {k: v for k, v in values.items() if k is not None}))
    if len(rows) > MAX_ROWS:
        return [], [RowError(1, None, f"The file must have at most {MAX_ROWS:,} pupils")]
    if not rows and not errors:
        errors.append(RowError(2, None, "The file has a header row but no pupils"))
    return rows, errors
