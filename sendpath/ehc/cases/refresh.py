"""The nightly refresh of every open case's deadlines, set by set.

Statuses move with the calendar (an open deadline is overdue the day after it falls due), so
each night every open case is computed again as of today. Done case by case that took seven
statements and a transaction per case and rewrote every row; here the open cases are taken a
batch at a time (ordered by id, ``batch_size`` cases, one transaction each, the cases locked
so that an event recorded meanwhile waits rather than being overwritten): their effective
events, plans and stored deadlines are read in three statements, each case is computed with the
timescales engine through the same ``deadlines.compute_case`` that recording an event uses, and
only what differs is written: deadline rows inserted or updated (one upsert), rows the engine no
longer produces deleted, and the case's derived fields and plan dates updated where they
changed. A second refresh of the same day writes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from sendpath.ehc.cases.deadlines import (
    DEADLINE_FIELDS,
    DeadlineValues,
    compute_case,
    plan_dates,
)

BATCH_SIZE = 2000


@dataclass
class Refreshed:
    """What a refresh did, so far (passed to ``progress`` after every batch)."""

    cases: int = 0
    batches: int = 0
    deadlines_written: int = 0
    deadlines_removed: int = 0
    cases_updated: int = 0
    plans_updated: int = 0


class _Event:
    """An effective event as read in bulk; its details are parsed only when asked for."""

    __slots__ = ("_details", "date", "type")

    def __init__(self, type: str, date: dt.date | None, details: Any) -> None:
        self.type = type
        self.date = date
        self._details = details

    @property
    def details(self) -> Any:
        if isinstance(self._details, str | bytes):
            self._details = json.loads(self._details)
        elif self._details is None:
            self._details = {}
        return self._details


def _date(value: Any) -> dt.date | None:
    """A date as the database returns it (SQLite returns text from a plain cursor)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _native(value: Any) -> Any:
    return value  # PostgreSQL returns dates as dates


def _placeholders(values: Sequence[Any]) -> str:
    return ", ".join(["%s"] * len(values))


_CASES = """
SELECT c.id, ch.date_of_birth, c.received_on, c.stage, c.next_due, c.next_key,
       c.week20_exception, c.review_due, c.review_pending, c.review_report_pending,
       c.review_decision_pending, c.transfer_year, c.transfer_kind
FROM ehc_case c
JOIN people_child ch ON ch.id = c.child_id
WHERE c.closed_at IS NULL AND ({after})
ORDER BY c.id
LIMIT %s
"""

# The batch's cases again, by their ids (one array on PostgreSQL).
_IN_BATCH_PG = "= ANY(%s)"

# The batch's events (superseded ones are dropped as they are read), each case's in the order
# ``services.effective_events`` reads them.
_EVENTS = """
SELECT e.case_id, e.type, e.date, e.details, e.supersedes_id, e.id
FROM ehc_caseevent e
WHERE e.case_id {in_batch}
ORDER BY e.case_id, e.date, e.recorded_at, e.id
"""
_PLANS = """
SELECT p.case_id, p.id, p.draft_sent_on, p.issued_on FROM ehc_plan p WHERE p.case_id {in_batch}
ORDER BY p.case_id
"""

_STORED = """
SELECT d.case_id, d.key, d.family, d.due, d.status, d.completed_on, d.exception, d.source,
       d.pending, d.family_limit, d.id
FROM ehc_deadline d
WHERE d.case_id {in_batch}
ORDER BY d.case_id
"""

_UPSERT = (  # noqa: S608 - fixed column names and placeholders only
    "INSERT INTO ehc_deadline (case_id, {fields}, computed_at) VALUES (%s, {values}, %s) "
    "ON CONFLICT (case_id, key) DO UPDATE SET {updates}, computed_at = EXCLUDED.computed_at"
).format(
    fields=", ".join(DEADLINE_FIELDS),
    values=_placeholders(DEADLINE_FIELDS),
    updates=", ".join(f"{f} = EXCLUDED.{f}" for f in DEADLINE_FIELDS if f != "key"),
)

_UPDATE_CASE = (
    "UPDATE ehc_case SET received_on = %s, stage = %s, next_due = %s, next_key = %s, "
    "week20_exception = %s, review_due = %s, review_pending = %s, review_report_pending = %s, "
    "review_decision_pending = %s, transfer_year = %s, transfer_kind = %s, modified_at = %s "
    "WHERE id = %s"
)

_UPDATE_PLAN = "UPDATE ehc_plan SET draft_sent_on = %s, issued_on = %s WHERE id = %s"


def _as_read(row: Sequence[Any]) -> DeadlineValues:
    return row  # type: ignore[return-value]  # PostgreSQL returns dates and booleans as such


def _stored_values(row: Sequence[Any]) -> DeadlineValues:
    key, family, due, status, completed, exception, source, pending, family_limit = row
    return (  # type: ignore[return-value]
        key,
        family,
        _date(due),
        status,
        _date(completed),
        exception,
        source,
        bool(pending),
        bool(family_limit),
    )


def _by_case(rows: list[Any], ids: list[Any]) -> list[list[Any]]:
    """Rows ordered by case id, as one list per case of ``ids`` (in the same order)."""
    out: list[list[Any]] = []
    i, n = 0, len(rows)
    for case_id in ids:
        group = []
        while i < n and rows[i][0] == case_id:
            group.append(rows[i])
            i += 1
        out.append(group)
    return out


@dataclass
class Batch:
    """A batch of open cases as read: each case's row, effective events, stored deadlines (key:
    values and id) and plan (id and dates)."""

    cases: list[tuple[Any, ...]]
    timelines: list[list[_Event]]
    stored: list[dict[str, tuple[DeadlineValues, Any]]]
    plans: list[tuple[Any, ...]]


def read_batch(cursor: Any, after: Any, size: int) -> Batch | None:
    """Lock and read the next ``size`` open cases after id ``after`` (None: from the first)."""
    postgres = connection.vendor == "postgresql"
    sql = _CASES.format(after="TRUE" if after is None else "c.id > %s")
    if connection.features.has_select_for_update:
        sql += " FOR UPDATE OF c"
    cursor.execute(sql, [size] if after is None else [after, size])
    cases = cursor.fetchall()
    if not cases:
        return None
    ids = [c[0] for c in cases]
    if postgres:
        in_batch, bounds = _IN_BATCH_PG, [ids]
    else:
        in_batch, bounds = f"IN ({_placeholders(ids)})", ids
    cursor.execute(_EVENTS.format(in_batch=in_batch), bounds)
    events = cursor.fetchall()
    superseded = {row[4] for row in events if row[4] is not None}
    if superseded:
        events = [row for row in events if row[5] not in superseded]
    as_date = _native if postgres else _date
    timelines = [
        [_Event(row[1], as_date(row[2]), row[3]) for row in group]
        for group in _by_case(events, ids)
    ]
    cursor.execute(_STORED.format(in_batch=in_batch), bounds)
    as_stored = _as_read if postgres else _stored_values
    stored = [
        {row[1]: (as_stored(row[1:10]), row[10]) for row in group}
        for group in _by_case(cursor.fetchall(), ids)
    ]

    cursor.execute(_PLANS.format(in_batch=in_batch), bounds)
    plans = [
        group[0][1:] if group else (None, None, None) for group in _by_case(cursor.fetchall(), ids)
    ]

    return Batch(cases, timelines, stored, plans)


def _batch(cursor: Any, after: Any, size: int, as_of: dt.date, done: Refreshed) -> Any:
    """Refresh the next ``size`` open cases after ``after``; returns the last id (None: none)."""
    batch = read_batch(cursor, after, size)
    if batch is None:
        return None
    cases = batch.cases
    now = timezone.now()
    upserts: list[tuple[Any, ...]] = []
    removed: list[Any] = []
    case_updates: list[tuple[Any, ...]] = []
    plan_updates: list[tuple[Any, ...]] = []
    for case, events, old, plan in zip(
        cases, batch.timelines, batch.stored, batch.plans, strict=True
    ):
        case_id, born, received, *stored_fields = case
        plan_id, sent, issued = plan
        computed = compute_case(_date(born), events, as_of)  # type: ignore[arg-type]
        for row in computed.rows:
            previous = old.pop(row[0], None)
            if previous is None or previous[0] != row:
                upserts.append((case_id, *row, now))
        removed += [deadline_id for _, deadline_id in old.values()]
        received_on = computed.received_on or _date(received)
        fields = (
            computed.stage,
            computed.next_due,
            computed.next_key,
            computed.week20_exception,
            computed.review_due,
            computed.review_pending,
            computed.review_report_pending,
            computed.review_decision_pending,
            computed.transfer_year,
            computed.transfer_kind,
        )
        stage, next_due, next_key, week20, review_due, *flags, year, kind = stored_fields
        as_stored = (
            stage,
            _date(next_due),
            next_key,
            bool(week20),
            _date(review_due),
            *(bool(flag) for flag in flags),
            year,
            kind,
        )
        if received_on != _date(received) or fields != as_stored:
            case_updates.append((received_on, *fields, now, case_id))
        dates = plan_dates(events)
        if plan_id is not None and dates is not None and dates != (_date(sent), _date(issued)):
            plan_updates.append((*dates, plan_id))

    if upserts:
        cursor.executemany(_UPSERT, upserts)
    if removed:
        cursor.execute(f"DELETE FROM ehc_deadline WHERE id IN ({_placeholders(removed)})", removed)  # noqa: S608 - placeholders only
    if case_updates:
        cursor.executemany(_UPDATE_CASE, case_updates)
    if plan_updates:
        cursor.executemany(_UPDATE_PLAN, plan_updates)
    done.cases += len(cases)
    done.batches += 1
    done.deadlines_written += len(upserts)
    done.deadlines_removed += len(removed)
    done.cases_updated += len(case_updates)
    done.plans_updated += len(plan_updates)
    return cases[-1][0] if len(cases) == size else None


def refresh_open_cases(
    *,
    as_of: dt.date | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[Refreshed], None] | None = None,
) -> Refreshed:
    """Compute every open case again as of ``as_of`` (today) and store only what changed."""
    as_of = as_of or timezone.localdate()
    done = Refreshed()
    after: Any = None
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            after = _batch(cursor, after, batch_size, as_of, done)
        if progress is not None:
            progress(done)
        if after is None:
            return done
