"""The plan in force on the family's pages: the latest issued version (page and PDF), the next
review date, the review decision; a carer with plan-only access sees only the plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from sendpath.core.formatting import govuk_date
from sendpath.core.models import AuditAction, AuditEntry
from sendpath.ehc.models import Case, Deadline
from sendpath.ehc.plans import issuing as plan_issuing
from sendpath.ehc.reviews import services as review_services
from sendpath.ehc.tests.test_final import name_placement, pdf_text
from sendpath.ehc.tests.test_plan import days_ago, draft_sent_case
from sendpath.people.models import FamilyMember, Role
from sendpath.people.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def parent(world):
    member = FamilyMember.objects.get(child=world.family_child, user=world.user(Role.FAMILY))
    member.has_account_access = True
    member.save()
    return world.user(Role.FAMILY)


@pytest.fixture
def in_force(world) -> Case:
    """The family's child's final plan, issued 2 days ago."""
    case = draft_sent_case(world, sent_ago=40, child=world.family_child)
    name_placement(world, case)
    plan_issuing.final_issue(actor=world.user(Role.CASEWORKER), case=case, issued_on=days_ago(2))
    case.refresh_from_db()
    return case


def test_the_family_reads_the_plan_as_issued_with_the_next_review_date(world, parent, in_force):
    url = reverse("portal:plan", args=[world.family_child.pk])
    page = signed_in(parent).get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Finds it hard to follow spoken instructions" in body
    assert "Ourshire Primary" in body  # section I, as issued
    review = Deadline.objects.get(case=in_force, key="annual_review")
    assert in_force.review_due == review.due
    assert f"Next review of the plan: by {govuk_date(review.due)}" in body
    assert govuk_date(days_ago(2)) in body  # the version's issue date
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEWED,
        child_id=world.family_child.pk,
        summary__contains="Read the plan in force",
    ).exists()


def test_the_plan_page_shows_the_issued_version_not_later_edits(world, parent, in_force):
    """An amendment in progress changes the live plan; the family reads what was issued."""
    from sendpath.ehc.models import PlanNeed

    PlanNeed.objects.filter(plan=in_force.plan).update(description="Edited after issue")
    body = signed_in(parent).get(reverse("portal:plan", args=[world.family_child.pk]))
    text = body.content.decode()
    assert "Edited after issue" not in text
    assert "Finds it hard to follow spoken instructions" in text


def test_a_plan_issued_before_versions_were_kept_is_read_from_the_plan(world, parent, in_force):
    """An older or imported plan has no kept version: with no amendment open, it is as issued."""
    from sendpath.ehc.models import PlanVersion

    PlanVersion.objects.filter(plan=in_force.plan).delete()
    body = signed_in(parent).get(reverse("portal:plan", args=[world.family_child.pk]))
    text = body.content.decode()
    assert "Finds it hard to follow spoken instructions" in text
    assert govuk_date(in_force.plan.issued_on) in text


def test_the_plan_pdf(world, parent, in_force):
    response = signed_in(parent).get(reverse("portal:plan_pdf", args=[world.family_child.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert b"Fenella Wombat" in text  # the document title
    assert b"StructTreeRoot" in text  # tagged (PDF/UA-1)
    assert b"(draft)" not in text


def test_the_timeline_print_page_and_pdf(world, parent, in_force):
    client = signed_in(parent)
    page = client.get(reverse("portal:timeline", args=[world.family_child.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Print this page" in body
    assert "We sent you the final plan" in body
    assert "We sent you the draft plan" in body
    response = client.get(reverse("portal:timeline_pdf", args=[world.family_child.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert b"Fenella Wombat" in pdf_text(response.content)
    assert AuditEntry.objects.filter(
        child_id=world.family_child.pk, summary__contains="timeline (PDF)"
    ).exists()


def test_the_review_decision_is_shown_when_made(world, parent, in_force):
    actor = world.user(Role.CASEWORKER)
    review_services.meeting_record(actor=actor, case=in_force, held_on=days_ago(1))
    review_services.decision_record(
        actor=actor,
        case=in_force,
        outcome="maintain",
        reasons="Internal reasons the family is not shown here",
        decided_on=days_ago(0),
    )
    client = signed_in(parent)
    plan_page = client.get(reverse("portal:plan", args=[world.family_child.pk])).content.decode()
    assert "Keep the plan as it is" in plan_page
    child_page = client.get(reverse("portal:child", args=[world.family_child.pk])).content
    assert "We decided after the review: keep the plan as it is" in child_page.decode()


def test_no_plan_yet_says_so(world, parent):
    page = signed_in(parent).get(reverse("portal:plan", args=[world.family_child.pk]))
    assert page.status_code == 200
    assert "There is no plan yet" in page.content.decode()


def test_a_carer_reads_the_cared_for_childs_plan_only(world):
    child = world.ours_cared_for
    case = draft_sent_case(world, sent_ago=40, child=child)
    name_placement(world, case)
    plan_issuing.final_issue(actor=world.user(Role.CASEWORKER), case=case, issued_on=days_ago(2))
    carer = UserFactory(username="carer", role=Role.FAMILY)
    FamilyMember.objects.create(
        child=child,
        full_name="Cora Carer",
        relationship="foster_carer",
        plan_read_access=True,
        user=carer,
        has_account_access=False,
    )
    client = signed_in(carer)
    page = client.get(reverse("portal:plan", args=[child.pk]))
    assert page.status_code == 200
    assert "Finds it hard to follow spoken instructions" in page.content.decode()
    assert client.get(reverse("portal:child", args=[child.pk])).status_code == 404
    assert client.get(reverse("portal:timeline", args=[child.pk])).status_code == 404


def test_the_draft_plan_is_not_the_plan_in_force(world, parent):
    case = draft_sent_case(world, sent_ago=5, child=world.family_child)
    assert case.plan.versions.count() == 0
    body = signed_in(parent).get(reverse("portal:plan", args=[world.family_child.pk]))
    assert "There is no plan yet" in body.content.decode()
    child_page = signed_in(parent).get(reverse("portal:child", args=[world.family_child.pk]))
    text = child_page.content.decode()
    close = Deadline.objects.get(case=case, key="draft_representations_close")
    assert "Tell us what you think of the draft plan" in text
    assert govuk_date(close.due) in text


def test_the_review_dates_the_family_sees_are_the_caseworkers(world, parent, in_force):
    """A plan in force with its review meeting arranged: each date is the stored deadline,
    and the caseworker's case page shows the same."""
    import re

    from django.utils import timezone

    from sendpath.ehc.presenters import live_status

    actor = world.user(Role.CASEWORKER)
    review_services.review_schedule(
        actor=actor, case=in_force, meeting_on=timezone.localdate() + dt.timedelta(days=20)
    )
    body = signed_in(parent).get(reverse("portal:child", args=[world.family_child.pk]))
    shown = dict(re.findall(r'data-key="([^"]+)">([^<]+)<', body.content.decode()))
    staff = signed_in(actor).get(in_force.get_absolute_url()).content.decode()
    assert {"annual_review", "review_invitations"} <= set(shown)
    for key, text in shown.items():
        stored = Deadline.objects.get(case=in_force, key=key)
        assert text == govuk_date(stored.due)
        assert live_status(stored) in ("open", "overdue")
        assert govuk_date(stored.due) in staff
