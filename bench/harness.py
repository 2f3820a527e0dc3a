"""What the benchmarks share: their database, gunicorn serving the app, the clients' load, and
the table of server times.

Each benchmark (``worklist_bench.py``, ``localoffer_bench.py``) builds its own data in its own
PostgreSQL database, serves the real app with gunicorn under production settings plus the
``Server-Timing`` middleware (``bench/settings_bench.py``), drives it with a few client threads
over loopback, and reads each response's server time from its ``Server-Timing`` header.
"""

from __future__ import annotations

import atexit
import contextlib
import http.client
import math
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = "bench.settings_bench"


def say(text: str = "") -> None:
    print(text, flush=True)


# ---------------------------------------------------------------------------------------------
# The database


def ensure_database(url: str, *, drop: bool) -> None:
    """Create the benchmark database if it is missing (dropping it first with ``drop``)."""
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or name in ("postgres", "template0", "template1"):
        raise SystemExit(f"Refusing to use {name!r} as the benchmark database")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and drop:
            say(f"Dropping database {name}")
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            say(f"Creating database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(url: str) -> None:
    os.environ["BENCH_DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()


def median_ms(run: Any, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


# ---------------------------------------------------------------------------------------------
# gunicorn, and the samples it answers with


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """gunicorn serving the app on loopback; always stopped (process group) on exit."""

    def __init__(self, *, url: str, workers: int, threads: int, log: Path) -> None:
        self.port = _free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "BENCH_DATABASE_URL": url,
            "PYTHONPATH": str(ROOT),
        }
        self.log_path = log
        self.log = log.open("w")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.proc = subprocess.Popen(  # noqa: S603 - fixed arguments, our own binary
            [
                str(gunicorn),
                "sendpath.config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--worker-class",
                "gthread",
                "--chdir",
                str(ROOT),
                "--keep-alive",
                "30",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        atexit.register(self.stop)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited ({self.proc.returncode}); see {self.log.name}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer within {timeout:.0f} s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        if not self.log.closed:
            self.log.close()


@dataclass
class Sample:
    kind: str
    variant: str
    status: int
    client_ms: float
    server_ms: float
    db_ms: float
    queries: int


TIMING = re.compile(r"app;dur=([\d.]+), db;dur=([\d.]+);desc=\"(\d+) quer")


def run_clients(
    clients: Sequence[Any],
    *,
    warm_up: Callable[[Any], None],
    step: Callable[[Any], None],
    duration: float,
    max_requests: int,
    think: float,
) -> tuple[list[Sample], float]:
    """Let every client ask away for ``duration`` seconds, all starting together.

    A client has ``rng``, ``samples``, ``error`` and ``name``. Each first runs ``warm_up`` (not
    counted), then, once all are ready, ``step`` (one counted request) until the time is up or
    it has made ``max_requests``, pausing a random 0 to 2x ``think`` seconds between requests.
    Returns every sample and the seconds measured.
    """
    stop_at = [0.0]

    def go() -> None:  # run by one thread as all are released together
        stop_at[0] = time.monotonic() + duration

    start = threading.Barrier(len(clients) + 1, action=go)

    def run(client: Any) -> None:
        try:
            warm_up(client)
            start.wait()
            for _ in range(max_requests):
                if time.monotonic() >= stop_at[0]:
                    break
                step(client)
                if think:
                    time.sleep(client.rng.uniform(0, 2 * think))
        except Exception as error:  # reported below
            client.error = f"{type(error).__name__}: {error}"
            with contextlib.suppress(threading.BrokenBarrierError):
                start.abort()

    threads = [threading.Thread(target=run, args=(c,), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    with contextlib.suppress(threading.BrokenBarrierError):
        start.wait(timeout=120)
    for thread in threads:
        thread.join(timeout=duration + 120)
    ended = time.monotonic()
    errors = [f"{c.name}: {c.error}" for c in clients if c.error]
    if errors:
        raise SystemExit("Load failed:\n  " + "\n  ".join(errors[:5]))
    measured = min(ended, stop_at[0]) - (stop_at[0] - duration)
    return [s for c in clients for s in c.samples], measured


# ---------------------------------------------------------------------------------------------
# The table


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def summarise(
    samples: list[Sample], variant_width: int = 14
) -> tuple[dict[tuple[str, str], dict[str, float]], list[str]]:
    """Server time (p50, p95, p99), client p95, database p95 and queries, by kind and variant,
    with the table's lines. Shared by the benchmarks (the Local Offer's too)."""
    w = variant_width
    out: dict[tuple[str, str], dict[str, float]] = {}
    groups: dict[tuple[str, str], list[Sample]] = defaultdict(list)
    for s in samples:
        groups[(s.kind, "all")].append(s)
        groups[(s.kind, s.variant)].append(s)
    lines = [
        f"  {'kind':<9}{'variant':<{w}}{'n':>6}{'server p50':>12}{'p95':>8}{'p99':>8}"
        f"{'client p95':>12}{'db p95':>8}{'queries':>9}"
    ]
    for (kind, variant), group in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        server = [s.server_ms for s in group]
        row = {
            "n": len(group),
            "p50": statistics.median(server),
            "p95": percentile(server, 95),
            "p99": percentile(server, 99),
            "client_p95": percentile([s.client_ms for s in group], 95),
            "db_p95": percentile([s.db_ms for s in group], 95),
            "queries": statistics.median(s.queries for s in group),
        }
        out[(kind, variant)] = row
        lines.append(
            f"  {kind:<9}{variant:<{w}}{row['n']:>6}{row['p50']:>12.1f}{row['p95']:>8.1f}"
            f"{row['p99']:>8.1f}{row['client_p95']:>12.1f}{row['db_p95']:>8.1f}"
            f"{row['queries']:>9.0f}"
        )
    return out, lines
