"""The oversight pages: a leader sees counts only, a manager also the lists behind them (scoped
and audited), and another authority's records are never counted."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.disputes.models import Disagreement
from sendpath.ehc.cases import services
from sendpath.ehc.tests.helpers import client_for as signed_in
from sendpath.people.models import Role

from .oversight_support import D, oversight_disputes, oversight_history

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def records(world):
    with time_machine.travel(NOW, tick=False):
        ours = oversight_history(world, world.ours, world.user(Role.CASEWORKER))
        theirs = oversight_history(world, world.theirs, world.user("other_caseworker"))
        services.event_record(
            actor=world.user("other_caseworker"), case=theirs, type="review_meeting_held",
            date=D(2026, 3, 1), details={},
        )  # fmt: skip
        oversight_disputes(world, ours, world.la)
        oversight_disputes(world, theirs, world.other_la)
        Disagreement.objects.create(
            case=theirs, kind="appeal", decision="cease", status="open", stage="opened",
            opened_on=D(2024, 3, 1), registered_on=D(2024, 3, 2),
        )  # fmt: skip
    return ours, theirs


def client_for(world, role):
    with time_machine.travel(NOW, tick=False):
        return signed_in(world, role)


def _get(client, name, query=""):
    with time_machine.travel(NOW, tick=False):
        return client.get(reverse(name) + query)


def test_the_leader_sees_counts_only(world, records):
    leader = client_for(world, Role.LEADER)
    page = _get(leader, "insight:reviews")
    assert page.status_code == 200
    html = page.content.decode()
    # Reviews: 2024 1 of 1, 2025 0 of 1, 2026 0 of 1 (the other authority's 2026 meeting is
    # not counted, nor is any of its reviews).
    assert "Annual reviews held on time" in html
    assert "1 of 1" in html
    assert html.count("0 of 1") >= 2
    assert "2026 (to 6 December)" in html
    assert "Quokka" not in html
    assert "Ocelot" not in html
    assert reverse("insight:review_children") not in html
    assert "The children behind this figure" not in html
    # The demo-like code 901 is not in DfE's files: said plainly; England still shown.
    assert "No published comparison is found for the authority&#39;s code (901)" in html
    assert "44.4%" in html  # England 2024, decisions within 4 weeks
    assert "DfE publishes no comparable figure for phase transfers" in html

    page = _get(leader, "insight:disagreements")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Quokka" not in html
    assert "Ocelot" not in html
    assert 'href="' + reverse("disputes:complaints") + "?" not in html
    assert 'href="' + reverse("disputes:disagreements") + "?" not in html
    # Appeal rate 2024: 1 appeal of 2 decision letters (the other authority's appeals are not
    # counted); England 3.2% (22,276 of 689,739).
    assert "50.0%" in html
    assert "1 of 2" in html
    assert "3.2%" in html
    assert "22,276 of 689,739" in html
    assert "No published appeal rate is found for the authority&#39;s code (901)" in html
    # Complaint replies 2025: 1 on time of 2 due (one never sent).
    assert "Complaint replies sent on time" in html
    # Orders: 1 of 1 met on time in 2025; certificates 1 of 1 in 2024.
    assert "100.0%" in html
    assert _get(leader, "insight:review_children").status_code == 403


def test_the_counts_are_the_ones_worked_out_by_hand(world, records):
    from sendpath.insight.oversight import disagreements, selectors

    leader = world.user(Role.LEADER)
    with time_machine.travel(NOW, tick=False):
        found = disagreements.Records(
            complaints=selectors.complaints(leader),
            stages=selectors.complaint_stages(leader),
            disagreements=selectors.disagreements(leader),
            orders=selectors.orders(leader),
            notices=selectors.decision_notices(leader),
        )
        sections = disagreements.sections(
            found, today=NOW.date(), authority="Ours", la_code="901", links={}
        )
    figures = {f.key: f for s in sections for f in s.figures}
    assert figures["appeal-rate"].periods == ["2024", "2025", "2026 (to 6 December)"]
    rate = figures["appeal-rate"].series[0]
    assert (rate.counts, rate.denominators, rate.values) == (
        [1, 0, 0],
        [2, 0, 0],
        [50.0, None, None],
    )
    replies = figures["complaints-replies"].series[0]
    assert (replies.counts, replies.denominators) == ([0, 1, 0], [0, 2, 0])
    orders = figures["orders-on-time"].series[0]
    assert (orders.counts, orders.denominators) == ([0, 1, 0], [0, 1, 0])
    certificates = figures["mediation-on-time"].series[0]
    assert (certificates.counts, certificates.denominators) == ([1, 0, 0], [1, 0, 0])
    appeals = figures["appeals-registered"].series
    assert appeals[0].values == [1, 0, 0]  # a yearly total: shown though under 5
    content = next(s for s in appeals if s.name.startswith("The plan's content"))
    assert content.values == ["c", 0, 0]  # a named group under 5: suppressed
    themes = {s.name: s.values for s in figures["complaints-about"].series}
    assert themes["A school or college"] == [0, "c", 0]


def test_the_manager_opens_the_lists_behind_the_counts(world, records):
    ours, _theirs = records
    manager = client_for(world, Role.MANAGER)
    html = _get(manager, "insight:reviews").content.decode()
    assert "The children behind this figure" in html
    assert "Quokka" not in html
    html = _get(manager, "insight:disagreements").content.decode()
    assert reverse("disputes:complaints") + "?kind=complaint" in html
    assert reverse("disputes:disagreements") + "?kind=appeal" in html

    page = _get(manager, "insight:review_children", "?measure=reviews&year=2025")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Quokka" in html
    assert "Ocelot" not in html
    assert AuditEntry.objects.filter(child_id=ours.child_id, action=AuditAction.SEARCHED).exists()
    # 2024's review was on time: nobody is listed.
    html = _get(manager, "insight:review_children", "?measure=reviews&year=2024").content.decode()
    assert "Quokka" not in html
    assert "No plans in this list" in html
    # Decisions: 2025's was a day late.
    html = _get(manager, "insight:review_children", "?measure=decisions&year=2025").content.decode()
    assert "Quokka" in html


def test_a_bad_filter_is_refused_with_the_field_named(world, records):
    manager = client_for(world, Role.MANAGER)
    page = _get(manager, "insight:review_children", "?measure=nonsense&year=1800")
    assert page.status_code == 400
    html = page.content.decode()
    assert "govuk-error-summary" in html
    assert "#measure" in html or 'href="#id_measure"' in html


def test_empty_states(world):
    leader = client_for(world, Role.LEADER)
    assert "No reviews or phase transfers yet" in _get(leader, "insight:reviews").content.decode()
    html = _get(leader, "insight:disagreements").content.decode()
    assert "No complaints, mediation or appeals yet" in html


def test_roles_outside_insight_are_refused(world):
    for role in (Role.CASEWORKER, Role.SENCO, Role.FAMILY):
        client = client_for(world, role)
        assert _get(client, "insight:reviews").status_code == 403
        assert _get(client, "insight:disagreements").status_code == 403
