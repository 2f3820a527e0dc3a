"""The "Things you can do" registry: other parts of the portal add their links, each shown
only to whoever its gate allows, on the pages it names."""

from __future__ import annotations

import pytest
import rules
from django.test import Client
from django.urls import reverse

from sendpath.people.models import FamilyMember, Role
from sendpath.people.tests.factories import PASSWORD
from sendpath.portal.status import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered():
    before = list(actions._ACTIONS)
    actions.add_action(
        actions.Action(
            "Read the words we use",
            "portal:glossary",
            gate=rules.always_allow,
            hint="Plain English.",
            takes_child=False,
            places=("child", "plan"),
        ),
        actions.Action("Never shown", "portal:timeline", gate=rules.always_deny),
        actions.Action(
            "See the timeline again", "portal:timeline", gate="portal.follow_case", order=1
        ),
    )
    yield
    actions._ACTIONS[:] = before


def test_the_child_page_lists_the_actions_the_gates_allow(world, registered):
    FamilyMember.objects.filter(child=world.family_child).update(has_account_access=True)
    client = Client()
    assert client.login(username=world.user(Role.FAMILY).username, password=PASSWORD)
    body = client.get(reverse("portal:child", args=[world.family_child.pk])).content.decode()
    assert "Never shown" not in body
    assert body.index("See the timeline again") < body.index("Read the words we use")
    assert "Plain English." in body
    shown = actions.actions_for(world.family_child, world.user(Role.FAMILY), place="plan")
    assert [a.label for a in shown] == ["Read the words we use"]
    # Another family's child: the gate refuses.
    assert [a.label for a in actions.actions_for(world.ours, world.user(Role.FAMILY))] == [
        "Read the words we use"
    ]
