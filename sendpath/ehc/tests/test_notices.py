"""Decision notices: which apply, the letter, the family's dates, and recording the sending."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.ehc.cases import services
from sendpath.ehc.models import Deadline
from sendpath.ehc.notices import selectors as notice_selectors
from sendpath.ehc.notices import services as notice_services
from sendpath.people.models import FamilyMember, Role
from sendpath.people.tests.factories import PASSWORD, ChildFactory
from sendpath.timescales.calendar import add_months

TODAY = timezone.localdate()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def record(world, case, type, days, **details):
    services.event_record(
        actor=world.user(Role.CASEWORKER),
        case=case,
        type=type,
        date=days_ago(days),
        details=details,
    )
    case.refresh_from_db()


def open_case(world, child=None, *, received=150):
    case = services.case_open(
        actor=world.user(Role.CASEWORKER),
        child=child or world.family_child,
        source="parent",
        received_on=days_ago(received),
    )
    return case


def not_assessed(world, child=None):
    case = open_case(world, child)
    record(
        world,
        case,
        "decision_to_assess",
        140,
        outcome="no",
        reasons="The school can meet the needs from its own resources.\nSee the panel minutes.",
    )
    return case


def no_plan(world):
    case = open_case(world)
    record(world, case, "decision_to_assess", 140, outcome="yes", reasons="Needs unclear")
    record(world, case, "assessment_outcome", 40, outcome="no_plan", reasons="Needs can be met")
    return case


def final_plan(world):
    case = open_case(world)
    record(world, case, "decision_to_assess", 140, outcome="yes", reasons="Needs unclear")
    record(world, case, "assessment_outcome", 60, outcome="plan", reasons="Plan needed")
    record(world, case, "draft_plan_sent", 50)
    record(world, case, "final_plan_issued", 20)
    return case


def client_for(world, role):
    client = Client()
    assert client.login(username=world.user(role).username, password=PASSWORD)
    return client


@pytest.fixture
def caseworker(world):
    return client_for(world, Role.CASEWORKER)


@pytest.fixture
def parent(world):
    FamilyMember.objects.filter(child=world.family_child).update(
        main_contact=True, address="1 High Street\nOurtown"
    )
    FamilyMember.objects.create(
        child=world.family_child,
        full_name="Gerald Wombat",
        relationship="father",
        parental_responsibility=False,
    )
    return FamilyMember.objects.get(full_name="Pamela Wombat")


def sent_data(when):
    return {
        "sent_on-day": str(when.day),
        "sent_on-month": str(when.month),
        "sent_on-year": str(when.year),
    }


# ---------------------------------------------------------------------------------------------
# Which notices apply


def test_no_notice_while_assessing(world):
    case = open_case(world)
    assert notice_selectors.notices_for(case) == []
    record(world, case, "decision_to_assess", 140, outcome="yes")
    assert notice_selectors.notices_for(case) == []


@pytest.mark.parametrize(
    ("build", "kind", "decided"),
    [
        (not_assessed, "not_to_assess", 140),
        (no_plan, "not_to_issue", 40),
        (final_plan, "final_plan_issued", 20),
    ],
)
def test_each_decision_gives_its_notice_with_preview_dates(world, build, kind, decided):
    case = build(world)
    [notice] = notice_selectors.notices_for(case)
    assert notice.kind.key == kind
    assert notice.decision.date == days_ago(decided)
    assert notice.sent is None
    assert notice.preview_on == TODAY
    assert notice.contact_mediation_by == add_months(TODAY, 2)
    assert notice.appeal_by == add_months(TODAY, 2)
    # A preview records nothing.
    assert not Deadline.objects.filter(case=case, family_limit=True).exists()


def test_a_corrected_decision_no_longer_gives_a_notice(world):
    case = not_assessed(world)
    decision = case.events.get(type="decision_to_assess")
    services.event_record(
        actor=world.user(Role.CASEWORKER),
        case=case,
        type="decision_to_assess",
        date=decision.date,
        details={"outcome": "yes"},
        supersedes=decision,
    )
    assert notice_selectors.notices_for(case) == []


def test_recording_the_notice_sent_fixes_the_dates_from_the_deadlines(world):
    case = not_assessed(world)
    event = notice_services.notice_sent_record(
        actor=world.user(Role.CASEWORKER), case=case, kind="not_to_assess", sent_on=days_ago(100)
    )
    assert event.type == "decision_notice_sent"
    assert event.details == {
        "notice": "not_to_assess",
        "kind_label": "Notice of the decision not to assess",
    }
    rows = {d.key: d for d in Deadline.objects.filter(case=case, family_limit=True)}
    assert rows["contact_mediation_adviser"].due == add_months(days_ago(100), 2)
    assert rows["appeal_deadline"].due == add_months(days_ago(100), 2)
    [notice] = notice_selectors.notices_for(case)
    assert notice.sent == event
    assert notice.preview_on is None
    assert notice.letter_date == days_ago(100)
    assert notice.contact_mediation_by == rows["contact_mediation_adviser"].due
    assert notice.appeal_by == rows["appeal_deadline"].due


def test_a_mediation_certificate_moves_the_appeal_date_on_the_letter(world):
    case = not_assessed(world)
    notice_services.notice_sent_record(
        actor=world.user(Role.CASEWORKER), case=case, kind="not_to_assess", sent_on=days_ago(100)
    )
    record(world, case, "mediation_adviser_contacted", 50, wants_mediation=False)
    record(world, case, "mediation_certificate_issued", 48)
    [notice] = notice_selectors.notices_for(case)
    assert notice.appeal_by == add_months(days_ago(48), 1)


@pytest.mark.parametrize(
    ("sent_on", "field", "message"),
    [
        (TODAY + dt.timedelta(days=1), "sent_on", "today or in the past"),
        (days_ago(141), "sent_on", "the date of the decision"),
    ],
)
def test_bad_sending_dates_are_refused(world, sent_on, field, message):
    case = not_assessed(world)
    with pytest.raises(ValidationError) as error:
        notice_services.notice_sent_record(
            actor=world.user(Role.CASEWORKER), case=case, kind="not_to_assess", sent_on=sent_on
        )
    assert message in error.value.message_dict[field][0]
    assert not case.events.filter(type="decision_notice_sent").exists()


def test_a_notice_that_does_not_apply_or_is_already_sent_is_refused(world):
    case = not_assessed(world)
    actor = world.user(Role.CASEWORKER)
    with pytest.raises(ValidationError, match="does not apply"):
        notice_services.notice_sent_record(
            actor=actor, case=case, kind="final_plan_issued", sent_on=TODAY
        )
    with pytest.raises(ValidationError, match="no such"):
        notice_services.notice_sent_record(actor=actor, case=case, kind="nonsense", sent_on=TODAY)
    notice_services.notice_sent_record(actor=actor, case=case, kind="not_to_assess", sent_on=TODAY)
    with pytest.raises(ValidationError, match="already been recorded"):
        notice_services.notice_sent_record(
            actor=actor, case=case, kind="not_to_assess", sent_on=TODAY
        )
    assert case.events.filter(type="decision_notice_sent").count() == 1


# ---------------------------------------------------------------------------------------------
# Who the letter is addressed to


def test_the_letter_goes_to_the_main_contact_with_parental_responsibility(world, parent):
    recipient = notice_selectors.recipient_for(not_assessed(world))
    assert recipient.name == "Pamela Wombat"
    assert recipient.address_lines == ["1 High Street", "Ourtown"]
    assert recipient.salutation == "Dear Pamela Wombat"
    assert recipient.found
    assert not recipient.young_person


def test_without_parental_responsibility_on_record_the_letter_says_parent_or_carer(world):
    recipient = notice_selectors.recipient_for(not_assessed(world, world.ours))
    assert not recipient.found
    assert recipient.name == "The parent or carer of Aurelia Quokka"
    assert recipient.salutation == "Dear parent or carer"


@pytest.mark.parametrize(
    ("dob", "on", "young_person"),
    [
        (dt.date(2010, 3, 2), dt.date(2026, 6, 26), False),  # leaving date: Friday 26 June 2026
        (dt.date(2010, 3, 2), dt.date(2026, 6, 27), True),
        (dt.date(2010, 8, 31), dt.date(2026, 7, 1), True),  # 16 in the summer holiday
        (dt.date(2010, 9, 1), dt.date(2026, 9, 2), False),  # 16 at the start of Year 11
        (dt.date(2010, 9, 1), dt.date(2027, 6, 26), True),  # leaving date: Friday 25 June 2027
    ],
)
def test_over_compulsory_school_age(dob, on, young_person):
    assert notice_selectors.over_compulsory_school_age(dob, on) is young_person


def test_a_young_person_gets_the_letter_themselves(world):
    older = ChildFactory(
        first_name="Yasmin",
        last_name="Young",
        date_of_birth=TODAY.replace(year=TODAY.year - 17, day=1),
        responsible_authority=world.la,
        address="2 Low Road",
        postcode="OU1 2AB",
    )
    recipient = notice_selectors.recipient_for(not_assessed(world, older))
    assert recipient.young_person
    assert recipient.name == "Yasmin Young"
    assert recipient.address_lines == ["2 Low Road", "OU1 2AB"]


# ---------------------------------------------------------------------------------------------
# Pages


def test_notices_tab_lists_what_applies(world, caseworker):
    case = not_assessed(world)
    page = caseworker.get(reverse("ehc:notices", args=[case.pk])).content.decode()
    assert "Notice of the decision not to assess" in page
    assert "Not yet sent" in page
    assert reverse("ehc:notice", args=[case.pk, "not_to_assess"]) in page
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEWED, child_id=case.child_id, summary__contains="notices"
    ).exists()
    empty = open_case(world, world.ours)
    page = caseworker.get(reverse("ehc:notices", args=[empty.pk])).content.decode()
    assert "No decision notice applies to this case yet" in page


def test_letter_preview_states_decision_reasons_rights_dates_and_sources(
    world, caseworker, parent, settings
):
    settings.MEDIATION_ADVISER = "Calm Waters Mediation | Telephone: 0300 123 4567"
    settings.TRIBUNAL = "First-tier Tribunal (SEND) | Telephone: 01325 289 350"
    case = not_assessed(world)
    response = caseworker.get(reverse("ehc:notice", args=[case.pk, "not_to_assess"]))
    assert response.status_code == 200
    page = response.content.decode()
    limit = add_months(TODAY, 2)
    limit_text = f"{limit.day} {limit:%B %Y}"
    for text in (
        "Decision not to carry out an education, health and care (EHC) needs assessment",
        "Pamela Wombat",
        "1 High Street",
        "Dear Pamela Wombat",
        "Fenella Wombat",
        "The school can meet the needs from its own resources.",
        "See the panel minutes.",
        "Calm Waters Mediation",
        "0300 123 4567",
        "First-tier Tribunal (SEND)",
        f"Contact the mediation adviser by {limit_text}",
        f"Appeal by {limit_text}",
        "2 months",
        "1 month after the date on the certificate",
        "section 51(2)(a)",
        "regulation 32",
        "regulation 33",
        "regulation 5(3)",
        "rule 20",
        "Preview: this notice has not been recorded as sent",
        "Record that the notice was sent",
        case.reference,
    ):
        assert text in page, text
    assert "Gerald Wombat" not in page  # no parental responsibility
    # A refusal to assess (s.51(2)(a)) is not an appeal where the tribunal may recommend on
    # health and social care.
    assert "extended appeal" not in page
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEWED, child_id=case.child_id, summary__contains="notice"
    ).exists()


def test_final_plan_letter_names_the_sections_and_the_placement_exemption(world, caseworker):
    case = final_plan(world)
    case.plan.placement = world.school
    case.plan.save()
    page = caseworker.get(
        reverse("ehc:notice", args=[case.pk, "final_plan_issued"])
    ).content.decode()
    assert "Final education, health and care (EHC) plan issued" in page
    assert "Section I of the plan names Ourshire Primary" in page
    assert "section 51(2)(c)" in page
    assert "only about the school or other institution named" in page
    assert "regulation 14" in page
    assert "health and social care" in page


def test_no_plan_letter(world, caseworker):
    case = no_plan(world)
    page = caseworker.get(reverse("ehc:notice", args=[case.pk, "not_to_issue"])).content.decode()
    assert "Decision not to issue an education, health and care (EHC) plan" in page
    assert "Needs can be met" in page
    assert "section 51(2)(b)" in page


def test_record_sent_through_the_page_then_the_letter_shows_the_recorded_dates(world, caseworker):
    case = not_assessed(world)
    url = reverse("ehc:notice", args=[case.pk, "not_to_assess"])
    response = caseworker.post(url, sent_data(days_ago(10)))
    assert response.status_code == 302
    event = case.events.get(type="decision_notice_sent")
    assert event.date == days_ago(10)
    assert event.details["notice"] == "not_to_assess"
    page = caseworker.get(url).content.decode()
    limit = add_months(days_ago(10), 2)
    assert f"Contact the mediation adviser by {limit.day} {limit:%B %Y}" in page
    assert "Recorded as sent on" in page
    assert "Preview" not in page
    assert "Record as sent" not in page
    # A second attempt is refused and records nothing more.
    response = caseworker.post(url, sent_data(days_ago(5)))
    assert response.status_code == 400
    assert "already been recorded" in response.content.decode()
    assert case.events.filter(type="decision_notice_sent").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter date the notice was sent"),
        (
            {"sent_on-day": "31", "sent_on-month": "2", "sent_on-year": "2026"},
            "must be a real date",
        ),
        (sent_data(TODAY + dt.timedelta(days=1)), "must be today or in the past"),
        (sent_data(days_ago(145)), "the date of the decision"),
    ],
)
def test_record_sent_bad_input_saves_nothing(world, caseworker, data, message):
    case = not_assessed(world)
    response = caseworker.post(reverse("ehc:notice", args=[case.pk, "not_to_assess"]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert 'href="#sent_on-day"' in page
    assert not case.events.filter(type="decision_notice_sent").exists()


def test_unknown_or_inapplicable_notice_is_404(world, caseworker):
    case = not_assessed(world)
    assert caseworker.get(reverse("ehc:notice", args=[case.pk, "nonsense"])).status_code == 404
    assert (
        caseworker.get(reverse("ehc:notice", args=[case.pk, "final_plan_issued"])).status_code
        == 404
    )


# ---------------------------------------------------------------------------------------------
# Who may see and send notices


def test_another_authority_and_out_of_scope_roles_get_404(world):
    case = not_assessed(world)
    for role in ("other_caseworker", Role.LEADER, Role.PROFESSIONAL):
        client = client_for(world, role)
        assert client.get(reverse("ehc:notices", args=[case.pk])).status_code == 404
        url = reverse("ehc:notice", args=[case.pk, "not_to_assess"])
        assert client.get(url).status_code == 404
        assert client.post(url, sent_data(TODAY)).status_code == 404
    assert not case.events.filter(type="decision_notice_sent").exists()


def test_family_and_senco_are_refused(world):
    case = not_assessed(world)  # the family's own child
    for role in (Role.FAMILY,):
        client = client_for(world, role)
        assert client.get(reverse("ehc:notices", args=[case.pk])).status_code == 403
        url = reverse("ehc:notice", args=[case.pk, "not_to_assess"])
        assert client.get(url).status_code == 403
        assert client.post(url, sent_data(TODAY)).status_code == 403
    school_case = not_assessed(world, world.ours)
    client = client_for(world, Role.SENCO)
    assert client.get(reverse("ehc:notices", args=[school_case.pk])).status_code == 403
    assert not case.events.filter(type="decision_notice_sent").exists()


def test_virtual_school_may_read_the_letter_but_not_record_it_sent(world):
    case = not_assessed(world, world.ours_cared_for)
    client = client_for(world, Role.VIRTUAL_SCHOOL)
    url = reverse("ehc:notice", args=[case.pk, "not_to_assess"])
    page = client.get(url)
    assert page.status_code == 200
    assert "Record as sent" not in page.content.decode()
    assert client.post(url, sent_data(TODAY)).status_code == 403
    assert not case.events.filter(type="decision_notice_sent").exists()
