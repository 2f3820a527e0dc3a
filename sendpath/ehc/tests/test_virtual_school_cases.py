"""The Virtual School opens a cared-for child's case and follows its reviews: no link on those
pages leads it to a page it may not open."""

from __future__ import annotations

import re

from django.urls import reverse

from sendpath.ehc.tests.helpers import client_for, open_case, record
from sendpath.people.models import Role


def in_force(world):
    case = open_case(world, child=world.ours_cared_for, received_days_ago=300)
    record(world, case, "decision_to_assess", 290, outcome="yes")
    record(world, case, "assessment_outcome", 200, outcome="plan")
    record(world, case, "draft_plan_sent", 190)
    record(world, case, "final_plan_issued", 170)
    return case


def links(body: str) -> set[str]:
    return {
        href for href in re.findall(r'href="(/[^"#?]*)', body) if not href.startswith("/static/")
    }


def test_virtual_school_sees_the_review_and_every_link_opens(world):
    case = in_force(world)
    client = client_for(world, Role.VIRTUAL_SCHOOL)
    review = reverse("ehc:review", args=[case.pk])
    case_page = reverse("ehc:case", args=[case.pk])
    for url in (case_page, review):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert reverse("ehc:worklist") not in links(body)
        for href in links(body):
            if href.startswith("/sign-out"):
                continue
            assert client.get(href).status_code in (200, 302), (url, href)
    body = client.get(review).content.decode()
    # It follows the review; the SEND team and the school record its steps.
    assert "Schedule a review meeting" not in body
    assert "hold this plan&#39;s reviews" in body or "hold this plan's reviews" in body
    assert client.get(reverse("ehc:review_schedule", args=[case.pk])).status_code == 403


def test_the_send_team_keeps_its_worklist_back_link_and_review_buttons(world):
    case = in_force(world)
    client = client_for(world, Role.CASEWORKER)
    body = client.get(reverse("ehc:case", args=[case.pk])).content.decode()
    assert reverse("ehc:worklist") in links(body)
    body = client.get(reverse("ehc:review", args=[case.pk])).content.decode()
    assert "Schedule a review meeting" in body


def test_others_still_cannot_see_a_review(world):
    case = in_force(world)
    for role in (Role.LEADER, Role.FAMILY):
        response = client_for(world, role).get(reverse("ehc:review", args=[case.pk]))
        assert response.status_code in (403, 404), role
