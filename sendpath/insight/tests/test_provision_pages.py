"""The provision part's pages: each role's reach, a leader's counts without names, a manager's
lists scoped and audited, and recording from the child's record (bad input, stale saves)."""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest
from django.urls import reverse

from sendpath.core.models import AuditEntry
from sendpath.insight.models import Placement
from sendpath.people.models import Child, Role

from .provision_support import client_of, date_fields, place, today, with_plan

pytestmark = pytest.mark.django_db

AP = reverse("insight:alternative_provision")
PFA = reverse("insight:adulthood")


def body(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def placements(world):
    actor = world.user(Role.CASEWORKER)
    place(actor, world.ours, school=world.school, hours_per_week="12")
    place(world.users["other_caseworker"], world.theirs)
    return world


@pytest.mark.parametrize("url", [AP, PFA])
def test_a_leader_sees_counts_and_no_names(placements, url):
    world = placements
    with_plan(world.la, years=17, first_name="Ignatius", last_name="Tapir")
    page = body(client_of(world.user(Role.LEADER)).get(url))
    assert "You see the counts only" in page
    for child in (world.ours, world.theirs):
        assert child.last_name not in page
    assert "Tapir" not in page
    assert reverse("people:child", args=[world.ours.pk]) not in page
    assert "?flag=" not in page
    assert "?group=" not in page
    if url == AP:
        assert 'data-count="children">1<' in page
        assert 'data-count="part_time">1 ' in page
    else:
        assert 'data-count="young_people">1<' in page


def test_a_manager_sees_their_authority_named_and_the_list_is_audited(placements):
    world = placements
    manager = world.user(Role.MANAGER)
    response = client_of(manager).get(AP + "?flag=part_time")
    page = body(response)
    assert response.status_code == 200
    assert world.ours.full_name in page
    assert world.theirs.full_name not in page  # another authority's child
    assert "Ourshire Primary" in page
    assert "Part time" in page
    entry = AuditEntry.objects.get(actor=manager, child_id=world.ours.pk)
    assert entry.action == "searched"
    assert not AuditEntry.objects.filter(actor=manager, child_id=world.theirs.pk).exists()


def test_a_bad_filter_says_which_and_keeps_the_rest(placements):
    response = client_of(placements.user(Role.MANAGER)).get(AP + "?reason=bored&flag=overdue")
    assert response.status_code == 400
    assert "Select the reason from the list" in body(response)


def test_the_adulthood_list_links_each_count_to_the_young_people(world):
    young = with_plan(world.la, years=18)
    manager = world.user(Role.MANAGER)
    page = body(client_of(manager).get(PFA))
    assert "?group=not_known" in page
    listed = body(client_of(manager).get(PFA + "?group=not_known"))
    assert young.full_name in listed
    assert AuditEntry.objects.filter(actor=manager, child_id=young.pk, action="searched").exists()


@pytest.mark.parametrize(
    "role", [Role.SENCO, Role.PROFESSIONAL, Role.FAMILY, Role.CASEWORKER, Role.VIRTUAL_SCHOOL]
)
def test_other_roles_cannot_open_the_oversight_pages(world, role):
    client = client_of(world.user(role))
    for url in (AP, PFA):
        assert client.get(url).status_code in (403, 404)


@pytest.mark.parametrize("role", [Role.SENCO, Role.PROFESSIONAL, Role.FAMILY, Role.LEADER])
def test_only_the_send_team_records(placements, role):
    world = placements
    placement = Placement.objects.get(child=world.ours)
    client = client_of(world.user(role))
    child = world.family_child if role == Role.FAMILY else world.ours
    if role == Role.PROFESSIONAL:
        child = world.linked
    for url in (
        reverse("insight:ap_placement_add", args=[child.pk]),
        reverse("insight:ap_placement_edit", args=[placement.pk]),
        reverse("insight:adulthood_edit", args=[child.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_another_authoritys_caseworker_gets_404(placements):
    world = placements
    client = client_of(world.users["other_caseworker"])
    placement = Placement.objects.get(child=world.ours)
    assert client.get(reverse("insight:ap_placement_edit", args=[placement.pk])).status_code == 404
    assert client.get(reverse("insight:ap_placement_add", args=[world.ours.pk])).status_code == 404
    assert AuditEntry.objects.filter(child_id=world.ours.pk, action="denied").exists()


def _post(**overrides):
    data = {
        "provider_organisation": "",
        "provider_service": "",
        "provider_name": "Riverside Learning Centre",
        "ofsted": "yes",
        "school": "",
        "hours_per_week": "15",
        "days": ["mon", "tue", "wed"],
        "reason": "suspension",
        "objectives": "Back to school",
        "reviewed_by": "SENCO",
        **date_fields("start_date", today()),
        **date_fields("next_review_on", today() + dt.timedelta(weeks=6)),
        **date_fields("end_date", None),
    }
    data.update(overrides)
    return data


def test_the_caseworker_records_from_the_childs_record(world):
    client = client_of(world.user(Role.CASEWORKER))
    record = body(client.get(reverse("people:child", args=[world.ours.pk])))
    add = reverse("insight:ap_placement_add", args=[world.ours.pk])
    assert add in record
    assert "No alternative provision placement has been recorded" in record
    form = body(client.get(add))
    assert f'value="{world.school.pk}" selected' in form  # the school of record, offered
    response = client.post(add, _post(hours_per_week="lots", school=str(world.school.pk)))
    page = body(response)
    assert response.status_code == 400
    assert 'href="#hours_per_week"' in page
    assert "Riverside Learning Centre" in page
    response = client.post(add, _post(school=str(world.school.pk)))
    assert response.status_code == 302
    placement = Placement.objects.get(child=world.ours)
    assert placement.school == world.school
    assert placement.days == ["mon", "tue", "wed"]
    assert Child.objects.get(pk=world.ours.pk).alternative_provision
    record = body(client.get(reverse("people:child", args=[world.ours.pk])))
    assert "Riverside Learning Centre" in record
    assert "Part time" in record


def test_a_stale_edit_is_refused_on_the_page(placements):
    world = placements
    placement = Placement.objects.get(child=world.ours)
    url = reverse("insight:ap_placement_edit", args=[placement.pk])
    mine, theirs = client_of(world.user(Role.CASEWORKER)), client_of(world.user(Role.MANAGER))
    opened = body(mine.get(url))
    token = opened.split('name="based_on" value="')[1].split('"')[0]
    assert theirs.post(url, {**_post(hours_per_week="20"), "based_on": body(theirs.get(url)).split(
        'name="based_on" value="')[1].split('"')[0]}).status_code == 302  # fmt: skip
    response = mine.post(url, {**_post(hours_per_week="5"), "based_on": token})
    assert response.status_code == 400
    assert "Someone else changed this record" in body(response)
    assert Placement.objects.get(pk=placement.pk).hours_per_week == 20


def test_the_adulthood_page_records_and_refuses_bad_dates(world):
    client = client_of(world.user(Role.CASEWORKER))
    url = reverse("insight:adulthood_edit", args=[world.ours.pk])
    assert client.get(url).status_code == 200
    bad = {"destination": "employment", **date_fields("destination_on", today()),
           **date_fields("asc_assessed_on", today())}  # fmt: skip
    response = client.post(url, bad)
    assert response.status_code == 400
    assert 'href="#asc_referred_on-day"' in body(response)
    good = {"destination": "employment", **date_fields("destination_on", today())}
    assert client.post(url, good).status_code == 302
    record = body(client.get(reverse("people:child", args=[world.ours.pk])))
    assert "Employment, recorded" in record
