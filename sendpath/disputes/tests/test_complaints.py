"""Complaints and disagreement resolution: deadlines in the authority's working days (bank
holidays skipped), stages in order only, each role's reach, the family's own complaint from
their pages, bad input kept, and the audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sendpath.core.models import AuditAction, AuditEntry, NotifyMessage
from sendpath.disputes.complaints import selectors, services
from sendpath.disputes.models import Complaint, ComplaintSettings, ComplaintStage
from sendpath.people.models import Role
from sendpath.portal.tests.asking_support import body, build_family, client_of

pytestmark = pytest.mark.django_db

# Friday 18 December 2026: 10 working days on skip the weekends, Christmas Day (Fri 25th),
# Boxing Day (substitute Monday 28th) and New Year's Day (Fri 1 January 2027).
BEFORE_CHRISTMAS = dt.date(2026, 12, 18)


@pytest.fixture
def family(world):
    return build_family(world)


def raise_one(world, child=None, *, about="send_service", kind="complaint", received_on=None):
    return services.complaint_raise(
        actor=world.user(Role.CASEWORKER),
        child=child or world.ours,
        kind=kind,
        about=about,
        about_name="" if about == "send_service" else "Ourshire Primary",
        summary="The plan was late",
        raised_by="The child's mother",
        received_on=received_on or timezone.localdate(),
        today=timezone.localdate()
        if received_on is None
        else max(received_on, timezone.localdate()),
    )


# ---------------------------------------------------------------------------------------------
# Deadlines


def test_stage_1_is_due_in_10_working_days_skipping_christmas_bank_holidays(world):
    complaint = raise_one(world, received_on=BEFORE_CHRISTMAS)
    stage = complaint.stages.get()
    assert stage.working_days == 10
    # Working days: 21, 22, 23, 24, 29, 30, 31 Dec; 4, 5, 6 Jan.
    assert stage.due_on == dt.date(2027, 1, 6)


def test_the_authority_sets_its_own_working_days(world):
    services.settings_save(
        actor=world.user(Role.MANAGER),
        authority=world.la,
        stage_1_days=5,
        stage_2_days=15,
        ombudsman_days=20,
    )
    complaint = raise_one(world, received_on=BEFORE_CHRISTMAS)
    # Working days: 21, 22, 23, 24 and 29 December (25 and 28 are bank holidays).
    assert complaint.stages.get().due_on == dt.date(2026, 12, 29)
    services.complaint_move(
        actor=world.user(Role.CASEWORKER),
        complaint=complaint,
        to="stage_2",
        started_on=BEFORE_CHRISTMAS,
        today=max(BEFORE_CHRISTMAS, timezone.localdate()),
    )
    second = complaint.stages.get(stage="stage_2")
    assert second.working_days == 15
    assert second.due_on == selectors.response_due(world.la, "stage_2", BEFORE_CHRISTMAS)


def test_another_authoritys_times_do_not_apply(world):
    ComplaintSettings.objects.create(authority=world.other_la, stage_1_days=3)
    complaint = raise_one(world)
    assert complaint.stages.get().working_days == 10


# ---------------------------------------------------------------------------------------------
# Stages in order


def test_stages_move_in_order_only(world):
    complaint = raise_one(world)
    today = timezone.localdate()
    caseworker = world.user(Role.CASEWORKER)
    with pytest.raises(ValidationError):
        services.complaint_move(
            actor=caseworker, complaint=complaint, to="ombudsman", started_on=today, today=today
        )
    services.complaint_move(
        actor=caseworker, complaint=complaint, to="stage_2", started_on=today, today=today
    )
    with pytest.raises(ValidationError):
        services.complaint_move(
            actor=caseworker, complaint=complaint, to="stage_2", started_on=today, today=today
        )
    services.complaint_move(
        actor=caseworker, complaint=complaint, to="ombudsman", started_on=today, today=today
    )
    complaint.refresh_from_db()
    assert complaint.stage == "ombudsman"
    assert list(complaint.stages.values_list("stage", flat=True)) == [
        "stage_1",
        "stage_2",
        "ombudsman",
    ]
    services.complaint_close(
        actor=caseworker, complaint=complaint, outcome="upheld", outcome_on=today, today=today
    )
    with pytest.raises(ValidationError):
        services.complaint_move(
            actor=caseworker, complaint=complaint, to="stage_2", started_on=today, today=today
        )


def test_only_a_school_or_health_complaint_is_passed_on(world):
    today = timezone.localdate()
    caseworker = world.user(Role.CASEWORKER)
    council = raise_one(world)
    with pytest.raises(ValidationError):
        services.complaint_move(
            actor=caseworker, complaint=council, to="passed_on", passed_to="x", started_on=today,
            today=today,
        )  # fmt: skip
    school = raise_one(world, about="school")
    services.complaint_move(
        actor=caseworker, complaint=school, to="passed_on", passed_to="The governing board",
        started_on=today, today=today,
    )  # fmt: skip
    school.refresh_from_db()
    assert (school.stage, school.passed_to) == ("passed_on", "The governing board")
    assert not school.is_open


def test_disagreement_resolution_is_for_schools_and_health_and_is_arranged(world):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        raise_one(world, kind="resolution")
    resolution = raise_one(world, kind="resolution", about="health")
    assert resolution.stage == "requested"
    assert resolution.stages.get().due_on is None
    services.resolution_arrange(
        actor=world.user(Role.CASEWORKER), complaint=resolution, arranged_with="Independent DR",
        meeting_on=today + dt.timedelta(days=10), today=today,
    )  # fmt: skip
    resolution.refresh_from_db()
    assert resolution.stage == "arranged"
    with pytest.raises(ValidationError):  # a complaint's outcome is not a resolution's
        services.complaint_close(
            actor=world.user(Role.CASEWORKER), complaint=resolution, outcome="upheld",
            outcome_on=today, today=today,
        )  # fmt: skip


def test_counts_by_kind_outcome_and_stage(world):
    today = timezone.localdate()
    raise_one(world)
    closed = raise_one(world)
    services.complaint_close(
        actor=world.user(Role.CASEWORKER), complaint=closed, outcome="partly_upheld",
        outcome_on=today, today=today,
    )  # fmt: skip
    raise_one(world, world.theirs)  # another authority's child
    counts = selectors.counts_for(world.user(Role.LEADER))
    assert counts["total"] == 2
    assert {r["value"]: r["count"] for r in counts["by_stage"]}["stage_1"] == 1
    assert {r["value"]: r["count"] for r in counts["by_outcome"]}["partly_upheld"] == 1


# ---------------------------------------------------------------------------------------------
# Pages and reach


def test_the_list_shows_overdue_and_filters(world):
    old = raise_one(world, received_on=timezone.localdate() - dt.timedelta(days=40))
    raise_one(world)
    client = client_of(world.user(Role.CASEWORKER))
    page = body(client.get(reverse("disputes:complaints")))
    assert "1 response is overdue" in page
    assert "Overdue" in page
    page = body(client.get(reverse("disputes:complaints") + "?overdue=on"))
    assert "1 found" in page
    assert reverse("disputes:complaint", args=[old.pk]) in page
    assert client.get(reverse("disputes:complaints") + "?stage=nonsense").status_code == 400


@pytest.mark.parametrize(
    ("who", "status"),
    [("other_caseworker", 404), ("senco", 404), ("virtual_school", 404), ("family", 404)],
)
def test_others_cannot_reach_a_complaint(world, family, who, status):
    complaint = raise_one(world)
    user = {
        "other_caseworker": world.users["other_caseworker"],
        "senco": world.user(Role.SENCO),
        "virtual_school": world.user(Role.VIRTUAL_SCHOOL),
        "family": family.parent,
    }[who]
    client = client_of(user)
    for name in ("disputes:complaint", "disputes:complaint_respond", "disputes:complaint_close"):
        assert client.get(reverse(name, args=[complaint.pk])).status_code == status
    assert AuditEntry.objects.filter(actor=user, action=AuditAction.DENIED).exists()
    assert not AuditEntry.objects.filter(
        actor=user, action=AuditAction.VIEWED, child_id=complaint.child_id
    ).exists()
    listing = client.get(reverse("disputes:complaints"))
    if who == "other_caseworker":  # their own authority's list: none of ours
        assert listing.status_code == 200
        assert complaint.child.full_name not in body(listing)
    else:
        assert listing.status_code == 403


def test_another_authoritys_caseworker_cannot_add_one_for_our_child(world):
    client = client_of(world.users["other_caseworker"])
    url = reverse("disputes:complaint_add", args=[world.ours.pk])
    assert client.get(url).status_code == 404
    data = {"kind": "complaint", "about": "send_service", "summary": "x", "raised_by": "y"}
    assert client.post(url, data).status_code == 404
    assert not Complaint.objects.exists()


def test_a_leader_sees_counts_only(world):
    complaint = raise_one(world)
    client = client_of(world.user(Role.LEADER))
    assert client.get(reverse("disputes:complaints")).status_code == 403
    assert client.get(reverse("disputes:complaint", args=[complaint.pk])).status_code == 404
    page = body(client.get(reverse("disputes:complaint_counts")))
    assert "1 in all" in page
    assert complaint.child.last_name not in page


def test_another_family_cannot_raise_one_for_a_child_not_theirs(world, family):
    client = client_of(family.other_parent)
    url = reverse("disputes:family_complaint_raise", kwargs={"pk": family.child.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"about": "send_service", "summary": "x"}).status_code == 404
    assert not Complaint.objects.exists()


def test_the_family_raises_a_complaint_and_sees_its_stage(world, family):
    world.la.email = "send-team@ourshire.example.org"
    world.la.save(update_fields=["email"])
    client = client_of(family.parent)
    advice = body(client.get(reverse("portal:complaints", kwargs={"pk": family.child.pk})))
    url = reverse("disputes:family_complaint_raise", kwargs={"pk": family.child.pk})
    assert url in advice
    response = client.post(url, {"about": "send_service", "summary": "Nobody rang me back"})
    assert response.status_code == 302
    complaint = Complaint.objects.get(child=family.child)
    assert complaint.from_family
    assert complaint.stage == "stage_1"
    email = NotifyMessage.objects.get(child_id=family.child.pk)
    assert email.to == "send-team@ourshire.example.org"
    assert "Nobody rang me back" in email.body
    assert AuditEntry.objects.filter(
        actor=family.parent, action=AuditAction.CREATED, child_id=family.child.pk
    ).exists()
    page = body(client.get(reverse("disputes:family_complaints", kwargs={"pk": family.child.pk})))
    assert "Stage 1" in page
    assert "Nobody rang me back" in page
    home = body(client.get(reverse("portal:child", kwargs={"pk": family.child.pk})))
    assert "Your complaint is at stage 1" in home


def test_bad_input_keeps_what_was_typed_and_writes_nothing(world, family):
    client = client_of(family.parent)
    url = reverse("disputes:family_complaint_raise", kwargs={"pk": family.child.pk})
    response = client.post(url, {"about": "school", "summary": "The school ignored us"})
    assert response.status_code == 400
    page = body(response)
    assert "Enter the name of the school or health service" in page
    assert "The school ignored us" in page
    assert not Complaint.objects.exists()
    assert AuditEntry.objects.filter(
        actor=family.parent, action=AuditAction.VIEWED, child_id=family.child.pk,
        summary__startswith="Shown a family page again",
    ).exists()  # fmt: skip


def test_caseworker_responds_escalates_and_closes_with_learning_and_actions(world):
    complaint = raise_one(world)
    caseworker = world.user(Role.CASEWORKER)
    client = client_of(caseworker)
    today = timezone.localdate()
    date = {"-day": today.day, "-month": today.month, "-year": today.year}

    def d(name):
        return {f"{name}{k}": v for k, v in date.items()}

    url = reverse("disputes:complaint_respond", args=[complaint.pk])
    form = body(client.get(url))
    assert "based_on" in form
    bad = client.post(
        url, {"response": "We are sorry", **d("responded_on")} | {"responded_on-year": "20"}
    )
    assert bad.status_code == 400
    assert "We are sorry" in body(bad)
    assert client.post(url, {"response": "We are sorry", **d("responded_on")}).status_code == 302
    assert ComplaintStage.objects.get(complaint=complaint).responded_on == today
    move = reverse("disputes:complaint_move", args=[complaint.pk])
    assert client.post(move, {"to": "stage_2", **d("started_on")}).status_code == 302
    close = reverse("disputes:complaint_close", args=[complaint.pk])
    response = client.post(
        close,
        {"outcome": "partly_upheld", "learning": "Ring back within 2 days", **d("outcome_on")},
    )
    assert response.status_code == 302
    add = reverse("disputes:complaint_action_add", args=[complaint.pk])
    response = client.post(
        add, {"description": "Train the team", "owner": str(caseworker.pk), **d("due_on")}
    )
    assert response.status_code == 302
    page = body(client.get(reverse("disputes:complaint", args=[complaint.pk])))
    assert "Partly upheld" in page
    assert "Ring back within 2 days" in page
    assert "Train the team" in page
    assert (
        AuditEntry.objects.filter(
            actor=caseworker, action=AuditAction.UPDATED, child_id=complaint.child_id
        ).count()
        >= 4
    )
    assert AuditEntry.objects.filter(
        actor=caseworker, action=AuditAction.VIEWED, child_id=complaint.child_id
    ).exists()


def test_a_stale_save_is_refused(world):
    complaint = raise_one(world)
    client = client_of(world.user(Role.CASEWORKER))
    today = timezone.localdate()
    url = reverse("disputes:complaint_move", args=[complaint.pk])
    form = body(client.get(url))
    import re

    token = re.search(r'name="based_on"[^>]*value="([^"]+)"', form) or re.search(
        r'value="([^"]+)"[^>]*name="based_on"', form
    )
    assert token
    services.complaint_move(
        actor=world.user(Role.MANAGER), complaint=complaint, to="stage_2", started_on=today,
        today=today,
    )  # fmt: skip
    response = client.post(
        url,
        {"to": "stage_2", "based_on": token.group(1), "started_on-day": today.day,
         "started_on-month": today.month, "started_on-year": today.year},
    )  # fmt: skip
    assert response.status_code == 400
    assert complaint.stages.count() == 2


def test_the_overdue_alert_on_the_home_page(world):
    raise_one(world, received_on=timezone.localdate() - dt.timedelta(days=40))
    page = body(client_of(world.user(Role.CASEWORKER)).get(reverse("home"), follow=True))
    assert "1 complaint response is overdue" in page
    other = body(client_of(world.users["other_caseworker"]).get(reverse("home"), follow=True))
    assert "complaint response" not in other


def test_staff_bad_input_keeps_what_was_typed(world):
    client = client_of(world.user(Role.CASEWORKER))
    url = reverse("disputes:complaint_add", args=[world.ours.pk])
    response = client.post(
        url,
        {"kind": "resolution", "about": "send_service", "summary": "Transport was refused",
         "raised_by": "Mother", "received_on-day": "31", "received_on-month": "2",
         "received_on-year": "2026"},
    )  # fmt: skip
    assert response.status_code == 400
    page = body(response)
    assert "Date received must be a real date" in page
    assert "Transport was refused" in page
    assert not Complaint.objects.exists()
    today = timezone.localdate()
    response = client.post(
        url,
        {"kind": "resolution", "about": "send_service", "summary": "Transport was refused",
         "raised_by": "Mother", "received_on-day": today.day, "received_on-month": today.month,
         "received_on-year": today.year},
    )  # fmt: skip
    assert response.status_code == 400
    assert "regulation 54" in body(response)
    assert not Complaint.objects.exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEWED, child_id=world.ours.pk, summary__startswith="Shown a complaint"
    ).exists()


def test_only_managers_set_the_response_times(world):
    url = reverse("disputes:complaint_times")
    assert client_of(world.user(Role.CASEWORKER)).get(url).status_code == 403
    client = client_of(world.user(Role.MANAGER))
    assert client.get(url).status_code == 200
    bad = client.post(url, {"stage_1_days": "ten", "stage_2_days": "20", "ombudsman_days": "20"})
    assert bad.status_code == 400
    assert "enter the number of working days as a number" in body(bad)
    assert 'value="ten"' in body(bad)
    ok = client.post(url, {"stage_1_days": "15", "stage_2_days": "25", "ombudsman_days": "20"})
    assert ok.status_code == 302
    assert ComplaintSettings.objects.get(authority=world.la).stage_1_days == 15


def test_the_child_record_shows_the_panel(world):
    complaint = raise_one(world)
    page = body(
        client_of(world.user(Role.CASEWORKER)).get(reverse("people:child", args=[world.ours.pk]))
    )
    assert reverse("disputes:complaint", args=[complaint.pk]) in page
    senco_page = body(
        client_of(world.user(Role.SENCO)).get(reverse("people:child", args=[world.ours.pk]))
    )
    assert reverse("disputes:complaint", args=[complaint.pk]) not in senco_page


def test_the_case_page_shows_the_panel(world):
    from sendpath.portal.tests.asking_support import case_in_force

    case = case_in_force(world, world.ours, meeting_in=None)
    complaint = raise_one(world)
    page = body(client_of(world.user(Role.CASEWORKER)).get(case.get_absolute_url()))
    assert reverse("disputes:complaint", args=[complaint.pk]) in page


def test_the_move_page_offers_only_the_next_stages(world):
    client = client_of(world.user(Role.CASEWORKER))
    council = body(client.get(reverse("disputes:complaint_move", args=[raise_one(world).pk])))
    assert "Stage 2: the family asked" in council
    assert "Passed on" not in council
    assert "Ombudsman:" not in council
    school = raise_one(world, about="school")
    assert "Passed on" in body(client.get(reverse("disputes:complaint_move", args=[school.pk])))


def test_the_ombudsman_may_set_its_own_date(world):
    today = timezone.localdate()
    caseworker = world.user(Role.CASEWORKER)
    complaint = raise_one(world)
    with pytest.raises(ValidationError):  # not at stage 2
        services.complaint_move(
            actor=caseworker, complaint=complaint, to="stage_2", started_on=today, today=today,
            due_on=today + dt.timedelta(days=5),
        )  # fmt: skip
    services.complaint_move(
        actor=caseworker, complaint=complaint, to="stage_2", started_on=today, today=today
    )
    client = client_of(caseworker)
    url = reverse("disputes:complaint_move", args=[complaint.pk])
    assert "Date the Ombudsman wants a reply by" in body(client.get(url))
    due = today + dt.timedelta(days=28)
    response = client.post(
        url,
        {"to": "ombudsman", "started_on-day": today.day, "started_on-month": today.month,
         "started_on-year": today.year, "due_on-day": due.day, "due_on-month": due.month,
         "due_on-year": due.year},
    )  # fmt: skip
    assert response.status_code == 302
    stage = complaint.stages.get(stage="ombudsman")
    assert stage.due_on == due
    assert stage.working_days is None
    page = body(client.get(reverse("disputes:complaint", args=[complaint.pk])))
    assert "(the date the Ombudsman set)" in page


def _received_so_the_reply_is_due_within_a_week(authority) -> dt.date:
    today = timezone.localdate()
    received = today
    while selectors.response_due(authority, "stage_1", received) > today + dt.timedelta(days=7):
        received -= dt.timedelta(days=1)
    return received


def test_replies_due_this_week_are_on_the_worklist_soonest_first(world):
    soon = raise_one(world, received_on=_received_so_the_reply_is_due_within_a_week(world.la))
    later = raise_one(world)  # due in 10 working days: not this week
    due = soon.stages.get().due_on
    assert timezone.localdate() <= due <= timezone.localdate() + dt.timedelta(days=7)
    client = client_of(world.user(Role.CASEWORKER))
    worklist = body(client.get(reverse("ehc:worklist")))
    assert "1 complaint response is due in the next 7 days" in worklist
    assert "due_soon=on" in worklist
    listed = body(client.get(reverse("disputes:complaints") + "?status=open&due_soon=on"))
    assert reverse("disputes:complaint", args=[soon.pk]) in listed
    assert reverse("disputes:complaint", args=[later.pk]) not in listed
    # Another authority's caseworker is told nothing about these.
    other = body(client_of(world.users["other_caseworker"]).get(reverse("ehc:worklist")))
    assert "complaint response" not in other
