"""Alternative provision and preparing for adulthood: the services' rules, the child's flag kept
in step, the version check, and the oversight counts and flags."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sendpath.core.concurrency import StaleEditError, stamp
from sendpath.core.models import AuditEntry
from sendpath.insight.models import AdulthoodRecord, Placement
from sendpath.insight.provision import selectors, services
from sendpath.people.models import Child, Role

from .provision_support import place, placement_data, today, with_plan

pytestmark = pytest.mark.django_db


def test_a_placement_sets_the_flag_and_ending_it_clears_it(world):
    actor = world.user(Role.CASEWORKER)
    child = world.ours
    assert not child.alternative_provision
    placement = place(actor, child)
    child.refresh_from_db()
    assert child.alternative_provision
    services.placement_save(
        actor=actor,
        child=child,
        placement=placement,
        data=placement_data(end_date=today() - dt.timedelta(days=1), outcome="mainstream"),
    )
    child.refresh_from_db()
    assert not child.alternative_provision
    entries = AuditEntry.objects.filter(child_id=child.pk, object_type="insight.Placement")
    assert {e.action for e in entries} == {"created", "updated"}
    changed = entries.get(action="updated").changes
    assert changed["outcome"] == ["", "mainstream"]
    assert changed["child.alternative_provision"] == [True, False]


def test_the_flag_stays_while_another_placement_is_open(world):
    actor = world.user(Role.CASEWORKER)
    first = place(actor, world.ours)
    place(actor, world.ours, provider_name="Hillside Tuition", hours_per_week="10")
    services.placement_save(
        actor=actor,
        child=world.ours,
        placement=first,
        data=placement_data(end_date=today(), outcome="other_ap"),
    )
    # Ending today still counts as open today; end it yesterday and the other keeps the flag.
    services.placement_save(
        actor=actor,
        child=world.ours,
        placement=Placement.objects.get(pk=first.pk),
        data=placement_data(end_date=today() - dt.timedelta(days=1), outcome="other_ap"),
    )
    assert Child.objects.get(pk=world.ours.pk).alternative_provision


def test_a_placement_starting_later_does_not_set_the_flag_yet(world):
    place(world.user(Role.CASEWORKER), world.ours, start_date=today() + dt.timedelta(days=7),
          next_review_on=today() + dt.timedelta(days=49))  # fmt: skip
    assert not Child.objects.get(pk=world.ours.pk).alternative_provision


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"provider_name": ""}, "provider_organisation"),
        ({"hours_per_week": "0"}, "hours_per_week"),
        ({"hours_per_week": "41"}, "hours_per_week"),
        ({"hours_per_week": "ten"}, "hours_per_week"),
        ({"hours_per_week": "12.25"}, "hours_per_week"),
        ({"hours_per_week": "NaN"}, "hours_per_week"),
        ({"reason": "bored"}, "reason"),
        ({"reason": "other"}, "reason_detail"),
        ({"ofsted": "maybe"}, "ofsted"),
        ({"days": ["sat"]}, "days"),
        ({"next_review_on": None}, "next_review_on"),
        ({"end_date": today() - dt.timedelta(days=60)}, "end_date"),
        ({"end_date": today() - dt.timedelta(days=1)}, "outcome"),
        ({"outcome": "mainstream"}, "end_date"),
    ],
)
def test_bad_placements_are_refused_naming_the_field(world, overrides, field):
    with pytest.raises(ValidationError) as refused:
        place(world.user(Role.CASEWORKER), world.ours, **overrides)
    assert field in refused.value.error_dict
    assert not Placement.objects.exists()
    assert not Child.objects.get(pk=world.ours.pk).alternative_provision


def test_an_ended_placement_needs_no_review_date(world):
    placement = place(world.user(Role.CASEWORKER), world.ours, next_review_on=None,
                      end_date=today() - dt.timedelta(days=2), outcome="special")  # fmt: skip
    assert placement.next_review_on is None


def test_a_stale_change_is_refused_and_writes_nothing(world):
    actor = world.user(Role.CASEWORKER)
    placement = place(actor, world.ours)
    opened = stamp(placement, {})
    services.placement_save(actor=world.user(Role.MANAGER), child=world.ours,
                            placement=placement, data=placement_data(hours_per_week="20"))  # fmt: skip
    with pytest.raises(StaleEditError):
        services.placement_save(actor=actor, child=world.ours, placement=placement,
                                data=placement_data(hours_per_week="5"), based_on=opened)  # fmt: skip
    assert Placement.objects.get(pk=placement.pk).hours_per_week == Decimal("20")


def test_the_adulthood_record_rules(world):
    actor = world.user(Role.CASEWORKER)
    good = {"destination": "supported_internship", "destination_on": today(),
            "asc_referred_on": today() - dt.timedelta(days=30),
            "asc_assessed_on": today() - dt.timedelta(days=10), "asc_decision": "eligible",
            "asc_decided_on": today(), "health_plan_agreed_on": None}  # fmt: skip
    for bad, field in (
        ({"destination": "moon"}, "destination"),
        ({"asc_referred_on": None}, "asc_referred_on"),
        ({"asc_assessed_on": today() - dt.timedelta(days=40)}, "asc_assessed_on"),
        ({"asc_decided_on": None}, "asc_decided_on"),
        ({"asc_decision": "", "asc_decided_on": today()}, "asc_decision"),
        ({"destination_on": today() + dt.timedelta(days=1)}, "destination_on"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.adulthood_save(actor=actor, child=world.ours, data={**good, **bad})
        assert field in refused.value.error_dict
    record = services.adulthood_save(actor=actor, child=world.ours, data=good)
    opened = stamp(record, {})
    services.adulthood_save(actor=actor, child=world.ours, data={**good, "destination": "neet"})
    with pytest.raises(StaleEditError):
        services.adulthood_save(actor=actor, child=world.ours, data=good, based_on=opened)
    assert AdulthoodRecord.objects.get(child=world.ours).destination == "neet"
    assert (
        AuditEntry.objects.filter(
            child_id=world.ours.pk, object_type="insight.AdulthoodRecord"
        ).count()
        == 2
    )


def test_oversight_counts_flags_and_patterns_by_school(world):
    actor = world.user(Role.CASEWORKER)
    on = today()
    place(actor, world.ours, school=world.school)  # full time, review in 2 weeks
    place(actor, world.ours_cared_for, school=world.school, hours_per_week="24.5",
          next_review_on=on - dt.timedelta(days=1), ofsted="no")  # fmt: skip
    place(actor, world.linked, hours_per_week="10", reason="health", ofsted="not_known")
    # Ended in the last year: one back to mainstream, one to a special school; one long ago.
    place(actor, world.family_child, end_date=on - dt.timedelta(days=20), outcome="mainstream")
    place(actor, world.family_child, end_date=on - dt.timedelta(days=10), outcome="special",
          start_date=on - dt.timedelta(days=15))  # fmt: skip
    place(actor, world.family_child, start_date=on - dt.timedelta(days=900),
          end_date=on - dt.timedelta(days=400), outcome="mainstream")  # fmt: skip
    # Another authority's child in AP is never counted.
    place(world.users["other_caseworker"], world.theirs, hours_per_week="5")

    overview = selectors.ap_overview(world.user(Role.LEADER), on)
    assert overview.children == 3
    assert overview.part_time == 2  # 24.5 and 10 hours: under 25
    assert overview.overdue == 1  # yesterday's review date
    assert overview.ofsted == {"yes": 1, "no": 1, "not_known": 1}
    assert (overview.returned, overview.ended) == (1, 2)
    by_school = {r.label: (r.children, r.part_time, r.overdue) for r in overview.by_school}
    assert by_school == {"Ourshire Primary": (2, 1, 1), "Not recorded": (1, 1, 0)}
    by_reason = {r.key: r.children for r in overview.by_reason}
    assert by_reason == {"permanent_exclusion": 2, "health": 1}
    manager = world.user(Role.MANAGER)
    assert {p.child for p in selectors.ap_list(manager, on, flag="part_time")} == {
        world.ours_cared_for, world.linked}  # fmt: skip
    assert {p.child for p in selectors.ap_list(manager, on, flag="overdue")} == {
        world.ours_cared_for}  # fmt: skip
    assert [p.child for p in selectors.returned_list(manager, on)] == [world.family_child]


def test_adulthood_counts_by_destination_age_and_transition(world):
    la, on = world.la, today()
    actor = world.user(Role.CASEWORKER)
    fourteen = with_plan(la, years=14)
    seventeen = with_plan(la, years=17)
    twenty = with_plan(la, years=20)
    with_plan(la, years=13)  # too young to count
    with_plan(world.other_la, years=17)  # another authority's
    base = {"destination_on": on, "asc_referred_on": None, "asc_assessed_on": None,
            "asc_decision": "", "asc_decided_on": None, "health_plan_agreed_on": None}  # fmt: skip
    services.adulthood_save(actor=actor, child=seventeen, data={**base, "destination": "fe_college",
                            "health_plan_agreed_on": on})  # fmt: skip
    services.adulthood_save(actor=actor, child=twenty, data={**base, "destination": "neet",
                            "asc_referred_on": on, "asc_assessed_on": on,
                            "asc_decision": "not_eligible", "asc_decided_on": on})  # fmt: skip
    o = selectors.adulthood_overview(world.user(Role.LEADER), on)
    assert o.young_people == 3
    assert (o.education, o.neet, o.not_known) == (1, 1, 1)
    counts = {k: n for k, _, n in o.by_destination}
    assert counts["fe_college"] == 1
    assert counts["neet"] == 1
    assert counts["none"] == 1
    assert [(label, n) for label, n, _ in o.by_band] == [("14 to 15", 1), ("16 to 19", 1),
                                                         ("20 to 25", 1)]  # fmt: skip
    assert o.transitions == {"referred": 1, "assessed": 1, "eligible": 0, "not_eligible": 1,
                             "health": 1}  # fmt: skip
    manager = world.user(Role.MANAGER)
    assert list(selectors.adulthood_list(manager, on, group="not_known")) == [fourteen]
    assert list(selectors.adulthood_list(manager, on, transition="health")) == [seventeen]
