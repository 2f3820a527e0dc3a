"""Joint working: meetings, agenda, actions carried forward, escalations, digest, PEPs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.ehc.models import Case, Document
from sendpath.ehc.tests.helpers import client_for, date_fields, days_ago, open_case, record
from sendpath.jointworking import selectors, services
from sendpath.jointworking.models import (
    Action,
    AgendaItem,
    Escalation,
    Meeting,
    OtherAuthorityDecision,
    PersonalEducationPlan,
    Section,
)
from sendpath.people.models import Role, SettingAttendance
from sendpath.people.tests.factories import ChildFactory

VS = Role.VIRTUAL_SCHOOL


def today() -> dt.date:
    return timezone.localdate()


def in_force(world, child, issued_ago: int = 330) -> Case:
    start = issued_ago + 150
    case = open_case(world, child=child, received_days_ago=start)
    record(world, case, "decision_to_assess", start - 30, outcome="yes")
    record(world, case, "assessment_outcome", start - 100, outcome="plan")
    record(world, case, "draft_plan_sent", start - 110)
    record(world, case, "final_plan_issued", issued_ago)
    return case


@pytest.fixture
def data(world):
    """A cared-for child with an overdue decision, one with a review soon, one moving school."""
    overdue = open_case(world, child=world.ours_cared_for, received_days_ago=60)
    reviewed = ChildFactory(
        first_name="Rosalind",
        last_name="Tapir",
        responsible_authority=world.la,
        cared_for=True,
        looked_after_by=world.la,
    )
    in_force(world, reviewed)
    mover = ChildFactory(
        first_name="Mortimer",
        last_name="Dugong",
        responsible_authority=world.la,
        cared_for=True,
        looked_after_by=world.la,
    )
    SettingAttendance.objects.create(
        child=mover, organisation=world.other_school, start_date=today() + dt.timedelta(days=10)
    )
    return {"overdue": overdue, "reviewed": reviewed, "mover": mover}


def titles(meeting: Meeting, section: str) -> list[str]:
    return list(meeting.items.filter(section=section).values_list("title", flat=True))


# ---------------------------------------------------------------------------------------------
# The agenda builds itself


def test_agenda_builds_itself_from_the_record(world, data):
    vs = world.user(VS)
    escalation = services.escalation_raise(
        actor=vs,
        child=world.ours_cared_for,
        reason="No school place",
        level=1,
        raised_on=days_ago(20),
        review_by=days_ago(1),
        owner=vs,
    )
    meeting = services.meeting_create(actor=vs, held_on=today())
    deadlines = titles(meeting, Section.DEADLINES)
    assert any("Casimir Marmot" in t for t in deadlines)
    assert meeting.items.get(section=Section.DEADLINES, child=world.ours_cared_for).overdue
    assert any("Rosalind Tapir" in t for t in titles(meeting, Section.REVIEWS))
    moves = meeting.items.filter(section=Section.MOVES)
    assert moves.filter(child=data["mover"], detail__contains="Theirshire").exists()
    esc = meeting.items.get(section=Section.ESCALATIONS)
    assert esc.overdue
    assert esc.child == escalation.child
    # Decisions recorded today on the review child's case are new since the last meeting.
    assert meeting.items.filter(section=Section.DECISIONS, child=data["reviewed"]).count() == 2
    # Children not cared for never appear.
    assert not meeting.items.filter(child=world.ours).exists()


def test_rebuild_keeps_discussed_items_and_adds_none_twice(world, data):
    vs = world.user(VS)
    meeting = services.meeting_create(actor=vs, held_on=today())
    count = meeting.items.count()
    item = meeting.items.first()
    services.discussion_record(actor=vs, item=item, discussion="Chase the school")
    services.agenda_build(actor=vs, meeting=meeting)
    assert meeting.items.count() == count
    item.refresh_from_db()
    assert item.discussion == "Chase the school"


def test_virtual_school_sees_placed_children_caseworker_does_not(world):
    placed = world.theirs_placed_here
    other_cw = world.user("other_caseworker")
    services.escalation_raise(
        actor=other_cw,
        child=placed,
        reason="x",
        level=1,
        raised_on=today(),
        review_by=today(),
        owner_name="Someone",
    )
    kids = set(selectors.cared_for(world.user(VS)))
    assert placed in kids
    assert world.ours not in kids
    assert placed not in set(selectors.cared_for(world.user(Role.CASEWORKER)))


# ---------------------------------------------------------------------------------------------
# Actions carry forward until done


def test_action_carried_forward_until_done(world, data):
    vs = world.user(VS)
    first = services.meeting_create(actor=vs, held_on=days_ago(28))
    action = services.action_add(
        actor=vs,
        meeting=first,
        description="Ask Theirshire for the plan",
        due_on=days_ago(20),
        owner_name="Theirshire SEN team",
    )
    second = services.meeting_create(actor=vs, held_on=days_ago(14))
    assert list(selectors.actions_carried_forward(second)) == [action]
    services.action_done(actor=vs, action=action, done_on=days_ago(3))
    third = services.meeting_create(actor=vs, held_on=today())
    # Still shown on the meeting it was open at; gone from the one after it was done.
    assert list(selectors.actions_carried_forward(second)) == [action]
    assert list(selectors.actions_carried_forward(third)) == []


def test_journey_agenda_action_and_carry_forward(world, data):
    client = client_for(world, VS)
    response = client.post(reverse("jointworking:meetings"), date_fields("held_on", days_ago(14)))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    page = client.get(reverse("jointworking:meeting", args=[meeting.pk]))
    assert page.status_code == 200
    assert "Casimir Marmot" in page.content.decode()
    item = meeting.items.filter(child=world.ours_cared_for).first()
    response = client.post(
        reverse("jointworking:item", args=[meeting.pk, item.pk]),
        {"discussion": "School place agreed"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("jointworking:action_add", args=[meeting.pk]),
        {
            "description": "Send the consultation",
            "owner": str(world.user(Role.CASEWORKER).pk),
            "owner_name": "",
            "item": str(item.pk),
            **date_fields("due_on", today()),
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.child == world.ours_cared_for
    client.post(reverse("jointworking:meetings"), date_fields("held_on", today()))
    nxt = Meeting.objects.get(held_on=today())
    page = client.get(reverse("jointworking:meeting", args=[nxt.pk])).content.decode()
    assert "Send the consultation" in page
    assert "From the meeting of" in page
    minutes = client.get(reverse("jointworking:meeting_print", args=[meeting.pk, "minutes"]))
    assert "School place agreed" in minutes.content.decode()
    agenda = client.get(reverse("jointworking:meeting_print", args=[nxt.pk, "agenda"]))
    assert agenda.status_code == 200
    assert "<style" not in agenda.content.decode()
    assert (
        client.get(reverse("jointworking:meeting_print", args=[nxt.pk, "other"])).status_code == 404
    )
    response = client.post(
        reverse("jointworking:action_done", args=[action.pk]) + f"?meeting={nxt.pk}",
        date_fields("done_on", today()),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_on == today()


# ---------------------------------------------------------------------------------------------
# Escalations


def test_escalation_levels_and_resolution(world):
    vs = world.user(VS)
    esc = services.escalation_raise(
        actor=vs,
        child=world.ours_cared_for,
        reason="Funding for placement",
        level=1,
        raised_on=days_ago(30),
        review_by=days_ago(2),
        owner=vs,
        other_authority=world.other_la,
    )
    assert esc.is_overdue
    assert list(selectors.overdue_escalations(world.user(Role.MANAGER))) == [esc]
    client = client_for(world, Role.MANAGER)
    url = reverse("jointworking:escalation", args=[esc.pk])
    response = client.post(
        url,
        {
            "form": "up",
            "up-level": "2",
            "up-note": "No reply",
            **date_fields("up-date", days_ago(1)),
            **date_fields("up-review_by", today() + dt.timedelta(days=7)),
        },
    )
    assert response.status_code == 302
    esc.refresh_from_db()
    assert esc.level == 2
    assert not esc.is_overdue
    response = client.post(
        url,
        {
            "form": "up",
            "up-level": "1",
            **date_fields("up-date", today()),
            **date_fields("up-review_by", today()),
        },
    )
    assert response.status_code == 400
    assert "Select the new level from the list" in response.content.decode()
    response = client.post(
        url,
        {
            "form": "resolve",
            "resolve-outcome": "Funding agreed",
            **date_fields("resolve-resolved_on", today()),
        },
    )
    assert response.status_code == 302
    esc.refresh_from_db()
    assert esc.resolved_on == today()
    assert esc.steps.count() == 3
    meeting = services.meeting_create(actor=vs, held_on=today())
    assert not meeting.items.filter(section=Section.ESCALATIONS).exists()


def test_raise_escalation_form(world):
    client = client_for(world, VS)
    response = client.post(
        reverse("jointworking:escalation_new"),
        {
            "child": str(world.ours_cared_for.pk),
            "reason": "Delay in consultation",
            "level": "1",
            "owner": "",
            "owner_name": "Theirshire SEN manager",
            "other_authority": str(world.other_la.pk),
            **date_fields("raised_on", today()),
            **date_fields("review_by", today() + dt.timedelta(days=14)),
        },
    )
    assert response.status_code == 302
    esc = Escalation.objects.get()
    assert esc.owner_label == "Theirshire SEN manager"
    assert esc.other_authority == world.other_la
    assert client.get(reverse("jointworking:escalations")).status_code == 200
    assert client.get(reverse("jointworking:escalation", args=[esc.pk])).status_code == 200


# ---------------------------------------------------------------------------------------------
# Panel digest


def test_digest_shows_our_decisions_and_other_authorities(world, data):
    client = client_for(world, VS)
    response = client.post(
        reverse("jointworking:other_decision"),
        {
            "child": str(world.theirs_placed_here.pk),
            "authority": str(world.other_la.pk),
            "decision": "yes_to_assess",
            "note": "",
            **date_fields("decided_on", days_ago(2)),
        },
    )
    assert response.status_code == 302
    assert OtherAuthorityDecision.objects.get().authority == world.other_la
    page = client.get(reverse("jointworking:digest")).content.decode()
    assert "Perpetua Narwhal" in page
    assert "Yes to assess" in page
    assert "Rosalind Tapir" in page
    assert "Plan to be issued" in page
    assert "Aurelia Quokka" not in page
    last_week = client.get(reverse("jointworking:digest") + f"?week={days_ago(7).isoformat()}")
    assert "Perpetua Narwhal" not in last_week.content.decode()
    assert client.get(reverse("jointworking:digest") + "?week=nonsense").status_code == 200


# ---------------------------------------------------------------------------------------------
# PEPs


def test_pep_upload_and_latest_date(world, data):
    client = client_for(world, VS)
    url = reverse("jointworking:pep_upload", args=[world.ours_cared_for.pk])
    pdf = SimpleUploadedFile("pep.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(url, {"file": pdf, **date_fields("pep_date", days_ago(10))})
    assert response.status_code == 302
    pep = PersonalEducationPlan.objects.get()
    assert pep.document.case == data["overdue"]
    page = client.get(
        reverse("jointworking:child", args=[world.ours_cared_for.pk])
    ).content.decode()
    assert f"{days_ago(10).day} {days_ago(10):%B %Y}" in page
    bad = SimpleUploadedFile("pep.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(url, {"file": bad, **date_fields("pep_date", days_ago(1))})
    assert response.status_code == 400
    assert "must be a PDF" in response.content.decode()
    assert PersonalEducationPlan.objects.count() == 1
    assert Document.objects.count() == 1


# ---------------------------------------------------------------------------------------------
# Roles


@pytest.mark.parametrize("role", [Role.SENCO, Role.FAMILY, Role.LEADER, Role.PROFESSIONAL])
def test_other_roles_refused(world, role):
    client = client_for(world, role)
    for name in ("meetings", "escalations", "escalation_new", "digest", "other_decision"):
        assert client.get(reverse(f"jointworking:{name}")).status_code == 403
    assert (
        client.get(reverse("jointworking:child", args=[world.ours_cared_for.pk])).status_code == 403
    )


@pytest.mark.parametrize(
    "role", [Role.VIRTUAL_SCHOOL, Role.CASEWORKER, Role.MANAGER, Role.ADMINISTRATOR]
)
def test_joint_roles_allowed(world, role):
    client = client_for(world, role)
    for name in ("meetings", "escalations", "escalation_new", "digest", "other_decision"):
        assert client.get(reverse(f"jointworking:{name}")).status_code == 200


def test_out_of_scope_is_404(world):
    vs = client_for(world, VS)
    # Not cared for: the Virtual School cannot see them.
    assert vs.get(reverse("jointworking:child", args=[world.ours.pk])).status_code == 404
    other = client_for(world, "other_caseworker")
    assert (
        other.get(reverse("jointworking:child", args=[world.ours_cared_for.pk])).status_code == 404
    )
    meeting = services.meeting_create(actor=world.user(VS), held_on=today())
    assert other.get(reverse("jointworking:meeting", args=[meeting.pk])).status_code == 404
    esc = services.escalation_raise(
        actor=world.user(VS),
        child=world.ours_cared_for,
        reason="x",
        level=1,
        raised_on=today(),
        review_by=today(),
        owner_name="A",
    )
    assert other.get(reverse("jointworking:escalation", args=[esc.pk])).status_code == 404
    denied = AuditEntry.objects.filter(action=AuditAction.DENIED, child_id=world.ours_cared_for.pk)
    assert denied.exists()


# ---------------------------------------------------------------------------------------------
# Bad input: the field is named and nothing is saved


def test_bad_input_on_every_form(world, data):
    client = client_for(world, VS)
    meeting = services.meeting_create(actor=world.user(VS), held_on=today())
    item = meeting.items.first()
    esc = services.escalation_raise(
        actor=world.user(VS),
        child=world.ours_cared_for,
        reason="x",
        level=1,
        raised_on=days_ago(5),
        review_by=today(),
        owner_name="A",
    )
    before = (
        Meeting.objects.count(),
        AgendaItem.objects.count(),
        Action.objects.count(),
        Escalation.objects.count(),
        OtherAuthorityDecision.objects.count(),
    )
    cases = [
        (
            reverse("jointworking:meetings"),
            {"held_on-day": "31", "held_on-month": "2", "held_on-year": "2026"},
            "Date of the meeting must be a real date",
        ),
        (
            reverse("jointworking:item_add", args=[meeting.pk]),
            {"title": "", "child": ""},
            "Enter the item",
        ),
        (
            reverse("jointworking:item", args=[meeting.pk, item.pk]),
            {"discussion": ""},
            "Enter the discussion notes",
        ),
        (
            reverse("jointworking:action_add", args=[meeting.pk]),
            {
                "description": "Do it",
                "owner": "",
                "owner_name": "",
                "item": "",
                **date_fields("due_on", today()),
            },
            "Select the owner or enter their name",
        ),
        (
            reverse("jointworking:action_add", args=[meeting.pk]),
            {"description": "", "owner": "", "owner_name": "X", "item": ""},
            "Enter the action",
        ),
        (
            reverse("jointworking:escalation_new"),
            {
                "child": str(world.ours.pk),
                "reason": "",
                "level": "9",
                **date_fields("raised_on", today() + dt.timedelta(days=3)),
                **date_fields("review_by", today()),
            },
            "Select the child or young person from the list",
        ),
        (
            reverse("jointworking:escalation_new"),
            {
                "child": str(world.ours_cared_for.pk),
                "reason": "r",
                "level": "1",
                "owner_name": "A",
                **date_fields("raised_on", today()),
                **date_fields("review_by", days_ago(3)),
            },
            "The review-by date must be on or after the date raised",
        ),
        (
            reverse("jointworking:escalation", args=[esc.pk]),
            {
                "form": "resolve",
                "resolve-outcome": "",
                **date_fields("resolve-resolved_on", today()),
            },
            "Enter the outcome",
        ),
        (
            reverse("jointworking:escalation", args=[esc.pk]),
            {
                "form": "resolve",
                "resolve-outcome": "Done",
                **date_fields("resolve-resolved_on", days_ago(10)),
            },
            "on or after the escalation",
        ),
        (
            reverse("jointworking:other_decision"),
            {
                "child": str(world.ours_cared_for.pk),
                "authority": str(world.la.pk),
                "decision": "yes_to_assess",
                **date_fields("decided_on", today()),
            },
            "Select the authority that made the decision from the list",
        ),
        (
            reverse("jointworking:other_decision"),
            {
                "child": str(world.ours_cared_for.pk),
                "authority": str(world.other_la.pk),
                "decision": "",
                **date_fields("decided_on", today() + dt.timedelta(days=1)),
            },
            "Date of the decision must be today or in the past",
        ),
        (
            reverse("jointworking:pep_upload", args=[world.ours_cared_for.pk]),
            {},
            "Select the PEP document",
        ),
    ]
    for url, payload, message in cases:
        response = client.post(url, payload)
        assert response.status_code == 400, url
        body = response.content.decode()
        assert "There is a problem" in body, url
        assert message in body, (url, message)
    after = (
        Meeting.objects.count(),
        AgendaItem.objects.count(),
        Action.objects.count(),
        Escalation.objects.count(),
        OtherAuthorityDecision.objects.count(),
    )
    assert before == after
    esc.refresh_from_db()
    assert esc.is_open
    assert esc.steps.count() == 1
    assert PersonalEducationPlan.objects.count() == 0


def test_pep_stored_for_a_cared_for_child_without_a_case(world):
    """Every cared-for child's PEPs are kept, open case or not; each downloads, audited."""
    child = world.ours_cared_for
    client = client_for(world, VS)
    summary = reverse("jointworking:child", args=[child.pk])
    assert "Upload a Personal Education Plan" in client.get(summary).content.decode()
    pdf = SimpleUploadedFile("pep.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        reverse("jointworking:pep_upload", args=[child.pk]),
        {"file": pdf, **date_fields("pep_date", days_ago(1))},
    )
    assert response.status_code == 302
    pep = PersonalEducationPlan.objects.get()
    assert pep.document is None
    assert pep.original_name == "pep.pdf"
    assert Document.objects.count() == 0
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATED,
        child_id=child.pk,
        object_type="jointworking.PersonalEducationPlan",
    ).exists()
    download = reverse("jointworking:pep_download", args=[child.pk, pep.pk])
    assert download in client.get(summary).content.decode()
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEWED, child_id=child.pk, summary__startswith="Downloaded the Personal"
    ).exists()
    # Another child's PEP is not found through this child, nor by those outside scope.
    other = reverse("jointworking:pep_download", args=[world.ours.pk, pep.pk])
    assert client.get(other).status_code == 404
    assert client_for(world, Role.SENCO).get(download).status_code in (403, 404)


# ---------------------------------------------------------------------------------------------
# Audit of reads


def test_reads_of_child_data_are_audited(world, data):
    client = client_for(world, VS)
    meeting = services.meeting_create(actor=world.user(VS), held_on=today())
    AuditEntry.objects.all().delete()
    client.get(reverse("jointworking:meeting", args=[meeting.pk]))
    viewed = AuditEntry.objects.filter(action=AuditAction.VIEWED)
    assert viewed.filter(child_id=world.ours_cared_for.pk).exists()
    assert viewed.filter(child_id=data["reviewed"].pk).exists()
    client.get(reverse("jointworking:child", args=[world.ours_cared_for.pk]))
    assert viewed.filter(child_id=world.ours_cared_for.pk, summary__contains="summary").exists()
    services.other_decision_record(
        actor=world.user(VS),
        child=world.theirs_placed_here,
        authority=world.other_la,
        decision="yes_to_assess",
        decided_on=today(),
    )
    client.get(reverse("jointworking:digest"))
    assert AuditEntry.objects.filter(
        action=AuditAction.SEARCHED, child_id=world.theirs_placed_here.pk
    ).exists()


def test_shared_meeting_hides_children_the_viewer_cannot_see(world, data):
    # The Virtual School sees a child placed here by another authority; our caseworker does not.
    services.escalation_raise(
        actor=world.user(VS),
        child=world.theirs_placed_here,
        reason="Placement funding",
        level=1,
        raised_on=today(),
        review_by=today(),
        owner_name="A",
    )
    meeting = services.meeting_create(actor=world.user(VS), held_on=today())
    assert meeting.items.filter(child=world.theirs_placed_here).exists()
    page = client_for(world, Role.CASEWORKER).get(
        reverse("jointworking:meeting", args=[meeting.pk])
    )
    assert "Perpetua Narwhal" not in page.content.decode()
    assert (
        "Perpetua Narwhal"
        in client_for(world, VS)
        .get(reverse("jointworking:meeting", args=[meeting.pk]))
        .content.decode()
    )
    assert selectors.latest_pep_date(world.ours_cared_for) is None
