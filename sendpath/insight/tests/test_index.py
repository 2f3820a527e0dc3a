"""Insight's front page: leaders and managers only; each part listed for those who may see it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sendpath.people.models import Role
from sendpath.portal.tests.asking_support import body, client_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.LEADER, Role.MANAGER, Role.ADMINISTRATOR])
def test_leaders_and_managers_reach_it(world, role):
    response = client_of(world.user(role)).get(reverse("insight:index"))
    assert response.status_code == 200
    page = body(response)
    assert "One agreed set of figures" in page
    if role == Role.LEADER:
        assert "You see counts only" in page
    else:
        assert "open the list of the children behind it" in page


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.SENCO, Role.PROFESSIONAL, Role.VIRTUAL_SCHOOL]
)
def test_other_roles_are_refused(world, role):
    response = client_of(world.user(role)).get(reverse("insight:index"))
    assert response.status_code == 403
