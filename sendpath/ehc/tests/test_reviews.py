"""Plans in force: annual, early and interim reviews, the reviews worklist and phase transfers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sendpath.ehc.models import Case, CaseEvent, Stage
from sendpath.ehc.reviews import selectors as review_selectors
from sendpath.ehc.reviews import services as review_services
from sendpath.people.models import Child, Role

from .helpers import client_for, date_fields, days_ago, open_case, record


def in_force(world, *, child=None, issued_ago: int = 300) -> Case:
    """A case whose final plan was issued ``issued_ago`` days ago."""
    start = issued_ago + 150
    case = open_case(world, child=child, received_days_ago=start)
    record(world, case, "decision_to_assess", start - 30, outcome="yes")
    record(world, case, "assessment_outcome", start - 100, outcome="plan")
    record(world, case, "draft_plan_sent", start - 110)
    record(world, case, "final_plan_issued", issued_ago)
    case.refresh_from_db()
    assert case.stage == Stage.FINAL_ISSUED
    return case


def keys(case: Case) -> dict[str, object]:
    return {d.key: d for d in case.deadlines.all()}


def count(case: Case) -> int:
    return CaseEvent.objects.filter(case=case).count()


@pytest.fixture
def case(world):
    return in_force(world)


# ---------------------------------------------------------------------------------------------
# Services


def test_annual_review_deadline_from_issue(world, case):
    review = keys(case)["annual_review"]
    issued = days_ago(300)
    assert review.due.year == issued.year + 1
    assert review.pending


def test_full_cycle_completes_each_deadline(world, case):
    actor = world.user(Role.SENCO)
    review_services.review_schedule(actor=actor, case=case, meeting_on=days_ago(20))
    assert "review_invitations" in keys(case)
    invitees = review_selectors.invitees_for(case)
    review_services.invitations_record(
        actor=actor, case=case, sent_on=days_ago(40), invitees=list(invitees)
    )
    review_services.meeting_record(actor=actor, case=case, held_on=days_ago(20))
    d = keys(case)
    assert not d["review_invitations"].pending
    assert d["review_report"].pending
    assert d["review_decision"].pending
    review_services.report_record(
        actor=actor, case=case, received_on=days_ago(10), recommendations="Keep support"
    )
    review_services.decision_record(
        actor=world.user(Role.CASEWORKER),
        case=case,
        outcome="amend",
        reasons="Needs have changed",
        decided_on=days_ago(5),
    )
    d = keys(case)
    assert not d["review_report"].pending
    assert not d["review_decision"].pending
    # The next annual review runs 12 months from the meeting held.
    assert d["annual_review"].due.year == days_ago(20).year + 1
    event = CaseEvent.objects.get(case=case, type="review_decision_notified")
    assert event.details["outcome"] == "amend"


def test_invitees_list_family_young_person_and_professionals(world):
    case = in_force(world, child=world.linked)
    people = review_selectors.invitees_for(case)
    assert "young_person" in people
    assert f"professional:{world.user(Role.PROFESSIONAL).pk}" in people


def test_invitations_need_someone(world, case):
    before = count(case)
    with pytest.raises(ValidationError) as error:
        review_services.invitations_record(
            actor=world.user(Role.SENCO), case=case, sent_on=days_ago(1), invitees=["nobody"]
        )
    assert "invitees" in error.value.message_dict
    assert count(case) == before


def test_early_review_needs_a_reason(world, case):
    with pytest.raises(ValidationError) as error:
        review_services.review_schedule(
            actor=world.user(Role.SENCO), case=case, meeting_on=days_ago(1), kind="early"
        )
    assert "reason" in error.value.message_dict
    event = review_services.review_schedule(
        actor=world.user(Role.SENCO),
        case=case,
        meeting_on=days_ago(1),
        kind="interim",
        reason="Moved into care",
    )
    assert event.details["kind"] == "interim"


def test_future_meeting(world, case):
    meeting = timezone.localdate() + dt.timedelta(days=30)
    review_services.review_schedule(actor=world.user(Role.SENCO), case=case, meeting_on=meeting)
    assert keys(case)["review_invitations"].due == meeting - dt.timedelta(days=14)


def test_report_from_year_9_needs_adulthood_sections(world):
    Child.objects.filter(pk=world.ours.pk).update(date_of_birth=dt.date(2011, 1, 10))
    world.ours.refresh_from_db()
    case = in_force(world)
    review_services.meeting_record(actor=world.user(Role.SENCO), case=case, held_on=days_ago(10))
    before = count(case)
    with pytest.raises(ValidationError) as error:
        review_services.report_record(
            actor=world.user(Role.SENCO), case=case, received_on=days_ago(5), recommendations="x"
        )
    assert set(review_selectors.PFA_SECTIONS) <= set(error.value.message_dict)
    assert count(case) == before
    event = review_services.report_record(
        actor=world.user(Role.SENCO),
        case=case,
        received_on=days_ago(5),
        recommendations="x",
        adulthood=dict.fromkeys(review_selectors.PFA_SECTIONS, "Discussed"),
    )
    assert event.details["preparing_for_adulthood"]["employment"] == "Discussed"


def test_curriculum_year():
    assert review_selectors.curriculum_year(dt.date(2015, 3, 2), dt.date(2026, 11, 22)) == 7
    assert review_selectors.curriculum_year(dt.date(2015, 9, 1), dt.date(2026, 11, 22)) == 6
    assert review_selectors.curriculum_year(dt.date(2015, 8, 31), dt.date(2026, 11, 22)) == 7


def test_reviews_refused_before_plan(world):
    case = open_case(world)
    with pytest.raises(ValidationError):
        review_services.meeting_record(
            actor=world.user(Role.CASEWORKER), case=case, held_on=days_ago(1)
        )


def test_phase_transfer_deadline_and_list(world, case):
    year = review_selectors.transfer_year()
    review_services.phase_transfer_record(
        actor=world.user(Role.CASEWORKER), case=case, year=year, kind="school"
    )
    deadline = keys(case)["phase_transfer_review"]
    assert deadline.due == dt.date(year, 2, 14)
    rows = review_selectors.transfers(user=world.user(Role.CASEWORKER), year=year)
    assert [r.case for r in rows] == [case]
    assert review_selectors.transfers(user=world.user("other_caseworker"), year=year) == []
    with pytest.raises(ValidationError) as error:
        review_services.phase_transfer_record(
            actor=world.user(Role.CASEWORKER), case=case, year=1999, kind="school"
        )
    assert "year" in error.value.message_dict


def test_worklist_groups(world, case):
    caseworker = world.user(Role.CASEWORKER)
    overdue = in_force(world, child=world.ours_cared_for, issued_ago=400)
    assert list(review_selectors.review_worklist(user=caseworker, group="overdue")) == [overdue]
    review_services.meeting_record(actor=caseworker, case=overdue, held_on=days_ago(3))
    assert list(review_selectors.review_worklist(user=caseworker, group="awaiting_report")) == [
        overdue
    ]
    assert list(review_selectors.review_worklist(user=caseworker, group="awaiting_decision")) == [
        overdue
    ]
    assert list(review_selectors.review_worklist(user=caseworker, group="overdue")) == []
    soon = in_force(world, child=world.linked, issued_ago=330)
    assert list(review_selectors.review_worklist(user=caseworker, group="due_soon")) == [soon]
    # Filter by school: the linked child attends none.
    school = list(review_selectors.review_worklist(user=caseworker, school_id=str(world.school.pk)))
    assert soon not in school
    assert case in school
    # A SENCO sees their own pupils only.
    senco = list(review_selectors.review_worklist(user=world.user(Role.SENCO)))
    assert set(senco) == {case, overdue}


# ---------------------------------------------------------------------------------------------
# Views


def test_worklist_page_for_team_and_senco(world, case):
    response = client_for(world, Role.CASEWORKER).get(reverse("ehc:reviews"))
    assert response.status_code == 200
    assert case.reference in response.content.decode()
    response = client_for(world, Role.SENCO).get(reverse("ehc:reviews") + "?show=due_soon")
    assert response.status_code == 200
    assert world.school.name in response.content.decode()
    response = client_for(world, "other_senco").get(reverse("ehc:reviews"))
    assert case.reference not in response.content.decode()


@pytest.mark.parametrize("role", [Role.LEADER, Role.FAMILY, Role.PROFESSIONAL])
def test_lists_refused(world, role):
    client = client_for(world, role)
    assert client.get(reverse("ehc:reviews")).status_code == 403
    assert client.get(reverse("ehc:transfers")).status_code == 403


def test_review_page_scoping(world, case):
    url = reverse("ehc:review", args=[case.pk])
    assert client_for(world, Role.CASEWORKER).get(url).status_code == 200
    assert client_for(world, Role.SENCO).get(url).status_code == 200
    assert client_for(world, "other_senco").get(url).status_code == 404
    assert client_for(world, "other_caseworker").get(url).status_code == 404
    assert client_for(world, Role.LEADER).get(url).status_code == 404
    family_case = in_force(world, child=world.family_child)
    family_url = reverse("ehc:review", args=[family_case.pk])
    assert client_for(world, Role.FAMILY).get(family_url).status_code == 403
    assert client_for(world, Role.FAMILY).get(url).status_code == 404


def test_senco_runs_review_team_decides(world, case):
    senco = client_for(world, Role.SENCO)
    response = senco.post(
        reverse("ehc:review_schedule", args=[case.pk]),
        {"kind": "annual", **date_fields("meeting_on", days_ago(20))},
    )
    assert response.status_code == 302
    invitees = list(review_selectors.invitees_for(case))
    response = senco.post(
        reverse("ehc:review_invitations", args=[case.pk]),
        {"invitees": invitees, **date_fields("sent_on", days_ago(40))},
    )
    assert response.status_code == 302
    response = senco.post(
        reverse("ehc:review_held", args=[case.pk]), date_fields("held_on", days_ago(20))
    )
    assert response.status_code == 302
    response = senco.post(
        reverse("ehc:review_report", args=[case.pk]),
        {"recommendations": "Amend section F", **date_fields("received_on", days_ago(10))},
    )
    assert response.status_code == 302
    decision_url = reverse("ehc:review_decision", args=[case.pk])
    assert senco.get(decision_url).status_code == 403
    team = client_for(world, Role.CASEWORKER)
    response = team.post(
        decision_url,
        {"outcome": "cease", "reasons": "Outcomes met", **date_fields("decided_on", days_ago(2))},
    )
    assert response.status_code == 302
    page = team.get(reverse("ehc:review", args=[case.pk])).content.decode()
    assert "appeal to the SEND Tribunal" in page
    assert "Stop maintaining the plan" in page


BAD_POSTS = [
    ("ehc:review_schedule", {"kind": "early"}, ["meeting_on"]),
    ("ehc:review_schedule", {"kind": "early", "meeting_on-day": "1"}, ["meeting_on"]),
    ("ehc:review_invitations", {"sent_on-day": "1", "sent_on-month": "1"}, ["sent_on", "invitees"]),
    (
        "ehc:review_held",
        {"held_on-day": "31", "held_on-month": "2", "held_on-year": "2025"},
        ["held_on"],
    ),
    ("ehc:review_report", {}, ["received_on", "recommendations"]),
    ("ehc:review_decision", {"outcome": "sideways"}, ["outcome", "reasons", "decided_on"]),
    ("ehc:phase_transfer", {"kind": "school", "year": "next"}, ["year"]),
    ("ehc:phase_transfer", {"year": "2027"}, ["kind"]),
]


@pytest.mark.parametrize(("name", "data", "fields"), BAD_POSTS)
def test_bad_input_saves_nothing(world, case, name, data, fields):
    before = count(case)
    response = client_for(world, Role.CASEWORKER).post(reverse(name, args=[case.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    for field in fields:
        assert f'href="#{field}' in page
    assert count(case) == before


def test_service_errors_shown_on_the_field(world, case):
    before = count(case)
    response = client_for(world, Role.SENCO).post(
        reverse("ehc:review_schedule", args=[case.pk]),
        {"kind": "early", **date_fields("meeting_on", days_ago(3))},
    )
    assert response.status_code == 400
    assert 'href="#reason"' in response.content.decode()
    # A meeting held before the plan was issued conflicts with nothing the engine checks,
    # but a report dated before the meeting is refused and named on the date.
    client_for(world, Role.SENCO).post(
        reverse("ehc:review_held", args=[case.pk]), date_fields("held_on", days_ago(5))
    )
    response = client_for(world, Role.SENCO).post(
        reverse("ehc:review_report", args=[case.pk]),
        {"recommendations": "x", **date_fields("received_on", days_ago(9))},
    )
    assert response.status_code == 400
    assert 'href="#received_on' in response.content.decode()
    assert count(case) == before + 1


def test_step_pages_scoped(world, case):
    for name in ("ehc:review_schedule", "ehc:review_held", "ehc:phase_transfer"):
        url = reverse(name, args=[case.pk])
        assert client_for(world, "other_senco").get(url).status_code == 404
        assert client_for(world, "other_caseworker").post(url, {}).status_code == 404
        assert client_for(world, Role.SENCO).get(url).status_code == 200


def test_transfers_page(world, case):
    year = review_selectors.transfer_year()
    review_services.phase_transfer_record(
        actor=world.user(Role.CASEWORKER), case=case, year=year, kind="post16"
    )
    response = client_for(world, Role.SENCO).get(reverse("ehc:transfers"))
    assert response.status_code == 200
    page = response.content.decode()
    assert case.reference in page
    assert "31 March" in page
    response = client_for(world, "other_senco").get(reverse("ehc:transfers"))
    assert case.reference not in response.content.decode()
