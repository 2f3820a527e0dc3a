"""Benchmark of the nightly refresh of deadlines (``refresh_deadlines``) at England's scale.

PostgreSQL only, in a database of its own (default
``postgres://postgres@127.0.0.1:5432/sendpath_bench_refresh``, created if missing).

The data: one authority's open cases are built as the worklist benchmark builds them
(``bench/worklist_data.py``: 25,000 plans in force and 6,000 open requests and assessments at
every stage, 12% of them with an exception, timelines from the demo's case maker, each case's
deadlines the engine's output), then copied by SQL (new children, cases, plans, events and
deadlines) ``--copies`` times over. The default, 8 copies, gives about 248,000 open cases and
2.5 million events; England has about 800,000 open cases (``--copies 26``), and the figure for
England is extrapolated from the measured rate unless that many were built. The data is reused
while its size and seed match; ``--rebuild`` builds it again.

Each run is one night: ``refresh_all`` as of the day after the previous run (the first run: the
day after the data was built), so statuses move on with the calendar and only what changed is
written. The process is pinned to one CPU (PostgreSQL runs beside it). A second refresh as of
the same day is then timed too (it must write nothing), and a sample of cases is checked
against the per-case ``deadlines_refresh`` (rolled back): identical rows and derived fields.
Then yardsticks taken on the machine as loaded at that moment: reading the batches alone,
computing them alone (``deadlines.compute_case``, no database), and the old per-case path on a
sample (rolled back). Ends with exactly one line::

    refresh_cases_per_second=<x>

    .venv/bin/python bench/refresh_bench.py [--rebuild] [--copies 8] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness import ensure_database, say, setup_django  # noqa: E402 - after the path

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sendpath_bench_refresh"
ENGLAND_OPEN_CASES = 800_000
BUDGET_CASES_PER_SECOND = 15_000


# ---------------------------------------------------------------------------------------------
# The data


def _columns(cursor: Any, table: str) -> list[str]:
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def _copy(cursor: Any, table: str, replace: dict[str, str], where: str, copies: int) -> int:
    """Copy the rows of ``table`` (``where``) ``copies - 1`` times, ``k`` the copy's number,
    columns in ``replace`` given by an SQL expression (others as they are; ``None``: default)."""
    columns = [c for c in _columns(cursor, table) if replace.get(c, "") is not None]
    values = [replace.get(c) or f"t.{c}" for c in columns]
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - fixed names
        f"SELECT {', '.join(values)} FROM {table} t, generate_series(1, %s) AS k WHERE {where}",
        [copies - 1],
    )
    return int(cursor.rowcount)


def _new(column: str) -> str:
    return f"md5({column}::text || ':' || k)::uuid"


def copy_open_cases(copies: int) -> None:
    """Copy every open case (with a new child, plan, events and deadlines) ``copies - 1`` times."""
    from django.db import connection, transaction

    open_case = "t.case_id IN (SELECT id FROM ehc_case WHERE closed_at IS NULL)"
    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        n = _copy(
            cursor,
            "people_child",
            {"id": _new("t.id"), "upn": "''", "uln": "''", "nhs_number": "''"},
            "t.id IN (SELECT child_id FROM ehc_case WHERE closed_at IS NULL)",
            copies,
        )
        say(f"  copied {n:,} children ({time.perf_counter() - started:.0f} s)")
        n = _copy(
            cursor,
            "ehc_case",
            {
                "id": _new("t.id"),
                "child_id": _new("t.child_id"),
                "reference": "t.reference || '-' || k",
            },
            "t.closed_at IS NULL",
            copies,
        )
        say(f"  copied {n:,} cases ({time.perf_counter() - started:.0f} s)")
        n = _copy(
            cursor,
            "ehc_plan",
            {"id": _new("t.id"), "case_id": _new("t.case_id")},
            open_case,
            copies,
        )
        say(f"  copied {n:,} plans ({time.perf_counter() - started:.0f} s)")
        n = _copy(
            cursor, "ehc_caseevent", {"id": None, "case_id": _new("t.case_id")}, open_case, copies
        )
        say(f"  copied {n:,} events ({time.perf_counter() - started:.0f} s)")
        n = _copy(
            cursor, "ehc_deadline", {"id": None, "case_id": _new("t.case_id")}, open_case, copies
        )
        say(f"  copied {n:,} deadlines ({time.perf_counter() - started:.0f} s)")


def prepare_data(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench import worklist_data as data

    scale = data.Scale(closed=0, other_children=0)
    wanted = {"scale": scale.key(), "seed": args.seed, "copies": args.copies}
    ensure_database(args.database, drop=False)
    if not args.rebuild:
        call_command("migrate", verbosity=0)
        meta = data.read_meta()
        if meta and {k: meta.get(k) for k in wanted} == wanted:
            say(f"Reusing the data built on {meta['built_on']}: {meta['open_cases']:,} open cases")
            return meta
    connection.close()
    ensure_database(args.database, drop=True)
    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    say(f"Building one authority's open cases (seed {args.seed}, as of {today})")
    built = data.BenchBuilder(seed=args.seed, today=today, scale=scale).build(say=say)
    say(f"Built {built.cases:,} cases in {built.seconds:.0f} s; copying {args.copies} times")
    copy_open_cases(args.copies)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    from sendpath.ehc.models import Case, CaseEvent, Deadline

    meta = {
        **wanted,
        "built_on": today.isoformat(),
        "last_as_of": today.isoformat(),
        "open_cases": Case.objects.open().count(),
        "events": CaseEvent.objects.count(),
        "deadlines": Deadline.objects.count(),
    }
    data.write_meta(meta)
    return meta


# ---------------------------------------------------------------------------------------------
# The runs


def _pin_one_core() -> str:
    affinity: Callable[..., object] | None = getattr(os, "sched_setaffinity", None)
    getter: Callable[..., set[int]] | None = getattr(os, "sched_getaffinity", None)
    if affinity is None or getter is None:
        return "not pinned (no sched_setaffinity)"
    cpu = max(getter(0))
    affinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def _dead_rows() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'ehc_deadline'")
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def one_night(as_of: dt.date, batch: int) -> tuple[float, Any]:
    from sendpath.ehc.cases.refresh import refresh_open_cases

    last = [0.0]

    def progress(done: Any) -> None:
        now = time.perf_counter()
        if now - last[0] >= 5:
            last[0] = now
            say(f"    {done.cases:,} cases, {done.deadlines_written:,} deadlines written")

    started = time.perf_counter()
    result = refresh_open_cases(as_of=as_of, batch_size=batch, progress=progress)
    return time.perf_counter() - started, result


def old_path_rate(sample: int, as_of: dt.date) -> float:
    """Cases per second of the per-case ``deadlines_refresh`` (a transaction each, rolled back)."""
    from django.db import transaction

    from sendpath.ehc.cases import services
    from sendpath.ehc.models import Case

    cases = list(Case.objects.open().select_related("child").order_by("pk")[:sample])
    started = time.perf_counter()
    with transaction.atomic():
        for case in cases:
            with transaction.atomic():
                services.deadlines_refresh(case, as_of=as_of)
        transaction.set_rollback(True)
    return len(cases) / (time.perf_counter() - started)


def again_check(as_of: dt.date, batch: int) -> None:
    """A second refresh as of the same day: timed, and it must write nothing."""
    seconds, again = one_night(as_of, batch)
    say(
        f"  again as of {as_of}: {again.cases / seconds:,.0f} cases/s, wrote "
        f"{again.deadlines_written + again.deadlines_removed + again.cases_updated:,} rows"
    )
    if again.deadlines_written or again.deadlines_removed or again.cases_updated:
        raise SystemExit("A second refresh of the same day wrote something")


def compute_only_rate(cases: int, batch: int, as_of: dt.date) -> tuple[float, float]:
    """Cases per second of reading the batches alone, and of computing them alone
    (``deadlines.compute_case``, no database): the yardsticks for the end-to-end rate on the
    machine as loaded at the time."""
    from django.db import connection, transaction

    from sendpath.ehc.cases.deadlines import compute_case
    from sendpath.ehc.cases.refresh import read_batch

    batches = []
    after = None
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        while sum(len(b.cases) for b in batches) < cases:
            got = read_batch(cursor, after, batch)
            if got is None:
                break
            batches.append(got)
            after = got.cases[-1][0]
        transaction.set_rollback(True)
    read_seconds = time.perf_counter() - started
    count = sum(len(b.cases) for b in batches)
    started = time.perf_counter()
    for got in batches:
        for case, events in zip(got.cases, got.timelines, strict=True):
            compute_case(case[1], events, as_of)
    return count / read_seconds, count / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--rebuild", action="store_true", help="build the data again")
    parser.add_argument("--build-only", action="store_true", help="build (or reuse) and stop")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--copies", type=int, default=8, help="copies of the authority's cases")
    parser.add_argument("--batch", type=int, default=2000, help="cases per transaction")
    parser.add_argument("--runs", type=int, default=1, help="nights, one after another")
    parser.add_argument("--verify", type=int, default=200, help="cases checked after the runs")
    parser.add_argument("--skip-again", action="store_true", help="no second same-day run")
    parser.add_argument("--yardstick", type=int, default=50_000, help="cases; 0 to skip")
    parser.add_argument("--old-sample", type=int, default=1000, help="0 to skip the old path")
    args = parser.parse_args(argv)

    setup_django(args.database)
    from bench import worklist_data as data

    meta = prepare_data(args)
    if args.build_only:
        return 0
    say(f"Process {_pin_one_core()}; load average {os.getloadavg()[0]:.2f}")
    as_of = dt.date.fromisoformat(meta["last_as_of"])
    rates = []
    for _ in range(args.runs):
        as_of += dt.timedelta(days=1)
        dead = _dead_rows()
        seconds, result = one_night(as_of, args.batch)
        rate = result.cases / seconds
        rates.append(rate)
        meta["last_as_of"] = as_of.isoformat()
        data.write_meta(meta)
        say(
            f"  night of {as_of}: {result.cases:,} cases in {seconds:.1f} s = {rate:,.0f} cases/s; "
            f"wrote {result.deadlines_written:,} deadlines, removed {result.deadlines_removed:,}, "
            f"updated {result.cases_updated:,} cases and {result.plans_updated:,} plans; "
            f"dead deadline rows {dead:,} -> {_dead_rows():,} (load {os.getloadavg()[0]:.2f})"
        )
    if not args.skip_again:
        again_check(as_of, args.batch)
    if args.verify:
        checked = data.verify(sample=args.verify, seed=args.seed, as_of=as_of)
        say(f"  checked {checked} cases against services.deadlines_refresh: identical")
    if args.yardstick:
        reading, computing = compute_only_rate(args.yardstick, args.batch, as_of)
        say(
            f"  yardsticks now (load {os.getloadavg()[0]:.2f}): reading the batches alone "
            f"{reading:,.0f} cases/s, computing them alone {computing:,.0f} cases/s"
        )
    if args.old_sample:
        say(f"  the per-case path: {old_path_rate(args.old_sample, as_of):,.0f} cases/s")
    if not rates:
        return 0
    rate = statistics.median(rates)
    say(
        f"Median {rate:,.0f} cases/s (budget {BUDGET_CASES_PER_SECOND:,}); England's "
        f"{ENGLAND_OPEN_CASES:,} open cases in about {ENGLAND_OPEN_CASES / rate:.0f} s"
        + (" (extrapolated)" if meta["open_cases"] < ENGLAND_OPEN_CASES else "")
    )
    say(f"refresh_cases_per_second={rate:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
