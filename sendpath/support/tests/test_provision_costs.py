"""The costed provision map's arithmetic: each entry's share worked out by the service, totals
per term and per school year, the threshold at its boundaries and the whole school's sums."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from sendpath.people.models import Role
from sendpath.people.tests.factories import ChildFactory
from sendpath.support.models import CostBasis, SupportSettings, Term, Wave, term_of, term_step
from sendpath.support.provision import selectors, services

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 10)  # autumn term of the school year 2026 to 2027
NOW = dt.datetime(2026, 11, 10, 12, tzinfo=dt.UTC)


def add(world, child, *, year=2026, term=Term.AUTUMN, **figures):
    data = {
        "school_year": year,
        "term": term,
        "description": figures.pop("description", "Reading group"),
        "wave": figures.pop("wave", Wave.TARGETED),
        "staff": "Teaching assistant",
        "cost_basis": figures.pop("cost_basis", CostBasis.HOUR),
        "rate_pence": figures.pop("rate_pence", 2000),
        "minutes_per_week": figures.pop("minutes_per_week", 0),
        "sessions_per_week": figures.pop("sessions_per_week", 0),
        "weeks": figures.pop("weeks", 12),
        "group_size": figures.pop("group_size", 1),
    }
    assert not figures
    return services.provision_save(
        actor=world.user(Role.SENCO), child=child, school=world.school, data=data
    )


def test_the_three_terms_around_today():
    assert selectors.three_terms(TODAY) == [
        (2025, Term.SUMMER),
        (2026, Term.AUTUMN),
        (2026, Term.SPRING),
    ]
    assert selectors.term_label(2026, Term.SPRING) == "Spring 2027"
    assert term_of(dt.date(2027, 4, 1)) == (2026, Term.SUMMER)
    assert term_step(2026, Term.SUMMER, 1) == (2027, Term.AUTUMN)


def test_the_service_works_out_the_share_rounding_half_a_penny_up(world):
    # 30 minutes a week at 20 pounds an hour for 13 weeks, shared by 6: 2,166.67 pence -> 2,167.
    entry = add(world, world.ours, minutes_per_week=30, weeks=13, group_size=6)
    assert entry.cost_pence == 2167
    # 1 penny a session, once a week for 1 week, shared by 2: half a penny, rounded up.
    entry = add(
        world,
        world.ours,
        cost_basis=CostBasis.SESSION,
        rate_pence=1,
        sessions_per_week=1,
        weeks=1,
        group_size=2,
    )
    assert entry.cost_pence == 1
    # ... and shared by 3, a third of a penny, rounded down.
    entry = add(
        world,
        world.ours,
        cost_basis=CostBasis.SESSION,
        rate_pence=1,
        sessions_per_week=1,
        weeks=1,
        group_size=3,
    )
    assert entry.cost_pence == 0


def test_only_the_figures_of_the_chosen_basis_count(world):
    entry = add(
        world,
        world.ours,
        cost_basis=CostBasis.SESSION,
        rate_pence=4500,
        sessions_per_week=3,
        minutes_per_week=600,
        weeks=10,
        group_size=2,
    )
    assert entry.cost_pence == 67_500
    assert entry.minutes_per_week == 0


def test_missing_figures_are_refused_naming_the_field(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        add(world, world.ours, minutes_per_week=0)
    assert "minutes_per_week" in raised.value.error_dict
    with pytest.raises(ValidationError) as raised:
        add(world, world.ours, cost_basis=CostBasis.SESSION)
    assert "sessions_per_week" in raised.value.error_dict


@time_machine.travel(NOW)
def test_totals_per_term_and_year_against_the_threshold(world):
    child = world.ours
    # Previous term (summer 2026, school year 2025): 2 hours a week at 25 pounds, 12 weeks.
    add(world, child, year=2025, term=Term.SUMMER, rate_pence=2500, minutes_per_week=120)
    # This term: 60,000 + 1 hour a week at 20 pounds for 12 weeks in a group of 4 (6,000).
    add(world, child, rate_pence=2500, minutes_per_week=120)
    add(world, child, rate_pence=2000, minutes_per_week=60, group_size=4)
    # Next term (spring 2027, school year 2026): 2 sessions at 30 pounds, 10 weeks.
    add(
        world,
        child,
        term=Term.SPRING,
        cost_basis=CostBasis.SESSION,
        rate_pence=3000,
        sessions_per_week=2,
        weeks=10,
    )
    the_map = selectors.provision_map(child, TODAY)
    assert [t.total_pence for t in the_map.terms] == [60_000, 66_000, 60_000]
    years = {y.school_year: y for y in the_map.years}
    assert years[2025].total_pence == 60_000
    assert years[2026].total_pence == 126_000
    assert years[2026].against == "£4,740 below the threshold"
    assert selectors.yearly_cost(child, 2026) == 126_000
    assert not selectors.above_threshold(child, TODAY)


@time_machine.travel(NOW)
def test_exactly_at_the_threshold_is_not_above_and_one_penny_more_is(world):
    child = world.ours
    SupportSettings.objects.create(authority=world.la, threshold_pence=100_000)
    # 1,000 pounds exactly: 10 sessions of 100 pounds.
    add(
        world,
        child,
        cost_basis=CostBasis.SESSION,
        rate_pence=10_000,
        sessions_per_week=1,
        weeks=10,
    )
    assert selectors.yearly_cost(child, 2026) == 100_000
    assert not selectors.above_threshold(child, TODAY)
    assert selectors.against_threshold(100_000, 100_000) == "Exactly at the threshold"
    # One penny more (in the summer term of the same school year).
    add(
        world,
        child,
        term=Term.SUMMER,
        cost_basis=CostBasis.SESSION,
        rate_pence=1,
        sessions_per_week=1,
        weeks=1,
    )
    assert selectors.above_threshold(child, TODAY)
    assert selectors.against_threshold(100_001, 100_000) == "Above the threshold by £0.01"
    # Another authority's child is measured against the default (6,000 pounds).
    assert selectors.threshold_pence(world.other_la) == 600_000


@time_machine.travel(NOW)
def test_whole_school_sums_by_need_and_wave_match_a_hand_computed_total(world):
    from sendpath.people.models import SettingAttendance

    other = ChildFactory(responsible_authority=world.la, primary_need="SEMH")
    SettingAttendance.objects.create(
        child=other, organisation=world.school, start_date=dt.date(2020, 9, 1)
    )
    # world.ours: primary need SLCN.
    add(world, world.ours, rate_pence=2500, minutes_per_week=120, wave=Wave.SPECIALIST)  # 60,000
    add(world, world.ours, term=Term.SPRING, rate_pence=2000, minutes_per_week=60, group_size=4)
    # = 6,000 (wave 2)
    add(
        world,
        other,
        term=Term.SUMMER,
        cost_basis=CostBasis.SESSION,
        rate_pence=70_000,
        sessions_per_week=1,
        weeks=9,
        wave=Wave.SPECIALIST,
    )  # 630,000 (wave 3): above 6,000 pounds
    add(world, other, rate_pence=1000, minutes_per_week=30, weeks=13, group_size=3)
    # 1000 x 30 x 13 / 180 = 2,166.67 -> 2,167 (wave 2)
    add(world, world.ours, year=2025, term=Term.SUMMER, rate_pence=2500, minutes_per_week=120)
    # last school year: not counted

    spend = selectors.school_spend(school=world.school, school_year=2026)
    assert spend.total_pence == 60_000 + 6_000 + 630_000 + 2_167
    assert {r.key: r.total_pence for r in spend.by_need} == {
        "SLCN": 66_000,
        "SEMH": 632_167,
    }
    assert {r.key: r.total_pence for r in spend.by_wave} == {"3": 690_000, "2": 8_167}
    above = list(
        selectors.pupils_above_threshold(
            user=world.user(Role.SENCO), school=world.school, school_year=2026
        )
    )
    assert [c.pk for c in above] == [other.pk]
    assert above[0].year_total == 632_167
    # Another school's SENCO sees nobody of this school.
    assert not selectors.pupils_above_threshold(
        user=world.user("other_senco"), school=world.school, school_year=2026
    ).exists()
