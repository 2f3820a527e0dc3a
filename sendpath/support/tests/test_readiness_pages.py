"""The readiness check, the school's request from the record and the follow-up after a
decision not to assess, through their pages: each role's reach, audit rows, refusals."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.ehc.cases import services as case_services
from sendpath.ehc.models import Case, Document, RequestSource
from sendpath.people.models import ProfessionalLink, Role, SettingAttendance
from sendpath.people.tests.factories import PASSWORD
from sendpath.support.models import (
    AdviceSource,
    Cycle,
    CycleAdvice,
    EvidenceKind,
    EvidenceOfNeed,
    ProvisionEntry,
    PupilVoice,
    RegisterChange,
    SupportSettings,
    Target,
    TargetResult,
    Term,
    VoiceMethod,
    Wave,
    term_of,
)
from sendpath.support.readiness import selectors

pytestmark = pytest.mark.django_db


def signed_in(client: Client, world, role: str) -> Client:
    assert client.login(username=world.user(role).username, password=PASSWORD)
    return client


def body(response) -> str:
    return unescape(response.content.decode())


def build_record(world, child, *, cost_pence: int = 600_000, weeks_ago: int = 30) -> None:
    """A pupil on K with two reviewed cycles and a third under way, advice used, targets
    measured, views, evidence of need and this year's provision map."""
    today = timezone.localdate()
    first = today - dt.timedelta(weeks=weeks_ago)
    school = world.school
    RegisterChange.objects.create(
        child=child, school=school, status="K", effective_on=first, primary_need="SLCN"
    )
    previous = None
    for number, (start, reviewed) in enumerate(
        [
            (first, first + dt.timedelta(weeks=10)),
            (first + dt.timedelta(weeks=10), first + dt.timedelta(weeks=20)),
            (first + dt.timedelta(weeks=20), None),
        ],
        start=1,
    ):
        cycle = Cycle.objects.create(
            child=child,
            school=school,
            number=number,
            previous=previous,
            started_on=start,
            review_due=start + dt.timedelta(weeks=8),
            reviewed_on=reviewed,
            impact="Some progress in phonics" if reviewed else "",
        )
        Target.objects.create(
            cycle=cycle,
            outcome=f"Read 20 common words by the end of cycle {number}",
            result=TargetResult.PARTLY if reviewed else "",
            evidence="Word check: 12 of 20" if reviewed else "",
        )
        previous = cycle
    CycleAdvice.objects.create(
        cycle=Cycle.objects.get(child=child, number=2),
        source=AdviceSource.EDUCATIONAL_PSYCHOLOGY,
        adviser="Educational psychology service",
        received_on=first + dt.timedelta(weeks=9),
        summary="Precision teaching daily",
        targets_set_from_it=True,
    )
    EvidenceOfNeed.objects.create(
        child=child,
        kind=EvidenceKind.READING_AGE,
        recorded_on=first,
        summary="Reading age 5 years 2 months at 9 years old",
    )
    PupilVoice.objects.create(
        child=child,
        method=VoiceMethod.THREE_WISHES,
        gathered_on=first,
        gathered_by="Class teacher",
        content="I wish reading was easier",
    )
    year, term = term_of(today)
    ProvisionEntry.objects.create(
        child=child,
        school=school,
        school_year=year,
        term=term,
        description="One-to-one teaching assistant",
        wave=Wave.SPECIALIST,
        rate_pence=2_000,
        minutes_per_week=600,
        weeks=12,
        cost_pence=cost_pence,
    )
    # Last year's provision is not this year's.
    ProvisionEntry.objects.create(
        child=child,
        school=school,
        school_year=year - 1,
        term=Term.SUMMER,
        description="Small group phonics",
        wave=Wave.TARGETED,
        rate_pence=2_000,
        minutes_per_week=60,
        weeks=12,
        group_size=4,
        cost_pence=6_000,
    )


def url(name: str, child) -> str:
    return reverse(f"support:{name}", kwargs={"pk": child.pk})


# ---------------------------------------------------------------------------------------------
# The readiness check


def test_senco_sees_the_check_ready_with_its_evidence_and_the_read_is_audited(client, world):
    child = world.ours
    build_record(world, child)
    response = signed_in(client, world, Role.SENCO).get(url("readiness", child))
    assert response.status_code == 200
    text = body(response)
    assert "Ready:" in text
    assert "Educational psychologist, received" in text
    assert "totals £6,000, against the £6,000 threshold" in text
    assert "Reading age, recorded" in text
    assert "Request an EHC needs assessment" in text
    assert AuditEntry.objects.filter(
        child_id=child.pk, action=AuditAction.VIEWED, actor=world.user(Role.SENCO)
    ).exists()


def test_the_check_names_what_is_missing(client, world):
    child = world.ours
    build_record(world, child, cost_pence=599_999 - 0, weeks_ago=25)
    text = body(signed_in(client, world, Role.SENCO).get(url("readiness", child)))
    assert "Not ready yet:" in text
    assert "£0.01 short of it" in text
    assert "about two terms (26 weeks) are expected" in text


def test_the_authoritys_threshold_is_read(world):
    child = world.ours
    build_record(world, child, cost_pence=500_000)
    today = timezone.localdate()
    assert not selectors.readiness(child, today).ready
    SupportSettings.objects.create(authority=world.la, threshold_pence=500_000)
    assert selectors.threshold_for(child) == 500_000
    assert selectors.readiness(child, today).ready


def test_a_pupil_of_another_school_is_not_found_and_the_refusal_is_audited(client, world):
    response = signed_in(client, world, "other_senco").get(url("readiness", world.ours))
    assert response.status_code == 404
    assert AuditEntry.objects.filter(
        child_id=world.ours.pk, action=AuditAction.DENIED, actor=world.user("other_senco")
    ).exists()


def test_a_linked_professional_reads_the_plain_english_check_with_the_advice(client, world):
    child = world.linked
    build_record(world, child)
    response = signed_in(client, world, Role.PROFESSIONAL).get(url("readiness", child))
    assert response.status_code == 200
    text = body(response)
    assert "Is the child ready for an EHC needs assessment request?" in text
    assert "Talk to the school's SENCO" in text
    assert "Do not suggest that" in text
    assert "Request an EHC needs assessment" not in text
    assert "<form" not in text.split('id="main-content"')[-1]
    assert AuditEntry.objects.filter(
        child_id=child.pk, action=AuditAction.VIEWED, actor=world.user(Role.PROFESSIONAL)
    ).exists()
    # Read-only: the professional may not send a request.
    assert (
        signed_in(Client(), world, Role.PROFESSIONAL).get(url("request", child)).status_code == 403
    )


def test_a_professional_not_linked_or_no_longer_linked_gets_a_404(client, world):
    client = signed_in(client, world, Role.PROFESSIONAL)
    assert client.get(url("readiness", world.ours)).status_code == 404
    ProfessionalLink.objects.filter(child=world.linked).update(ended_on=timezone.localdate())
    assert client.get(url("readiness", world.linked)).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.CASEWORKER, 200),
        (Role.MANAGER, 200),
        (Role.ADMINISTRATOR, 200),
        ("other_caseworker", 404),
        (Role.VIRTUAL_SCHOOL, 404),  # not cared for: outside the Virtual School's reach
        (Role.FAMILY, 404),
        (Role.LEADER, 404),
    ],
)
def test_each_roles_reach_to_the_check(client, world, role, status):
    assert signed_in(client, world, role).get(url("readiness", world.ours)).status_code == status


def test_the_virtual_school_reads_a_cared_for_childs_check(client, world):
    response = signed_in(client, world, Role.VIRTUAL_SCHOOL).get(
        url("readiness", world.ours_cared_for)
    )
    assert response.status_code == 200


# ---------------------------------------------------------------------------------------------
# The school's request


def agreement(**changes) -> dict[str, str]:
    today = timezone.localdate()
    data = {
        "family_agrees": "on",
        "family_agreed_by": "Pat Quokka, mother",
        "family_agreed_on-day": str(today.day),
        "family_agreed_on-month": str(today.month),
        "family_agreed_on-year": str(today.year),
        "reason": "Two terms of support; progress remains very slow",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_request_page_shows_what_will_be_sent(client, world):
    child = world.ours
    build_record(world, child)
    response = signed_in(client, world, Role.SENCO).get(url("request", child))
    assert response.status_code == 200
    text = body(response)
    assert "The parent or carer agrees to this request" in text
    for shown in (
        "Cycle 1: started",
        "Cycle 3: started",
        "Read 20 common words by the end of cycle 2",
        "Word check: 12 of 20",
        "Educational psychologist (",
        "£6,000",
        "£60",  # last year's small group
        "I wish reading was easier",
        "Reading age 5 years 2 months",
    ):
        assert shown in text, shown


def test_the_familys_agreement_is_required(client, world):
    child = world.ours
    build_record(world, child)
    response = signed_in(client, world, Role.SENCO).post(
        url("request", child), agreement(family_agrees=None)
    )
    assert response.status_code == 400
    text = body(response)
    assert re.search(r'govuk-error-summary.*?<a href="#family_agrees"', text, re.DOTALL)
    assert "Confirm that the parent or carer agrees to this request" in text
    # What was typed is kept.
    assert "Pat Quokka, mother" in text
    assert not Case.objects.filter(child=child).exists()


def test_who_agreed_and_when_are_required(client, world):
    response = signed_in(client, world, Role.SENCO).post(
        url("request", world.ours),
        agreement(**{"family_agreed_by": "", "family_agreed_on-day": ""}),
    )
    assert response.status_code == 400
    text = body(response)
    assert 'href="#family_agreed_by"' in text
    assert "family_agreed_on" in text


def test_the_request_arrives_in_the_caseworkers_intake_complete(client, world):
    child = world.ours
    build_record(world, child)
    senco = signed_in(client, world, Role.SENCO)
    response = senco.post(url("request", child), agreement())
    assert response.status_code == 302
    case = Case.objects.get(child=child)
    assert case.request_source == RequestSource.SCHOOL
    assert case.caseworker is None  # the SEND team assigns it
    assert case.received_on == timezone.localdate()
    details = case.events.get(type="request_received").details
    assert details["source"] == "school"
    assert details["requester"] == world.school.name
    assert details["family_agreed_by"] == "Pat Quokka, mother"
    record = details["from_school_record"]
    assert record["readiness"]["ready"] is True
    assert [c["number"] for c in record["cycles"]] == [1, 2, 3]
    assert record["cycles"][1]["advice"][0]["targets_set_from_it"] is True
    assert record["provision"]["threshold_pence"] == 600_000
    assert sum(t["pence"] for t in record["provision"]["terms"]) == 606_000
    assert record["voice"][0]["content"] == "I wish reading was easier"
    assert record["evidence_of_need"][0]["kind"] == "Reading age"
    # The same record as a PDF on the case.
    document = Document.objects.get(case=case)
    assert document.content_type == "application/pdf"
    assert document.file.read().startswith(b"%PDF")
    # Audited: the case opened by the SENCO.
    assert AuditEntry.objects.filter(
        child_id=child.pk, action=AuditAction.CREATED, actor=world.user(Role.SENCO)
    ).exists()
    # The caseworker's intake: the panel's requests awaiting a decision, and the team worklist.
    panel = body(signed_in(Client(), world, Role.CASEWORKER).get(reverse("ehc:panel")))
    assert case.reference in panel
    assert child.full_name in panel
    worklist = body(
        signed_in(Client(), world, Role.MANAGER).get(reverse("ehc:worklist"), {"caseworker": ""})
    )
    assert case.reference in worklist
    # The case page shows where it came from.
    page = body(signed_in(Client(), world, Role.CASEWORKER).get(case.get_absolute_url()))
    assert "School" in page


def test_a_request_is_refused_while_a_case_is_open(client, world):
    child = world.ours
    build_record(world, child)
    case_services.case_open(
        actor=world.user(Role.CASEWORKER),
        child=child,
        source="parent",
        received_on=timezone.localdate(),
    )
    senco = signed_in(client, world, Role.SENCO)
    page = senco.get(url("request", child))
    assert page.status_code == 200
    text = body(page)
    assert "already has an open request" in text
    assert "/cases/" not in text  # nothing the school cannot see is linked
    assert "Send the request" not in text
    response = senco.post(url("request", child), agreement())
    assert response.status_code == 409
    assert Case.objects.filter(child=child).count() == 1


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.CASEWORKER, 403),
        (Role.MANAGER, 403),
        (Role.VIRTUAL_SCHOOL, 404),  # not cared for: outside the Virtual School's reach
        (Role.FAMILY, 404),
        ("other_senco", 404),
    ],
)
def test_only_the_pupils_school_may_request(client, world, role, status):
    response = signed_in(client, world, role).post(url("request", world.ours), agreement())
    assert response.status_code == status
    assert not Case.objects.filter(child=world.ours).exists()


# ---------------------------------------------------------------------------------------------
# After a decision not to assess


def decided_no(world, child) -> Case:
    today = timezone.localdate()
    caseworker = world.user(Role.CASEWORKER)
    case = case_services.case_open(
        actor=caseworker,
        child=child,
        source="school",
        received_on=today - dt.timedelta(weeks=5),
    )
    case_services.event_record(
        actor=caseworker,
        case=case,
        type="decision_to_assess",
        date=today - dt.timedelta(days=3),
        details={"outcome": "no", "reasons": "Needs can be met through SEN support"},
    )
    return case


def test_after_no_to_assess_the_school_asks_for_and_records_the_follow_up(client, world):
    child = world.ours
    case = decided_no(world, child)
    senco = signed_in(client, world, Role.SENCO)
    check = body(senco.get(url("readiness", child)))
    assert "After the decision not to assess" in check
    page = senco.get(url("follow_up", child))
    assert page.status_code == 200
    assert "No follow-up meeting has been asked for" in body(page)

    asked = senco.post(
        url("follow_up", child), {"action": "request", "to_discuss": "Next steps for reading"}
    )
    assert asked.status_code == 302
    today = timezone.localdate()
    missing = senco.post(
        url("follow_up", child), {"action": "record", "attended": "", "agreed": ""}
    )
    assert missing.status_code == 400
    assert 'href="#attended"' in body(missing)
    recorded = senco.post(
        url("follow_up", child),
        {
            "action": "record",
            "held_on-day": str(today.day),
            "held_on-month": str(today.month),
            "held_on-year": str(today.year),
            "attended": "Parent, SENCO, SEND caseworker",
            "agreed": "A third cycle with daily precision teaching; review in 8 weeks",
        },
    )
    assert recorded.status_code == 302
    notes = case.events.filter(type="note").order_by("recorded_at")
    assert [n.details["kind"] for n in notes] == [
        "no_to_assess_follow_up_requested",
        "no_to_assess_follow_up",
    ]
    assert notes[1].details["attended"] == "Parent, SENCO, SEND caseworker"
    assert notes[1].recorded_by == world.user(Role.SENCO)
    assert "Parent, SENCO, SEND caseworker" in body(senco.get(url("follow_up", child)))
    assert (
        AuditEntry.objects.filter(
            child_id=child.pk, action=AuditAction.CREATED, actor=world.user(Role.SENCO)
        ).count()
        == 2
    )


def test_no_follow_up_without_a_decision_not_to_assess(client, world):
    response = signed_in(client, world, Role.SENCO).get(url("follow_up", world.ours))
    assert response.status_code == 302
    assert response["Location"] == url("readiness", world.ours)


def test_the_follow_up_is_the_schools_only(client, world):
    decided_no(world, world.ours)
    assert (
        signed_in(client, world, Role.CASEWORKER).get(url("follow_up", world.ours)).status_code
        == 403
    )
    assert (
        signed_in(Client(), world, "other_senco").get(url("follow_up", world.ours)).status_code
        == 404
    )


def test_a_pupil_who_left_the_school_is_out_of_reach(client, world):
    SettingAttendance.objects.filter(child=world.ours).update(
        end_date=timezone.localdate() - dt.timedelta(days=1)
    )
    assert signed_in(client, world, Role.SENCO).get(url("readiness", world.ours)).status_code == 404


def test_the_childs_record_links_to_the_check(client, world):
    # The school reaches it from the pupil's SEN support page, which the record links to.
    page = body(signed_in(client, world, Role.SENCO).get(world.ours.get_absolute_url()))
    assert url("pupil", world.ours) in page
    pupil = body(signed_in(Client(), world, Role.SENCO).get(url("pupil", world.ours)))
    assert url("readiness", world.ours) in pupil
    # The SEND team, from the panel on the record; a linked professional, from theirs.
    page = body(signed_in(Client(), world, Role.CASEWORKER).get(world.ours.get_absolute_url()))
    assert page.count(url("readiness", world.ours)) == 1
    page = body(signed_in(Client(), world, Role.PROFESSIONAL).get(world.linked.get_absolute_url()))
    assert page.count(url("readiness", world.linked)) == 1


def test_the_caseworker_sees_the_follow_up_on_the_case(client, world):
    case = decided_no(world, world.ours)
    today = timezone.localdate()
    signed_in(client, world, Role.SENCO).post(
        url("follow_up", world.ours),
        {
            "action": "record",
            "held_on-day": str(today.day),
            "held_on-month": str(today.month),
            "held_on-year": str(today.year),
            "attended": "Parent and SENCO",
            "agreed": "Another cycle",
        },
    )
    page = body(signed_in(Client(), world, Role.CASEWORKER).get(case.get_absolute_url()))
    assert "Follow-up meeting after the decision not to assess. Attended: Parent and SENCO" in page


def test_a_parent_may_not_open_the_schools_check_of_their_own_child(client, world):
    family = signed_in(client, world, Role.FAMILY)
    assert family.get(url("readiness", world.family_child)).status_code == 403
    assert family.post(url("request", world.family_child), agreement()).status_code == 403
    assert AuditEntry.objects.filter(
        child_id=world.family_child.pk, action=AuditAction.DENIED, actor=world.user(Role.FAMILY)
    ).exists()


def test_the_virtual_school_reads_but_may_not_request(client, world):
    vs = signed_in(client, world, Role.VIRTUAL_SCHOOL)
    assert vs.post(url("request", world.ours_cared_for), agreement()).status_code == 403
    assert not Case.objects.filter(child=world.ours_cared_for).exists()
