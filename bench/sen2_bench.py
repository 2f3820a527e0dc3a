"""Benchmark of the SEN2 export at the size of England's largest authority.

PostgreSQL only, in a database of its own (default
``postgres://postgres@127.0.0.1:5432/sendpath_sen2_bench``, created if missing). The data is
the worklist benchmark's (``bench/worklist_data.py``: 25,000 children with plans, 6,000 open
requests and assessments, 3,000 closed refusals, about 300,000 events), built once and reused
while its size and seed match (``--rebuild`` builds it again).

Each run writes the authority's return for the collection year whose census is the next one
(``sendpath.insight.sen2.export.write_return``: read in chunks, checked against the schema
and the rules, streamed to a file) in a fresh process, so its peak resident memory (the
process's ``ru_maxrss``, Django and lxml included) is the run's own. Median time of 3 runs,
the largest peak. Budgets: under 60 s and 500 MB. Ends with exactly one line::

    sen2_export_s=<x> sen2_peak_mb=<y>

    .venv/bin/python bench/sen2_bench.py [--rebuild] [--repeats 3] [--scale 1.0]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness import ensure_database, say, setup_django  # noqa: E402 - after the path

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sendpath_sen2_bench"
BUDGET_S = 60.0
BUDGET_MB = 500.0


def one_run(url: str, year: int) -> None:
    """In a process of its own: write the return once and print what it took, as JSON."""
    setup_django(url)
    from sendpath.insight.sen2.export import Officers, write_return
    from sendpath.people.models import Organisation

    authority = Organisation.objects.get(la_code="998", kind="local_authority")
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        result = write_return(out, authority=authority, year=year, officers=Officers(*"YYR"))
        seconds = time.perf_counter() - started
        size = out.tell()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mb": peak_mb,
                "persons": result.persons,
                "errors": result.count("E"),
                "queries": result.count("Q"),
                "bytes": size,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--rebuild", action="store_true", help="build the data again")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size")
    parser.add_argument("--verify", type=int, default=50, help="cases checked after a build")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--year", type=int, default=0, help="collection year (default: next)")
    parser.add_argument("--one-run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_run:
        one_run(args.database, args.year)
        return

    ensure_database(args.database, drop=False)
    setup_django(args.database)
    from django.db import connection
    from django.utils import timezone

    from bench.worklist_bench import prepare_data
    from sendpath.insight.sen2.build import census_day

    meta = prepare_data(args)
    connection.close()
    today = timezone.localdate()
    year = args.year or (today.year if today <= census_day(today.year) else today.year + 1)
    say(f"Data: {meta['cases']:,} cases, {meta['events']:,} events; return {year}")
    runs = []
    for number in range(1, args.repeats + 1):
        done = subprocess.run(  # noqa: S603 - this same script, in a process of its own
            [
                sys.executable,
                __file__,
                "--one-run",
                "--database",
                args.database,
                "--year",
                str(year),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        run = json.loads(done.stdout.strip().splitlines()[-1])
        runs.append(run)
        say(
            f"run {number}: {run['seconds']:.1f} s, peak {run['peak_mb']:.0f} MB, "
            f"{run['persons']:,} people, {run['errors']:,} errors, {run['queries']:,} queries, "
            f"{run['bytes'] / 1e6:.1f} MB of XML"
        )
    seconds = statistics.median(r["seconds"] for r in runs)
    peak = max(r["peak_mb"] for r in runs)
    over = []
    if seconds > BUDGET_S:
        over.append(f"time over {BUDGET_S:.0f} s")
    if peak > BUDGET_MB:
        over.append(f"memory over {BUDGET_MB:.0f} MB")
    say("Within budget" if not over else "OVER BUDGET: " + ", ".join(over))
    print(f"sen2_export_s={seconds:.1f} sen2_peak_mb={peak:.0f}")


if __name__ == "__main__":
    main()
