"""Benchmark of the caseworker's worklist, the manager's team view and recording an event.

PostgreSQL only, in a database of its own (default
``postgres://postgres@127.0.0.1:5432/sendpath_bench``, created if missing). The data is built
once at the size of England's largest authority (``bench/worklist_data.py``: 25,000 children
with plans, 6,000 open requests and assessments, about 300,000 events, 60 caseworkers) and
reused while its size and seed match; ``--rebuild`` builds it again.

Then:

(c) the bare SQL of the worklist's page query (the queryset's SQL run on a cursor, median),
    with its ``EXPLAIN (ANALYZE, BUFFERS)`` plan (and the page's count queries beside it);
(b) ``services.event_record`` on mid-pathway cases (advice received on an assessment), in
    this process against the benchmark database, each committed; the median of many, then the
    events are removed and the deadlines rebuilt so the data stays as built;
(a) the real app is served by gunicorn on 127.0.0.1 (a free port; 2 workers x 2 threads;
    production settings plus the ``Server-Timing`` middleware, ``bench/settings_bench.py``) and
    driven by 20 concurrent simulated users over loopback (threads with ``http.client``;
    bounded in time and count): 15 caseworkers sign in and open their worklist ``/cases/``
    again and again (60% page 1, the rest page 2 and filtered views), 5 managers open the team
    view. Each user pauses a random 0-2 s between pages (``--think``; 0 makes it a saturation
    test). Each page's server time is read from its ``Server-Timing`` header (time inside
    Django, from the first middleware to the response, SQL included); p95 per kind of user,
    with the client-side latency (which adds queueing for a free worker) beside it.

Budgets: worklist p95 <= 150 ms, team view p95 <= 300 ms, event and refresh <= 20 ms (median),
ratios page/SQL reported. The audit log is emptied at the start of each run (each page adds 25
rows) so runs are comparable. Ends with exactly one line::

    worklist_p95_ms=<x> team_p95_ms=<y> event_refresh_ms=<z> sql_floor_ms=<w>

    .venv/bin/python bench/worklist_bench.py [--rebuild] [--duration 60] [--users 20]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import math
import os
import random
import re
import signal
import statistics
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness import (  # noqa: E402 - after the path is set
    TIMING,
    Sample,
    Server,
    ensure_database,
    median_ms,
    percentile,
    run_clients,
    say,
    setup_django,
    summarise,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sendpath_bench"
BUDGETS = {"worklist": 150.0, "team": 300.0, "event": 20.0}


# ---------------------------------------------------------------------------------------------
# The database


def prepare_data(args: argparse.Namespace) -> dict[str, Any]:
    """Reuse the data if it was built at this size and seed, else build it. Returns its meta."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench import worklist_data as data
    from sendpath.ehc.models import Case

    full = data.Scale()
    scale = data.Scale(
        plans=round(full.plans * args.scale),
        open_cases=round(full.open_cases * args.scale),
        closed=round(full.closed * args.scale),
        other_children=round(full.other_children * args.scale),
    )
    wanted = {"scale": scale.key(), "seed": args.seed}
    if not args.rebuild:
        call_command("migrate", verbosity=0)
        meta = data.read_meta()
        if meta and {k: meta.get(k) for k in wanted} == wanted:
            say(
                f"Reusing the data built on {meta['built_on']}: {meta['cases']:,} cases, "
                f"{meta['events']:,} events (--rebuild to build again)"
            )
            return meta
        if meta or Case.objects.exists():
            say("The benchmark database holds data of another size or seed: rebuilding")
        connection.close()
        ensure_database(args.database, drop=True)
    else:
        connection.close()
        ensure_database(args.database, drop=True)
    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    say(f"Building benchmark data (seed {args.seed}, as of {today})")
    built = data.BenchBuilder(seed=args.seed, today=today, scale=scale).build(say=say)
    say(f"Built in {built.seconds:.0f} s; analysing")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    checked = data.verify(sample=args.verify, seed=args.seed, as_of=today)
    say(f"Checked {checked} cases against services.deadlines_refresh: identical")
    meta = {
        **wanted,
        "built_on": today.isoformat(),
        "cases": built.cases,
        "events": built.events,
        "deadlines": built.deadlines,
        "children": built.children,
        "stages": dict(built.stages),
        "build_seconds": round(built.seconds, 1),
    }
    data.write_meta(meta)
    return meta


def describe_data() -> list[str]:
    from django.db.models import Count

    from sendpath.ehc.models import Case, CaseEvent, Deadline
    from sendpath.people.models import Child, Role, User

    open_cases = Case.objects.open()
    per_worker = list(
        open_cases.values("caseworker").annotate(n=Count("id")).values_list("n", flat=True)
    )
    stages = dict(open_cases.values_list("stage").annotate(n=Count("id")).order_by("stage"))
    return [
        f"  children {Child.objects.count():,}; cases {Case.objects.count():,} "
        f"({open_cases.count():,} open); events {CaseEvent.objects.count():,}; "
        f"deadlines {Deadline.objects.count():,}",
        f"  open cases by stage: {stages}",
        f"  caseworkers {User.objects.filter(role=Role.CASEWORKER).count()}, open cases each "
        f"{min(per_worker)}-{max(per_worker)} (median {statistics.median(per_worker):.0f})",
    ]


# ---------------------------------------------------------------------------------------------
# (c) The bare SQL


def sql_floor(repeats: int) -> dict[str, Any]:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from sendpath.ehc.requests import selectors
    from sendpath.people.models import User

    today = timezone.localdate()
    caseworker = User.objects.get(username="bench-cw-01")
    manager = User.objects.get(username="bench-mgr-1")
    out: dict[str, Any] = {}
    for name, user, filters in (
        ("worklist", caseworker, selectors.WorklistFilters(caseworker_id=caseworker.pk)),
        ("team", manager, selectors.WorklistFilters()),
    ):
        cases = selectors.worklist(user=user, filters=filters, today=today)
        page_sql, page_params = cases[: settings.PAGE_SIZE].query.sql_with_params()
        with CaptureQueriesContext(connection) as captured:
            selectors.worklist_counts(cases, today)  # open, overdue, due this week
            cases.count()  # and the paginator's count
        count_sql = [q["sql"] for q in captured.captured_queries]

        with connection.cursor() as cursor:

            def page(
                cursor: Any = cursor, page_sql: str = page_sql, page_params: Any = page_params
            ) -> None:
                cursor.execute(page_sql, page_params)
                cursor.fetchall()

            def all_counts(cursor: Any = cursor, count_sql: list[str] = count_sql) -> None:
                for sql_text in count_sql:
                    cursor.execute(sql_text)
                    cursor.fetchall()

            page()  # warm
            out[f"{name}_page_ms"] = median_ms(page, repeats)
            out[f"{name}_counts_ms"] = median_ms(all_counts, max(20, repeats // 4))
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + page_sql, page_params)
            out[f"{name}_plan"] = [row[0] for row in cursor.fetchall()]
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + count_sql[0])
            out[f"{name}_count_plan"] = [row[0] for row in cursor.fetchall()]
        out[f"{name}_sql"] = page_sql % tuple(repr(p) for p in page_params)
    return out


# ---------------------------------------------------------------------------------------------
# (b) Recording an event


def event_refresh(samples: int, built_on: dt.date) -> dict[str, Any]:
    """Record advice received on ``samples`` assessments (committed), then undo it."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from sendpath.core.models import AuditEntry
    from sendpath.ehc.cases import services
    from sendpath.ehc.models import Case, CaseEvent, Deadline, Stage

    today = timezone.localdate()
    pending = (
        Deadline.objects.filter(
            family="advice",
            pending=True,
            case__stage=Stage.ASSESSING,
            case__closed_at__isnull=True,
        )
        .order_by("case_id", "key")
        .values_list("case_id", "key")
    )
    chosen: dict[Any, str] = {}
    for case_id, key in pending:
        chosen.setdefault(case_id, key)
        if len(chosen) >= samples + 1:
            break
    cases = {c.pk: c for c in Case.objects.filter(pk__in=chosen).select_related("caseworker")}
    times: list[float] = []
    created: list[int] = []
    queries = 0
    try:
        for n, (case_id, key) in enumerate(chosen.items()):
            case = cases[case_id]
            ident = key.partition(":")[2]
            details = {"id": ident, "source_label": ident.replace("_", " ").capitalize()}
            if n == 0:  # the first warms the process and counts the queries
                with CaptureQueriesContext(connection) as captured:
                    event = services.event_record(
                        actor=case.caseworker,
                        case=case,
                        type="advice_received",
                        date=today,
                        details=details,
                    )
                queries = len(captured)
                created.append(event.pk)
                continue
            started = time.perf_counter()
            event = services.event_record(
                actor=case.caseworker,
                case=case,
                type="advice_received",
                date=today,
                details=details,
            )
            times.append((time.perf_counter() - started) * 1000)
            created.append(event.pk)
    finally:
        # Put the data back as it was built: remove the events and their audit entries, and
        # rebuild those cases' deadlines as of the build date.
        with transaction.atomic():
            AuditEntry.objects.filter(
                object_type="ehc.CaseEvent", object_id__in=[str(pk) for pk in created]
            ).delete()
            CaseEvent.objects.filter(pk__in=created).delete()
            for case in Case.objects.filter(pk__in=list(chosen)).select_related("child"):
                services.deadlines_refresh(case, as_of=built_on)
    return {
        "event_ms": statistics.median(times) if times else math.nan,
        "event_p95_ms": percentile(times, 95) if times else math.nan,
        "event_samples": len(times),
        "event_queries": queries,
    }


# ---------------------------------------------------------------------------------------------
# (a) The load: gunicorn and simulated users


@dataclass
class Person:
    """One simulated person with their own keep-alive connection and session cookie."""

    port: int
    username: str
    password: str
    kind: str
    rng: random.Random
    cookies: dict[str, str] = field(default_factory=dict)
    samples: list[Sample] = field(default_factory=list)
    error: str = ""

    def __post_init__(self) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    @property
    def name(self) -> str:
        return self.username

    def _send(self, method: str, path: str, body: str | None = None) -> tuple[Any, bytes, float]:
        headers = {"Host": "127.0.0.1", "User-Agent": "sendpath-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        content = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response, content, elapsed

    def sign_in(self) -> None:
        _, page, _ = self._send("GET", "/sign-in/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            raise RuntimeError("no CSRF token on the sign-in page")
        form = urllib.parse.urlencode(
            {
                "username": self.username,
                "password": self.password,
                "csrfmiddlewaretoken": token.group(1).decode(),
            }
        )
        response, _, _ = self._send("POST", "/sign-in/", form)
        if response.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{self.username} could not sign in ({response.status})")

    def get(self, variant: str, path: str, record: bool = True) -> None:
        response, content, elapsed = self._send("GET", path)
        if response.status != 200 or b"app-count__number" not in content:
            raise RuntimeError(f"{self.username} GET {path}: {response.status}")
        match = TIMING.search(response.headers.get("Server-Timing", ""))
        if match is None:
            raise RuntimeError("no Server-Timing header: is the timing middleware installed?")
        if record:
            self.samples.append(
                Sample(
                    self.kind,
                    variant,
                    response.status,
                    elapsed,
                    float(match.group(1)),
                    float(match.group(2)),
                    int(match.group(3)),
                )
            )


CASEWORKER_MIX = (
    ("page 1", "/cases/", 60),
    ("page 2", "/cases/?page=2", 15),
    ("overdue", "/cases/?overdue=on", 10),
    ("stage", "/cases/?stage=assessing", 10),
    ("deadline", "/cases/?deadline=advice", 5),
)
MANAGER_MIX = (
    ("team page 1", "/cases/", 75),
    ("team page 2", "/cases/?page=2", 15),
    ("team overdue", "/cases/?overdue=on", 10),
)


def run_load(args: argparse.Namespace, server: Server) -> tuple[list[Sample], float]:
    managers = args.managers
    people = [
        Person(
            server.port,
            f"bench-cw-{n:02d}",
            args.password,
            "worklist",
            random.Random(args.seed + n),
        )
        for n in range(1, args.users - managers + 1)
    ]
    people += [
        Person(server.port, f"bench-mgr-{n}", args.password, "team", random.Random(args.seed - n))
        for n in range(1, managers + 1)
    ]
    for person in people:  # sign in first (password hashing is not what is measured)
        person.sign_in()

    def mix_of(person: Person) -> tuple[tuple[str, str, int], ...]:
        return CASEWORKER_MIX if person.kind == "worklist" else MANAGER_MIX

    def warm_up(person: Person) -> None:  # templates, connections, caches
        for variant, path, _ in mix_of(person):
            person.get(variant, path, record=False)

    def step(person: Person) -> None:
        mix = mix_of(person)
        variant, path, _ = person.rng.choices(mix, [w for _, _, w in mix])[0]
        person.get(variant, path)

    return run_clients(
        people,
        warm_up=warm_up,
        step=step,
        duration=args.duration,
        max_requests=args.max_requests,
        think=args.think,
    )


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--rebuild", action="store_true", help="build the data again")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--scale", type=float, default=1.0, help="fraction of the full size (for trials)"
    )
    parser.add_argument("--verify", type=int, default=200, help="cases checked after a build")
    parser.add_argument("--users", type=int, default=20, help="concurrent simulated users")
    parser.add_argument("--managers", type=int, default=5, help="of whom managers")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--max-requests", type=int, default=5000, help="per user")
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="mean pause between a user's pages, in seconds (uniform from 0 to twice this)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--event-samples", type=int, default=200)
    parser.add_argument("--sql-repeats", type=int, default=200)
    parser.add_argument("--plans", action="store_true", help="print the full query plans")
    args = parser.parse_args(argv)
    if args.users <= args.managers:
        parser.error("--users must be more than --managers")
    if not args.database.startswith(("postgres://", "postgresql://")):
        parser.error("the benchmark runs on PostgreSQL only")

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ensure_database(args.database, drop=False)
    setup_django(args.database)
    from bench.worklist_data import PASSWORD

    args.password = PASSWORD
    meta = prepare_data(args)
    for line in describe_data():
        say(line)

    from django.db import DatabaseError, connection

    from sendpath.core.models import AuditEntry

    # The audit log grows by 25 rows a page; start each run from the same size.
    AuditEntry.objects.all().delete()

    say("\n(c) The worklist query's bare SQL")
    floor = sql_floor(args.sql_repeats)
    say(
        f"  caseworker page query {floor['worklist_page_ms']:.2f} ms (median of "
        f"{args.sql_repeats}); its 4 counts {floor['worklist_counts_ms']:.2f} ms"
    )
    say(
        f"  manager page query    {floor['team_page_ms']:.2f} ms; its 4 counts "
        f"{floor['team_counts_ms']:.2f} ms"
    )
    plan_lines = floor["worklist_plan"] if args.plans else floor["worklist_plan"][:12]
    say("  EXPLAIN ANALYZE, caseworker page query:")
    for line in plan_lines:
        say(f"    {line}")
    say("  EXPLAIN ANALYZE, manager page query:")
    for line in floor["team_plan"] if args.plans else floor["team_plan"][:12]:
        say(f"    {line}")
    say("  EXPLAIN ANALYZE, manager count query:")
    for line in floor["team_count_plan"] if args.plans else floor["team_count_plan"][:10]:
        say(f"    {line}")

    say("\n(b) Recording an event and refreshing its deadlines")
    with connection.cursor() as cursor, contextlib.suppress(DatabaseError):
        cursor.execute("CHECKPOINT")  # start from a quiet database (needs pg_checkpoint)
    built_on = dt.date.fromisoformat(meta["built_on"])
    events = event_refresh(args.event_samples, built_on)
    say(
        f"  services.event_record (advice received on an assessment): median "
        f"{events['event_ms']:.2f} ms, p95 {events['event_p95_ms']:.2f} ms over "
        f"{events['event_samples']} cases, {events['event_queries']} queries each"
    )

    connection.close()

    say(
        f"\n(a) {args.users} users ({args.users - args.managers} caseworkers, {args.managers} "
        f"managers) for {args.duration:.0f} s; gunicorn {args.workers} workers x "
        f"{args.threads} threads; think time {args.think:.2f} s"
    )
    server = Server(
        url=args.database,
        workers=args.workers,
        threads=args.threads,
        log=Path("/tmp") / f"sendpath-bench-gunicorn-{os.getpid()}.log",  # noqa: S108
    )
    try:
        server.wait_ready()
        samples, elapsed = run_load(args, server)
    finally:
        server.stop()
    server.log_path.unlink(missing_ok=True)  # kept only when the load failed
    load, lines = summarise(samples)
    for line in lines:
        say(line)
    say(f"  {len(samples):,} pages in {elapsed:.0f} s ({len(samples) / elapsed:.1f} pages/s)")

    worklist_p95 = load[("worklist", "all")]["p95"]
    team_p95 = load[("team", "all")]["p95"]
    sql_ms = floor["worklist_page_ms"]
    say("\nSummary")
    say(
        f"  worklist p95 {worklist_p95:.1f} ms (budget {BUDGETS['worklist']:.0f}): "
        f"{'PASS' if worklist_p95 <= BUDGETS['worklist'] else 'FAIL'}; "
        f"page/SQL {worklist_p95 / sql_ms:.0f}x"
    )
    say(
        f"  team view p95 {team_p95:.1f} ms (budget {BUDGETS['team']:.0f}): "
        f"{'PASS' if team_p95 <= BUDGETS['team'] else 'FAIL'}; "
        f"page/SQL {team_p95 / floor['team_page_ms']:.0f}x"
    )
    say(
        f"  event and refresh {events['event_ms']:.1f} ms (budget {BUDGETS['event']:.0f}): "
        f"{'PASS' if events['event_ms'] <= BUDGETS['event'] else 'FAIL'}"
    )
    print(
        f"worklist_p95_ms={worklist_p95:.1f} team_p95_ms={team_p95:.1f} "
        f"event_refresh_ms={events['event_ms']:.1f} sql_floor_ms={sql_ms:.2f}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
