"""Tests of the statutory timescales engine (pure Python: no Django needed).

Run alone with ``.venv/bin/pytest sendpath/timescales -p no:django -q``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sendpath.timescales import WorkingDayCalendar, compute

PROJECT_ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = PROJECT_ROOT.parent / "shared" / "examples" / "timescales"

COMPARED = ("key", "due", "status", "completed_on", "exception")

Event = dict[str, Any]


def ev(type_: str, day: str | None = None, **fields: Any) -> Event:
    """An event dict: ``ev("advice_requested", "2026-02-16", id="ep", source="medical")``."""
    event: Event = {"type": type_}
    if day is not None:
        event["date"] = day
    event.update(fields)
    return event


def run(
    events: list[Event],
    as_of: str = "2026-06-30",
    date_of_birth: str | None = None,
    calendar: WorkingDayCalendar | None = None,
) -> dict[str, dict[str, Any]]:
    """Compute and index the deadlines by key."""
    case: dict[str, Any] = {"as_of": as_of, "events": events}
    if date_of_birth is not None:
        case["date_of_birth"] = date_of_birth
    rows = compute(case, calendar=calendar)["deadlines"]
    return {row["key"]: dict(row) for row in rows}


def one(events: list[Event], key: str, **kwargs: Any) -> dict[str, Any]:
    """The single deadline ``key`` (fails clearly when absent)."""
    rows = run(events, **kwargs)
    assert key in rows, f"{key} missing; got {sorted(rows)}"
    return rows[key]


def compared(row: dict[str, Any]) -> dict[str, Any]:
    return {name: row[name] for name in COMPARED}
