"""The figures' pages: a leader sees counts only (no names, no links to children); a manager
opens the children behind a figure (scoped to the authority, audited); bad input is a 400 with
an error summary; an authority whose code is not in DfE's files is compared with England only."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from sendpath.core.models import AuditEntry
from sendpath.ehc.caseload.services import EventDraft, case_from_history
from sendpath.ehc.tests.helpers import client_for
from sendpath.people.models import Role
from sendpath.people.tests.factories import ChildFactory

D = dt.date


RECEIVED, ISSUED = D(2025, 1, 6), D(2025, 5, 26)


def issued_plan(world, la, *, first, last, received=RECEIVED, issued=ISSUED):
    child = ChildFactory(responsible_authority=la, first_name=first, last_name=last)
    return case_from_history(
        actor=world.user(Role.MANAGER),
        child=child,
        authority=la,
        source="parent",
        received_on=received,
        events=[
            EventDraft("request_received", received, {"source": "parent"}),
            EventDraft("decision_to_assess", D(2025, 2, 10), {"outcome": "yes"}),
            EventDraft("assessment_outcome", issued, {"outcome": "plan"}),
            EventDraft("final_plan_issued", issued, {}),
        ],
        why="test history",
    )


@pytest.fixture
def plans(world):
    ours = issued_plan(world, world.la, first="Octavia", last="Figwort")
    theirs = issued_plan(world, world.other_la, first="Barnaby", last="Elsewhere")
    return ours, theirs


URL = "/insight/figures/"


@pytest.mark.django_db
def test_a_leader_sees_counts_only(world, plans):
    response = client_for(world, Role.LEADER).get(URL, {"year": "2025"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Plans issued within 20 weeks, not counting exceptions" in body
    assert "1 of 1" in body  # the plan on time, of the plans timed
    assert "Figwort" not in body
    assert "Elsewhere" not in body
    assert "/insight/figures/children/" not in body
    assert "children behind this figure" not in body
    children = client_for(world, Role.LEADER).get(
        "/insight/figures/children/",
        {"year": "2025", "stem": "newplans", "column": "new_ehc_plans"},
    )
    assert children.status_code == 403


@pytest.mark.django_db
def test_a_manager_opens_the_children_behind_a_figure(world, plans):
    client = client_for(world, Role.MANAGER)
    body = client.get(URL, {"year": "2025"}).content.decode()
    links = re.findall(r'href="(/insight/figures/children/\?[^"]+)"', body)
    assert links
    link = next(href for href in links if "new_ehc_plans" in href).replace("&amp;", "&")
    response = client.get(link)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Figwort, Octavia" in page
    assert "Elsewhere" not in page  # another authority's child is never listed
    ours = plans[0]
    assert AuditEntry.objects.filter(
        child_id=ours.child_id, actor=world.user(Role.MANAGER), summary__contains="new_ehc_plans"
    ).exists()


@pytest.mark.django_db
def test_the_children_page_refuses_a_made_up_measure(world, plans):
    client = client_for(world, Role.MANAGER)
    response = client.get(
        "/insight/figures/children/", {"year": "2025", "stem": "newplans", "column": "x_pc"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Select a measure from the figures page" in body
    assert client.get("/insight/figures/children/").status_code == 200
    bad_year = client.get(URL, {"year": "1800"})
    assert bad_year.status_code == 400
    assert "Select a year from the list" in bad_year.content.decode()


@pytest.mark.django_db
def test_code_999_is_compared_with_england_only(world, plans):
    world.la.la_code = "999"
    world.la.save()
    body = client_for(world, Role.LEADER).get(URL, {"year": "2024"}).content.decode()
    assert "No published authority or regional row was found for LA code 999" in body
    assert "England" in body
    # England's published 2024 timeliness excluding exceptions (DfE: 46.4%).
    assert "46.4%" in body


@pytest.mark.django_db
def test_a_known_code_is_compared_with_its_region(world, plans):
    world.la.la_code = "202"  # Camden, in London
    world.la.save()
    body = client_for(world, Role.LEADER).get(URL, {"year": "2024"}).content.decode()
    assert "London" in body
    assert "as published by DfE" in body
    assert "No published authority or regional row" not in body


@pytest.mark.django_db
def test_the_chart_has_its_data_and_a_summary(world, plans):
    body = client_for(world, Role.MANAGER).get(URL, {"year": "2025"}).content.decode()
    assert 'data-figure="figure-data-timely_ex"' in body
    assert 'id="figure-data-timely_ex"' in body
    assert 'role="img"' in body
    assert reverse("insight:figures") == URL
