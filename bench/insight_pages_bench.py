"""Benchmark of the insight dashboards that read stored counts, at the largest authority.

The data is ``bench/worklist_data.py``'s (LA 998: 34,000 cases, about 320,000 events), built once
in the benchmark database and reused (``bench/worklist_bench.py``'s ``prepare_data``). With the
benchmark's production settings (``bench/settings_bench.py``: the database task backend, so a
page never counts in the request), it measures:

- the cold recount: ``recount`` of the figures (the five years the dashboard opens on, and this
  year) and of the reviews page's years, as the background task and the nightly warm-up do;
- ``/insight/figures/`` and ``/insight/reviews/`` with those counts stored (warm), as a leader
  and as a manager of the authority: the server's time for each request (Django's test client
  in this process: the whole middleware stack, the view, the watermark queries and the page),
  the median of ``--requests`` requests after one warm-up request;
- the manager's lists of the children behind a figure, read from the members stored with the
  count: ``/insight/figures/children/`` for the largest figure (the plans in force at the
  census) and ``/insight/reviews/children/`` for the longest review list of this year, page 1
  and a later page (the middle one), each the median of ``--requests`` requests.

Budget: each warm page under 500 ms. Ends with exactly one line::

    figures_page_ms=<x> reviews_page_ms=<y> figure_list_ms=<l> review_list_ms=<r>
    recount_figures_s=<a> recount_reviews_s=<b>

(on one line; ``*_list_ms``: the slower of page 1 and the later page.)

    .venv/bin/python bench/insight_pages_bench.py [--database URL] [--requests 9]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness import ensure_database, say, setup_django  # noqa: E402 - after the path is set
from bench.worklist_bench import DEFAULT_URL, prepare_data  # noqa: E402

BUDGET_MS = 500.0
LA_CODE = "998"


def _user(authority: Any, role: str) -> Any:
    from sendpath.people.models import User

    found = User.objects.filter(role=role, organisation=authority, is_active=True).first()
    if found is None:
        found = User.objects.create_user(
            username=f"insight-bench-{role}", role=role, organisation=authority
        )
    return found


def _time_page(client: Any, url: str, requests: int) -> tuple[float, list[float]]:
    client.get(url)  # warm-up (templates, connections)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        if b"being counted" in response.content or b"A new count is under way" in response.content:
            raise SystemExit(f"{url} did not read a fresh stored count")
    return statistics.median(times), times


def _time_lists(
    authority: Any, figure_keys: list[str], today: Any, requests: int
) -> dict[str, float]:
    """The manager's lists behind the largest figure and the longest review list of this year:
    page 1 and the middle page, each the median of ``requests`` requests."""
    from django.conf import settings
    from django.db.models import Count
    from django.test import Client

    from sendpath.insight.models import FigureMember, FigureSnapshot
    from sendpath.people.models import Role

    client = Client(HTTP_HOST="localhost")
    client.force_login(_user(authority, Role.MANAGER))
    year = figure_keys[-2]  # the last full year: the dashboard's default
    figures = FigureSnapshot.objects.get(authority=authority, kind="figures", key=year)
    reviews = FigureSnapshot.objects.get(authority=authority, kind="reviews", key=str(today.year))
    longest = (
        FigureMember.objects.filter(snapshot=reviews)
        .values("figure")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    measure, review_rows = (longest["figure"], longest["n"]) if longest else ("reviews", 0)
    caseload = FigureMember.objects.filter(snapshot=figures, figure="caseload.ehcplans").count()
    lists = {
        "figure_list": (
            f"/insight/figures/children/?year={year}&stem=caseload&column=ehcplans",
            caseload,
        ),
        "review_list": (
            f"/insight/reviews/children/?measure={measure}&year={today.year}",
            review_rows,
        ),
    }
    results: dict[str, float] = {}
    for name, (url, rows) in lists.items():
        pages = max(1, -(-rows // settings.PAGE_SIZE))
        for page in sorted({1, max(1, pages // 2)}):
            median, times = _time_page(client, f"{url}&page={page}", requests)
            say(
                f"  {url} ({rows} rows) page {page} of {pages}: median {median:.0f} ms "
                f"(min {min(times):.0f}, max {max(times):.0f}, {len(times)} requests)"
            )
            results[name] = max(results.get(name, 0.0), median)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--rebuild", action="store_true", help="build the data again")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size")
    parser.add_argument("--verify", type=int, default=50, help="cases checked after a build")
    parser.add_argument("--requests", type=int, default=9)
    args = parser.parse_args(argv)

    ensure_database(args.database, drop=False)
    setup_django(args.database)
    prepare_data(args)

    from django.test import Client
    from django.utils import timezone

    from sendpath.insight import snapshots, tasks
    from sendpath.insight.figures.selectors import authority_by_code
    from sendpath.insight.figures.stored import FIGURES
    from sendpath.insight.oversight.stored import REVIEWS, keys_for
    from sendpath.people.models import Role

    authority = authority_by_code(LA_CODE)
    if authority is None:
        raise SystemExit(f"No authority with LA code {LA_CODE} in the benchmark data")
    today = timezone.localdate()
    figure_keys = tasks.figure_years(authority, today)
    review_keys = keys_for(today)

    say(f"Cold recount of the figures for {', '.join(figure_keys)}")
    started = time.perf_counter()
    snapshots.recount(authority, FIGURES, figure_keys)
    recount_figures_s = time.perf_counter() - started
    say(f"  {recount_figures_s:.1f} s")
    say(f"Cold recount of the reviews page for {', '.join(review_keys)}")
    started = time.perf_counter()
    snapshots.recount(authority, REVIEWS, review_keys)
    recount_reviews_s = time.perf_counter() - started
    say(f"  {recount_reviews_s:.1f} s")

    # The members just written are new to the planner's statistics: analysed, as autovacuum
    # does within a minute of a large write.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE insight_figuremember")

    started = time.perf_counter()
    FIGURES.watermarks(authority, figure_keys[:-1])
    figures_marks_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    REVIEWS.watermarks(authority, review_keys)
    reviews_marks_ms = (time.perf_counter() - started) * 1000
    say(
        f"Watermark queries: figures {figures_marks_ms:.0f} ms (five years), "
        f"reviews {reviews_marks_ms:.0f} ms"
    )

    results: dict[str, float] = {}
    for role in (Role.LEADER, Role.MANAGER):
        client = Client(HTTP_HOST="localhost")
        client.force_login(_user(authority, role))
        for name, url in (("figures", "/insight/figures/"), ("reviews", "/insight/reviews/")):
            median, times = _time_page(client, url, args.requests)
            say(
                f"  {url} as {role}: median {median:.0f} ms "
                f"(min {min(times):.0f}, max {max(times):.0f}, {len(times)} requests)"
            )
            results[name] = max(results.get(name, 0.0), median)
    results.update(_time_lists(authority, figure_keys, today, args.requests))
    ok = all(ms < BUDGET_MS for ms in results.values())
    say(f"Budget: each warm page under {BUDGET_MS:.0f} ms: {'met' if ok else 'NOT MET'}")
    print(
        f"figures_page_ms={results['figures']:.0f} reviews_page_ms={results['reviews']:.0f} "
        f"figure_list_ms={results['figure_list']:.0f} "
        f"review_list_ms={results['review_list']:.0f} "
        f"recount_figures_s={recount_figures_s:.1f} recount_reviews_s={recount_reviews_s:.1f}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
