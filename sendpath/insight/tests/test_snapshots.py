"""Stored counts: the figures dashboard and the reviews page read what was last counted, count
again (in the background) only when the records they read have moved, show when they were
counted, queue one recount at a time, and are counted again each night."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks_db.models import DBTaskResult

from sendpath.ehc.caseload.services import EventDraft, case_from_history
from sendpath.ehc.tests.helpers import client_for
from sendpath.insight import snapshots
from sendpath.insight import tasks as insight_tasks
from sendpath.insight.figures import counting
from sendpath.insight.figures.stored import FIGURES, recount_figures
from sendpath.insight.models import FigureSnapshot
from sendpath.insight.oversight import reviews
from sendpath.insight.oversight.stored import REVIEWS, recount_reviews
from sendpath.people.models import Role
from sendpath.people.tests.factories import ChildFactory

D = dt.date
URL = "/insight/figures/"
REVIEWS_URL = "/insight/reviews/"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


RECEIVED, ISSUED = D(2025, 1, 6), D(2025, 5, 26)


def issued_plan(world, la, *, received=RECEIVED, issued=ISSUED, last="Figwort"):
    child = ChildFactory(responsible_authority=la, first_name="Octavia", last_name=last)
    return case_from_history(
        actor=world.user(Role.MANAGER),
        child=child,
        authority=la,
        source="parent",
        received_on=received,
        events=[
            EventDraft("request_received", received, {"source": "parent"}),
            EventDraft("decision_to_assess", received + dt.timedelta(days=35), {"outcome": "yes"}),
            EventDraft("assessment_outcome", issued, {"outcome": "plan"}),
            EventDraft("final_plan_issued", issued, {}),
        ],
        why="test history",
    )


@pytest.fixture
def counted(monkeypatch):
    """How many times each kind has counted from the records."""
    calls = {"figures": 0, "reviews": 0}
    count_years, history = counting.count_years, reviews.history

    def count_years_counted(*args, **kwargs):
        calls["figures"] += 1
        return count_years(*args, **kwargs)

    def history_counted(*args, **kwargs):
        calls["reviews"] += 1
        return history(*args, **kwargs)

    monkeypatch.setattr(counting, "count_years", count_years_counted)
    monkeypatch.setattr(reviews, "history", history_counted)
    return calls


def waiting(path: str) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=path, status="READY"))


@pytest.mark.django_db
def test_the_stored_count_is_used_until_the_records_move(
    world, counted, django_assert_max_num_queries
):
    issued_plan(world, world.la)
    client = client_for(world, Role.LEADER)
    first = client.get(URL, {"year": "2025"})
    assert first.status_code == 200
    assert "1 of 1" in first.content.decode()
    assert counted["figures"] == 1  # counted at once: the tests' tasks run immediately
    assert "today from the records as they were then" in first.content.decode()
    stored = FigureSnapshot.objects.filter(authority=world.la, kind="figures")
    assert sorted(stored.values_list("key", flat=True)) == ["2025"]  # the records reach 2025
    # Viewed again: read from the store, no count; a handful of queries whatever the size.
    with django_assert_max_num_queries(25):
        again = client.get(URL, {"year": "2025"})
    assert counted["figures"] == 1
    assert "1 of 1" in again.content.decode()
    assert "A new count is under way" not in again.content.decode()
    # A new case moves the watermark: the next view counts again, and shows it.
    issued_plan(world, world.la, issued=D(2025, 9, 1), last="Latecomer")
    moved = client.get(URL, {"year": "2025"}).content.decode()
    assert counted["figures"] == 2
    assert "1 of 2" in moved  # one of the two plans issued within 20 weeks


@pytest.mark.django_db
def test_a_step_dated_after_a_years_census_leaves_that_years_count_alone(world):
    case = issued_plan(world, world.la, received=D(2023, 1, 9), issued=D(2023, 5, 22))
    child = ChildFactory(responsible_authority=world.la)
    before = FIGURES.watermarks(world.la, ["2023", "2024", "2026"])
    case_from_history(
        actor=world.user(Role.MANAGER),
        child=child,
        authority=world.la,
        source="parent",
        received_on=D(2026, 3, 2),
        events=[EventDraft("request_received", D(2026, 3, 2), {"source": "parent"})],
        why="test history",
    )
    after = FIGURES.watermarks(world.la, ["2023", "2024", "2026"])
    assert after["2023"] == before["2023"]  # census of January 2024: the new request is later
    assert after["2024"] == before["2024"]  # census of January 2025
    assert after["2026"] != before["2026"]
    assert case.authority == world.la


@pytest.mark.django_db
def test_a_leader_and_a_manager_see_the_same_stored_counts(world, counted):
    issued_plan(world, world.la)
    issued_plan(world, world.other_la, last="Elsewhere")
    leader = client_for(world, Role.LEADER).get(URL, {"year": "2025"}).content.decode()
    manager = client_for(world, Role.MANAGER).get(URL, {"year": "2025"}).content.decode()
    assert counted["figures"] == 1  # one count of the authority, read by both
    for body in (leader, manager):
        assert "1 of 1" in body
        assert "Elsewhere" not in body
    leader_reviews = client_for(world, Role.LEADER).get(REVIEWS_URL).content.decode()
    manager_reviews = client_for(world, Role.MANAGER).get(REVIEWS_URL).content.decode()
    assert counted["reviews"] == 1
    tables = [page[page.index("<table") :] for page in (leader_reviews, manager_reviews)]
    # The same counts (the manager's page adds links to the children behind them).
    assert [t.count("1 of 1") for t in tables] == [tables[0].count("1 of 1")] * 2


@pytest.mark.django_db
def test_nothing_stored_yet_shows_the_being_counted_page_and_queues_one_recount(
    world, settings, counted
):
    settings.TASKS = DATABASE_TASKS  # tasks wait for a worker, as in production
    issued_plan(world, world.la)
    client = client_for(world, Role.LEADER)
    response = client.get(URL, {"year": "2025"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "The figures are being counted" in body
    assert 'href="/insight/figures/?year=2025">Refresh this page</a>' in body
    assert counted["figures"] == 0  # not in the request
    [queued] = waiting("sendpath.insight.figures.stored.recount_figures")
    assert queued.args_kwargs["args"] == [str(world.la.pk), ["2025"]]
    # Viewed again (and by a manager) while it waits: no second recount is queued.
    client.get(URL, {"year": "2025"})
    client_for(world, Role.MANAGER).get(URL, {"year": "2025"})
    assert len(waiting("sendpath.insight.figures.stored.recount_figures")) == 1
    assert snapshots.pending(world.la, FIGURES) == ["2025"]
    # The reviews page likewise.
    reviews_page = client.get(REVIEWS_URL)
    assert reviews_page.status_code == 200
    assert "The figures are being counted" in reviews_page.content.decode()
    client.get(REVIEWS_URL)
    assert len(waiting("sendpath.insight.oversight.stored.recount_reviews")) == 1
    # A worker runs them (as ``db_worker`` would, with the arguments queued): the page shows
    # the figures.
    recount_figures.call(*queued.args_kwargs["args"])
    [queued_reviews] = waiting("sendpath.insight.oversight.stored.recount_reviews")
    recount_reviews.call(*queued_reviews.args_kwargs["args"])
    assert counted == {"figures": 1, "reviews": 1}
    assert snapshots.pending(world.la, FIGURES) == []
    shown = client.get(URL, {"year": "2025"}).content.decode()
    assert "1 of 1" in shown
    assert "being counted" not in shown


@pytest.mark.django_db
def test_a_stale_count_is_shown_while_the_new_one_is_made(world, settings):
    issued_plan(world, world.la)
    client = client_for(world, Role.LEADER)
    client.get(URL, {"year": "2025"})  # counted at once (immediate tasks)
    settings.TASKS = DATABASE_TASKS
    issued_plan(world, world.la, issued=D(2025, 9, 1), last="Latecomer")
    body = client.get(URL, {"year": "2025"}).content.decode()
    assert "1 of 1" in body  # the last count, until the new one is stored
    assert "A new count is under way" in body
    assert len(waiting("sendpath.insight.figures.stored.recount_figures")) == 1


@pytest.mark.django_db
def test_a_claim_left_by_a_worker_that_died_expires(world, settings):
    settings.TASKS = DATABASE_TASKS
    snapshots.get_or_count(world.la, FIGURES, "2025")
    assert len(waiting("sendpath.insight.figures.stored.recount_figures")) == 1
    snapshots.get_or_count(world.la, FIGURES, "2025")
    assert len(waiting("sendpath.insight.figures.stored.recount_figures")) == 1
    FigureSnapshot.objects.update(
        recount_queued_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)  # long ago
    )
    snapshots.get_or_count(world.la, FIGURES, "2025")
    assert len(waiting("sendpath.insight.figures.stored.recount_figures")) == 2


def test_when_counted_reads_as_plain_english():
    now = dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.UTC)
    assert snapshots.when_counted(dt.datetime(2026, 3, 4, 9, 14, tzinfo=dt.UTC), now) == (
        "Counted at 09:14 today"
    )
    assert snapshots.when_counted(dt.datetime(2026, 3, 3, 17, 2, tzinfo=dt.UTC), now) == (
        "Counted yesterday at 17:02"
    )
    assert snapshots.when_counted(dt.datetime(2026, 2, 1, 2, 10, tzinfo=dt.UTC), now) == (
        "Counted on 1 February 2026 at 02:10"
    )


@pytest.mark.django_db
def test_the_command_counts_every_authority_again(world, counted):
    issued_plan(world, world.la)
    out = io.StringIO()
    call_command("insight_recount", stdout=out)
    assert "Counted the stored figures of" in out.getvalue()
    ours = FigureSnapshot.objects.filter(authority=world.la)
    assert set(ours.values_list("kind", flat=True)) == {"figures", "reviews"}
    assert ours.filter(kind="figures", key="2025", data__isnull=False).exists()
    assert counted["figures"] >= 1
    before = counted["figures"]
    one = io.StringIO()
    call_command("insight_recount", "--authority", world.la.la_code, stdout=one)
    assert counted["figures"] == before + 1
    assert "Counted the stored figures of 1 authority." in one.getvalue()
    with pytest.raises(CommandError):
        call_command("insight_recount", "--authority", "000", stdout=io.StringIO())
    # The demo's immediate backend cannot keep a task for later.
    demo = io.StringIO()
    call_command("insight_recount", "--schedule", stdout=demo)
    assert "Not scheduled" in demo.getvalue()


@pytest.mark.django_db
def test_the_nightly_recount_is_scheduled_once_and_queues_the_next(world, settings):
    settings.TASKS = DATABASE_TASKS
    issued_plan(world, world.la)
    out = io.StringIO()
    call_command("insight_recount", "--schedule", stdout=out)
    call_command("insight_recount", "--schedule", stdout=io.StringIO())
    assert "queued to run after" in out.getvalue()
    [run] = waiting("sendpath.insight.tasks.recount_nightly")
    assert run.run_after == insight_tasks.next_run()
    assert insight_tasks.recount_nightly.call() >= 1
    assert FigureSnapshot.objects.filter(
        authority=world.la, kind=REVIEWS.name, data__isnull=False
    ).exists()
    assert len(waiting("sendpath.insight.tasks.recount_nightly")) == 1
