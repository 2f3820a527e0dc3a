"""The nightly refresh of every open case's deadlines, set by set, computing only what can
have changed.

Statuses move with the calendar: an open deadline is overdue (a period has ended) the day after
it falls due, and the phase transfer a plan takes from the child's year group moves on when a
new transfer round begins (1 April). Nothing else in a case's deadlines depends on the day (the
engine's ``as_of`` "only decides open against overdue and whether a period has ended"); the rest
follows from the timeline, the date of birth and the rules. So after one refresh as of a day,
every open case's stored deadlines are what the engine gives as of that day, and the next night
computes again only the cases that can differ:

* a deadline not yet done falling due on or after the last refresh's day and before today (the
  partial index ``deadline_not_done`` finds them);
* an event recorded since the last refresh began (an id above its watermark), whatever recorded
  it; a case, child or plan changed since then (an hour's margin for work in flight);

and every open case is computed (a **full** refresh) when there is no earlier refresh, the rules
have changed (``rules_version``: the engine's, the rules' and this module's source, and the
bank holidays' package), a new phase transfer round has begun, the day is before the last
refresh's, or it is asked for (``manage.py refresh_deadlines --full``). Each refresh is recorded
as a ``DeadlineRefresh``.

The cases to compute are taken a batch at a time (``batch_size`` cases, one transaction each,
locked so that an event recorded meanwhile waits rather than being overwritten): their
effective events, plans and stored deadlines are read in three statements, each case is
computed through the same ``deadlines.compute_case`` that recording an event uses, and only
what differs is written: deadline rows inserted or updated (one upsert), rows the engine no
longer produces deleted, and the case's derived fields and plan dates updated where they
changed. A full refresh as of the same day as another writes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import holidays
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from sendpath.ehc.cases.deadlines import (
    DEADLINE_FIELDS,
    DeadlineValues,
    compute_case,
    plan_dates,
)
from sendpath.ehc.cases.phase import transfer_year
from sendpath.ehc.models import Case, CaseEvent, Deadline, DeadlineRefresh, Plan

BATCH_SIZE = 2000

# Work saved within this long before a refresh began is looked at again by the next one, so a
# transaction still open when the refresh read its cases is never missed.
MARGIN = dt.timedelta(hours=1)

# The code a case's deadlines are computed by: when any of it changes, every open case is
# computed again the next night.
RULES_MODULES = (
    "sendpath.timescales.calendar",
    "sendpath.timescales.engine",
    "sendpath.timescales.periods",
    "sendpath.timescales.rules",
    "sendpath.timescales.validation",
    "sendpath.ehc.cases.deadlines",
    "sendpath.ehc.cases.phase",
    "sendpath.ehc.cases.stages",
    "sendpath.ehc.cases.refresh",
)


@functools.cache
def rules_version() -> str:
    """A fingerprint of the rules as deployed: the source of ``RULES_MODULES`` and the version
    of the bank holidays' package."""
    digest = hashlib.sha256()
    for name in RULES_MODULES:
        module = importlib.import_module(name)
        digest.update(name.encode())
        digest.update(Path(str(module.__file__)).read_bytes())
    digest.update(f"holidays {holidays.__version__}".encode())
    return digest.hexdigest()


@dataclass
class Refreshed:
    """What a refresh did, so far (passed to ``progress`` after every batch)."""

    cases: int = 0  # computed again
    open_cases: int = 0  # up to date as of the day once the refresh is done
    full: bool = False
    why_full: str = ""
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


def _in_batch(ids: list[Any]) -> tuple[str, list[Any]]:
    """An SQL test of a case id against ``ids`` and its parameters."""
    if connection.vendor == "postgresql":
        return _IN_BATCH_PG, [ids]
    return f"IN ({_placeholders(ids)})", ids


def read_batch(
    cursor: Any, after: Any, size: int, *, only: list[Any] | None = None
) -> Batch | None:
    """Lock and read the next ``size`` open cases after id ``after`` (None: from the first), or
    the open cases among the ids ``only`` (in order)."""
    postgres = connection.vendor == "postgresql"
    if only is not None:
        test, params = _in_batch(only)
        sql = _CASES.format(after=f"c.id {test}")
        params = [*params, size]
    else:
        sql = _CASES.format(after="TRUE" if after is None else "c.id > %s")
        params = [size] if after is None else [after, size]
    if connection.features.has_select_for_update:
        sql += " FOR UPDATE OF c"
    cursor.execute(sql, params)
    cases = cursor.fetchall()
    if not cases:
        return None
    ids = [c[0] for c in cases]
    in_batch, bounds = _in_batch(ids)
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


def _batch(
    cursor: Any,
    after: Any,
    size: int,
    as_of: dt.date,
    done: Refreshed,
    only: list[Any] | None = None,
) -> Any:
    """Refresh the next ``size`` open cases after ``after`` (or those among ``only``); returns
    the last id (None: no more)."""
    batch = read_batch(cursor, after, size, only=only)
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


def _why_full(last: DeadlineRefresh | None, as_of: dt.date) -> str:
    """Why every open case must be computed as of ``as_of`` after the refresh ``last``, or ""."""
    if last is None:
        return "no earlier refresh is recorded"
    if last.rules_version != rules_version():
        return "the rules have changed since the last refresh"
    if as_of < last.as_of:
        return f"the day is before the last refresh's ({last.as_of:%-d %B %Y})"
    if transfer_year(as_of) != transfer_year(last.as_of):
        return "a new phase transfer round has begun"
    return ""


def changed_since(last: DeadlineRefresh, as_of: dt.date) -> list[Any]:
    """The open cases whose deadlines as of ``as_of`` can differ from those stored by the
    refresh ``last`` (and kept up to date event by event since), in id order: one statement,
    a union of five small index or sequential reads (never a test per case)."""
    since = last.started_at - MARGIN
    open_case = Q(case__closed_at__isnull=True)
    parts = [
        Case.objects.open().filter(modified_at__gte=since).values_list("pk"),
        Case.objects.open().filter(child__modified_at__gte=since).values_list("pk"),
        Plan.objects.filter(open_case, modified_at__gte=since).values_list("case_id"),
        CaseEvent.objects.filter(open_case, pk__gt=last.event_watermark).values_list("case_id"),
        Deadline.objects.filter(
            open_case, completed_on__isnull=True, due__gte=last.as_of, due__lt=as_of
        ).values_list("case_id"),
    ]
    union = parts[0].order_by().union(*(part.order_by() for part in parts[1:]))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Compiling this one statement (PostgreSQL's JIT) would take longer than running it.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        return sorted(case_id for (case_id,) in union)


def _event_watermark(started_at: dt.datetime) -> int:
    """The last event recorded before ``started_at`` less the margin (0: none)."""
    last = (
        CaseEvent.objects.filter(recorded_at__lt=started_at - MARGIN)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return last or 0


def refresh_open_cases(
    *,
    as_of: dt.date | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[Refreshed], None] | None = None,
    full: bool = False,
) -> Refreshed:
    """Bring every open case's stored deadlines up to date as of ``as_of`` (today), computing
    the cases that can have changed since the last refresh (all of them when ``full`` or
    ``_why_full`` says so) and storing only what changed."""
    as_of = as_of or timezone.localdate()
    started_at = timezone.now()
    watermark = _event_watermark(started_at)
    last = DeadlineRefresh.objects.order_by("-finished_at").first()
    why = "asked for" if full else _why_full(last, as_of)
    done = Refreshed(full=bool(why), why_full=why)
    after: Any = None
    if why:
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                after = _batch(cursor, after, batch_size, as_of, done)
            if progress is not None:
                progress(done)
            if after is None:
                break
    else:
        assert last is not None  # noqa: S101 - _why_full gives a reason when there is none
        ids = changed_since(last, as_of)
        for start in range(0, len(ids), batch_size):
            with transaction.atomic(), connection.cursor() as cursor:
                _batch(cursor, None, batch_size, as_of, done, ids[start : start + batch_size])
            if progress is not None:
                progress(done)
    done.open_cases = Case.objects.open().count()
    DeadlineRefresh.objects.create(
        as_of=as_of,
        started_at=started_at,
        finished_at=timezone.now(),
        full=done.full,
        why_full=why,
        rules_version=rules_version(),
        event_watermark=watermark,
        open_cases=done.open_cases,
        cases_computed=done.cases,
        deadlines_written=done.deadlines_written,
        deadlines_removed=done.deadlines_removed,
        cases_updated=done.cases_updated,
    )
    return done
