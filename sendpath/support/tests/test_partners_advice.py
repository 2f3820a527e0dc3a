"""The Virtual School as a named advice source in an EHC needs assessment, for a cared-for child
only (joint working protocol): offered, recorded and validated by the timescales engine."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sendpath.ehc.advice import selectors as advice_selectors
from sendpath.ehc.advice import services as advice_services
from sendpath.ehc.models import Deadline
from sendpath.ehc.tests.test_advice import ask, client_for, days_ago, open_case
from sendpath.people.models import Role

pytestmark = pytest.mark.django_db

LABEL = "Virtual School: from the Virtual School Head"


def test_virtual_school_offered_only_for_a_cared_for_child(world):
    cared_for = open_case(world, world.ours_cared_for)
    not_cared_for = open_case(world, world.ours)
    assert "virtual_school" in {s.id for s in advice_selectors.sources_for(cared_for)}
    assert "virtual_school" not in {s.id for s in advice_selectors.sources_for(not_cared_for)}


def test_request_page_offers_it_for_a_cared_for_child_only(world):
    client = client_for(world, Role.CASEWORKER)
    cared_for = open_case(world, world.ours_cared_for)
    not_cared_for = open_case(world, world.ours)
    page = client.get(reverse("ehc:advice_request", args=[cared_for.pk])).content.decode()
    assert LABEL in page
    page = client.get(reverse("ehc:advice_request", args=[not_cared_for.pk])).content.decode()
    assert LABEL not in page


def test_request_from_the_virtual_school_has_its_own_deadline(world):
    case = open_case(world, world.ours_cared_for)
    event = ask(world, case, "virtual_school", author="Virtual School Head")
    assert event.details["source"] == "virtual_school"
    assert event.details["source_label"] == "Virtual School"
    assert Deadline.objects.filter(case=case, key=f"advice:{event.details['id']}").exists()


def test_request_from_the_virtual_school_refused_for_a_child_not_cared_for(world):
    case = open_case(world, world.ours)
    with pytest.raises(ValidationError) as refused:
        ask(world, case, "virtual_school")
    assert "cared for" in str(refused.value)


def test_posting_the_virtual_school_for_a_child_not_cared_for_is_a_400(world):
    client = client_for(world, Role.CASEWORKER)
    case = open_case(world, world.ours)
    response = client.post(
        reverse("ehc:advice_request", args=[case.pk]),
        {
            "source": "virtual_school",
            "author": "Head",
            "requested_on-day": days_ago(5).day,
            "requested_on-month": days_ago(5).month,
            "requested_on-year": days_ago(5).year,
        },
    )
    assert response.status_code == 400


def test_existing_advice_from_the_virtual_school_only_for_a_cared_for_child(world):
    case = open_case(world, world.ours)
    with pytest.raises(ValidationError):
        advice_services.existing_advice_agree(
            actor=world.user(Role.CASEWORKER),
            case=case,
            source="virtual_school",
            description="PEP",
            authority_agreed_on=days_ago(1),
            author_agreed_on=days_ago(1),
            family_agreed_on=days_ago(1),
        )
