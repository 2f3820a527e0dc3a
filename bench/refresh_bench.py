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

Each run is one night of the real nightly job (``services.refresh_all``: the refresh, then the
check of who holds a plan), as of the day after the previous run (the first run: the day after
the data was built), so statuses move on with the calendar. Before each night a day's work is
played in: ``--day-work`` (1%) of the open cases get an event written straight into the table,
without the per-case refresh that recording through the pages does, and their case row is
touched (the worst case for the night: each must be computed again). The night computes only
the cases that can have changed since the last refresh (``cases/refresh.py``); the first night
on new data has no earlier refresh and computes every case. After each night every open case
is computed again as of the same day (``--full``, timed: what a change of the rules or a new
phase transfer round costs) and must write nothing, which proves the night missed no case; a
sample is also checked against the per-case ``deadlines_refresh`` (rolled back). The process is
pinned to one CPU (PostgreSQL runs beside it). The simulated nights are minutes apart, so the
refresh's margin for work in flight (an hour) is set to ``--margin`` (1 s): otherwise each night
would also compute every earlier night's work again. Then optional yardsticks: reading the batches
alone, computing them alone, and the old per-case path on a sample (rolled back). Ends with
exactly one line (the median night: open cases brought up to date per second)::

    refresh_cases_per_second=<x>

    .venv/bin/python bench/refresh_bench.py [--rebuild] [--copies 8] [--runs 3] [--day-work 0.01]
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


def age_the_data(days: int = 2) -> None:
    """Date everything built ``days`` earlier, as a caseload that was there before tonight is:
    otherwise every row would look changed within the hour before the first night."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table, column in (
            ("people_child", "modified_at"),
            ("ehc_case", "modified_at"),
            ("ehc_plan", "modified_at"),
            ("ehc_caseevent", "recorded_at"),
        ):
            cursor.execute(
                f"UPDATE {table} SET {column} = {column} - make_interval(days => %s)",  # noqa: S608 - fixed names
                [days],
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


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
            if not meta.get("aged"):
                age_the_data()
                meta["aged"] = True
                data.write_meta(meta)
            return meta
    connection.close()
    ensure_database(args.database, drop=True)
    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    say(f"Building one authority's open cases (seed {args.seed}, as of {today})")
    built = data.BenchBuilder(seed=args.seed, today=today, scale=scale).build(say=say)
    say(f"Built {built.cases:,} cases in {built.seconds:.0f} s; copying {args.copies} times")
    copy_open_cases(args.copies)
    age_the_data()
    from sendpath.ehc.models import Case, CaseEvent, Deadline

    meta = {
        **wanted,
        "built_on": today.isoformat(),
        "aged": True,
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


def one_night(as_of: dt.date, batch: int, *, full: bool = False) -> tuple[float, Any]:
    """``services.refresh_all`` as of ``as_of``, timed: the nightly job end to end."""
    from sendpath.ehc.cases import services

    last = [0.0]

    def progress(done: Any) -> None:
        now = time.perf_counter()
        if now - last[0] >= 5:
            last[0] = now
            say(f"    {done.cases:,} cases, {done.deadlines_written:,} deadlines written")

    started = time.perf_counter()
    result = services.refresh_all(as_of=as_of, progress=progress, full=full, batch_size=batch)
    return time.perf_counter() - started, result


def day_of_work(share: float, seed: int, night: dt.date) -> int:
    """A day's work before ``night``: ``share`` of the open cases get an event written straight
    into the table (no per-case refresh) and their case row touched. Returns how many."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "WITH chosen AS (SELECT id FROM ehc_case WHERE closed_at IS NULL "
            "AND abs(hashtext(id::text || %s)) %% 10000 < %s) "
            "INSERT INTO ehc_caseevent (case_id, type, date, details, note, recorded_at) "
            "SELECT id, 'caseworker_assigned', %s, '{}'::jsonb, 'bench day of work', now() "
            "FROM chosen",
            [f"{seed}:{night}", round(share * 10000), night - dt.timedelta(days=1)],
        )
        count = int(cursor.rowcount)
        cursor.execute(
            "UPDATE ehc_case SET modified_at = now() WHERE id IN (SELECT case_id FROM "
            "ehc_caseevent WHERE note = 'bench day of work' AND date = %s)",
            [night - dt.timedelta(days=1)],
        )
    return count


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


def full_check(as_of: dt.date, batch: int) -> float:
    """Every open case computed again as of the same day: timed, and it must write nothing.
    Returns its cases per second."""
    seconds, again = one_night(as_of, batch, full=True)
    wrote = again.deadlines_written + again.deadlines_removed + again.cases_updated
    say(
        f"  every case again as of {as_of}: {again.cases:,} in {seconds:.1f} s = "
        f"{again.cases / seconds:,.0f} cases/s, wrote {wrote + again.plans_updated:,} rows "
        f"(load {os.getloadavg()[0]:.2f})"
    )
    if wrote or again.plans_updated:
        raise SystemExit("Computing every case again as of the same night wrote something")
    return again.cases / seconds


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
    parser.add_argument(
        "--day-work", type=float, default=0.01, help="share of open cases worked on each day"
    )
    parser.add_argument(
        "--skip-full", action="store_true", help="no full same-day check after each night"
    )
    parser.add_argument(
        "--margin",
        type=float,
        default=1.0,
        help="seconds looked back before the last refresh began (the app's hour covers work "
        "in flight; here the nights are minutes apart and nothing is in flight)",
    )
    parser.add_argument("--yardstick", type=int, default=0, help="cases; 0 to skip")
    parser.add_argument("--old-sample", type=int, default=0, help="0 to skip the old path")
    args = parser.parse_args(argv)

    setup_django(args.database)
    from bench import worklist_data as data

    meta = prepare_data(args)
    if args.build_only:
        return 0
    from sendpath.ehc.cases import refresh

    refresh.MARGIN = dt.timedelta(seconds=args.margin)
    say(f"Process {_pin_one_core()}; load average {os.getloadavg()[0]:.2f}")
    as_of = dt.date.fromisoformat(meta["last_as_of"])
    rates: list[float] = []
    full_rates: list[float] = []
    for _ in range(args.runs):
        as_of += dt.timedelta(days=1)
        worked = day_of_work(args.day_work, args.seed, as_of) if args.day_work else 0
        dead = _dead_rows()
        seconds, result = one_night(as_of, args.batch)
        rate = result.open_cases / seconds
        meta["last_as_of"] = as_of.isoformat()
        data.write_meta(meta)
        how = f"every case ({result.why_full})" if result.full else f"{result.cases:,} cases"
        say(
            f"  night of {as_of}: {result.open_cases:,} open cases up to date in {seconds:.2f} s "
            f"= {rate:,.0f} cases/s; computed {how} ({worked:,} worked on that day); wrote "
            f"{result.deadlines_written:,} deadlines, removed {result.deadlines_removed:,}, "
            f"updated {result.cases_updated:,} cases and {result.plans_updated:,} plans; "
            f"dead deadline rows {dead:,} -> {_dead_rows():,} (load {os.getloadavg()[0]:.2f})"
        )
        if result.full:
            full_rates.append(result.cases / seconds)
        else:
            rates.append(rate)
        if not args.skip_full:
            full_rates.append(full_check(as_of, args.batch))
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
    if full_rates:
        full = statistics.median(full_rates)
        say(
            f"Every case computed again (first night, a change of the rules, 1 April): median "
            f"{full:,.0f} cases/s; England's {ENGLAND_OPEN_CASES:,} in about "
            f"{ENGLAND_OPEN_CASES / full:.0f} s"
        )
    if not rates:
        say("No night computed only what changed (the first night on new data computes all)")
        return 0
    rate = statistics.median(rates)
    say(
        f"Median night {rate:,.0f} open cases/s (budget {BUDGET_CASES_PER_SECOND:,}); England's "
        f"{ENGLAND_OPEN_CASES:,} open cases in about {ENGLAND_OPEN_CASES / rate:.1f} s"
        + (" (extrapolated)" if meta["open_cases"] < ENGLAND_OPEN_CASES else "")
    )
    say(f"refresh_cases_per_second={rate:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
