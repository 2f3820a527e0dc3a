"""Benchmark of the public Local Offer search and the Open Referral UK services API.

PostgreSQL only, in a database of its own (default
``postgres://postgres@127.0.0.1:5432/sendpath_bench_lo``, created if missing and migrated).
The data is built once (``bench/localoffer_data.py``: 10,000 services from the demo's Local
Offer builder, with one or two locations each over the Demoshire postcode sectors, and 500
comments) and reused while its size and seed match; ``--rebuild`` builds it again.

Then:

(c) the SQL a results page runs for a keyword (``q=autism``) and for a postcode (5 miles of
    ``DM1 4``): each statement's bare time (median) and the head of its ``EXPLAIN (ANALYZE,
    BUFFERS)`` (``--plans`` for all of it);
(a) the real app is served by gunicorn on 127.0.0.1 (a free port; 2 workers x 2 threads;
    production settings plus the ``Server-Timing`` middleware, ``bench/settings_bench.py``)
    and a handful of clients (default 4 threads, ``http.client`` over loopback, bounded in
    time and count) ask for a mix of:

    - public search pages ``GET /local-offer/services/?...``: keyword only ("autism",
      "swimming", "speech therapy", "short breaks"), keyword with need and age, postcode and
      radius, postcode with keyword and category, filters only, and page 2;
    - the ORUK API ``GET /api/oruk/services?page=N&per_page=50``: plain pages across the
      whole list, with ``search=`` and with ``taxonomy_term_id=``.

    Each client first asks for every kind of page once (warm-up, not counted) and pauses a
    random 0 to 2x``--think`` seconds between requests. Server time is the ``Server-Timing``
    ``app`` duration (from the first middleware to the response, SQL included); median and
    p95 per kind, with the client-side latency and query count beside it.

Budgets: search page p95 <= 50 ms, ``/api/oruk/services`` p95 <= 100 ms. ``--check`` only
checks that both URLs answer 200 with real content, and exits 0 if they do. Ends with exactly
one line::

    search_p95_ms=<x> services_p95_ms=<y>

    .venv/bin/python bench/localoffer_bench.py [--rebuild] [--duration 60] [--clients 4]
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import re
import signal
import sys
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
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
    run_clients,
    say,
    setup_django,
    summarise,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sendpath_bench_lo"
BUDGETS = {"search": 50.0, "services": 100.0}
SEARCH = "/local-offer/services/"
API = "/api/oruk/services"
PAGE_SIZE = 20  # the results page's page size (views.RESULTS_PER_PAGE)


# ---------------------------------------------------------------------------------------------
# The data


def prepare_data(args: argparse.Namespace) -> dict[str, Any]:
    """Reuse the data if it was built at this size and seed, else build it. Returns its meta."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench import localoffer_data as data
    from sendpath.localoffer.models import Service

    wanted = {"services": args.services, "comments": args.comments, "seed": args.seed}
    if not args.rebuild:
        call_command("migrate", verbosity=0)
        meta = data.read_meta()
        if meta and {k: meta.get(k) for k in wanted} == wanted:
            say(
                f"Reusing the data built on {meta['built_on']}: {meta['services']:,} services, "
                f"{meta['locations']:,} locations (--rebuild to build again)"
            )
            return meta
        if meta or Service.objects.exists():
            say("The benchmark database holds data of another size or seed: rebuilding")
    connection.close()
    ensure_database(args.database, drop=True)
    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    say(f"Building benchmark data: {args.services:,} services (seed {args.seed}, as of {today})")
    built = data.build(
        seed=args.seed, today=today, count=args.services, comments=args.comments, say=say
    )
    say(f"Built in {built.seconds:.0f} s")
    meta = {
        **wanted,
        "built_on": today.isoformat(),
        "providers": built.providers,
        "locations": built.locations,
        "links": built.links,
        "postcodes": built.postcodes,
        "build_seconds": round(built.seconds, 1),
    }
    data.write_meta(meta)
    return meta


def describe_data() -> list[str]:
    from django.db.models import Count

    from sendpath.localoffer import selectors
    from sendpath.localoffer.models import Comment, Location, Provider, Service, ServiceAtLocation

    public = selectors.public_services().count()
    per_service = Counter(
        ServiceAtLocation.objects.values("service")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    return [
        f"  services {Service.objects.count():,} ({public:,} public); providers "
        f"{Provider.objects.count():,}; locations {Location.objects.count():,}; comments "
        f"{Comment.objects.count():,}",
        f"  locations per service: {dict(sorted(per_service.items()))} (the rest have none: "
        f"phone, online or at home)",
    ]


# ---------------------------------------------------------------------------------------------
# (c) The keyword search's query


PLANNED = {
    "keyword": {"q": "autism"},
    "postcode": {"postcode": "DM1 4", "radius": 5},
}


def page_queries(repeats: int) -> dict[str, dict[str, Any]]:
    """The SQL a results page runs for a search (its page of 20, its count, its rows' terms),
    for a keyword and for a postcode: each statement's median time and its plan."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sendpath.localoffer import selectors

    def run(params: dict[str, Any]) -> None:
        result = selectors.search(selectors.Search(**params))
        page = selectors.results_page(result, 1, PAGE_SIZE)
        selectors.with_terms(list(page.object_list), result.origin)

    out: dict[str, dict[str, Any]] = {}
    for name, params in PLANNED.items():
        run(params)  # warm: the postcode's centroid, the caches
        with CaptureQueriesContext(connection) as captured:
            run(params)
        statements = [q["sql"] for q in captured.captured_queries]
        found: dict[str, Any] = {"statements": []}
        with connection.cursor() as cursor:
            for sql in statements:

                def once(sql: str = sql) -> None:
                    cursor.execute(sql)
                    cursor.fetchall()

                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = [row[0] for row in cursor.fetchall()]
                found["statements"].append(
                    {"sql": sql, "ms": median_ms(once, repeats), "plan": plan}
                )
        found["whole_ms"] = median_ms(lambda p=params: run(p), repeats)
        out[name] = found
    return out


# ---------------------------------------------------------------------------------------------
# (a) The load


FOUND = re.compile(rb"([\d,]+) services? found")


def _q(**params: Any) -> str:
    return urllib.parse.urlencode({k: v for k, v in params.items() if v != ""}, doseq=True)


def mix(rng: random.Random, api_pages: int) -> list[tuple[str, str, Any, int]]:
    """(kind, variant, a function giving a path) with the share of each, as families search."""
    from sendpath.localoffer import reference

    keywords = (
        "autism",
        "swimming",
        "speech therapy",
        "short breaks",
        "holiday club",
        "wheelchair",
    )
    postcodes = ("DM1 4", "DM1 4AB", "DM3", "DM5 2", "DM7 3HQ", "DM9 2")
    needs = ("ASD", "SLCN", "SEMH", "PD", "DS", "HI")
    categories = [slug for slug, _, _ in reference.CATEGORIES]
    terms = [
        str(reference.term_id("need", code)) for code in ("ASD", "SEMH", "PD", "HI", "SLD")
    ] + [str(reference.term_id("category", slug)) for slug in ("health", "social-care")]

    def pick(items: Any) -> Any:
        return items[rng.randrange(len(items))]

    search = [
        ("keyword", lambda: _q(q=pick(keywords)), 25),
        (
            "keyword+need+age",
            lambda: _q(
                q=pick(("club", "swimming", "support", "therapy")),
                need=pick(needs),
                age=rng.randint(3, 18),
            ),
            15,
        ),
        (
            "postcode",
            lambda: _q(postcode=pick(postcodes), radius=pick((1, 3, 5, 10, 25))),
            20,
        ),
        (
            "postcode+kw+cat",
            lambda: _q(
                postcode=pick(postcodes),
                radius=pick((3, 5, 10)),
                q=pick(keywords),
                category=pick(categories),
            ),
            15,
        ),
        (
            "filters",
            lambda: _q(
                age=rng.randint(0, 25),
                need=[pick(needs)],
                category=pick(categories),
                cost=pick(("", "free")),
                access=pick(("", "self")),
            ),
            15,
        ),
        ("page 2", lambda: _q(q=pick(("autism", "support", "club")), page=2), 10),
    ]
    api = [
        ("page", lambda: _q(page=rng.randint(1, api_pages), per_page=50), 50),
        ("search", lambda: _q(search=pick(keywords), page=rng.randint(1, 2), per_page=50), 25),
        (
            "taxonomy",
            lambda: _q(taxonomy_term_id=pick(terms), page=rng.randint(1, 3), per_page=50),
            25,
        ),
    ]
    return [("search", v, (lambda f=f: f"{SEARCH}?{f()}"), w) for v, f, w in search] + [
        ("services", v, (lambda f=f: f"{API}?{f()}"), w) for v, f, w in api
    ]


@dataclass
class Client:
    """One client with its own keep-alive connection."""

    port: int
    name: str
    rng: random.Random
    samples: list[Sample] = field(default_factory=list)
    error: str = ""

    def __post_init__(self) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def get(self, kind: str, variant: str, path: str, record: bool = True) -> bytes:
        headers = {"Host": "127.0.0.1", "User-Agent": "sendpath-bench", "Accept": "*/*"}
        started = time.perf_counter()
        self.conn.request("GET", path, headers=headers)
        response = self.conn.getresponse()
        content = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        check(kind, path, response.status, content)
        match = TIMING.search(response.headers.get("Server-Timing", ""))
        if match is None:
            raise RuntimeError("no Server-Timing header: is the timing middleware installed?")
        if record:
            self.samples.append(
                Sample(
                    kind,
                    variant,
                    response.status,
                    elapsed,
                    float(match.group(1)),
                    float(match.group(2)),
                    int(match.group(3)),
                )
            )
        return content


def check(kind: str, path: str, status: int, content: bytes) -> None:
    """A page with real content: a results page with its count, or an API page of services."""
    if status != 200:
        raise RuntimeError(f"GET {path}: {status}")
    if kind == "search":
        if FOUND.search(content) is None:
            raise RuntimeError(f"GET {path}: no 'N services found' on the page")
        return
    try:
        body = json.loads(content)
    except ValueError as error:
        raise RuntimeError(f"GET {path}: not JSON ({error})") from None
    if not isinstance(body, dict) or "contents" not in body or "total_items" not in body:
        raise RuntimeError(f"GET {path}: not an ORUK page (no contents or total_items)")


def ready(port: int) -> list[str]:
    """Problems with the two URLs (empty when both answer with real content)."""
    problems = []
    client = Client(port, "check", random.Random(0))
    for kind, path in (
        ("search", f"{SEARCH}?q=autism"),
        ("search", f"{SEARCH}?postcode=DM1+4&radius=5"),
        ("services", f"{API}?page=1&per_page=50"),
        ("services", f"{API}?search=autism&page=1&per_page=50"),
    ):
        try:
            content = client.get(kind, "check", path, record=False)
        except (RuntimeError, OSError, http.client.HTTPException) as error:
            problems.append(str(error))
            client.conn.close()
            client = Client(port, "check", random.Random(0))
            continue
        if kind == "search":
            found = FOUND.search(content)
            if found and int(found.group(1).replace(b",", b"")) == 0:
                problems.append(f"GET {path}: no services found")
        elif not json.loads(content)["contents"]:
            problems.append(f"GET {path}: no contents")
    return problems


def run_load(
    args: argparse.Namespace, server: Server, api_pages: int
) -> tuple[list[Sample], float]:
    clients = [
        Client(server.port, f"client-{n}", random.Random(args.seed + n))
        for n in range(1, args.clients + 1)
    ]
    kinds = {c.name: [k for k in mix(c.rng, api_pages) if k[0] in args.kinds] for c in clients}

    def warm_up(client: Client) -> None:  # every kind once, not counted
        for kind, variant, path, _ in kinds[client.name]:
            client.get(kind, variant, path(), record=False)

    def step(client: Client) -> None:
        mine = kinds[client.name]
        kind, variant, path, _ = client.rng.choices(mine, [w for *_, w in mine])[0]
        client.get(kind, variant, path())

    return run_clients(
        clients,
        warm_up=warm_up,
        step=step,
        duration=args.duration,
        max_requests=args.max_requests,
        think=args.think,
    )


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_LO_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--rebuild", action="store_true", help="build the data again")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=500)
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (threads)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--max-requests", type=int, default=3000, help="per client")
    parser.add_argument(
        "--think",
        type=float,
        default=0.25,
        help="mean pause between a client's requests, in seconds (uniform from 0 to twice this)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--sql-repeats", type=int, default=50)
    parser.add_argument("--plans", action="store_true", help="print the full query plans")
    parser.add_argument(
        "--check", action="store_true", help="only check both URLs answer with real content"
    )
    parser.add_argument(
        "--kinds",
        default="search,services",
        help="which kinds to ask for, to measure one alone (default: search,services)",
    )
    args = parser.parse_args(argv)
    args.kinds = {k.strip() for k in args.kinds.split(",") if k.strip()}
    if not args.kinds or args.kinds - {"search", "services"}:
        parser.error("--kinds takes search, services or both")
    if not args.database.startswith(("postgres://", "postgresql://")):
        parser.error("the benchmark runs on PostgreSQL only")

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ensure_database(args.database, drop=False)
    setup_django(args.database)
    meta = prepare_data(args)
    for line in describe_data():
        say(line)

    from django.db import connection

    from sendpath.localoffer import selectors

    api_pages = max(1, selectors.public_services().count() // 50)

    if not args.check:
        say("\n(c) The SQL of a results page (median of " + str(args.sql_repeats) + " each)")
        for name, found in page_queries(args.sql_repeats).items():
            times = ", ".join(f"{st['ms']:.2f}" for st in found["statements"])
            say(
                f"  {name} {PLANNED[name]}: {len(found['statements'])} statements ({times} ms); "
                f"search, page and rows' terms {found['whole_ms']:.2f} ms in all"
            )
            for st in found["statements"]:
                first = st["sql"].split()[0:3]
                say(f"    {' '.join(first)} ... {st['ms']:.2f} ms")
                for line in st["plan"] if args.plans else st["plan"][:3]:
                    say(f"      {line}")
                if args.plans:
                    say(f"      SQL: {st['sql']}")
    connection.close()

    server = Server(
        url=args.database,
        workers=args.workers,
        threads=args.threads,
        log=Path("/tmp") / f"sendpath-bench-lo-gunicorn-{os.getpid()}.log",  # noqa: S108
    )
    try:
        server.wait_ready()
        problems = ready(server.port)
        if args.check or problems:
            for problem in problems:
                say(f"  not ready: {problem}")
            if args.check:
                say("ready" if not problems else "not ready")
                return 0 if not problems else 1
            raise SystemExit("The pages are not ready: " + "; ".join(problems))
        say(
            f"\n(a) {args.clients} clients for {args.duration:.0f} s; gunicorn {args.workers} "
            f"workers x {args.threads} threads; think time {args.think:.2f} s; "
            f"{meta['services']:,} services"
        )
        samples, elapsed = run_load(args, server, api_pages)
    finally:
        server.stop()
    server.log_path.unlink(missing_ok=True)
    load, lines = summarise(samples, variant_width=18)
    for line in lines:
        say(line)
    say(f"  {len(samples):,} requests in {elapsed:.0f} s ({len(samples) / elapsed:.1f}/s)")

    nothing = {"p50": math.nan, "p95": math.nan}
    search_p95 = load.get(("search", "all"), nothing)["p95"]
    services_p95 = load.get(("services", "all"), nothing)["p95"]
    say("\nSummary")
    for name, p95, budget in (
        ("search pages", search_p95, BUDGETS["search"]),
        ("/api/oruk/services", services_p95, BUDGETS["services"]),
    ):
        kind = "search" if name == "search pages" else "services"
        if (kind, "all") not in load:
            continue
        say(
            f"  {name} p95 {p95:.1f} ms, median {load[(kind, 'all')]['p50']:.1f} ms (budget "
            f"{budget:.0f}): {'PASS' if p95 <= budget else 'FAIL'}"
        )
    print(f"search_p95_ms={search_p95:.1f} services_p95_ms={services_p95:.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
