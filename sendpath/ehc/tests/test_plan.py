"""Drafting the plan (sections A-K), the golden-thread checker and sending the draft."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.ehc.cases import services
from sendpath.ehc.models import (
    Case,
    CaseEvent,
    Deadline,
    Plan,
    PlanNeed,
    PlanOutcome,
    PlanProvision,
    PlanStatus,
    Stage,
)
from sendpath.ehc.plans import issuing as plan_issuing
from sendpath.ehc.plans import reference as plan_reference
from sendpath.ehc.plans import rules as plan_rules
from sendpath.ehc.plans import services as plan_services
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD, ChildFactory

# ---------------------------------------------------------------------------------------------
# Helpers shared with test_consultation.py and test_final.py


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def signed_in(world, role) -> Client:
    client = Client()
    assert client.login(username=world.user(role).username, password=PASSWORD)
    return client


def date_fields(name: str, value: dt.date) -> dict[str, str]:
    return {
        f"{name}-day": str(value.day),
        f"{name}-month": str(value.month),
        f"{name}-year": str(value.year),
    }


def assessing_case(world, child=None) -> Case:
    actor = world.user(Role.CASEWORKER)
    case = services.case_open(
        actor=actor, child=child or world.ours, source="parent", received_on=days_ago(120)
    )
    services.event_record(
        actor=actor,
        case=case,
        type="decision_to_assess",
        date=days_ago(110),
        details={"outcome": "yes"},
    )
    case.refresh_from_db()
    return case


def drafting_case(world, child=None) -> Case:
    """A case whose authority decided 60 days ago to issue a plan."""
    case = assessing_case(world, child)
    services.event_record(
        actor=world.user(Role.CASEWORKER),
        case=case,
        type="assessment_outcome",
        date=days_ago(60),
        details={"outcome": "plan"},
    )
    case.refresh_from_db()
    assert case.stage == Stage.DRAFTING
    return case


def fill_plan(world, case) -> tuple[PlanNeed, PlanOutcome, PlanProvision]:
    """A need with a SMART outcome and specific, quantified section F provision."""
    actor = world.user(Role.CASEWORKER)
    plan = case.plan
    need = plan_services.need_save(
        actor=actor,
        plan=plan,
        area="Communication and interaction",
        description="Finds it hard to follow spoken instructions of more than two steps",
    )
    outcome = plan_services.outcome_save(
        actor=actor,
        plan=plan,
        what="Follows three-step classroom instructions without adult prompting",
        by_when="End of Year 6 (July 2027)",
        how_measured="Speech and language therapist's termly assessment",
        needs=[need],
    )
    provision = plan_services.provision_save(
        actor=actor,
        plan=plan,
        section="F",
        what="Speech and language therapy in a small group of 3, working on listening skills",
        who="Speech and language therapist",
        how_often="3 sessions per week",
        how_long="30 minutes each, for 2 terms",
        needs=[need],
    )
    return need, outcome, provision


def draft_sent_case(world, sent_ago: int = 50, child=None) -> Case:
    case = drafting_case(world, child)
    fill_plan(world, case)
    plan_issuing.draft_send(
        actor=world.user(Role.CASEWORKER), case=case, sent_on=days_ago(sent_ago)
    )
    case.refresh_from_db()
    assert case.stage == Stage.DRAFT_SENT
    return case


def error_summary(body: str) -> str:
    match = re.search(r'<div class="govuk-error-summary".*?</div>\s*</div>', body, re.S)
    assert match, "no error summary on the page"
    return html.unescape(match.group(0))


# ---------------------------------------------------------------------------------------------
# The golden-thread checker


@pytest.mark.parametrize(
    "text",
    [
        "Access to speech and language therapy",
        "Regular support from a teaching assistant",
        "Meets regularly with the SENCO",
        "Adult help as needed",
        "Movement breaks as required",
        "Opportunities to practise social skills",
        "Support as appropriate from staff",
        "The child may receive occupational therapy",
        "Up to 5 hours of support",
        "Help when necessary",
        "Quiet space if needed",
    ],
)
def test_vague_words_are_found(text):
    assert plan_rules.vague_phrases(text)


@pytest.mark.parametrize(
    "text",
    [
        "Speech and language therapy in a group of 3",
        "Reviewed from May 2027",
        "Starting 1 May",
        "A maypole dance club",
    ],
)
def test_specific_words_are_not_vague(text):
    assert plan_rules.vague_phrases(text) == []


@pytest.mark.parametrize(
    ("text", "quantified"),
    [
        ("3 sessions a week", True),
        ("daily", True),
        ("weekly", True),
        ("termly", True),
        ("twice per week", True),
        ("30 minutes", True),
        ("one hour", True),
        ("sessions each morning", True),
        ("", False),
        ("as agreed with the school", False),
        ("until the next review", False),
        ("frequently", False),
    ],
)
def test_how_often_and_how_long_need_a_number_or_frequency(text, quantified):
    assert plan_rules.is_quantified(text) is quantified


def test_a_complete_plan_has_no_problems(world):
    case = drafting_case(world)
    fill_plan(world, case)
    assert plan_rules.golden_thread_problems(case.plan) == []


def test_an_empty_plan_says_it_has_no_needs(world):
    case = drafting_case(world)
    problems = plan_rules.golden_thread_problems(case.plan)
    assert [p.kind for p in problems] == ["no_needs"]
    assert problems[0].anchor == "section-b"


def test_breaks_in_the_golden_thread_are_named_with_links(world):
    case = drafting_case(world)
    actor = world.user(Role.CASEWORKER)
    plan = case.plan
    need, outcome, provision = fill_plan(world, case)
    lonely = plan_services.need_save(
        actor=actor, plan=plan, area="Sensory and/or physical", description="Low muscle tone"
    )
    # Health provision for the new need does not count as special educational provision.
    plan_services.provision_save(
        actor=actor,
        plan=plan,
        section="G",
        what="Physiotherapy programme",
        who="Physiotherapist",
        how_often="1 session a week",
        how_long="45 minutes",
        needs=[lonely],
    )
    vague = plan_services.provision_save(
        actor=actor,
        plan=plan,
        section="F",
        what="Access to a quiet space as needed",
        who="",
        how_often="when possible",
        how_long="",
        needs=[need],
    )
    open_ended = plan_services.outcome_save(
        actor=actor, plan=plan, what="Be happier", by_when="", how_measured="", needs=[need]
    )
    problems = plan_rules.golden_thread_problems(plan)
    by_kind: dict[str, list[plan_rules.Problem]] = {}
    for p in problems:
        by_kind.setdefault(p.kind, []).append(p)

    assert [p.anchor for p in by_kind["need_without_outcome"]] == [f"need-{lonely.pk}"]
    assert [p.anchor for p in by_kind["need_without_provision"]] == [f"need-{lonely.pk}"]
    assert (
        "Need 2 (Sensory and/or physical) has no outcome"
        in by_kind["need_without_outcome"][0].message
    )
    assert "section F" in by_kind["need_without_provision"][0].message
    vague_problem = by_kind["provision_vague"][0]
    assert vague_problem.anchor == f"provision-{vague.pk}"
    assert "“access to”" in vague_problem.message
    assert "“as needed”" in vague_problem.message
    assert vague_problem.link == reverse("ehc:plan", args=[case.pk]) + f"#provision-{vague.pk}"
    assert len(by_kind["provision_not_quantified"]) == 2  # how often and how long
    assert by_kind["provision_without_who"][0].anchor == f"provision-{vague.pk}"
    assert by_kind["outcome_without_date"][0].anchor == f"outcome-{open_ended.pk}"
    assert by_kind["outcome_without_measure"][0].anchor == f"outcome-{open_ended.pk}"
    # The complete items raise nothing.
    anchors = {p.anchor for p in problems}
    assert f"outcome-{outcome.pk}" not in anchors
    assert f"provision-{provision.pk}" not in anchors


def test_school_year_and_preparing_for_adulthood(world):
    assert plan_reference.school_year(dt.date(2012, 9, 1), dt.date(2025, 9, 1)) == 8
    assert plan_reference.school_year(dt.date(2012, 8, 31), dt.date(2025, 9, 1)) == 9
    assert plan_reference.school_year(dt.date(2012, 8, 31), dt.date(2026, 7, 20)) == 9
    assert plan_reference.school_year(dt.date(2021, 8, 31), dt.date(2025, 9, 1)) == 0  # Reception


# ---------------------------------------------------------------------------------------------
# Services: the plan's content


def test_adding_and_changing_items_is_audited(world):
    case = drafting_case(world)
    need, outcome, provision = fill_plan(world, case)
    created = AuditEntry.objects.filter(child_id=case.child_id, action=AuditAction.CREATED)
    assert created.filter(object_type="ehc.PlanNeed", object_id=str(need.pk)).exists()
    assert created.filter(object_type="ehc.PlanOutcome", object_id=str(outcome.pk)).exists()
    assert created.filter(object_type="ehc.PlanProvision", object_id=str(provision.pk)).exists()

    plan_services.need_save(
        actor=world.user(Role.MANAGER),
        plan=case.plan,
        area="Cognition and learning",
        description="Reads two years below age",
        need=need,
    )
    change = AuditEntry.objects.filter(object_id=str(need.pk), action=AuditAction.UPDATED).latest(
        "at"
    )
    assert change.changes["area"] == ["Communication and interaction", "Cognition and learning"]
    assert need.position == 1


def test_outcomes_and_provision_must_address_a_need_of_this_plan(world):
    case = drafting_case(world)
    actor = world.user(Role.CASEWORKER)
    with pytest.raises(ValidationError) as error:
        plan_services.outcome_save(
            actor=actor,
            plan=case.plan,
            what="Reads fluently",
            by_when="",
            how_measured="",
            needs=[],
        )
    assert "needs" in error.value.error_dict
    other = drafting_case(world, world.ours_cared_for)
    other_need, _, _ = fill_plan(world, other)
    with pytest.raises(ValidationError):
        plan_services.provision_save(
            actor=actor,
            plan=case.plan,
            section="F",
            what="Phonics",
            who="Teacher",
            how_often="daily",
            how_long="20 minutes",
            needs=[other_need],
        )
    assert not PlanOutcome.objects.filter(plan=case.plan).exists()
    assert not PlanProvision.objects.filter(plan=case.plan).exists()


def test_a_need_cannot_be_removed_while_it_is_the_only_link(world):
    case = drafting_case(world)
    actor = world.user(Role.CASEWORKER)
    need, outcome, provision = fill_plan(world, case)
    with pytest.raises(ValidationError) as error:
        plan_services.need_remove(actor=actor, plan=case.plan, need=need)
    assert "only need linked" in error.value.messages[0]
    assert PlanNeed.objects.filter(pk=need.pk).exists()

    plan_services.outcome_remove(actor=actor, plan=case.plan, outcome=outcome)
    plan_services.provision_remove(actor=actor, plan=case.plan, provision=provision)
    plan_services.need_remove(actor=actor, plan=case.plan, need=need)
    assert not PlanNeed.objects.filter(pk=need.pk).exists()
    assert AuditEntry.objects.filter(
        object_id=str(case.plan.pk), summary__startswith="Removed a need"
    ).exists()


def test_the_plan_cannot_be_edited_before_assessment_or_once_final(world):
    actor = world.user(Role.CASEWORKER)
    requested = services.case_open(
        actor=actor, child=world.ours_cared_for, source="parent", received_on=days_ago(10)
    )
    with pytest.raises(ValidationError):
        plan_services.plan_section_update(
            actor=actor, plan=requested.plan, section="a", text="Hello"
        )

    case = drafting_case(world)
    Plan.objects.filter(pk=case.plan.pk).update(status=PlanStatus.FINAL)
    with pytest.raises(ValidationError) as error:
        plan_services.need_save(
            actor=actor, plan=case.plan, area="Cognition and learning", description="x"
        )
    assert "final plan has been issued" in error.value.messages[0]
    assert not PlanNeed.objects.filter(plan=case.plan).exists()


def test_section_text_is_saved_and_audited(world):
    case = drafting_case(world)
    plan_services.plan_section_update(
        actor=world.user(Role.CASEWORKER), plan=case.plan, section="A", text="  Loves trains  "
    )
    case.plan.refresh_from_db()
    assert case.plan.section_a == "Loves trains"
    entry = AuditEntry.objects.filter(object_id=str(case.plan.pk)).latest("at")
    assert entry.changes == {"section_a": ["", "Loves trains"]}


# ---------------------------------------------------------------------------------------------
# Services: sending the draft


def test_sending_the_draft_records_the_event_and_the_period(world):
    case = drafting_case(world)
    fill_plan(world, case)
    sent_on = days_ago(5)
    event = plan_issuing.draft_send(actor=world.user(Role.CASEWORKER), case=case, sent_on=sent_on)
    assert event.type == "draft_plan_sent"
    assert event.date == sent_on
    plan = Plan.objects.get(case=case)
    assert plan.status == PlanStatus.DRAFT_SENT
    assert plan.draft_sent_on == sent_on
    close = Deadline.objects.get(case=case, key="draft_representations_close")
    assert close.due == sent_on + dt.timedelta(days=14)  # 15 days beginning with the day sent
    case.refresh_from_db()
    assert case.stage == Stage.DRAFT_SENT


def test_the_draft_cannot_predate_the_decision_to_issue(world):
    case = drafting_case(world)
    fill_plan(world, case)
    with pytest.raises(ValidationError) as error:
        plan_issuing.draft_send(actor=world.user(Role.CASEWORKER), case=case, sent_on=days_ago(61))
    assert "date" in error.value.error_dict
    assert not CaseEvent.objects.filter(case=case, type="draft_plan_sent").exists()
    assert Plan.objects.get(case=case).status == PlanStatus.DRAFT


def test_warnings_must_be_acknowledged_before_sending(world):
    case = drafting_case(world)
    actor = world.user(Role.CASEWORKER)
    with pytest.raises(ValidationError) as error:
        plan_issuing.draft_send(actor=actor, case=case, sent_on=days_ago(1))
    assert "warnings_checked" in error.value.error_dict
    plan_issuing.draft_send(actor=actor, case=case, sent_on=days_ago(1), warnings_checked=True)
    assert CaseEvent.objects.filter(case=case, type="draft_plan_sent").count() == 1


def test_the_draft_is_sent_only_at_the_drafting_stage(world):
    case = assessing_case(world)
    with pytest.raises(ValidationError):
        plan_issuing.draft_send(
            actor=world.user(Role.CASEWORKER),
            case=case,
            sent_on=days_ago(1),
            warnings_checked=True,
        )
    assert not CaseEvent.objects.filter(case=case, type="draft_plan_sent").exists()


# ---------------------------------------------------------------------------------------------
# Pages


def test_the_plan_page_shows_sections_and_warnings(world):
    case = drafting_case(world)
    actor = world.user(Role.CASEWORKER)
    need = plan_services.need_save(
        actor=actor, plan=case.plan, area="Cognition and learning", description="Reads slowly"
    )
    client = signed_in(world, Role.CASEWORKER)
    response = client.get(reverse("ehc:plan", args=[case.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    for letter in ("a", "b", "c", "d", "e", "f", "g", "h1", "h2", "i", "j", "k"):
        assert f'id="section-{letter}"' in body
    assert f'id="need-{need.pk}"' in body
    assert f'href="#need-{need.pk}"' in body
    assert "Need 1 (Cognition and learning) has no outcome" in body
    assert "Send the draft plan" in body
    assert AuditEntry.objects.filter(
        child_id=case.child_id, action=AuditAction.VIEWED, summary__startswith="Viewed the plan"
    ).exists()


def test_add_change_and_remove_items_through_the_pages(world):
    case = drafting_case(world)
    client = signed_in(world, Role.CASEWORKER)
    response = client.post(
        reverse("ehc:plan_need_add", args=[case.pk]),
        {"area": "Social, emotional and mental health", "description": "High anxiety at school"},
    )
    assert response.status_code == 302
    need = PlanNeed.objects.get(plan=case.plan)
    assert response["Location"].endswith(f"#need-{need.pk}")

    response = client.post(
        reverse("ehc:plan_outcome_add", args=[case.pk]),
        {
            "what": "Attends all lessons",
            "by_when": "July 2027",
            "how_measured": "Attendance records",
            "needs": [str(need.pk)],
        },
    )
    assert response.status_code == 302
    outcome = PlanOutcome.objects.get(plan=case.plan)
    assert list(outcome.needs.all()) == [need]

    form = client.get(reverse("ehc:plan_provision_add", args=[case.pk]) + "?section=G")
    assert 'value="G" checked' in form.content.decode()
    response = client.post(
        reverse("ehc:plan_provision_add", args=[case.pk]),
        {
            "section": "F",
            "what": "Emotional literacy sessions",
            "who": "Trained ELSA",
            "how_often": "weekly",
            "how_long": "45 minutes",
            "needs": [str(need.pk)],
        },
    )
    assert response.status_code == 302
    provision = PlanProvision.objects.get(plan=case.plan)

    response = client.post(
        reverse("ehc:plan_provision", args=[case.pk, provision.pk]),
        {
            "section": "F",
            "what": "Emotional literacy sessions",
            "who": "Trained ELSA",
            "how_often": "twice a week",
            "how_long": "45 minutes",
            "needs": [str(need.pk)],
        },
    )
    assert response.status_code == 302
    provision.refresh_from_db()
    assert provision.how_often == "twice a week"

    response = client.post(reverse("ehc:plan_section", args=[case.pk, "a"]), {"text": "Likes art"})
    assert response.status_code == 302
    assert Plan.objects.get(pk=case.plan.pk).section_a == "Likes art"

    confirm = client.get(reverse("ehc:plan_item_remove", args=[case.pk, "provision", provision.pk]))
    assert confirm.status_code == 200
    assert "Emotional literacy sessions" in confirm.content.decode()
    response = client.post(
        reverse("ehc:plan_item_remove", args=[case.pk, "provision", provision.pk])
    )
    assert response.status_code == 302
    assert not PlanProvision.objects.filter(pk=provision.pk).exists()


def test_removing_the_only_linked_need_shows_why_and_keeps_it(world):
    case = drafting_case(world)
    need, _, _ = fill_plan(world, case)
    client = signed_in(world, Role.CASEWORKER)
    response = client.post(reverse("ehc:plan_item_remove", args=[case.pk, "needs", need.pk]))
    assert response.status_code == 400
    assert "only need linked" in error_summary(response.content.decode())
    assert PlanNeed.objects.filter(pk=need.pk).exists()


def test_bad_input_on_the_plan_forms_names_the_field_and_saves_nothing(world):
    case = drafting_case(world)
    need, _, _ = fill_plan(world, case)
    client = signed_in(world, Role.CASEWORKER)

    response = client.post(
        reverse("ehc:plan_need_add", args=[case.pk]), {"description": "Typed text stays"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Select the area of need" in error_summary(body)
    assert 'href="#area"' in body
    assert "Typed text stays" in body
    assert PlanNeed.objects.filter(plan=case.plan).count() == 1

    response = client.post(
        reverse("ehc:plan_outcome_add", args=[case.pk]),
        {"what": "Reads a page aloud", "by_when": "July 2027", "how_measured": "Reading age"},
    )
    assert response.status_code == 400
    assert "Select at least one need this outcome addresses" in error_summary(
        response.content.decode()
    )
    assert "Reads a page aloud" in response.content.decode()
    assert PlanOutcome.objects.filter(plan=case.plan).count() == 1

    response = client.post(
        reverse("ehc:plan_provision_add", args=[case.pk]),
        {"section": "Z", "what": "", "needs": [str(need.pk)]},
    )
    assert response.status_code == 400
    summary = error_summary(response.content.decode())
    assert "Select the section of the plan from the list" in summary
    assert "Enter what the provision is" in summary
    assert PlanProvision.objects.filter(plan=case.plan).count() == 1

    response = client.post(reverse("ehc:plan_section", args=[case.pk, "k"]), {"text": "x" * 20001})
    assert response.status_code == 400
    assert "20,000 characters or fewer" in error_summary(response.content.decode())
    assert Plan.objects.get(pk=case.plan.pk).section_k == ""


def test_preparing_for_adulthood_is_offered_from_year_9(world):
    today = timezone.localdate()
    start = today.year if today.month >= 9 else today.year - 1
    older = ChildFactory(
        first_name="Ottoline",
        last_name="Tapir",
        responsible_authority=world.la,
        date_of_birth=dt.date(start - 13, 8, 31),  # Year 9 this school year
    )
    client = signed_in(world, Role.CASEWORKER)
    young = drafting_case(world)
    fill_plan(world, young)
    body = client.get(reverse("ehc:plan_outcome_add", args=[young.pk])).content.decode()
    assert "preparing for adulthood" not in body.lower()

    case = drafting_case(world, older)
    need, _, _ = fill_plan(world, case)
    body = client.get(reverse("ehc:plan_outcome_add", args=[case.pk])).content.decode()
    assert "preparing_for_adulthood" in body
    response = client.post(
        reverse("ehc:plan_outcome_add", args=[case.pk]),
        {
            "what": "Travels to college independently",
            "by_when": "July 2028",
            "how_measured": "Travel trainer's log",
            "needs": [str(need.pk)],
            "preparing_for_adulthood": "on",
        },
    )
    assert response.status_code == 302
    assert PlanOutcome.objects.get(
        plan=case.plan, what__startswith="Travels"
    ).preparing_for_adulthood
    assert (
        "Preparing for adulthood"
        in client.get(reverse("ehc:plan", args=[case.pk])).content.decode()
    )


def test_send_the_draft_through_the_page(world):
    case = drafting_case(world)
    fill_plan(world, case)
    client = signed_in(world, Role.CASEWORKER)
    page = client.get(reverse("ehc:plan_send", args=[case.pk]))
    assert page.status_code == 200
    assert "I have checked these warnings" not in page.content.decode()  # no warnings

    sent_on = days_ago(3)
    response = client.post(
        reverse("ehc:plan_send", args=[case.pk]), date_fields("sent_on", sent_on)
    )
    assert response.status_code == 302
    assert CaseEvent.objects.filter(case=case, type="draft_plan_sent", date=sent_on).exists()
    body = client.get(reverse("ehc:plan", args=[case.pk])).content.decode()
    last_day = sent_on + dt.timedelta(days=14)
    assert f"{last_day.day} {last_day:%B %Y}" in body
    assert "15 days" in body
    assert "particular school" in body
    assert "regulation 13(1)(a)" in body
    # Sending again is refused.
    again = client.get(reverse("ehc:plan_send", args=[case.pk]))
    assert again.status_code == 302


def test_send_page_lists_warnings_and_requires_the_tick(world):
    case = drafting_case(world)
    need = plan_services.need_save(
        actor=world.user(Role.CASEWORKER),
        plan=case.plan,
        area="Cognition and learning",
        description="Reads slowly",
    )
    client = signed_in(world, Role.CASEWORKER)
    url = reverse("ehc:plan_send", args=[case.pk])
    page = client.get(url).content.decode()
    assert "I have checked these warnings and want to send the draft anyway" in page
    assert f"#need-{need.pk}" in page

    response = client.post(url, date_fields("sent_on", days_ago(2)))
    assert response.status_code == 400
    assert "Tick to confirm" in error_summary(response.content.decode())
    assert not CaseEvent.objects.filter(case=case, type="draft_plan_sent").exists()

    response = client.post(url, {**date_fields("sent_on", days_ago(2)), "warnings_checked": "on"})
    assert response.status_code == 302
    assert CaseEvent.objects.filter(case=case, type="draft_plan_sent").exists()


def test_bad_dates_on_the_send_form_name_the_field_and_save_nothing(world):
    case = drafting_case(world)
    fill_plan(world, case)
    client = signed_in(world, Role.CASEWORKER)
    url = reverse("ehc:plan_send", args=[case.pk])

    before_decision = days_ago(61)
    response = client.post(url, date_fields("sent_on", before_decision))
    assert response.status_code == 400
    body = response.content.decode()
    summary = error_summary(body)
    assert "The date the draft was sent must be on or after" in summary
    assert "the date of the decision to issue a plan" in summary
    assert 'href="#sent_on-day"' in summary
    assert f'value="{before_decision.year}"' in body  # what was typed is kept

    future = timezone.localdate() + dt.timedelta(days=3)
    response = client.post(url, date_fields("sent_on", future))
    assert response.status_code == 400
    assert "must be today or in the past" in error_summary(response.content.decode())

    response = client.post(url, {"sent_on-day": "31", "sent_on-month": "2", "sent_on-year": "2026"})
    assert response.status_code == 400
    assert "must be a real date" in error_summary(response.content.decode())

    assert not CaseEvent.objects.filter(case=case, type="draft_plan_sent").exists()
    assert Plan.objects.get(case=case).status == PlanStatus.DRAFT


# ---------------------------------------------------------------------------------------------
# Who may do what


@pytest.mark.parametrize(
    "role", ["other_caseworker", Role.FAMILY, Role.LEADER, Role.VIRTUAL_SCHOOL]
)
def test_roles_outside_the_case_get_not_found(world, role):
    case = drafting_case(world)
    need, _, _ = fill_plan(world, case)
    client = signed_in(world, role)
    for url in (
        reverse("ehc:plan", args=[case.pk]),
        reverse("ehc:plan_need_add", args=[case.pk]),
        reverse("ehc:plan_need", args=[case.pk, need.pk]),
        reverse("ehc:plan_section", args=[case.pk, "a"]),
        reverse("ehc:plan_send", args=[case.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 404, (role, url)
        assert case.child.last_name not in response.content.decode()
    response = client.post(
        reverse("ehc:plan_need_add", args=[case.pk]),
        {"area": "Cognition and learning", "description": "x"},
    )
    assert response.status_code == 404
    assert PlanNeed.objects.filter(plan=case.plan).count() == 1


@pytest.mark.parametrize("role", [Role.SENCO, Role.PROFESSIONAL])
def test_partners_who_see_the_child_cannot_reach_the_plan(world, role):
    child = world.ours if role == Role.SENCO else world.linked
    case = drafting_case(world, child)
    client = signed_in(world, role)
    assert client.get(reverse("ehc:plan", args=[case.pk])).status_code == 403
    response = client.post(
        reverse("ehc:plan_need_add", args=[case.pk]),
        {"area": "Cognition and learning", "description": "x"},
    )
    assert response.status_code == 403
    assert not PlanNeed.objects.filter(plan=case.plan).exists()


def test_virtual_school_can_read_but_not_change_the_plan(world):
    case = drafting_case(world, world.ours_cared_for)
    fill_plan(world, case)
    client = signed_in(world, Role.VIRTUAL_SCHOOL)
    page = client.get(reverse("ehc:plan", args=[case.pk]))
    assert page.status_code == 200
    assert "Add a need" not in page.content.decode()
    assert client.get(reverse("ehc:plan_need_add", args=[case.pk])).status_code == 403
    response = client.post(
        reverse("ehc:plan_send", args=[case.pk]), date_fields("sent_on", days_ago(1))
    )
    assert response.status_code == 403
    assert not CaseEvent.objects.filter(case=case, type="draft_plan_sent").exists()


def test_manager_can_edit(world):
    case = drafting_case(world)
    client = signed_in(world, Role.MANAGER)
    response = client.post(
        reverse("ehc:plan_need_add", args=[case.pk]),
        {"area": "Cognition and learning", "description": "Working memory difficulties"},
    )
    assert response.status_code == 302
    assert PlanNeed.objects.filter(plan=case.plan).exists()


def test_an_item_of_another_plan_is_not_found(world):
    case = drafting_case(world)
    other = drafting_case(world, world.ours_cared_for)
    other_need, _, _ = fill_plan(world, other)
    client = signed_in(world, Role.CASEWORKER)
    assert client.get(reverse("ehc:plan_need", args=[case.pk, other_need.pk])).status_code == 404
    response = client.post(reverse("ehc:plan_item_remove", args=[case.pk, "needs", other_need.pk]))
    assert response.status_code == 404
    assert PlanNeed.objects.filter(pk=other_need.pk).exists()
