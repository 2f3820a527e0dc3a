"""Each role's navigation, item by item and in order (it comes from the apps' contributions)."""

from __future__ import annotations

import pytest

from sendpath.people.models import Role
from sendpath.people.tests.factories import UserFactory

EDITOR_PAGES = ["Home", "Worklist", "Panel", "Reviews", "SEN Register", "Joint working"]
RECORDS = ["Children and young people", "Organisations"]

EXPECTED = {
    Role.CASEWORKER: [
        *EDITOR_PAGES,
        "Belonging Register",
        "Disagreements",
        "Personal budgets",
        "Key contacts",
        "Complaints",
        *RECORDS,
    ],
    Role.MANAGER: [
        *EDITOR_PAGES,
        "Belonging Register",
        "Disagreements",
        "Personal budgets",
        "Key contacts",
        "Complaints",
        "Local Offer",
        "Import SEN2 return",
        *RECORDS,
        "Insight",
        "Staff accounts",
        "SEN support threshold",
    ],
    Role.ADMINISTRATOR: [
        *EDITOR_PAGES,
        "Belonging Register",
        "Disagreements",
        "Personal budgets",
        "Key contacts",
        "Complaints",
        "Local Offer",
        "Import SEN2 return",
        *RECORDS,
        "Insight",
        "Staff accounts",
        "SEN support threshold",
        "Locked accounts",
        "Letter contacts",
    ],
    Role.VIRTUAL_SCHOOL: [
        "Home",
        "Joint working",
        "SEN Register",
        "Belonging Register",
        "Key contacts",
        *RECORDS,
    ],
    Role.SENCO: ["Home", "SEN support", "Reviews", "SEN Register", "SEND data profile", *RECORDS],
    Role.PROFESSIONAL: ["Home", *RECORDS],
    Role.FAMILY: ["Home", "How we contact you"],
    # Leaders see counts only: the disagreements' and complaints' counts pages.
    Role.LEADER: [
        "Home",
        "Insight",
        "Disagreements (counts)",
        "Personal budgets",
        "Complaints (counts)",
    ],
}

HREFS = {
    "Home": "/",
    "Worklist": "ehc:worklist",
    "Panel": "ehc:panel",
    "Reviews": "ehc:reviews",
    "SEN Register": "registers:sen",
    "SEN support": "support:home",
    "SEND data profile": "support:profile",
    "Joint working": "jointworking:meetings",
    "Belonging Register": "registers:belonging",
    "Key contacts": "registers:contacts",
    "Local Offer": "localoffer:manage",
    "Import SEN2 return": "ehc:caseload_upload",
    "Children and young people": "people:child_list",
    "Organisations": "people:organisation_list",
    "Staff accounts": "people:staff_list",
    "Locked accounts": "signin:locked_accounts",
    "Letter contacts": "ehc:disagreement_contacts",
    "SEN support threshold": "support:settings",
    "How we contact you": "portal:preferences",
    "Complaints": "disputes:complaints",
    "Complaints (counts)": "disputes:complaint_counts",
    "Personal budgets": "budgets:list",
    "Disagreements": "disputes:disagreements",
    "Disagreements (counts)": "disputes:disagreement_counts",
    "Insight": "insight:index",
}


def _expected(texts: list[str]) -> list[tuple[str, str]]:
    from django.urls import reverse

    return [(t.removesuffix(" (counts)"), "/" if t == "Home" else reverse(HREFS[t])) for t in texts]


def _shown(user) -> list[tuple[str, str]]:
    return [(item.text, item.href) for item in user.navigation()]


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_its_pages_in_order(world, role):
    assert _shown(world.user(role)) == _expected(EXPECTED[role])


@pytest.mark.parametrize("role", [Role.LOCAL_OFFER, Role.PROVIDER])
def test_the_local_offer_roles_see_the_local_offer_only(world, role):
    user = UserFactory(role=role, organisation=world.la)
    assert _shown(user) == _expected(["Home", "Local Offer"])


def test_a_superuser_sees_every_page(world):
    user = UserFactory(role=Role.CASEWORKER, organisation=world.la, is_superuser=True)
    assert _shown(user) == _expected(
        [
            *EDITOR_PAGES[:3],
            "SEN support",
            "Reviews",
            "SEN Register",
            "SEND data profile",
            "Joint working",
            "Belonging Register",
            "Disagreements",
            "Disagreements (counts)",
            "Personal budgets",
            "Key contacts",
            "Complaints",
            "Local Offer",
            "Import SEN2 return",
            "Children and young people",
            "How we contact you",
            "Organisations",
            "Insight",
            "Staff accounts",
            "SEN support threshold",
            "Locked accounts",
            "Letter contacts",
        ]
    )
