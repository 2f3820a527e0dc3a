"""Asking for an EHC needs assessment from the family's pages: a parent for their child, a young
person for themselves; refusals; the request in the caseworker's intake, six weeks to decide."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.ehc.models import Case, Deadline, Document, RequestSource
from sendpath.people.models import Role
from sendpath.timescales.calendar import add_weeks

from .asking_support import body, build_family, client_of, pdf

pytestmark = pytest.mark.django_db

ANSWERS = {
    "why": "Reading is very hard and she is falling behind",
    "help_now": "A reading group twice a week",
    "school": "Ourshire Primary",
}


def ask_url(child) -> str:
    return reverse("portal:ask_assessment", kwargs={"pk": child.pk})


@pytest.fixture
def family(world):
    return build_family(world)


def test_a_parent_asks_and_it_arrives_in_the_intake_with_six_weeks_to_decide(world, family):
    client = client_of(family.parent)
    page = client.get(ask_url(family.child))
    assert page.status_code == 200
    text = body(page)
    assert "within 6 weeks" in text
    assert "regulation 5(1)" in text
    assert "20 weeks" in text
    assert "regulation 13(2)" in text
    response = client.post(ask_url(family.child), {**ANSWERS, "evidence": pdf()})
    assert response.status_code == 302
    today = timezone.localdate()
    case = Case.objects.get(child=family.child)
    assert case.request_source == RequestSource.PARENT
    assert case.received_on == today
    assert case.caseworker is None  # left for the SEND team to assign
    event = case.events.get(type="request_received")
    assert event.details["source"] == "parent"
    assert event.details["summary"] == ANSWERS["why"]
    assert event.details["requester"] == "Pamela Wombat (mother)"
    decision = Deadline.objects.get(case=case, key="decide_whether_to_assess")
    assert decision.due == add_weeks(today, 6)
    assert Document.objects.get(case=case).created_by == family.parent
    # Confirmation, with the date read from the stored deadline.
    sent_page = client.get(response["Location"])
    assert "&lt;strong" not in sent_page.content.decode()
    confirmation = body(sent_page)
    assert AuditEntry.objects.filter(
        child_id=family.child.pk, action=AuditAction.VIEWED, actor=family.parent
    ).exists()
    assert case.reference in confirmation
    assert f"{decision.due.day} {decision.due:%B %Y}" in confirmation
    # Audited: the request recorded by the parent.
    assert AuditEntry.objects.filter(
        child_id=family.child.pk, action=AuditAction.CREATED, actor=family.parent
    ).exists()
    # The SEND team's intake: the panel of requests awaiting a decision, and the team worklist.
    caseworker = client_of(world.user(Role.CASEWORKER))
    panel = body(caseworker.get(reverse("ehc:panel")))
    assert case.reference in panel
    assert "Not assigned" in panel
    worklist = body(client_of(world.user(Role.MANAGER)).get(reverse("ehc:worklist")))
    assert case.reference in worklist
    case_page = body(caseworker.get(case.get_absolute_url()))
    assert "Parent or carer" in case_page
    assert ANSWERS["why"] in case_page  # what the family wrote, on the timeline
    assert ANSWERS["help_now"] in case_page


def test_a_young_person_asks_for_themselves(world, family):
    client = client_of(family.young_person)
    page = body(client.get(ask_url(family.own)))
    assert "Ask for an assessment for yourself" in page
    response = client.post(ask_url(family.own), ANSWERS)
    assert response.status_code == 302
    case = Case.objects.get(child=family.own)
    assert case.request_source == RequestSource.YOUNG_PERSON
    assert case.events.get(type="request_received").details["requester"] == (
        "Yolanda Kestrel (the young person)"
    )
    assert Deadline.objects.get(case=case, key="decide_whether_to_assess").due == add_weeks(
        timezone.localdate(), 6
    )


def test_a_young_person_under_16_cannot_ask_for_themselves(family):
    client = client_of(family.too_young)
    page = client.get(ask_url(family.too_young_child))
    assert page.status_code == 200
    assert "from the end of Year 11" in body(page)
    assert "<form" not in body(page).split("<main", 1)[1]
    response = client.post(ask_url(family.too_young_child), ANSWERS)
    assert response.status_code == 409
    assert not Case.objects.filter(child=family.too_young_child).exists()


def test_refused_plainly_while_a_request_is_open(family):
    client = client_of(family.parent)
    assert client.post(ask_url(family.child), ANSWERS).status_code == 302
    again = client.post(ask_url(family.child), ANSWERS)
    assert again.status_code == 409
    assert "There is already a request" in body(again)
    assert Case.objects.filter(child=family.child).count() == 1


def test_missing_answers_are_named_and_what_was_typed_is_kept(family):
    client = client_of(family.parent)
    response = client.post(ask_url(family.child), {**ANSWERS, "why": "", "school": ""})
    assert response.status_code == 400
    text = body(response)
    assert 'href="#why"' in text
    assert 'href="#school"' in text
    assert "Enter why you are asking for an assessment" in text
    assert ANSWERS["help_now"] in text  # kept
    assert not Case.objects.filter(child=family.child).exists()


def test_an_infected_file_refuses_the_whole_request(family):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sendpath.core.uploads import EICAR

    infected = SimpleUploadedFile("virus.pdf", b"%PDF " + EICAR, content_type="application/pdf")
    response = client_of(family.parent).post(
        ask_url(family.child), {**ANSWERS, "evidence": infected}
    )
    assert response.status_code == 400
    assert 'href="#evidence"' in body(response)
    assert not Case.objects.filter(child=family.child).exists()


@pytest.mark.parametrize(
    "who",
    ["other_parent", "parent_closed", "senco", "other_caseworker", "caseworker"],
)
def test_no_one_else_reaches_the_page(world, family, who):
    if who == "other_parent":
        client, child = client_of(family.other_parent), family.child
    elif who == "parent_closed":
        client, child = client_of(family.parent), family.closed_to_parent
    elif who == "senco":
        client, child = client_of(world.user(Role.SENCO)), world.ours
    elif who == "other_caseworker":
        client, child = client_of(world.user("other_caseworker")), family.child
    else:
        client, child = client_of(world.user(Role.CASEWORKER)), family.child
    assert client.get(ask_url(child)).status_code == 404
    assert client.post(ask_url(child), ANSWERS).status_code == 404
    assert not Case.objects.filter(child=child).exists()
    assert AuditEntry.objects.filter(child_id=child.pk, action=AuditAction.DENIED).exists()


def test_the_confirmation_page_is_only_for_a_family_request(family):
    client = client_of(family.parent)
    sent = reverse("portal:ask_assessment_sent", kwargs={"pk": family.child.pk})
    assert client.get(sent)["Location"] == ask_url(family.child)
    assert isinstance(timezone.localdate(), dt.date)
    assert Client().get(sent).status_code in (302, 403)


def test_a_parent_does_not_ask_for_a_young_person_unless_they_act_for_them(world, family):
    from sendpath.people.models import FamilyMember
    from sendpath.people.tests.factories import ChildFactory

    from .asking_support import years_ago

    grown = ChildFactory(
        first_name="Gideon",
        last_name="Wombat",
        date_of_birth=years_ago(18),
        responsible_authority=world.la,
    )
    FamilyMember.objects.create(
        child=grown,
        full_name="Pamela Wombat",
        relationship="mother",
        parental_responsibility=True,
        user=family.parent,
    )
    client = client_of(family.parent)
    page = client.get(ask_url(grown))
    assert page.status_code == 200  # the young person kept their parents' access
    assert "Gideon is now a young person in law" in body(page)
    assert client.post(ask_url(grown), ANSWERS).status_code == 409
    assert not Case.objects.filter(child=grown).exists()
    # Recorded that he lacks capacity to decide: his parent acts for him.
    grown.lacks_capacity_recorded_on = timezone.localdate()
    grown.save(update_fields=["lacks_capacity_recorded_on"])
    assert client.post(ask_url(grown), ANSWERS).status_code == 302
    assert Case.objects.get(child=grown).request_source == RequestSource.PARENT


def test_a_form_sent_back_or_refused_is_audited_as_shown_not_sent(family):
    client = client_of(family.parent)
    client.post(ask_url(family.child), {**ANSWERS, "why": ""})
    shown = AuditEntry.objects.filter(
        child_id=family.child.pk, action=AuditAction.VIEWED, actor=family.parent
    )
    assert shown.filter(summary__contains="nothing sent (400").count() == 1
    client.post(ask_url(family.child), ANSWERS)
    client.post(ask_url(family.child), ANSWERS)  # a second request: refused
    assert shown.filter(summary__contains="nothing sent (409").count() == 1


def test_with_a_plan_in_force_the_family_is_pointed_to_the_caseworker(world, family):
    from .asking_support import case_in_force

    case_in_force(world, family.child, meeting_in=None)
    page = client_of(family.parent).get(ask_url(family.child))
    assert page.status_code == 200
    assert "already has an education, health and care (EHC) plan" in body(page)
    assert reverse("portal:concern", kwargs={"pk": family.child.pk}) in body(page)
