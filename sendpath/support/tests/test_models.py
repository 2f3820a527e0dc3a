"""The SEN support records go with the child: a thread of cycles never blocks a deletion."""

from __future__ import annotations

import datetime as dt

import pytest

from sendpath.people.tests.factories import ChildFactory, OrganisationFactory
from sendpath.support.models import Cycle


@pytest.mark.django_db
def test_a_child_with_a_thread_of_cycles_can_be_deleted():
    school = OrganisationFactory()
    child = ChildFactory(responsible_authority=school)
    day = dt.date(2026, 1, 5)
    first = Cycle.objects.create(
        child=child, school=school, number=1, started_on=day, review_due=day
    )
    Cycle.objects.create(
        child=child, school=school, number=2, previous=first, started_on=day, review_due=day
    )
    child.delete()
    assert not Cycle.objects.exists()
