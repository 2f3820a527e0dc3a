"""What the reviews and phase transfer lists sort and filter by, stored with the timeline, and
phase transfers from the year group (reg 18(1); CoP 9.179) without anyone recording them."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sendpath.ehc.cases import phase, services
from sendpath.ehc.models import Case, CaseEvent, Deadline
from sendpath.ehc.reviews import selectors as review_selectors
from sendpath.ehc.reviews import services as review_services
from sendpath.people.models import Child, Role

from .helpers import client_for, days_ago, open_case, record
from .test_reviews import in_force


def born_in_year_group(group: int, transfer: int) -> dt.date:
    """A date of birth putting a child in ``group`` in the school year before ``transfer``."""
    return dt.date(transfer - 1 - (group + 4), 1, 15)


def child_born(world, born: dt.date) -> Child:
    Child.objects.filter(pk=world.ours.pk).update(date_of_birth=born)
    return Child.objects.get(pk=world.ours.pk)


# ---------------------------------------------------------------------------------------------
# The year group


@pytest.mark.parametrize(
    ("born", "today", "expected"),
    [
        # In Year 6 in 2025/26: moving to Year 7 in September 2026, amend by 15 February 2026.
        (dt.date(2014, 9, 1), dt.date(2025, 11, 1), (2026, "school")),
        (dt.date(2015, 8, 31), dt.date(2026, 3, 31), (2026, "school")),
        # From 1 April the round being worked on is next year's.
        (dt.date(2015, 8, 31), dt.date(2026, 4, 1), None),
        (dt.date(2015, 9, 1), dt.date(2026, 4, 1), (2027, "school")),
        # In Year 11: moving to post-16, amend by 31 March.
        (dt.date(2009, 9, 1), dt.date(2025, 10, 1), (2026, "post16")),
        (dt.date(2012, 1, 1), dt.date(2025, 10, 1), None),
    ],
)
def test_automatic_transfer_from_the_year_group(born, today, expected):
    assert phase.automatic_transfer(born, today) == expected


def test_year_6_plan_gets_its_phase_transfer_without_recording_it(world):
    year = phase.transfer_year(timezone.localdate())
    child = child_born(world, born_in_year_group(6, year))
    case = in_force(world, child=child)
    assert not CaseEvent.objects.filter(case=case, type="phase_transfer").exists()
    assert (case.transfer_year, case.transfer_kind) == (year, "school")
    deadline = Deadline.objects.get(case=case, key="phase_transfer_review")
    assert deadline.due == dt.date(year, 2, 14)
    assert deadline.source  # the rule cites reg 18(1) and CoP 9.179
    rows = review_selectors.transfers(user=world.user(Role.CASEWORKER), year=year)
    assert [(r.case, r.kind, r.deadline) for r in rows] == [(case, "school", deadline)]


def test_year_11_plan_gets_the_post_16_transfer(world):
    year = phase.transfer_year(timezone.localdate())
    case = in_force(world, child=child_born(world, born_in_year_group(11, year)))
    assert (case.transfer_year, case.transfer_kind) == (year, "post16")
    deadline = Deadline.objects.get(case=case, key="phase_transfer_review")
    assert (deadline.due.year, deadline.due.month) == (year, 3)


def test_no_transfer_outside_the_transfer_years_or_before_the_plan(world):
    year = phase.transfer_year(timezone.localdate())
    case = in_force(world, child=child_born(world, born_in_year_group(8, year)))
    assert case.transfer_year is None
    assert not Deadline.objects.filter(case=case, key="phase_transfer_review").exists()
    assert review_selectors.transfers(user=world.user(Role.CASEWORKER), year=year) == []


def test_no_automatic_transfer_while_assessing(world):
    year = phase.transfer_year(timezone.localdate())
    child = child_born(world, born_in_year_group(6, year))
    case = open_case(world, child=child, received_days_ago=50)
    record(world, case, "decision_to_assess", 20, outcome="yes")
    case.refresh_from_db()
    assert case.transfer_year is None
    assert not Deadline.objects.filter(case=case, key="phase_transfer_review").exists()


def test_recorded_transfer_is_not_doubled(world):
    year = phase.transfer_year(timezone.localdate())
    case = in_force(world, child=child_born(world, born_in_year_group(11, year)))
    review_services.phase_transfer_record(
        actor=world.user(Role.CASEWORKER), case=case, year=year + 1, kind="school"
    )
    case.refresh_from_db()
    # A recorded transfer in another year: the latest is the one the list and engine count.
    assert (case.transfer_year, case.transfer_kind) == (year + 1, "school")


# ---------------------------------------------------------------------------------------------
# The stored review columns


def test_review_columns_follow_the_timeline(world):
    case = in_force(world, issued_ago=400)
    annual = Deadline.objects.get(case=case, key="annual_review")
    assert (case.review_due, case.review_pending) == (annual.due, True)
    caseworker = world.user(Role.CASEWORKER)
    assert list(review_selectors.review_worklist(user=caseworker, group="overdue")) == [case]
    review_services.meeting_record(actor=caseworker, case=case, held_on=days_ago(3))
    case.refresh_from_db()
    assert case.review_report_pending
    assert case.review_decision_pending
    assert list(review_selectors.review_worklist(user=caseworker, group="awaiting_report")) == [
        case
    ]
    # The next annual review is due 12 months after the meeting (reg 2, 18).
    assert case.review_due == Deadline.objects.get(case=case, key="annual_review").due
    assert case.review_due > days_ago(0)
    assert list(review_selectors.review_worklist(user=caseworker, group="overdue")) == []


def test_review_counts_in_one_query(world):
    in_force(world, issued_ago=400)
    cases = review_selectors.review_worklist(user=world.user(Role.CASEWORKER))
    with CaptureQueriesContext(connection) as queries:
        counts = review_selectors.review_counts(cases)
    assert len(queries) == 1
    assert counts[""] == 1
    assert counts["overdue"] == 1
    assert counts["due_soon"] == 0


def test_data_migration_fills_the_columns(world):
    year = phase.transfer_year(timezone.localdate())
    case = in_force(world, child=child_born(world, born_in_year_group(6, year)))
    expected = Case.objects.values(
        "review_due", "review_pending", "transfer_year", "transfer_kind"
    ).get(pk=case.pk)
    Case.objects.update(review_due=None, review_pending=False, transfer_year=None, transfer_kind="")
    migration = importlib.import_module("sendpath.ehc.migrations.0006_stored_review_and_transfer")
    migration.fill(django_apps, None)
    assert (
        Case.objects.values("review_due", "review_pending", "transfer_year", "transfer_kind").get(
            pk=case.pk
        )
        == expected
    )


# ---------------------------------------------------------------------------------------------
# The pages


def test_phase_transfers_page_lists_the_year_group_with_a_count(world, settings):
    settings.PAGE_SIZE = 1
    year = phase.transfer_year(timezone.localdate())
    case = in_force(world, child=child_born(world, born_in_year_group(6, year)))
    other = in_force(world, child=world.ours_cared_for)
    Child.objects.filter(pk=other.child_id).update(date_of_birth=born_in_year_group(11, year))
    services.deadlines_refresh(Case.objects.select_related("child").get(pk=other.pk))
    response = client_for(world, Role.CASEWORKER).get(reverse("ehc:transfers"), {"year": year})
    assert response.status_code == 200
    text = response.content.decode()
    assert "2 plans with a phase transfer" in text
    assert case.reference in text  # 15 February comes first
    assert other.reference not in text
    page2 = client_for(world, Role.CASEWORKER).get(
        reverse("ehc:transfers"), {"year": year, "page": 2}
    )
    assert other.reference in page2.content.decode()


def test_panel_is_paginated_with_counts(world, settings):
    settings.PAGE_SIZE = 1
    first = open_case(world, child=world.ours, received_days_ago=20)
    second = open_case(world, child=world.ours_cared_for, received_days_ago=10)
    client = client_for(world, Role.MANAGER)
    page = client.get(reverse("ehc:panel")).content.decode()
    assert "Requests: decide whether to assess (2)" in page
    assert "1 to 1 of 2 shown" in page
    assert first.reference in page
    assert second.reference not in page
    page2 = client.get(reverse("ehc:panel"), {"assess_page": 2}).content.decode()
    assert second.reference in page2
    assert first.reference not in page2
