"""Issuing the final plan, and the print-ready plan in HTML and PDF."""

from __future__ import annotations

import re
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.ehc.models import Case, CaseEvent, Plan, PlanNeed, PlanStatus, Stage
from sendpath.ehc.plans import consultation as plan_consultation
from sendpath.ehc.plans import issuing as plan_issuing
from sendpath.ehc.plans import services as plan_services
from sendpath.people.models import Child, Role

from .test_plan import (
    date_fields,
    days_ago,
    draft_sent_case,
    drafting_case,
    error_summary,
    fill_plan,
    signed_in,
)


def name_placement(world, case: Case) -> None:
    actor = world.user(Role.CASEWORKER)
    plan_consultation.setting_consult(
        actor=actor, case=case, organisation=world.school, consulted_on=days_ago(30)
    )
    plan_consultation.setting_response_record(
        actor=actor,
        case=case,
        ident="ourshire_primary",
        responded_on=days_ago(20),
        can_meet=True,
    )
    plan_consultation.placement_name(
        actor=actor, case=case, named_on=days_ago(10), organisation=world.school
    )


@pytest.fixture
def case(world):
    """Draft sent 40 days ago (the family's 15 days are over), a placement named."""
    case = draft_sent_case(world, sent_ago=40)
    name_placement(world, case)
    return case


def pdf_text(pdf: bytes) -> bytes:
    """Every stream of a PDF, inflated where compressed (no PDF library needed)."""
    out = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(out)


# ---------------------------------------------------------------------------------------------
# Issuing the final plan


def test_issuing_the_final_plan(world, case):
    assert case.child.sen_provision == "K"
    event = plan_issuing.final_issue(
        actor=world.user(Role.CASEWORKER), case=case, issued_on=days_ago(2)
    )
    assert event.type == "final_plan_issued"
    assert event.date == days_ago(2)
    assert event.details["organisation"] == "Ourshire Primary"
    plan = Plan.objects.get(case=case)
    assert plan.status == PlanStatus.FINAL
    assert plan.issued_on == days_ago(2)
    case.refresh_from_db()
    assert case.stage == Stage.FINAL_ISSUED
    assert not case.deadlines.filter(key="issue_final_plan", pending=True).exists()
    child = Child.objects.get(pk=case.child_id)
    assert child.sen_provision == "E"
    entry = AuditEntry.objects.get(object_type="people.Child", action=AuditAction.UPDATED)
    assert entry.changes == {"sen_provision": ["K", "E"]}
    assert entry.child_id == child.pk


def test_the_plan_cannot_change_once_final(world, case):
    actor = world.user(Role.CASEWORKER)
    plan_issuing.final_issue(actor=actor, case=case, issued_on=days_ago(2))
    with pytest.raises(ValidationError):
        plan_services.need_save(
            actor=actor, plan=case.plan, area="Cognition and learning", description="New"
        )
    with pytest.raises(ValidationError):
        plan_issuing.final_issue(actor=actor, case=case, issued_on=days_ago(1))
    assert CaseEvent.objects.filter(case=case, type="final_plan_issued").count() == 1
    client = signed_in(world, Role.CASEWORKER)
    response = client.get(reverse("ehc:plan_need_add", args=[case.pk]))
    assert response.status_code == 302
    response = client.post(
        reverse("ehc:plan_need_add", args=[case.pk]),
        {"area": "Cognition and learning", "description": "New"},
    )
    assert response.status_code == 302
    assert PlanNeed.objects.filter(plan=case.plan).count() == 1
    page = client.get(reverse("ehc:plan", args=[case.pk])).content.decode()
    assert "Add a need" not in page
    assert "Issue the final plan" not in page


def test_a_placement_must_be_named_first(world):
    case = draft_sent_case(world, sent_ago=40)
    with pytest.raises(ValidationError) as error:
        plan_issuing.final_issue(
            actor=world.user(Role.CASEWORKER), case=case, issued_on=days_ago(1)
        )
    assert "Name the placement" in error.value.messages[0]
    assert not CaseEvent.objects.filter(case=case, type="final_plan_issued").exists()


def test_not_before_the_draft_and_warned_inside_the_15_days(world):
    case = draft_sent_case(world, sent_ago=5)
    actor = world.user(Role.CASEWORKER)
    plan_consultation.placement_name(
        actor=actor, case=case, named_on=days_ago(1), setting_type="mainstream_academy"
    )
    with pytest.raises(ValidationError) as error:
        plan_issuing.final_issue(actor=actor, case=case, issued_on=days_ago(6))
    assert "date" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        plan_issuing.final_issue(actor=actor, case=case, issued_on=days_ago(1))
    assert "early_confirmed" in error.value.error_dict
    assert not CaseEvent.objects.filter(case=case, type="final_plan_issued").exists()
    plan_issuing.final_issue(actor=actor, case=case, issued_on=days_ago(1), early_confirmed=True)
    assert Plan.objects.get(case=case).status == PlanStatus.FINAL


def test_the_final_plan_waits_for_the_draft(world):
    case = drafting_case(world)
    fill_plan(world, case)
    with pytest.raises(ValidationError):
        plan_issuing.final_issue(
            actor=world.user(Role.CASEWORKER), case=case, issued_on=days_ago(1)
        )
    client = signed_in(world, Role.CASEWORKER)
    assert client.get(reverse("ehc:plan_issue", args=[case.pk])).status_code == 302


def test_issue_through_the_page(world, case):
    client = signed_in(world, Role.CASEWORKER)
    page = client.get(reverse("ehc:plan_issue", args=[case.pk]))
    assert page.status_code == 200
    assert "Ourshire Primary" in page.content.decode()
    response = client.post(
        reverse("ehc:plan_issue", args=[case.pk]), date_fields("issued_on", days_ago(1))
    )
    assert response.status_code == 302
    assert CaseEvent.objects.filter(case=case, type="final_plan_issued").exists()
    assert Child.objects.get(pk=case.child_id).sen_provision == "E"
    body = client.get(reverse("ehc:plan", args=[case.pk])).content.decode()
    assert "Final plan issued" in body


def test_bad_input_on_the_issue_form_names_the_field_and_saves_nothing(world):
    case = draft_sent_case(world, sent_ago=5)
    client = signed_in(world, Role.CASEWORKER)
    url = reverse("ehc:plan_issue", args=[case.pk])

    page = client.get(url).content.decode()
    assert "No placement has been named yet" in page
    assert "15 days to comment on the draft end on" in page
    response = client.post(url, date_fields("issued_on", days_ago(1)))
    assert response.status_code == 400
    assert "Name the placement" in error_summary(response.content.decode())

    plan_consultation.placement_name(
        actor=world.user(Role.CASEWORKER),
        case=case,
        named_on=days_ago(1),
        setting_type="mainstream_academy",
    )
    response = client.post(url, date_fields("issued_on", days_ago(6)))
    assert response.status_code == 400
    summary = error_summary(response.content.decode())
    assert "The date the final plan was issued must be on or after" in summary
    assert 'href="#issued_on-day"' in summary

    response = client.post(url, date_fields("issued_on", days_ago(1)))
    assert response.status_code == 400
    summary = error_summary(response.content.decode())
    assert "15 days to comment end on" in summary
    assert 'href="#early_confirmed"' in summary

    response = client.post(url, {"issued_on-day": "4", "issued_on-month": "", "issued_on-year": ""})
    assert response.status_code == 400
    assert "must include a month and a year" in error_summary(response.content.decode())

    assert not CaseEvent.objects.filter(case=case, type="final_plan_issued").exists()
    assert Plan.objects.get(case=case).status == PlanStatus.DRAFT_SENT
    assert Child.objects.get(pk=case.child_id).sen_provision == "K"

    response = client.post(url, {**date_fields("issued_on", days_ago(1)), "early_confirmed": "on"})
    assert response.status_code == 302


# ---------------------------------------------------------------------------------------------
# The print-ready plan


SECTION_HEADINGS = [
    "Section A:",
    "Section B:",
    "Section C:",
    "Section D:",
    "Section E:",
    "Section F:",
    "Section G:",
    "Section H1:",
    "Section H2:",
    "Section I:",
    "Section J:",
    "Section K:",
]


def test_the_print_page_has_every_section_in_order(world, case):
    need = PlanNeed.objects.get(plan=case.plan)
    client = signed_in(world, Role.CASEWORKER)
    response = client.get(reverse("ehc:plan_print", args=[case.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    positions = [body.index(f">{h}") for h in SECTION_HEADINGS]
    assert positions == sorted(positions)
    assert '<html lang="en"' in body
    assert "Aurelia Quokka" in body
    assert "2 March 2015" in body  # date of birth
    assert case.reference in body
    assert "Draft" in body
    assert "This is a draft plan, not the final plan" in body
    assert f'id="need-{need.pk}"' in body
    assert "Need 1: Communication and interaction" in body  # outcomes and provision name it
    assert "3 sessions per week" in body
    # A draft names no placement (CoP 9.77).
    assert "A draft plan does not name a school" in body
    assert AuditEntry.objects.filter(
        child_id=case.child_id, action=AuditAction.VIEWED, summary__contains="(print)"
    ).exists()


def test_the_final_print_has_no_draft_mark_and_names_the_placement(world, case):
    plan_issuing.final_issue(actor=world.user(Role.CASEWORKER), case=case, issued_on=days_ago(1))
    client = signed_in(world, Role.CASEWORKER)
    body = client.get(reverse("ehc:plan_print", args=[case.pk])).content.decode()
    assert "This is a draft plan" not in body
    assert "Final plan" in body
    assert "Ourshire Primary" in body


def test_the_pdf_is_a_tagged_pdf_of_the_plan(world, case):
    client = signed_in(world, Role.CASEWORKER)
    response = client.get(reverse("ehc:plan_pdf", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert b"Aurelia Quokka" in text  # the document title and the bookmarks
    assert b"StructTreeRoot" in text  # tagged (PDF/UA-1)
    assert b"/Lang" in text
    assert b"(draft)" in text
    assert f"ehc-plan-{case.reference}-draft.pdf" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(
        child_id=case.child_id, action=AuditAction.VIEWED, summary__contains="(PDF)"
    ).exists()


@pytest.mark.parametrize(
    "role", ["other_caseworker", Role.FAMILY, Role.LEADER, Role.VIRTUAL_SCHOOL]
)
def test_roles_outside_the_case_cannot_print(world, case, role):
    client = signed_in(world, role)
    for name in ("ehc:plan_print", "ehc:plan_pdf", "ehc:plan_issue"):
        response = client.get(reverse(name, args=[case.pk]))
        assert response.status_code == 404, (role, name)
        assert b"Quokka" not in response.content
    response = client.post(
        reverse("ehc:plan_issue", args=[case.pk]), date_fields("issued_on", days_ago(1))
    )
    assert response.status_code == 404
    assert not CaseEvent.objects.filter(case=case, type="final_plan_issued").exists()


def test_a_senco_cannot_print_or_issue(world, case):
    client = signed_in(world, Role.SENCO)
    assert client.get(reverse("ehc:plan_print", args=[case.pk])).status_code == 403
    assert client.get(reverse("ehc:plan_pdf", args=[case.pk])).status_code == 403
    response = client.post(
        reverse("ehc:plan_issue", args=[case.pk]), date_fields("issued_on", days_ago(1))
    )
    assert response.status_code == 403
    assert not CaseEvent.objects.filter(case=case, type="final_plan_issued").exists()


def test_the_virtual_school_may_print_but_not_issue(world):
    case = draft_sent_case(world, sent_ago=40, child=world.ours_cared_for)
    client = signed_in(world, Role.VIRTUAL_SCHOOL)
    assert client.get(reverse("ehc:plan_print", args=[case.pk])).status_code == 200
    response = client.get(reverse("ehc:plan_pdf", args=[case.pk]))
    assert response.status_code == 200
    assert b"Casimir Marmot" in pdf_text(response.content)
    assert client.get(reverse("ehc:plan_issue", args=[case.pk])).status_code == 403


def test_has_a_plan_follows_the_plan_records_to_the_end(world, case, settings):
    """One truth (ADR 0013): E while the plan is in force, off E once its case is closed."""
    from django.utils import timezone

    from sendpath.ehc.cases import holders

    actor = world.user(Role.CASEWORKER)
    plan_issuing.final_issue(actor=actor, case=case, issued_on=days_ago(2))
    child = Child.objects.get(pk=case.child_id)
    assert (child.sen_provision, child.sen_provision_since) == ("E", days_ago(2))
    assert holders.has_plan(child)
    # Issuing again changes nothing more: the record already agrees.
    assert not holders.sync(actor=actor, child=child, why="checked")
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now())
    assert holders.sync(actor=actor, child=child, why="case closed")
    child.refresh_from_db()
    assert child.sen_provision == holders.AFTER_PLAN == "K"
    entry = AuditEntry.objects.filter(object_type="people.Child").latest("at")
    assert entry.changes == {"sen_provision": ["E", "K"]}
    assert "case closed" in entry.summary
    # The nightly mend looks only at the home authority's children.
    settings.HOME_LA_CODE = child.responsible_authority.la_code
    Child.objects.filter(pk=child.pk).update(sen_provision="E")
    assert holders.reconcile() == (1, 0)
    settings.HOME_LA_CODE = "000"
    Child.objects.filter(pk=child.pk).update(sen_provision="E")
    assert holders.reconcile() == (0, 0)
