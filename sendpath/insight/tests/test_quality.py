"""The multi-agency quality audit: framework, sampling, grading, moderation, reach and audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.core.roles import Role
from sendpath.insight.models import Criterion, Grade, SampledPlan
from sendpath.insight.quality import selectors, services
from sendpath.insight.quality.framework import DEFAULT_FRAMEWORK
from sendpath.people.tests.factories import OrganisationFactory

from .quality_helpers import based_on, body, client_of, issued_plan, row

pytestmark = pytest.mark.django_db


def manager(world):
    return world.user(Role.MANAGER)


def framework(world):
    services.ensure_framework(authority=world.la, actor=manager(world))


def draw(world, size=3, **kwargs):
    framework(world)
    return services.draw_sample(
        actor=manager(world), authority=world.la, title="Spring audit", size=size, **kwargs
    )


def drawn_cases(sample):
    return sorted(p.case.reference for p in sample.plans.all())


# ---------------------------------------------------------------------------------------------
# The framework


def test_the_default_framework_is_made_once_and_covers_every_section(world):
    framework(world)
    framework(world)
    found = Criterion.objects.filter(authority=world.la)
    assert found.count() == len(DEFAULT_FRAMEWORK)
    assert set(found.values_list("section", flat=True)) == set("ABCDEFGHIJK")
    assert all(c.source for c in found)  # each cites its Code of Practice paragraph


def test_the_framework_page_shows_the_criteria_and_only_the_qa_lead_may_change_them(world):
    page = body(client_of(manager(world)).get(reverse("insight:quality_framework")))
    assert "Outcomes are SMART" in page
    assert "Add a criterion" in page
    leader_page = client_of(world.user(Role.LEADER)).get(reverse("insight:quality_framework"))
    assert leader_page.status_code == 200
    assert "Add a criterion" not in body(leader_page)
    assert (
        client_of(world.user(Role.LEADER)).get(reverse("insight:quality_criterion_new")).status_code
        == 404
    )
    assert (
        client_of(world.user(Role.SENCO)).get(reverse("insight:quality_framework")).status_code
        == 403
    )


def test_a_stale_change_to_a_criterion_is_refused_and_keeps_what_was_typed(world):
    framework(world)
    criterion = Criterion.objects.filter(authority=world.la, section="E").first()
    url = reverse("insight:quality_criterion", args=[criterion.pk])
    client = client_of(manager(world))
    token = based_on(body(client.get(url)))
    services.criterion_save(
        actor=manager(world), authority=world.la, criterion=criterion,
        data={"section": "E", "text": "Changed by someone else", "weight": 2},
    )  # fmt: skip
    response = client.post(url, {
        "section": "E", "text": "My own words", "weight": "4", "based_on": token,
        "active": "on",
    })  # fmt: skip
    assert response.status_code == 400
    assert "Someone else changed this record" in body(response)
    assert "My own words" in body(response)
    criterion.refresh_from_db()
    assert criterion.text == "Changed by someone else"


def test_a_criterion_with_no_weight_is_refused_naming_the_field(world):
    framework(world)
    response = client_of(manager(world)).post(
        reverse("insight:quality_criterion_new"), {"section": "A", "text": "Clear"}
    )
    assert response.status_code == 400
    assert 'href="#weight"' in body(response)
    assert "Select the weight" in body(response)


def test_changing_the_framework_changes_no_sample_already_drawn(world):
    issued_plan(world.la)
    sample = draw(world, size=1)
    used = list(sample.criteria.values_list("text", "weight"))
    criterion = Criterion.objects.filter(authority=world.la, section="A").first()
    services.criterion_save(
        actor=manager(world), authority=world.la, criterion=criterion,
        data={"section": "A", "text": "A new rule", "weight": 5},
    )  # fmt: skip
    assert list(sample.criteria.values_list("text", "weight")) == used
    assert "A new rule" not in [t for t, _ in used]


# ---------------------------------------------------------------------------------------------
# Sampling


def test_a_random_sample_is_reproducible_from_its_seed_and_says_how_it_was_drawn(world):
    for _ in range(12):
        issued_plan(world.la)
    first = draw(world, size=4, seed=4242)
    again = draw(world, size=4, seed=4242)
    other = draw(world, size=4, seed=99)
    assert drawn_cases(first) == drawn_cases(again)
    assert drawn_cases(first) != drawn_cases(other)
    assert first.population == 12
    assert "seed 4242" in first.how_drawn
    assert "4 of 12" in first.how_drawn
    page = body(client_of(manager(world)).get(reverse("insight:quality_sample", args=[first.pk])))
    assert "seed 4242" in page


def test_a_sample_holds_only_the_authoritys_issued_plans_in_force_at_their_latest_version(world):
    ours = issued_plan(world.la, versions=2)
    issued_plan(world.other_la)  # another authority's
    issued_plan(world.la, draft=True)  # not issued
    issued_plan(world.la, closed=True)  # ceased: its case is closed
    sample = draw(world, size=50)
    assert [p.case_id for p in sample.plans.all()] == [ours.case_id]
    assert sample.plans.get().version.number == 2


@pytest.mark.parametrize("theme", ["need", "setting", "period", "cared_for"])
def test_each_theme_draws_only_the_plans_that_match_it(world, theme):
    special = OrganisationFactory(name="Ourshire Special School", local_authority=world.la)
    match = issued_plan(
        world.la, need="ASD", placement=special, issued_on=dt.date(2025, 3, 1), cared_for=True
    )
    issued_plan(world.la, need="SLCN", placement=world.school, issued_on=dt.date(2024, 3, 1))
    kwargs = {
        "need": {"need": "ASD"},
        "setting": {"setting": special},
        "period": {"issued_from": dt.date(2025, 1, 1), "issued_to": dt.date(2025, 12, 31)},
        "cared_for": {"cared_for": True},
    }[theme]
    sample = draw(world, size=10, **kwargs)
    assert [p.case_id for p in sample.plans.all()] == [match.case_id]
    assert sample.method == "theme"
    assert sample.population == 1


def test_a_setting_of_another_authoritys_plans_is_refused(world):
    issued_plan(world.other_la, placement=world.other_school)
    issued_plan(world.la)
    with pytest.raises(ValidationError) as error:
        draw(world, setting=world.other_school)
    assert "setting" in error.value.error_dict


def test_drawing_with_no_match_is_refused_naming_the_field(world):
    issued_plan(world.la, need="SLCN")
    framework(world)
    response = client_of(manager(world)).post(
        reverse("insight:quality_sample_new"), {"title": "Autism", "size": "5", "need": "ASD"}
    )
    assert response.status_code == 400
    assert "No issued plans match" in body(response)
    assert 'value="Autism"' in body(response)


def test_the_qa_lead_draws_a_sample_from_the_page(world):
    for _ in range(3):
        issued_plan(world.la)
    response = client_of(manager(world)).post(
        reverse("insight:quality_sample_new"), {"title": "Round 1", "size": "2", "seed": "7"}
    )
    assert response.status_code == 302
    sample = selectors.samples(world.la).get()
    assert sample.plans.count() == 2
    assert sample.seed == 7
    created = AuditEntry.objects.filter(action=AuditAction.CREATED, child_id__isnull=False)
    assert set(created.values_list("child_id", flat=True)) == {
        p.child_id for p in sample.plans.all()
    }


# ---------------------------------------------------------------------------------------------
# Auditors, grades and moderation


def audit_of(world, plan, role=Role.CASEWORKER, agency="education"):
    return services.assign(actor=manager(world), plan=plan, auditor=world.user(role), agency=agency)


def all_grades(audit, points):
    return {c.pk: (points(c), "") for c in audit.plan.sample.criteria.all()}


def one_sampled_plan(world) -> SampledPlan:
    issued_plan(world.la)
    return draw(world, size=1).plans.get()


def test_a_school_or_family_user_cannot_be_an_auditor(world):
    plan = one_sampled_plan(world)
    for role in (Role.SENCO, Role.FAMILY, Role.LEADER):
        with pytest.raises(ValidationError):
            audit_of(world, plan, role=role)
    with pytest.raises(ValidationError):
        services.assign(
            actor=manager(world), plan=plan, auditor=world.user("other_caseworker"),
            agency="education",
        )  # fmt: skip


def test_an_auditor_reads_the_issued_version_and_the_read_is_audited(world):
    plan = one_sampled_plan(world)
    audit = audit_of(world, plan, role=Role.PROFESSIONAL, agency="health")
    response = client_of(world.user(Role.PROFESSIONAL)).get(
        reverse("insight:quality_audit", args=[audit.pk])
    )
    assert response.status_code == 200
    assert "Version 1: I like trains" in body(response)  # the kept copy, not the live draft
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEWED, child_id=plan.child_id, actor=world.user(Role.PROFESSIONAL)
    ).exists()


@pytest.mark.parametrize(
    "who", [Role.CASEWORKER, Role.SENCO, Role.FAMILY, Role.LEADER, "other_caseworker"]
)
def test_only_the_assigned_auditor_reaches_an_audit(world, who):
    plan = one_sampled_plan(world)
    audit = audit_of(world, plan, role=Role.PROFESSIONAL, agency="health")
    response = client_of(world.user(who)).get(reverse("insight:quality_audit", args=[audit.pk]))
    assert response.status_code == 404
    assert AuditEntry.objects.filter(
        action=AuditAction.DENIED, child_id=plan.child_id, actor=world.user(who)
    ).exists()


@pytest.mark.parametrize("who", [Role.CASEWORKER, Role.SENCO, Role.FAMILY, Role.LEADER])
def test_only_the_qa_lead_reaches_a_sampled_plan(world, who):
    plan = one_sampled_plan(world)
    for name in ("insight:quality_plan", "insight:quality_assign", "insight:quality_findings"):
        response = client_of(world.user(who)).get(reverse(name, args=[plan.pk]))
        assert response.status_code == 404, (name, who)
    assert (
        client_of(world.user(Role.ADMINISTRATOR))
        .get(reverse("insight:quality_plan", args=[plan.pk]))
        .status_code
        == 200
    )


def test_grading_with_a_grade_missing_names_it_and_keeps_what_was_typed(world):
    plan = one_sampled_plan(world)
    audit = audit_of(world, plan)
    criteria = list(plan.sample.criteria.all())
    data = {f"grade_{c.pk}": "3" for c in criteria[1:]}
    data[f"comment_{criteria[1].pk}"] = "Clear and specific"
    response = client_of(world.user(Role.CASEWORKER)).post(
        reverse("insight:quality_audit", args=[audit.pk]), data
    )
    assert response.status_code == 400
    page = body(response)
    assert f'href="#grade_{criteria[0].pk}"' in page
    assert f"Select a grade for section {criteria[0].section}" in page
    assert "Clear and specific" in page
    assert not Grade.objects.filter(audit=audit).exists()


def test_a_grade_out_of_range_is_refused_by_the_service(world):
    plan = one_sampled_plan(world)
    audit = audit_of(world, plan)
    grades = all_grades(audit, lambda c: 3)
    first = next(iter(grades))
    grades[first] = (7, "")
    with pytest.raises(ValidationError) as error:
        services.save_grades(actor=world.user(Role.CASEWORKER), audit=audit, grades=grades)
    assert f"grade_{first}" in error.value.error_dict


def test_a_stale_save_of_grades_is_refused(world):
    plan = one_sampled_plan(world)
    audit = audit_of(world, plan)
    client = client_of(world.user(Role.CASEWORKER))
    url = reverse("insight:quality_audit", args=[audit.pk])
    token = based_on(body(client.get(url)))
    services.save_grades(
        actor=world.user(Role.CASEWORKER), audit=audit, grades=all_grades(audit, lambda c: 2)
    )
    data = {f"grade_{c.pk}": "4" for c in plan.sample.criteria.all()} | {"based_on": token}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Someone else changed this record" in body(response)
    assert set(Grade.objects.filter(audit=audit).values_list("points", flat=True)) == {2}


def test_the_qa_lead_moderates_sections_whose_grades_differ_by_more_than_one(world):
    plan = one_sampled_plan(world)
    education = audit_of(world, plan)
    health = audit_of(world, plan, role=Role.PROFESSIONAL, agency="health")
    services.save_grades(
        actor=world.user(Role.CASEWORKER),
        audit=education,
        grades=all_grades(education, lambda c: 3),
    )
    # Health grades section F inadequate (two grades below), section A requires improvement.
    services.save_grades(
        actor=world.user(Role.PROFESSIONAL), audit=health,
        grades=all_grades(health, lambda c: {"F": 1, "A": 2}.get(c.section, 3)),
    )  # fmt: skip
    result = selectors.plan_result(plan)
    assert result.awaiting_moderation == ["F"]
    assert result.sections["A"].points == 2.5
    page = body(client_of(manager(world)).get(reverse("insight:quality_plan", args=[plan.pk])))
    assert reverse("insight:quality_moderate", args=[plan.pk, "F"]) in page
    assert reverse("insight:quality_moderate", args=[plan.pk, "A"]) not in page
    url = reverse("insight:quality_moderate", args=[plan.pk, "F"])
    refused = client_of(manager(world)).post(url, {"points": "2"})
    assert refused.status_code == 400
    assert 'href="#note"' in body(refused)
    done = client_of(manager(world)).post(url, {"points": "2", "note": "Hours are not stated"})
    assert done.status_code == 302
    assert selectors.plan_result(plan).sections["F"].points == 2
    assert selectors.plan_result(plan).awaiting_moderation == []


def test_themes_and_actions_are_recorded_and_shown_to_the_caseworker(world):
    plan = one_sampled_plan(world)
    audit = audit_of(world, plan)
    services.save_grades(
        actor=world.user(Role.CASEWORKER), audit=audit, grades=all_grades(audit, lambda c: 3)
    )
    client = client_of(manager(world))
    assert (
        client.post(
            reverse("insight:quality_findings", args=[plan.pk]),
            {"themes": "outcomes not measurable, no health advice", "summary": "Mostly good"},
        ).status_code
        == 302
    )
    assert client.post(
        reverse("insight:quality_action_new", args=[plan.pk]),
        {"description": "Rewrite the outcomes", "owner": str(world.user(Role.CASEWORKER).pk),
         "due_on-day": "1", "due_on-month": "9", "due_on-year": "2026"},
    ).status_code == 302  # fmt: skip
    case_page = body(
        client_of(world.user(Role.CASEWORKER)).get(reverse("ehc:case", args=[plan.case_id]))
    )
    assert "Quality audit of the plan" in case_page
    assert "outcomes not measurable" in case_page
    assert "Rewrite the outcomes" in case_page
    action = plan.actions.get()
    assert (
        client.post(reverse("insight:quality_action_done", args=[plan.pk, action.pk])).status_code
        == 302
    )
    action.refresh_from_db()
    assert action.done_on is not None


# ---------------------------------------------------------------------------------------------
# Results


def test_the_leader_sees_the_results_as_counts_and_never_a_child(world):
    plans = [issued_plan(world.la) for _ in range(2)]
    sample = draw(world, size=2)
    for sampled, points in zip(sample.plans.all(), (4, 2), strict=True):
        audit = audit_of(world, sampled)
        services.save_grades(
            actor=world.user(Role.CASEWORKER),
            audit=audit,
            grades=all_grades(audit, lambda c, p=points: p),
        )
    response = client_of(world.user(Role.LEADER)).get(reverse("insight:quality"))
    assert response.status_code == 200
    page = body(response)
    for plan in plans:
        assert plan.case.child.last_name not in page
        assert plan.case.reference not in page
    assert reverse("insight:quality_sample", args=[sample.pk]) not in page
    # Section A: one plan at 4, one at 2: average 3.0, one Outstanding and one Requires
    # improvement.
    assert row(page, 'data-section="A"')[1:] == ["2", "3.0", "1", "0", "1", "0"]
    assert row(page, 'data-agency="Education"')[1:] == ["2", "3.0"]
    assert row(page, 'data-agency="Health"')[1] == "0"
    assert "2 of 2 asked for" in page


def test_the_auditor_sees_their_own_plans_and_the_listing_is_audited(world):
    plan = one_sampled_plan(world)
    audit_of(world, plan, role=Role.PROFESSIONAL, agency="health")
    response = client_of(world.user(Role.PROFESSIONAL)).get(reverse("insight:quality"))
    assert response.status_code == 200
    assert plan.child.last_name in body(response)
    assert "Results" not in body(response)  # an auditor is not shown the authority's results
    assert AuditEntry.objects.filter(
        child_id=plan.child_id, action=AuditAction.VIEWED, actor=world.user(Role.PROFESSIONAL)
    ).exists()


def test_the_landing_page_is_refused_to_school_and_family(world):
    for role in (Role.SENCO, Role.FAMILY):
        assert client_of(world.user(role)).get(reverse("insight:quality")).status_code == 403
