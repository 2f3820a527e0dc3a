"""Benchmark of ``manage.py dfe_figures`` at the size of England's largest authority.

The data is ``bench/worklist_data.py``'s (25,000 children with plans, 6,000 open requests and
assessments, about 300,000 events), built once in the benchmark database and reused while its
size and seed match (``bench/worklist_bench.py``'s ``prepare_data``; ``--rebuild`` builds it
again). The command then runs three times, each in a process of its own with the benchmark's
production settings (``bench/settings_bench.py``), for the last complete calendar year of the
benchmark authority (LA 998): the median wall time and the largest peak resident memory of the
three (``os.wait4``'s ``ru_maxrss``, the whole process: Python, Django and the counting).

Budget: under 60 s and 500 MB. Ends with exactly one line::

    dfe_figures_s=<x> dfe_figures_peak_mb=<y>

    .venv/bin/python bench/insight_bench.py [--rebuild] [--database URL] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness import SETTINGS, ensure_database, say, setup_django  # noqa: E402 - after the path is set
from bench.worklist_bench import DEFAULT_URL, prepare_data  # noqa: E402

BUDGET_S = 60.0
BUDGET_MB = 500.0
LA_CODE = "998"


def run_once(database: str, year: int) -> tuple[float, float, dict[str, object]]:
    """One run of the command in its own process: (seconds, peak MB, the JSON it printed)."""
    env = {**os.environ, "BENCH_DATABASE_URL": database, "DJANGO_SETTINGS_MODULE": SETTINGS}
    command = [
        sys.executable, str(ROOT / "manage.py"), "dfe_figures",
        "--year", str(year), "--authority", LA_CODE, "--json",
    ]  # fmt: skip
    started = time.perf_counter()
    with subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE) as process:  # noqa: S603 - our own command
        out = process.stdout.read() if process.stdout else b""
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"dfe_figures failed (exit {process.returncode})")
    return seconds, usage.ru_maxrss / 1024, json.loads(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--rebuild", action="store_true", help="build the data again")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size")
    parser.add_argument("--verify", type=int, default=50, help="cases checked after a build")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--year", type=int, default=0, help="activity year (default: last)")
    args = parser.parse_args(argv)

    ensure_database(args.database, drop=False)
    setup_django(args.database)
    meta = prepare_data(args)
    year = args.year or dt.date.fromisoformat(str(meta["built_on"])).year - 1
    say(f"dfe_figures --year {year} --authority {LA_CODE}, {args.runs} runs")
    runs = [run_once(args.database, year) for _ in range(args.runs)]
    for seconds, peak, _ in runs:
        say(f"  {seconds:.2f} s, peak {peak:.0f} MB")
    figures = runs[-1][2]
    say(
        "  counted: "
        + ", ".join(
            f"{stem}.{column}={figures[stem][column]}"  # type: ignore[index]
            for stem, column in (
                ("requests", "requests_received_in_year"),
                ("timeliness_20_week", "plans_issued_den"),
                ("newplans", "new_ehc_plans"),
                ("caseload", "ehcplans"),
            )
        )
    )
    seconds = statistics.median(r[0] for r in runs)
    peak = max(r[1] for r in runs)
    ok = seconds < BUDGET_S and peak < BUDGET_MB
    say(f"Budget: under {BUDGET_S:.0f} s and {BUDGET_MB:.0f} MB: {'met' if ok else 'NOT MET'}")
    print(f"dfe_figures_s={seconds:.2f} dfe_figures_peak_mb={peak:.0f}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
