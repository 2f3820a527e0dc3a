"""The decision letters after a plan is in force: the amended plan, a decision not to amend
(after a review or a proposal) and a decision to cease (the plan kept until the appeal period
ends), each with the family's rights and recorded as ``decision_notice_sent``."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.ehc.amendments import services as amendment_services
from sendpath.ehc.amendments.selectors import CEASE_REASONS
from sendpath.ehc.cases import services
from sendpath.ehc.models import CaseEvent, Deadline
from sendpath.ehc.notices import selectors as notice_selectors
from sendpath.ehc.notices import services as notice_services
from sendpath.ehc.plans import issuing as plan_issuing
from sendpath.ehc.tests.helpers import client_for
from sendpath.ehc.tests.test_final import name_placement
from sendpath.ehc.tests.test_plan import draft_sent_case
from sendpath.people.models import Role
from sendpath.timescales.calendar import add_months

pytestmark = pytest.mark.django_db

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


def plan_in_force(world):
    """A final plan issued 40 days ago, with its notice sent the next day."""
    case = draft_sent_case(world, sent_ago=58)
    name_placement(world, case)
    plan_issuing.final_issue(actor=world.user(Role.CASEWORKER), case=case, issued_on=days_ago(40))
    notice_services.notice_sent_record(
        actor=world.user(Role.CASEWORKER), case=case, kind="final_plan_issued", sent_on=days_ago(39)
    )
    case.refresh_from_db()
    return case


def keys(case):
    return {n.kind.key: n for n in notice_selectors.notices_for(case)}


def test_the_amended_plan_has_its_notice_and_sending_it_starts_the_familys_limits(world):
    case = plan_in_force(world)
    record(world, case, "amendment_proposed", 35, reasons="Needs changed", changes="Section F")
    record(world, case, "amended_plan_issued", 20)
    notice = keys(case)["amended_plan_issued"]
    assert notice.sent is None
    assert notice.preview_on == TODAY
    assert notice.notify_regulation == "regulation 22(3)"
    client = client_for(world, Role.CASEWORKER)
    url = reverse("ehc:notice", args=[case.pk, "amended_plan_issued"])
    page = client.get(url).content.decode()
    assert "Amended education, health and care (EHC) plan issued" in page
    assert "section 51(2)(c) and (4)" in page
    assert "regulation 22(3)" in page
    assert "Contact the mediation adviser by" in page
    assert "unless your appeal is only about the school" in page
    response = client.post(
        url,
        {
            "sent_on-day": days_ago(19).day,
            "sent_on-month": days_ago(19).month,
            "sent_on-year": days_ago(19).year,
        },
    )
    assert response.status_code == 302
    event = CaseEvent.objects.get(case=case, type="decision_notice_sent", date=days_ago(19))
    assert event.details["notice"] == "amended_plan_issued"
    rows = {d.key: d for d in Deadline.objects.filter(case=case, family_limit=True)}
    assert rows["contact_mediation_adviser"].due == add_months(days_ago(19), 2)
    assert rows["appeal_deadline"].due == add_months(days_ago(19), 2)
    now = keys(case)
    assert now["amended_plan_issued"].sent == event
    assert now["amended_plan_issued"].appeal_by == rows["appeal_deadline"].due
    # The first notice keeps its own dates, from its own sending date.
    first = now["final_plan_issued"]
    assert first.sent is not None
    assert first.appeal_by == add_months(days_ago(39), 2)


@pytest.mark.parametrize("how", ["review", "proposal"])
def test_a_decision_not_to_amend_has_its_notice(world, how):
    case = plan_in_force(world)
    if how == "review":
        record(world, case, "review_meeting_held", 30)
        record(world, case, "review_decision_notified", 10, outcome="maintain", reasons="Fine")
        regulation = "regulations 20(10) and 21"
        wording = "we decided to keep the plan as it is"
    else:
        record(world, case, "amendment_proposed", 35, reasons="Needs changed", changes="F")
        record(world, case, "decided_not_to_amend", 10, reasons="The evidence did not support it")
        regulation = "regulation 22(4)"
        wording = "we decided not to make those changes"
    notice = keys(case)["not_to_amend"]
    assert notice.notify_regulation == regulation
    page = (
        client_for(world, Role.CASEWORKER)
        .get(reverse("ehc:notice", args=[case.pk, "not_to_amend"]))
        .content.decode()
    )
    assert wording in page
    assert "section 51(2)(e)" in page
    assert regulation in page
    event = notice_services.notice_sent_record(
        actor=world.user(Role.CASEWORKER), case=case, kind="not_to_amend", sent_on=days_ago(9)
    )
    assert keys(case)["not_to_amend"].sent == event


def test_a_review_that_amends_needs_no_not_to_amend_notice(world):
    case = plan_in_force(world)
    record(world, case, "review_meeting_held", 30)
    record(world, case, "review_decision_notified", 10, outcome="amend", reasons="Changes")
    assert "not_to_amend" not in keys(case)
    with pytest.raises(ValidationError):
        notice_services.notice_sent_record(
            actor=world.user(Role.CASEWORKER), case=case, kind="not_to_amend", sent_on=TODAY
        )


def test_ceasing_sends_the_notice_and_keeps_the_plan_and_the_case_until_the_appeal_date(world):
    case = plan_in_force(world)
    amendment_services.cease_plan(
        actor=world.user(Role.CASEWORKER),
        case=case,
        decided_on=days_ago(5),
        reason=next(iter(CEASE_REASONS)),
        consultation="Met the family and the school",
        notice_sent_on=days_ago(4),
    )
    case.refresh_from_db()
    notice = keys(case)["plan_ceased"]
    appeal = Deadline.objects.get(case=case, key="appeal_deadline")
    assert notice.sent is not None
    assert notice.sent.date == days_ago(4)
    assert notice.appeal_by == appeal.due == add_months(days_ago(4), 2)
    assert notice.plan_kept_until == appeal.due
    assert notice.notify_regulation == "regulation 31(2) and (3)"
    page = (
        client_for(world, Role.CASEWORKER)
        .get(reverse("ehc:notice", args=[case.pk, "plan_ceased"]))
        .content.decode()
    )
    kept = f"{appeal.due:%-d %B %Y}"
    assert f"We will keep the plan until at least {kept}" in page
    assert "section 51(2)(f)" in page
    assert "9.211" in page
    # An appeal against ceasing is one where the tribunal may recommend on health and social
    # care (the Recommendations Power Regulations 2017 cover s.51(2)(b) to (f)).
    assert "This is called an extended appeal" in page
    assert "Recommendations Power) Regulations 2017" in page
    tab = client_for(world, Role.CASEWORKER).get(reverse("ehc:notices", args=[case.pk]))
    assert f"Plan kept until at least {kept}" in tab.content.decode()
    with pytest.raises(ValidationError) as refused:
        services.case_close(actor=world.user(Role.CASEWORKER), case=case, reason="Plan ceased")
    assert kept in str(refused.value)
    case.refresh_from_db()
    assert case.closed_at is None
    # After an appeal the plan is kept until the tribunal decides.
    record(world, case, "appeal_registered", 1)
    with pytest.raises(ValidationError) as refused:
        services.case_close(actor=world.user(Role.CASEWORKER), case=case, reason="Plan ceased")
    assert "until the tribunal decides" in str(refused.value)
    # The tribunal finds for the family: the plan stays in force, and so does the case.
    record(world, case, "appeal_decided", 0, outcome="upheld")
    with pytest.raises(ValidationError) as refused:
        services.case_close(actor=world.user(Role.CASEWORKER), case=case, reason="Plan ceased")
    assert "stays in force" in str(refused.value)
    # A later decision dismissing the appeal (say, after a review by the Upper Tribunal) lets the
    # decision to cease stand: the case closes.
    record(world, case, "appeal_decided", 0, outcome="dismissed")
    closed = services.case_close(actor=world.user(Role.CASEWORKER), case=case, reason="Plan ceased")
    assert closed.closed_at is not None


def test_a_ceased_plan_whose_appeal_time_has_passed_can_close(world):
    case = plan_in_force(world)
    amendment_services.cease_plan(
        actor=world.user(Role.CASEWORKER),
        case=case,
        decided_on=days_ago(5),
        reason=next(iter(CEASE_REASONS)),
        consultation="Met the family and the school",
        notice_sent_on=days_ago(4),
    )
    appeal = Deadline.objects.get(case=case, key="appeal_deadline").due
    later = dt.datetime.combine(appeal + dt.timedelta(days=1), dt.time(12), tzinfo=dt.UTC)
    with time_machine.travel(later, tick=False):
        services.deadlines_refresh(case)
        case.refresh_from_db()
        assert case.deadlines.filter(key="annual_review", pending=True).exists()
        services.case_close(actor=world.user(Role.CASEWORKER), case=case, reason="Plan ceased")
    case.refresh_from_db()
    assert case.closed_at is not None


@pytest.mark.parametrize("kind", ["amended_plan_issued", "not_to_amend", "plan_ceased"])
def test_others_cannot_reach_the_new_letters_and_the_refusal_is_audited(world, kind):
    case = plan_in_force(world)
    record(world, case, "amendment_proposed", 35, reasons="R", changes="F")
    record(world, case, "amended_plan_issued", 20)
    record(world, case, "review_meeting_held", 15)
    record(world, case, "review_decision_notified", 12, outcome="maintain", reasons="Fine")
    amendment_services.cease_plan(
        actor=world.user(Role.CASEWORKER),
        case=case,
        decided_on=days_ago(5),
        reason=next(iter(CEASE_REASONS)),
        consultation="Met",
        notice_sent_on=days_ago(4),
    )
    url = reverse("ehc:notice", args=[case.pk, kind])
    data = {"sent_on-day": "1", "sent_on-month": "1", "sent_on-year": "2026"}
    for role, status in [
        ("other_caseworker", 404),
        ("other_senco", 404),
        (Role.LEADER, 404),
        (Role.FAMILY, 404),  # not their child
        (Role.SENCO, 403),
    ]:
        client = client_for(world, role)
        before = AuditEntry.objects.filter(action=AuditAction.DENIED).count()
        assert client.get(url).status_code == status, role
        assert client.post(url, data).status_code == status, role
        assert AuditEntry.objects.filter(action=AuditAction.DENIED).count() > before, role
    assert CaseEvent.objects.filter(case=case, type="decision_notice_sent").count() == 2
