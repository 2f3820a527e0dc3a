"""Background work of insight: the stored counts (``sendpath.insight.snapshots``).

A dashboard queues the recount of its own stale years itself (``figures.stored.recount_figures``,
``oversight.stored.recount_reviews``). ``recount_nightly`` counts every authority's stored figures
again each night, so the first view of the day is fresh even where nothing queued a recount (and
whatever a watermark cannot see, such as a date of birth corrected, is caught within a day); it
then queues its own next run (``run_after``). ``schedule_nightly_recount`` makes sure exactly one
run is waiting: ``manage.py insight_recount --schedule`` calls it (at each deploy, after
``migrate``), and so does each run. It runs at 03:00, after the nightly refresh of deadlines
(02:00, ``sendpath.ehc.tasks``), so it counts from the refreshed records.

Only a backend that keeps tasks for later (the database backend, in production) can schedule;
the demo runs tasks at once and has no nightly run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django_tasks import task

from sendpath.core import schedule
from sendpath.people.models import Organisation

from .figures import dashboard
from .figures import selectors as figure_selectors
from .figures.stored import FIGURES
from .oversight.stored import REVIEWS, keys_for
from .snapshots import authorities_counted, recount

NIGHTLY_AT = dt.time(3, 0)  # local time (Europe/London): after the deadlines' refresh at 02:00


def figure_years(authority: Organisation, today: dt.date) -> list[str]:
    """The years the figures dashboard opens on (the last five to last year), and this year."""
    first = figure_selectors.first_year(authority)
    years = {*dashboard.years_for(first, today.year - 1), *dashboard.years_for(first, today.year)}
    return [str(y) for y in sorted(years)]


@dataclass(frozen=True)
class Recounted:
    authority: Organisation
    figures: list[str]
    reviews: list[str]


def recount_every_authority(
    progress: Callable[[Recounted], None] | None = None, *, only: Organisation | None = None
) -> list[Recounted]:
    """Count every authority's stored figures and reviews again now (or ``only`` one's)."""
    today = timezone.localdate()
    done = []
    for authority in [only] if only is not None else authorities_counted():
        figures = figure_years(authority, today)
        reviews = keys_for(today)
        recount(authority, FIGURES, figures)
        recount(authority, REVIEWS, reviews)
        one = Recounted(authority, figures, reviews)
        done.append(one)
        if progress is not None:
            progress(one)
    return done


def next_run(now: dt.datetime | None = None) -> dt.datetime:
    """The next NIGHTLY_AT after ``now``, in local time."""
    return schedule.next_daily(NIGHTLY_AT, now)


def pending_runs() -> list[dt.datetime]:
    """When the waiting nightly runs will start (none, or one)."""
    return schedule.pending_runs(recount_nightly)


def schedule_nightly_recount(now: dt.datetime | None = None) -> dt.datetime | None:
    """Make sure one nightly run is waiting; returns when it will start (None when the task
    backend cannot keep a task for later, as the demo's)."""
    return schedule.schedule_once(recount_nightly, next_run(now))


@task()
def recount_nightly() -> int:
    """Count every authority's stored figures again, then queue tomorrow night's run; returns
    how many authorities were counted."""
    try:
        return len(recount_every_authority())
    finally:
        schedule_nightly_recount()
