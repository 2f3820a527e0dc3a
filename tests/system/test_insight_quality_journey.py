"""The multi-agency quality audit: the QA lead (a SEND team manager) draws a sample of issued
plans, adds an education and a health auditor; each grades the plan's issued version; their
grades for section F differ by more than one grade, so the QA lead moderates it; the leader sees
the results as counts only. axe-core on every page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sendpath.insight.models import PlanAudit, SampledPlan
from sendpath.insight.tests.quality_helpers import issued_plan
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD

from .conftest import assert_accessible, settled, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def world(transactional_db):
    from sendpath.people.tests.factories import build_world

    world = build_world()
    plans = [issued_plan(world.la) for _ in range(3)]
    return world, plans


def grade_all(page, points: str, section_f: str | None = None) -> None:
    """Choose a grade for every criterion (section F's own grade if given), then save."""
    for radio in page.locator(f'input[type="radio"][value="{points}"]').all():
        radio.check()
    if section_f:
        for group in page.locator("fieldset").all():
            if "Section F:" in (group.locator("legend").inner_text() or ""):
                group.locator(f'input[value="{section_f}"]').check()
    settled(page)
    page.get_by_role("button", name="Save grades").click()


def test_a_round_of_audit_is_drawn_graded_moderated_and_counted(browser, live_server, page, world):
    world, _plans = world
    manager = world.user(Role.MANAGER)

    # The QA lead reads the framework and draws a sample of two plans with a seed.
    sign_in(page, manager.username, PASSWORD)
    page.goto(reverse("insight:quality"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Quality of EHC plans")
    assert_accessible(page, "quality-01-landing")
    page.goto(reverse("insight:quality_framework"))
    expect(page.get_by_text("Outcomes are SMART")).to_be_visible()
    assert_accessible(page, "quality-02-framework")
    page.goto(reverse("insight:quality_sample_new"))
    assert_accessible(page, "quality-03-draw")
    page.get_by_label("Name of the audit round").fill("Spring round")
    page.get_by_label("Number of plans").fill("2")
    page.get_by_label("Seed").fill("31")
    settled(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("seed 31").first).to_be_visible()
    assert_accessible(page, "quality-04-sample")
    sampled = SampledPlan.objects.order_by("position").first()

    # Two auditors for the first plan: education and health.
    page.goto(reverse("insight:quality_plan", args=[sampled.pk]))
    assert_accessible(page, "quality-05-plan")
    for role, agency in ((Role.CASEWORKER, "Education"), (Role.PROFESSIONAL, "Health")):
        page.goto(reverse("insight:quality_assign", args=[sampled.pk]))
        page.get_by_label("Auditor").select_option(str(world.user(role).pk))
        page.get_by_label(agency, exact=True).check()
        settled(page)
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Auditor added")).to_be_visible()
    assert_accessible(page, "quality-06-auditors")

    # Each auditor grades the issued version; a grade left out is named first.
    for role, points, f in ((Role.CASEWORKER, "3", None), (Role.PROFESSIONAL, "3", "1")):
        context = browser.new_context(base_url=live_server.url, bypass_csp=True)
        auditor = context.new_page()
        sign_in(auditor, world.user(role).username, PASSWORD)
        auditor.goto(reverse("insight:quality"))
        auditor.get_by_role("link", name=sampled.child.full_name).click()
        expect(auditor.get_by_text("Version 1: I like trains")).to_be_visible()
        assert_accessible(auditor, f"quality-07-audit-{role}")
        if role == Role.CASEWORKER:
            settled(auditor)
            auditor.get_by_role("button", name="Save grades").click()
            expect(auditor.locator(".govuk-error-summary")).to_contain_text("Select a grade")
            assert_accessible(auditor, "quality-08-audit-errors")
        grade_all(auditor, points, f)
        expect(auditor.get_by_text("Audit saved")).to_be_visible()
        context.close()
    assert PlanAudit.objects.filter(plan=sampled, submitted_at__isnull=False).count() == 2

    # Section F: Good (3) against Inadequate (1) is moderated.
    page.goto(reverse("insight:quality_plan", args=[sampled.pk]))
    expect(page.get_by_text("Auditors disagree")).to_be_visible()
    page.get_by_role("link", name="Moderate section F").click()
    assert_accessible(page, "quality-09-moderate")
    page.get_by_label("Requires improvement").check()
    page.get_by_label("Why this grade was agreed").fill("Hours of therapy are not stated")
    settled(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Section F moderated")).to_be_visible()
    expect(page.get_by_text("Auditors disagree")).to_have_count(0)

    # The leader sees the results as counts only.
    leader = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
    sign_in(leader, world.user(Role.LEADER).username, PASSWORD)
    leader.goto(reverse("insight:quality"))
    expect(leader.locator('[data-count="submitted"]')).to_contain_text("2 of 2")
    expect(leader.get_by_text(sampled.child.full_name)).to_have_count(0)
    assert_accessible(leader, "quality-10-leader")
