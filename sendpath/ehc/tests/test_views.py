"""The caseworker's pages: worklist, panel, request, decisions, corrections, access by role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.ehc.models import Case, CaseEvent, Stage
from sendpath.people.models import Role

from .helpers import client_for, date_fields, days_ago, open_case, record


def test_caseworker_home_is_the_worklist(world):
    open_case(world, received_days_ago=50)
    client = client_for(world, Role.CASEWORKER)
    response = client.get("/", follow=True)
    body = response.content.decode()
    assert "My worklist" in body
    assert world.ours.last_name in body
    assert "Decide whether to assess" in body
    assert "1 days overdue" not in body  # plural handled
    assert "days overdue" in body
    assert AuditEntry.objects.filter(action=AuditAction.SEARCHED, child_id=world.ours.pk).exists()


def test_manager_sees_the_team_and_filters(world):
    open_case(world, received_days_ago=50)
    open_case(world, child=world.linked, received_days_ago=3)
    client = client_for(world, Role.MANAGER)
    body = client.get(reverse("ehc:worklist")).content.decode()
    assert "Team worklist" in body
    assert world.ours.last_name in body
    assert world.linked.last_name in body
    body = client.get(reverse("ehc:worklist"), {"overdue": "on"}).content.decode()
    assert world.ours.last_name in body
    assert world.linked.last_name not in body


@pytest.mark.parametrize(
    "role", [Role.SENCO, Role.FAMILY, Role.LEADER, Role.PROFESSIONAL, Role.VIRTUAL_SCHOOL]
)
def test_roles_without_casework_cannot_open_worklist_or_panel(world, role):
    client = client_for(world, role)
    assert client.get(reverse("ehc:worklist")).status_code == 403
    assert client.get(reverse("ehc:panel")).status_code == 403


@pytest.mark.parametrize(
    "role", ["other_caseworker", "other_senco", Role.SENCO, Role.FAMILY, Role.LEADER]
)
def test_cases_out_of_reach_answer_404_or_403(world, role):
    case = open_case(world)
    client = client_for(world, role)
    for name, args in (
        ("ehc:case", [case.pk]),
        ("ehc:decision", [case.pk, "assess"]),
        ("ehc:exception", [case.pk]),
        ("ehc:assign", [case.pk]),
    ):
        response = client.get(reverse(name, args=args))
        assert response.status_code in (403, 404), (role, name)
        assert world.ours.first_name not in response.content.decode()
    response = client.post(
        reverse("ehc:decision", args=[case.pk, "assess"]),
        {"outcome": "yes", "reasons": "x", **date_fields("decided_on", days_ago(1))},
    )
    assert response.status_code in (403, 404)
    assert not CaseEvent.objects.filter(case=case, type="decision_to_assess").exists()


def test_a_case_out_of_reach_looks_missing_and_the_attempt_is_audited(world):
    import uuid

    case = open_case(world)
    client = client_for(world, "other_caseworker")
    refused = AuditEntry.objects.filter(
        action=AuditAction.DENIED, summary="Refused: case outside the user's access"
    )
    assert client.get(reverse("ehc:case", args=[case.pk])).status_code == 404
    assert refused.count() == 1
    assert client.get(reverse("ehc:case", args=[uuid.uuid4()])).status_code == 404
    assert refused.count() == 1  # a case that does not exist is not a refusal


def test_virtual_school_can_view_a_cared_for_childs_case_but_not_change_it(world):
    case = open_case(world, child=world.ours_cared_for)
    client = client_for(world, Role.VIRTUAL_SCHOOL)
    assert client.get(reverse("ehc:case", args=[case.pk])).status_code == 200
    assert client.get(reverse("ehc:decision", args=[case.pk, "assess"])).status_code == 403


def test_record_a_request_from_a_school_needs_the_familys_agreement(world):
    client = client_for(world, Role.CASEWORKER)
    url = reverse("ehc:request_create", args=[world.ours.pk])
    response = client.post(url, {"source": "school", **date_fields("received_on", days_ago(3))})
    assert response.status_code == 400
    assert "Select whether the family agrees" in response.content.decode()
    response = client.post(
        url, {"source": "school", "family_agrees": "no", **date_fields("received_on", days_ago(3))}
    )
    assert "only ask with the family" in response.content.decode()
    assert not Case.objects.exists()
    response = client.post(
        url,
        {
            "source": "school",
            "family_agrees": "yes",
            **date_fields("family_agreed_on", days_ago(4)),
            **date_fields("received_on", days_ago(3)),
            "summary": "Little progress after two terms",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.request_source == "school"
    assert case.events.get().details["family_agreed_on"] == days_ago(4).isoformat()


def test_young_person_request_needs_age_16(world):
    client = client_for(world, Role.CASEWORKER)
    response = client.post(
        reverse("ehc:request_create", args=[world.ours.pk]),
        {"source": "young_person", **date_fields("received_on", days_ago(3))},
    )
    assert response.status_code == 400
    assert "Only a young person can ask for an assessment themselves" in response.content.decode()


def test_duplicate_request_links_to_the_open_case(world):
    case = open_case(world)
    client = client_for(world, Role.CASEWORKER)
    page = client.get(reverse("ehc:request_create", args=[world.ours.pk])).content.decode()
    assert case.get_absolute_url() in page
    response = client.post(
        reverse("ehc:request_create", args=[world.ours.pk]),
        {"source": "parent", **date_fields("received_on", days_ago(1))},
    )
    assert response.status_code == 400
    assert "already has an open request" in response.content.decode()
    assert Case.objects.count() == 1


def test_request_with_evidence_upload(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world, Role.CASEWORKER)
    url = reverse("ehc:request_create", args=[world.ours.pk])
    bad = SimpleUploadedFile("evidence.pdf", b"not really a pdf", content_type="application/pdf")
    response = client.post(
        url, {"source": "parent", "evidence": bad, **date_fields("received_on", days_ago(2))}
    )
    assert response.status_code == 400
    assert "not a real PDF" in response.content.decode()
    assert not Case.objects.exists()
    good = SimpleUploadedFile("evidence.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    response = client.post(
        url, {"source": "parent", "evidence": good, **date_fields("received_on", days_ago(2))}
    )
    assert response.status_code == 302
    assert Case.objects.get().documents.get().original_name == "evidence.pdf"


def test_panel_decision_with_bad_date_then_good(world):
    case = open_case(world, received_days_ago=20)
    client = client_for(world, Role.CASEWORKER)
    panel = client.get(reverse("ehc:panel")).content.decode()
    assert world.ours.full_name in panel
    url = reverse("ehc:decision", args=[case.pk, "assess"])
    response = client.post(
        url,
        {
            "outcome": "yes",
            "reasons": "Evidence of needs",
            **date_fields("decided_on", days_ago(25)),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The date must be on or after" in body
    assert 'href="#decided_on-day"' in body
    assert 'value="Evidence of needs"' in body or "Evidence of needs" in body
    assert not case.events.filter(type="decision_to_assess").exists()
    response = client.post(
        url,
        {
            "outcome": "yes",
            "reasons": "Evidence of needs",
            "next": "/panel/",
            **date_fields("decided_on", days_ago(2)),
        },
    )
    assert response.status_code == 302
    assert response.url == "/panel/"
    case.refresh_from_db()
    assert case.stage == Stage.ASSESSING
    # Now it is on the second panel list.
    panel = client.get(reverse("ehc:panel")).content.decode()
    assert reverse("ehc:decision", args=[case.pk, "issue"]) in panel


def test_correction_keeps_the_original_on_the_timeline(world):
    case = open_case(world, received_days_ago=20)
    event = case.events.get()
    client = client_for(world, Role.CASEWORKER)
    url = reverse("ehc:event_correct", args=[case.pk, event.pk])
    response = client.post(url, {"reason": "", **date_fields("date", days_ago(18))})
    assert response.status_code == 400
    response = client.post(
        url, {"reason": "Date stamp was misread", **date_fields("date", days_ago(18))}
    )
    assert response.status_code == 302
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Corrected" in page
    assert "app-superseded" in page
    case.refresh_from_db()
    assert case.received_on == days_ago(18)  # derived from the corrected timeline
    assert case.deadlines.get(key="decide_whether_to_assess").due == days_ago(18) + dt.timedelta(
        weeks=6
    )


def test_exception_form_and_case_page_show_rule_and_source(world):
    case = open_case(world, received_days_ago=150)
    record(world, case, "decision_to_assess", 140, outcome="yes")
    client = client_for(world, Role.CASEWORKER)
    response = client.post(
        reverse("ehc:exception", args=[case.pk]),
        {"applies_to": "issue_final_plan", "reason": "school_closure"},
    )
    assert response.status_code == 400
    assert (
        "Enter the what happened" in response.content.decode()
        or "Enter" in response.content.decode()
    )
    response = client.post(
        reverse("ehc:exception", args=[case.pk]),
        {
            "applies_to": "issue_final_plan",
            "reason": "school_closure",
            "details": "Closed for refurbishment",
        },
    )
    assert response.status_code == 302
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Exception: school closure" in page
    assert "reg 13(2)" in page
    assert "reg 5(1)" in page


def test_manager_reassigns(world):
    case = open_case(world)
    client = client_for(world, Role.MANAGER)
    response = client.post(
        reverse("ehc:assign", args=[case.pk]), {"caseworker": str(world.user(Role.MANAGER).pk)}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.caseworker == world.user(Role.MANAGER)
    assert (
        client_for(world, Role.CASEWORKER).get(reverse("ehc:assign", args=[case.pk])).status_code
        == 403
    )


def test_rules_page_lists_every_rule_with_its_source(world):
    from sendpath.timescales import RULES

    body = client_for(world, Role.CASEWORKER).get(reverse("ehc:rules")).content.decode()
    for rule in RULES:
        assert rule.key.replace("<", "&lt;").replace(">", "&gt;") in body
        assert rule.source in body


def test_child_record_links_to_the_case(world):
    case = open_case(world)
    body = client_for(world, Role.CASEWORKER).get(world.ours.get_absolute_url()).content.decode()
    assert case.get_absolute_url() in body
    body = client_for(world, Role.CASEWORKER).get(world.linked.get_absolute_url()).content.decode()
    assert reverse("ehc:request_create", args=[world.linked.pk]) in body


def test_close_a_case_after_the_pathway_ends(world):
    case = open_case(world, received_days_ago=30)
    client = client_for(world, Role.CASEWORKER)
    url = reverse("ehc:close", args=[case.pk])
    response = client.post(url, {"reason": "Nothing to do"})
    assert response.status_code == 400
    assert "pathway decisions are outstanding" in response.content.decode()
    record(world, case, "decision_to_assess", 5, outcome="no", reasons="Needs met at SEN support")
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    response = client.post(url, {"reason": "Decision notice sent; no appeal"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.closed_at is not None
    body = client.get(reverse("ehc:worklist")).content.decode()
    assert case.get_absolute_url() not in body
    # A new request can now be recorded for the child.
    assert open_case(world, received_days_ago=1).pk != case.pk


def test_worklist_puts_cases_without_deadlines_last(world):
    done = open_case(world, child=world.linked, received_days_ago=30)
    record(world, done, "decision_to_assess", 5, outcome="no")
    pending = open_case(world, received_days_ago=2)
    from sendpath.ehc.requests import selectors

    user = world.user(Role.CASEWORKER)
    assert list(selectors.worklist(user=user, filters=selectors.WorklistFilters())) == [
        pending,
        done,
    ]
