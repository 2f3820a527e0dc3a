"""Plans in force through the pages: a SENCO runs an annual review that ends in a decision to
amend, and a plan moves from one authority to another through the transfer file."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from sendpath.ehc.cases import services
from sendpath.ehc.models import Case, CaseEvent
from sendpath.ehc.plans import selectors as plan_selectors
from sendpath.ehc.plans import services as plan_services
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD, build_world
from sendpath.timescales.calendar import add_months

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def world(transactional_db):
    return build_world()


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def shown(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def fill_date(page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def deadline_row(page, label: str):
    return page.locator("tr").filter(has=page.get_by_role("cell", name=label, exact=True))


def expect_deadline(page, label: str, due: dt.date, status: str) -> None:
    row = deadline_row(page, label)
    expect(row).to_contain_text(shown(due))
    expect(row).to_contain_text(status)


def sign_out(page) -> None:
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to sendpath")).to_be_visible()


def plan_in_force(world, *, issued_ago: int, with_items: bool = False) -> Case:
    """A case for world.ours whose final plan was issued ``issued_ago`` days ago."""
    actor = world.user(Role.CASEWORKER)
    start = issued_ago + 150

    def step(type: str, days: int, **details: str) -> None:
        services.event_record(
            actor=actor, case=case, type=type, date=days_ago(days), details=details
        )

    case = services.case_open(
        actor=actor, child=world.ours, source="parent", received_on=days_ago(start)
    )
    step("decision_to_assess", start - 30, outcome="yes")
    step("assessment_outcome", start - 100, outcome="plan")
    if with_items:
        plan = plan_selectors.plan_for(case, actor)
        need = plan_services.need_save(
            actor=actor,
            plan=plan,
            area="Communication and interaction",
            description="Difficulty following spoken instructions of more than two steps",
        )
        plan_services.outcome_save(
            actor=actor,
            plan=plan,
            what="Follow three-step classroom instructions independently",
            by_when="By the end of Year 7",
            how_measured="Speech and language therapist's assessment each term",
            needs=[need],
        )
        plan_services.provision_save(
            actor=actor,
            plan=plan,
            section="F",
            what="Speech and language therapy in a group of 3 on following instructions",
            who="Speech and language therapist",
            how_often="Once a week",
            how_long="30 minutes each session, for 2 terms",
            needs=[need],
        )
    step("draft_plan_sent", start - 110)
    step("final_plan_issued", issued_ago)
    case.refresh_from_db()
    assert case.stage == "final_issued"
    return case


def test_senco_runs_an_annual_review_and_the_authority_decides_to_amend(page, world):
    today = timezone.localdate()
    issued = days_ago(335)  # about 11 months ago: the review is due in the next 8 weeks
    case = plan_in_force(world, issued_ago=335)
    child = world.ours
    review_due = add_months(issued, 12)
    # The meeting took place last week: a meeting still to come cannot be recorded as held.
    meeting, invited, reported = days_ago(10), days_ago(30), days_ago(3)

    sign_in(page, "senco", PASSWORD)
    page.get_by_role("link", name="Reviews", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Reviews of plans in force: {world.school.name}"
    )
    row = page.get_by_role("row").filter(
        has=page.get_by_role("link", name=f"{child.last_name}, {child.first_name}")
    )
    expect(row).to_contain_text(shown(review_due))
    expect(row).to_contain_text(f"in {(review_due - today).days} days")
    assert_accessible(page, "r01-reviews-senco")
    page.get_by_role("link", name="Review due in the next 8 weeks").click()
    expect(row).to_be_visible()

    page.get_by_role("link", name=f"{child.last_name}, {child.first_name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Reviews: {child.full_name}")
    expect_deadline(page, "Annual review meeting", review_due, "Due")
    expect(deadline_row(page, "Send review invitations")).to_have_count(0)
    expect(page.get_by_role("link", name="Record the decision")).to_have_count(0)
    assert_accessible(page, "r02-review")

    # Schedule the meeting: an early review without its reason is refused.
    page.get_by_role("button", name="Schedule a review meeting").click()
    assert_accessible(page, "r03-schedule")
    page.get_by_label("Early review (circumstances have changed)").check()
    fill_date(page, "Date of the meeting", meeting)
    events = CaseEvent.objects.filter(case=case).count()
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why the review is being held early"
    )
    expect(page.get_by_label("Early review (circumstances have changed)")).to_be_checked()
    expect(page.get_by_role("group", name="Date of the meeting").get_by_label("Day")).to_have_value(
        str(meeting.day)
    )
    assert_accessible(page, "r04-schedule-errors")
    assert CaseEvent.objects.filter(case=case).count() == events
    page.get_by_label("Annual review", exact=True).check()
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Review meeting scheduled")
    # The invitations were due 2 weeks before the meeting and are not recorded yet.
    expect_deadline(page, "Send review invitations", meeting - dt.timedelta(weeks=2), "Overdue")

    # Record the invitations sent, to everyone the page suggests.
    page.get_by_role("button", name="Record invitations sent").click()
    expect(page.get_by_label(f"{child.full_name} (the child or young person)")).to_be_checked()
    assert_accessible(page, "r05-invitations")
    fill_date(page, "Date the invitations were sent", invited)
    page.get_by_role("button", name="Record the invitations").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Invitations recorded")
    expect_deadline(
        page, "Send review invitations", meeting - dt.timedelta(weeks=2), "Done on time"
    )
    expect(deadline_row(page, "Send review invitations")).to_contain_text(shown(invited))

    # Record the meeting held: the report and the decision deadlines start from it.
    page.get_by_role("button", name="Record the meeting held").click()
    assert_accessible(page, "r06-held")
    fill_date(page, "Date the meeting was held", meeting)
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Review meeting recorded")
    expect_deadline(page, "Review report", meeting + dt.timedelta(weeks=2), "Due")
    expect_deadline(page, "Decision after the review", meeting + dt.timedelta(weeks=4), "Due")
    # The next annual review now runs from this meeting.
    expect_deadline(page, "Annual review meeting", add_months(meeting, 12), "Due")
    assert_accessible(page, "r07-review-held")

    # The review report: dated before the meeting is refused, and what was typed is kept.
    page.get_by_role("button", name="Record the review report").click()
    recommendations = (
        "Amend section F: add weekly speech and language therapy; update the outcomes for Year 7"
    )
    fill_date(page, "Date the review report was received", meeting - dt.timedelta(days=2))
    page.get_by_label("Recommendations").fill(recommendations)
    page.get_by_label("Any disagreement").fill("None: the family agree with the changes")
    events = CaseEvent.objects.filter(case=case).count()
    page.get_by_role("button", name="Record the report").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text("on or after")
    expect(page.get_by_label("Recommendations")).to_have_value(recommendations)
    assert_accessible(page, "r08-report-errors")
    assert CaseEvent.objects.filter(case=case).count() == events
    fill_date(page, "Date the review report was received", reported)
    page.get_by_role("button", name="Record the report").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Review report recorded")
    expect_deadline(page, "Review report", meeting + dt.timedelta(weeks=2), "Done on time")
    expect_deadline(page, "Decision after the review", meeting + dt.timedelta(weeks=4), "Due")
    expect(page.get_by_role("heading", name="Latest review report")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text(recommendations)
    assert_accessible(page, "r09-review-reported")

    # The SENCO cannot record the authority's decision.
    page.goto(reverse("ehc:review_decision", args=[case.pk]))
    expect(page.get_by_role("heading", name="You do not have access to this page")).to_be_visible()
    sign_out(page)

    # The caseworker finds the plan awaiting the decision and records it.
    sign_in(page, "caseworker", PASSWORD)
    page.get_by_role("link", name="Reviews", exact=True).first.click()
    page.get_by_role("link", name="Awaiting the authority's decision").click()
    assert_accessible(page, "r10-reviews-awaiting-decision")
    page.get_by_role("link", name=f"{child.last_name}, {child.first_name}").click()
    page.get_by_role("button", name="Record the decision").click()
    assert_accessible(page, "r11-decision")
    reasons = "The review shows the plan's provision no longer meets the needs in section B"
    page.get_by_label("Reasons for the decision").fill(reasons)
    fill_date(page, "Date the family was notified", today)
    events = CaseEvent.objects.filter(case=case).count()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("decision")
    expect(page.get_by_label("Reasons for the decision")).to_have_value(reasons)
    assert_accessible(page, "r12-decision-errors")
    assert CaseEvent.objects.filter(case=case).count() == events
    page.get_by_label("Amend the plan").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision recorded")
    expect_deadline(
        page, "Decision after the review", meeting + dt.timedelta(weeks=4), "Done on time"
    )
    expect(page.get_by_role("heading", name="Decision and the family's rights")).to_be_visible()
    expect(page.get_by_text("they have 15 days to comment on the changes")).to_be_visible()
    expect(page.get_by_role("cell", name="Review decision sent to the family")).to_be_visible()
    assert_accessible(page, "r13-decided")

    deadlines = {d.key: d for d in case.deadlines.all()}
    for key in ("review_invitations", "review_report", "review_decision"):
        assert deadlines[key].status == "met", key
    decision = CaseEvent.objects.get(case=case, type="review_decision_notified")
    assert decision.details["outcome"] == "amend"


def test_a_plan_is_exported_and_imported_by_the_new_authority(page, world, tmp_path):
    today = timezone.localdate()
    case = plan_in_force(world, issued_ago=200, with_items=True)
    child = world.ours
    learned = days_ago(2)

    sign_in(page, "caseworker", PASSWORD)
    page.goto(case.get_absolute_url())
    page.get_by_role("button", name="Move to another authority").click()
    expect(page.get_by_text("No move has been recorded for this child")).to_be_visible()
    assert_accessible(page, "t01-transfer-out-empty")
    page.get_by_role("link", name="Record a move to another authority").click()

    # The move, first without saying how the authority learned of it.
    fill_date(page, "Date of the move", today + dt.timedelta(days=14))
    page.get_by_label("New authority").select_option(str(world.other_la.pk))
    fill_date(page, "Date you learned of the move", learned)
    events = CaseEvent.objects.filter(case=case).count()
    page.get_by_role("button", name="Record the move").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("how you learned of the move")
    expect(page.get_by_label("New authority")).to_have_value(str(world.other_la.pk))
    assert_accessible(page, "t02-move-errors")
    assert CaseEvent.objects.filter(case=case).count() == events
    page.get_by_label("How you learned of the move").fill("A letter from the family")
    page.get_by_role("button", name="Record the move").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Move recorded")
    summary = page.locator(".govuk-summary-list")
    expect(summary).to_contain_text(world.other_la.name)
    expect(summary).to_contain_text("Transfer the plan by")
    moved = today + dt.timedelta(days=14)
    expect(summary).to_contain_text(f"{moved.day} {moved:%B %Y}")
    due = case.deadlines.get(key="transfer_plan_out").due
    expect(summary).to_contain_text(shown(due))
    assert_accessible(page, "t03-transfer-out")

    # Download the transfer file and mark the plan as transferred.
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the plan transfer file (JSON)").click()
    download = info.value
    assert download.suggested_filename == f"plan-transfer-{case.reference}.json"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    data = json.loads(path.read_text())
    assert [n["description"] for n in data["plan"]["needs"]] == [
        "Difficulty following spoken instructions of more than two steps"
    ]
    page.get_by_role("button", name="Mark the plan as transferred").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Plan marked as transferred")
    transferred = summary.locator(".govuk-summary-list__row").filter(
        has=page.get_by_text("Plan transferred", exact=True)
    )
    expect(transferred).to_contain_text(shown(today))
    expect(page.get_by_role("button", name="Mark the plan as transferred")).to_have_count(0)
    sign_out(page)

    # The old authority closes its case in its own database.
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now())
    cases = Case.objects.count()

    # The new authority imports the file: a file that is not a plan transfer is refused.
    sign_in(page, "other_caseworker", PASSWORD)
    page.get_by_role("link", name="Worklist").first.click()
    page.get_by_role("link", name="Import a transferred plan").click()
    expect(page.get_by_role("heading", name="Import a plan from another authority")).to_be_visible()
    assert_accessible(page, "t04-import")
    page.get_by_label("Plan transfer file").set_input_files(
        {"name": "not-a-plan.json", "mimeType": "application/json", "buffer": b"{}"}
    )
    page.get_by_role("button", name="Import the plan").click()
    errors = page.locator(".govuk-error-summary")
    expect(errors).to_contain_text("The file is not a valid plan transfer")
    expect(errors).to_contain_text("format: is required")
    assert_accessible(page, "t05-import-errors")
    assert Case.objects.count() == cases

    page.get_by_label("Plan transfer file").set_input_files(str(path))
    page.get_by_role("button", name="Import the plan").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Plan imported as case")
    new = Case.objects.get(child=child, closed_at__isnull=True)
    assert new.authority == world.other_la
    assert new.pk != case.pk
    expect(page.get_by_role("heading", level=1)).to_contain_text(child.full_name)
    expect_deadline(
        page, "Tell the family how the plan will continue", today + dt.timedelta(weeks=6), "Due"
    )
    for label in (
        "Plan transferred in from another authority",
        "Final plan issued",
        "Draft plan sent to the family",
        "Request for an EHC needs assessment received",
    ):
        expect(page.get_by_role("cell", name=label).first).to_be_visible()
    # The old authority's duty to send the plan is not the new authority's deadline.
    expect(page.get_by_role("cell", name="Transfer the plan to the new authority")).to_have_count(0)
    assert_accessible(page, "t06-imported-case")

    page.get_by_role("link", name="Plan", exact=True).click()
    expect(
        page.get_by_text("Difficulty following spoken instructions of more than two steps").first
    ).to_be_visible()
    assert_accessible(page, "t07-imported-plan")
