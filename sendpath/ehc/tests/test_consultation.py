"""Consulting the settings the family names, their responses, and naming the placement."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sendpath.ehc.models import CaseEvent, Deadline, Plan
from sendpath.ehc.plans import consultation as plan_consultation
from sendpath.ehc.plans import selectors as plan_selectors
from sendpath.people.models import OrganisationKind, Role, SettingType
from sendpath.people.tests.factories import OrganisationFactory

from .test_plan import (
    date_fields,
    days_ago,
    draft_sent_case,
    drafting_case,
    error_summary,
    fill_plan,
    signed_in,
)


@pytest.fixture
def case(world):
    """A case whose draft plan was sent 20 days ago."""
    return draft_sent_case(world, sent_ago=20)


@pytest.fixture
def special(world):
    return OrganisationFactory(
        name="Ourshire Special School",
        kind=OrganisationKind.SCHOOL,
        setting_type=SettingType.SPECIAL_MAINTAINED,
        local_authority=world.la,
    )


def consult(world, case, organisation, ago: int = 15):
    return plan_consultation.setting_consult(
        actor=world.user(Role.CASEWORKER),
        case=case,
        organisation=organisation,
        consulted_on=days_ago(ago),
    )


# ---------------------------------------------------------------------------------------------
# Services


def test_consulting_a_setting_starts_its_15_days(world, case):
    event = consult(world, case, world.school, ago=15)
    assert event.type == "setting_consulted"
    assert event.details == {
        "id": "ourshire_primary",
        "organisation_id": str(world.school.pk),
        "organisation": "Ourshire Primary",
    }
    due = Deadline.objects.get(case=case, key="setting_response:ourshire_primary")
    assert due.due == days_ago(15) + dt.timedelta(days=15)
    assert due.pending


def test_ids_are_unique_within_the_case(world, case):
    twin = OrganisationFactory(name="Ourshire Primary", local_authority=world.other_la)
    first = consult(world, case, world.school)
    second = consult(world, case, twin)
    assert first.details["id"] == "ourshire_primary"
    assert second.details["id"] == "ourshire_primary_2"
    assert Deadline.objects.filter(case=case, family="setting_response").count() == 2


def test_a_setting_is_consulted_once_and_only_an_education_setting(world, case):
    consult(world, case, world.school)
    with pytest.raises(ValidationError) as error:
        consult(world, case, world.school)
    assert "already consulted" in error.value.error_dict["organisation"][0].messages[0]
    with pytest.raises(ValidationError):
        consult(world, case, world.health)
    assert CaseEvent.objects.filter(case=case, type="setting_consulted").count() == 1


def test_consultation_waits_for_the_draft(world):
    case = drafting_case(world)
    fill_plan(world, case)
    with pytest.raises(ValidationError) as error:
        consult(world, case, world.school, ago=1)
    assert "send the draft" in error.value.messages[0]
    assert not CaseEvent.objects.filter(case=case, type="setting_consulted").exists()


def test_a_response_completes_the_deadline(world, case):
    consult(world, case, world.school, ago=15)
    event = plan_consultation.setting_response_record(
        actor=world.user(Role.CASEWORKER),
        case=case,
        ident="ourshire_primary",
        responded_on=days_ago(5),
        can_meet=False,
        reasons="No space in the resource base",
    )
    assert event.details["id"] == "ourshire_primary"
    assert event.details["can_meet"] is False
    assert event.details["reasons"] == "No space in the resource base"
    due = Deadline.objects.get(case=case, key="setting_response:ourshire_primary")
    assert due.completed_on == days_ago(5)
    assert due.status == "met"
    [consulted] = plan_selectors.consultations(case)
    assert consulted.can_meet is False


def test_a_refusal_needs_reasons_and_a_response_cannot_predate_the_consultation(world, case):
    consult(world, case, world.school, ago=15)
    actor = world.user(Role.CASEWORKER)
    with pytest.raises(ValidationError) as error:
        plan_consultation.setting_response_record(
            actor=actor,
            case=case,
            ident="ourshire_primary",
            responded_on=days_ago(5),
            can_meet=False,
        )
    assert "reasons" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        plan_consultation.setting_response_record(
            actor=actor,
            case=case,
            ident="ourshire_primary",
            responded_on=days_ago(16),
            can_meet=True,
        )
    assert "date" in error.value.error_dict
    with pytest.raises(ValidationError):
        plan_consultation.setting_response_record(
            actor=actor, case=case, ident="nobody", responded_on=days_ago(5), can_meet=True
        )
    assert not CaseEvent.objects.filter(case=case, type="setting_responded").exists()


def test_naming_a_consulted_setting_fills_section_i(world, case, special):
    consult(world, case, special)
    event = plan_consultation.placement_name(
        actor=world.user(Role.CASEWORKER),
        case=case,
        named_on=days_ago(2),
        organisation=special,
    )
    assert event.type == "placement_named"
    assert event.details["organisation_id"] == str(special.pk)
    assert event.details["organisation"] == "Ourshire Special School"
    plan = Plan.objects.get(case=case)
    assert plan.placement == special
    assert plan.section_i.startswith(
        "Ourshire Special School, Special school, maintained by the local authority"
    )


def test_a_setting_type_can_be_named_without_a_setting(world, case):
    plan_consultation.placement_name(
        actor=world.user(Role.CASEWORKER),
        case=case,
        named_on=days_ago(2),
        setting_type=SettingType.MAINSTREAM_ACADEMY,
    )
    plan = Plan.objects.get(case=case)
    assert plan.placement is None
    assert "Mainstream academy" in plan.section_i
    event = CaseEvent.objects.get(case=case, type="placement_named")
    assert event.details["organisation_id"] is None


def test_only_a_consulted_setting_can_be_named(world, case, special):
    consult(world, case, world.school)
    with pytest.raises(ValidationError) as error:
        plan_consultation.placement_name(
            actor=world.user(Role.CASEWORKER), case=case, named_on=days_ago(2), organisation=special
        )
    assert "placement" in error.value.error_dict
    with pytest.raises(ValidationError):
        plan_consultation.placement_name(
            actor=world.user(Role.CASEWORKER), case=case, named_on=days_ago(2), setting_type="moon"
        )
    assert not CaseEvent.objects.filter(case=case, type="placement_named").exists()
    assert Plan.objects.get(case=case).placement is None


# ---------------------------------------------------------------------------------------------
# Pages


def test_the_page_explains_what_must_happen_first(world):
    case = drafting_case(world)
    client = signed_in(world, Role.CASEWORKER)
    response = client.get(reverse("ehc:consultation", args=[case.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Consultation starts once the draft plan has been sent" in body
    assert "Consult a setting" not in body
    response = client.get(reverse("ehc:setting_consult", args=[case.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("ehc:consultation", args=[case.pk])


def test_consult_respond_and_name_through_the_pages(world, case, special):
    client = signed_in(world, Role.CASEWORKER)
    page = client.get(reverse("ehc:setting_consult", args=[case.pk]))
    assert page.status_code == 200
    assert "Ourshire Special School" in page.content.decode()
    assert "Ourshire NHS Trust" not in page.content.decode()  # not a school or setting

    response = client.post(
        reverse("ehc:setting_consult", args=[case.pk]),
        {"organisation": str(special.pk), **date_fields("consulted_on", days_ago(10))},
    )
    assert response.status_code == 302
    event = CaseEvent.objects.get(case=case, type="setting_consulted")
    ident = event.details["id"]
    due = days_ago(10) + dt.timedelta(days=15)
    body = client.get(reverse("ehc:consultation", args=[case.pk])).content.decode()
    assert "Ourshire Special School" in body
    assert f"{due.day} {due:%B %Y}" in body

    response = client.post(
        reverse("ehc:setting_response", args=[case.pk, ident]),
        {**date_fields("responded_on", days_ago(4)), "can_meet": "yes"},
    )
    assert response.status_code == 302
    assert CaseEvent.objects.get(case=case, type="setting_responded").details["can_meet"] is True
    assert (
        "Can meet the needs"
        in client.get(reverse("ehc:consultation", args=[case.pk])).content.decode()
    )
    # A second response is refused: corrections go through the timeline.
    again = client.get(reverse("ehc:setting_response", args=[case.pk, ident]))
    assert again.status_code == 302

    response = client.post(
        reverse("ehc:placement_name", args=[case.pk]),
        {"placement": str(special.pk), **date_fields("named_on", days_ago(1))},
    )
    assert response.status_code == 302
    assert Plan.objects.get(case=case).placement == special
    body = client.get(reverse("ehc:consultation", args=[case.pk])).content.decode()
    assert "Named on" in body


def test_bad_input_on_the_consultation_forms_saves_nothing(world, case, special):
    client = signed_in(world, Role.CASEWORKER)

    # Consulted before the draft was sent.
    response = client.post(
        reverse("ehc:setting_consult", args=[case.pk]),
        {"organisation": str(special.pk), **date_fields("consulted_on", days_ago(21))},
    )
    assert response.status_code == 400
    summary = error_summary(response.content.decode())
    assert "on or after" in summary
    assert "the date the draft plan was sent" in summary
    assert 'href="#consulted_on-day"' in summary

    # A health body is not a setting that can be consulted.
    response = client.post(
        reverse("ehc:setting_consult", args=[case.pk]),
        {"organisation": str(world.health.pk), **date_fields("consulted_on", days_ago(5))},
    )
    assert response.status_code == 400
    assert "Select the school, college or setting from the list" in error_summary(
        response.content.decode()
    )
    response = client.post(reverse("ehc:setting_consult", args=[case.pk]), {})
    assert response.status_code == 400
    assert "Select the school, college or setting" in error_summary(response.content.decode())
    assert not CaseEvent.objects.filter(case=case, type="setting_consulted").exists()

    consult(world, case, special, ago=10)
    ident = CaseEvent.objects.get(case=case, type="setting_consulted").details["id"]
    url = reverse("ehc:setting_response", args=[case.pk, ident])
    response = client.post(url, {**date_fields("responded_on", days_ago(4)), "can_meet": "no"})
    assert response.status_code == 400
    assert "Enter the reasons the setting gave" in error_summary(response.content.decode())
    response = client.post(url, {**date_fields("responded_on", days_ago(11)), "can_meet": "yes"})
    assert response.status_code == 400
    summary = error_summary(response.content.decode())
    assert "the date the setting was consulted" in summary
    assert 'href="#responded_on-day"' in summary
    response = client.post(url, date_fields("responded_on", days_ago(4)))
    assert response.status_code == 400
    assert "Select whether the setting can meet the child's needs" in error_summary(
        response.content.decode()
    )
    assert not CaseEvent.objects.filter(case=case, type="setting_responded").exists()

    url = reverse("ehc:placement_name", args=[case.pk])
    response = client.post(url, {"placement": "type_only", **date_fields("named_on", days_ago(1))})
    assert response.status_code == 400
    assert "Select the type of setting" in error_summary(response.content.decode())
    response = client.post(
        url, {"placement": str(world.school.pk), **date_fields("named_on", days_ago(1))}
    )
    assert response.status_code == 400  # not consulted, so not a choice
    assert "from the list" in error_summary(response.content.decode())
    response = client.post(
        url, {"placement": str(special.pk), **date_fields("named_on", days_ago(30))}
    )
    assert response.status_code == 400
    assert 'href="#named_on-day"' in error_summary(response.content.decode())
    assert not CaseEvent.objects.filter(case=case, type="placement_named").exists()
    assert Plan.objects.get(case=case).placement is None


def test_naming_a_type_of_setting_through_the_page(world, case):
    client = signed_in(world, Role.CASEWORKER)
    response = client.post(
        reverse("ehc:placement_name", args=[case.pk]),
        {
            "placement": "type_only",
            "setting_type": SettingType.SPECIAL_ACADEMY,
            **date_fields("named_on", days_ago(1)),
        },
    )
    assert response.status_code == 302
    assert "Special academy or free school" in Plan.objects.get(case=case).section_i


@pytest.mark.parametrize(
    "role", ["other_caseworker", Role.FAMILY, Role.LEADER, Role.VIRTUAL_SCHOOL]
)
def test_roles_outside_the_case_get_not_found(world, case, role):
    consult(world, case, world.school)
    client = signed_in(world, role)
    for url in (
        reverse("ehc:consultation", args=[case.pk]),
        reverse("ehc:setting_consult", args=[case.pk]),
        reverse("ehc:setting_response", args=[case.pk, "ourshire_primary"]),
        reverse("ehc:placement_name", args=[case.pk]),
    ):
        assert client.get(url).status_code == 404, (role, url)
    response = client.post(
        reverse("ehc:setting_consult", args=[case.pk]),
        {"organisation": str(world.school.pk), **date_fields("consulted_on", days_ago(1))},
    )
    assert response.status_code == 404


def test_a_senco_who_sees_the_child_is_refused(world, case):
    client = signed_in(world, Role.SENCO)
    assert client.get(reverse("ehc:consultation", args=[case.pk])).status_code == 403
    response = client.post(
        reverse("ehc:setting_consult", args=[case.pk]),
        {"organisation": str(world.school.pk), **date_fields("consulted_on", days_ago(1))},
    )
    assert response.status_code == 403
    assert not CaseEvent.objects.filter(case=case, type="setting_consulted").exists()


def test_the_virtual_school_reads_the_consultation_but_cannot_record(world):
    case = draft_sent_case(world, child=world.ours_cared_for)
    consult(world, case, world.school)
    client = signed_in(world, Role.VIRTUAL_SCHOOL)
    page = client.get(reverse("ehc:consultation", args=[case.pk]))
    assert page.status_code == 200
    assert "Ourshire Primary" in page.content.decode()
    assert "Record the response" not in page.content.decode()
    assert client.get(reverse("ehc:setting_consult", args=[case.pk])).status_code == 403
