"""A personal budget, documents, "something is wrong" (with the email to the caseworker), the
complaints page, and the family's views for a review: by a parent and by a young person, each
kept on the case and shown to the caseworker, refused for anyone else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sendpath.core.models import AuditAction, AuditEntry, NotifyMessage
from sendpath.ehc.models import CaseEvent, Document
from sendpath.people.models import Role

from .asking_support import (
    body,
    build_family,
    case_in_force,
    case_with_draft,
    client_of,
    pdf,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(world):
    return build_family(world)


def url(name: str, child) -> str:
    return reverse(f"portal:{name}", kwargs={"pk": child.pk})


# ---------------------------------------------------------------------------------------------
# A personal budget (CFA 2014 s.49)


@pytest.mark.parametrize("who", ["parent", "young_person"])
def test_a_personal_budget_is_asked_for_and_shown_to_the_caseworker(world, family, who):
    user, child = (
        (family.parent, family.child) if who == "parent" else (family.young_person, family.own)
    )
    case = case_in_force(world, child, meeting_in=None)
    client = client_of(user)
    page = body(client.get(url("personal_budget", child)))
    assert "section 49" in page
    response = client.post(url("personal_budget", child), {"what_for": "A speech therapist"})
    assert response.status_code == 302
    event = CaseEvent.objects.get(case=case, type="family_personal_budget_requested")
    assert event.details["what_for"] == "A speech therapist"
    timeline = body(client_of(world.user(Role.CASEWORKER)).get(case.get_absolute_url()))
    assert "Family asked for a personal budget" in timeline
    assert "A speech therapist" in timeline


def test_no_personal_budget_before_a_plan_is_being_written(world, family):
    client = client_of(family.parent)
    page = client.get(url("personal_budget", family.child))
    assert page.status_code == 200
    assert "once the council has decided to write" in body(page)
    assert client.post(url("personal_budget", family.child), {"what_for": "x"}).status_code == 409
    assert not CaseEvent.objects.filter(type="family_personal_budget_requested").exists()


def test_personal_budget_needs_what_it_is_for(world, family):
    case_with_draft(world, family.child)
    response = client_of(family.parent).post(url("personal_budget", family.child), {})
    assert response.status_code == 400
    assert 'href="#what_for"' in body(response)


# ---------------------------------------------------------------------------------------------
# Documents


@pytest.mark.parametrize("who", ["parent", "young_person"])
def test_documents_are_sent_listed_and_seen_by_the_caseworker(world, family, who):
    user, child = (
        (family.parent, family.child) if who == "parent" else (family.young_person, family.own)
    )
    case = case_with_draft(world, child)
    client = client_of(user)
    response = client.post(
        url("documents", child), {"title": "Letter from the doctor", "file": pdf("doctor.pdf")}
    )
    assert response.status_code == 302
    document = Document.objects.get(case=case)
    assert document.created_by == user
    assert document.event.type == "family_document"
    listed = body(client.get(url("documents", child)))
    assert "Letter from the doctor" in listed
    assert "doctor.pdf" in listed
    staff = body(
        client_of(world.user(Role.CASEWORKER)).get(reverse("ehc:documents", args=[case.pk]))
    )
    assert "Letter from the doctor" in staff
    assert user.display_name() in staff  # who uploaded it


def test_a_refused_file_keeps_the_title_and_writes_nothing(world, family):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = case_with_draft(world, family.child)
    response = client_of(family.parent).post(
        url("documents", family.child),
        {"title": "My notes", "file": SimpleUploadedFile("notes.exe", b"MZ", "application/x")},
    )
    assert response.status_code == 400
    text = body(response)
    assert 'href="#file"' in text
    assert "My notes" in text
    assert not Document.objects.filter(case=case).exists()
    assert not CaseEvent.objects.filter(case=case, type="family_document").exists()


def test_documents_wait_for_a_case(family):
    page = client_of(family.parent).get(url("documents", family.child))
    assert page.status_code == 200
    assert "while there is a request" in body(page)


# ---------------------------------------------------------------------------------------------
# Something is wrong, and complaints


@pytest.mark.parametrize("who", ["parent", "young_person"])
def test_a_concern_reaches_the_caseworker_by_email_and_on_the_timeline(world, family, who):
    user, child = (
        (family.parent, family.child) if who == "parent" else (family.young_person, family.own)
    )
    case = case_with_draft(world, child)
    caseworker = world.user(Role.CASEWORKER)
    caseworker.email = "caseworker@example.org"
    caseworker.save(update_fields=["email"])
    assert case.caseworker == caseworker
    response = client_of(user).post(url("concern", child), {"message": "Nobody has called back"})
    assert response.status_code == 302
    event = CaseEvent.objects.get(case=case, type="family_concern")
    message = NotifyMessage.objects.get(pk=event.details["notify_message_id"])
    assert message.to == "caseworker@example.org"
    assert "Nobody has called back" in message.body
    assert case.reference in message.subject
    timeline = body(client_of(caseworker).get(case.get_absolute_url()))
    assert "Family said something is wrong" in timeline
    assert "Nobody has called back" in timeline


def test_an_empty_concern_is_refused_and_nothing_is_sent(world, family):
    case_with_draft(world, family.child)
    response = client_of(family.parent).post(url("concern", family.child), {"message": ""})
    assert response.status_code == 400
    assert "Enter what is wrong" in body(response)
    assert not NotifyMessage.objects.exists()
    assert not CaseEvent.objects.filter(type="family_concern").exists()


def test_the_complaints_page_gives_advice_and_the_decision_rights(family, settings):
    settings.SENDIASS = "Ourshire SENDIASS | Telephone: 01234 567890"
    page = client_of(family.parent).get(url("complaints", family.child))
    assert page.status_code == 200
    text = body(page)
    assert "01234 567890" in text
    assert "free advice" in text
    assert "sections 53 and 54" in text  # mediation
    assert "2 months" in text  # to contact a mediation adviser (reg 33)
    assert "section 51" in text  # appeal to the tribunal
    assert AuditEntry.objects.filter(
        child_id=family.child.pk, action=AuditAction.VIEWED, actor=family.parent
    ).exists()


# ---------------------------------------------------------------------------------------------
# The family's views for a review


@pytest.mark.parametrize("who", ["parent", "young_person"])
def test_views_for_the_review_are_shown_on_the_staff_review_page(world, family, who):
    user, child = (
        (family.parent, family.child) if who == "parent" else (family.young_person, family.own)
    )
    case = case_in_force(world, child, meeting_in=10)
    client = client_of(user)
    page = body(client.get(url("review_contribution", child)))
    assert "The review meeting is on" in page
    response = client.post(
        url("review_contribution", child),
        {"views": "Happier at school this year", "file": pdf("picture.pdf")},
    )
    assert response.status_code == 302
    event = CaseEvent.objects.get(case=case, type="family_review_contribution")
    assert Document.objects.get(event=event).created_by == user
    review = body(client_of(world.user(Role.CASEWORKER)).get(reverse("ehc:review", args=[case.pk])))
    assert "Family's views for the review" in review
    assert "Happier at school this year" in review


def test_no_views_without_a_meeting_arranged(world, family):
    case_in_force(world, family.child, meeting_in=None)
    client = client_of(family.parent)
    assert "no review meeting arranged" in body(
        client.get(url("review_contribution", family.child))
    )
    refused = client.post(url("review_contribution", family.child), {"views": "Hello"})
    assert refused.status_code == 409
    assert not CaseEvent.objects.filter(type="family_review_contribution").exists()


# ---------------------------------------------------------------------------------------------
# Nobody else


@pytest.mark.parametrize(
    "name", ["personal_budget", "documents", "concern", "complaints", "review_contribution"]
)
def test_another_family_a_parent_shut_out_and_staff_get_a_missing_page(world, family, name):
    case_in_force(world, family.child, meeting_in=10)
    case_in_force(world, family.closed_to_parent, meeting_in=10)
    attempts = [
        (client_of(family.other_parent), family.child),
        (client_of(family.parent), family.closed_to_parent),
        (client_of(world.user(Role.SENCO)), family.child),
        (client_of(world.user("other_caseworker")), family.child),
        (client_of(world.user(Role.CASEWORKER)), family.child),
    ]
    for client, child in attempts:
        assert client.get(url(name, child)).status_code == 404
        if name != "complaints":
            posted = client.post(url(name, child), {"message": "x", "views": "x", "what_for": "x"})
            assert posted.status_code == 404
    assert not CaseEvent.objects.filter(type__startswith="family_").exists()
    assert AuditEntry.objects.filter(
        child_id=family.closed_to_parent.pk, action=AuditAction.DENIED, actor=family.parent
    ).exists()


def test_the_send_team_sees_what_the_family_sent_on_the_childs_record(world, family):
    case = case_with_draft(world, family.child, sent_days_ago=20)
    client_of(family.parent).post(
        url("draft_representations", family.child), {"comments": "Too little speech therapy"}
    )
    client_of(family.parent).post(url("personal_budget", family.child), {"what_for": "Taxis"})
    record = body(
        client_of(world.user(Role.CASEWORKER)).get(reverse("people:child", args=[family.child.pk]))
    )
    assert "Sent by the family" in record
    assert "Family's comments on the draft plan" in record
    assert "Too little speech therapy" in record
    assert "Late" in record
    assert "Family asked for a personal budget" in record
    assert case.reference in record
    # Not for the family themselves, nor for a caseworker of another authority.
    own = body(client_of(family.parent).get(reverse("people:child", args=[family.child.pk])))
    assert "Sent by the family" not in own
    other = client_of(world.user("other_caseworker")).get(
        reverse("people:child", args=[family.child.pk])
    )
    assert other.status_code == 404


def test_each_page_is_offered_only_when_there_is_something_to_do(world, family):
    from sendpath.portal.asking.contributions import PAGES, draft_status

    offered = {url_name: gate for _, url_name, gate, _, _ in PAGES}

    def offers(user, child) -> set[str]:
        return {name for name, gate in offered.items() if gate.test(user, child)}

    always = {"portal:concern", "portal:complaints"}
    assert offers(family.parent, family.child) == {"portal:ask_assessment", *always}
    assert offers(family.other_parent, family.child) == set()
    assert offers(world.user(Role.CASEWORKER), family.child) == set()
    case_with_draft(world, family.child, sent_days_ago=3)
    assert offers(family.parent, family.child) == {
        "portal:draft_plan",
        "portal:personal_budget",
        "portal:documents",
        *always,
    }
    assert draft_status(family.child, family.parent).startswith("Last day for comments: ")
    case_in_force(world, family.own, meeting_in=5)
    assert "portal:review_contribution" in offers(family.young_person, family.own)
    assert "portal:ask_assessment" not in offers(family.young_person, family.own)


def test_before_a_caseworker_is_assigned_a_concern_goes_to_the_send_team(world, family):
    world.la.email = "send.team@example.org"
    world.la.save(update_fields=["email"])
    client = client_of(family.parent)
    client.post(
        reverse("portal:ask_assessment", kwargs={"pk": family.child.pk}),
        {"why": "Reading", "help_now": "None", "school": "Ourshire Primary"},
    )
    page = body(client.get(url("concern", family.child)))
    assert "does not have a caseworker yet" in page
    assert client.post(url("concern", family.child), {"message": "Any news?"}).status_code == 302
    message = NotifyMessage.objects.get(to="send.team@example.org")
    assert message.body.startswith("Dear SEND team,")
    assert "Any news?" in message.body
