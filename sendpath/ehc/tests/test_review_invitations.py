"""Review invitations emailed to the professionals invited, and the letters still to send."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from sendpath.core.models import AuditEntry, NotifyMessage
from sendpath.ehc.models import Deadline, StaffEmail
from sendpath.ehc.reviews import invitations
from sendpath.ehc.reviews import selectors as review_selectors
from sendpath.ehc.reviews import services as review_services
from sendpath.people.models import FamilyMember, Role, SettingAttendance

from .helpers import client_for, date_fields, record
from .test_reviews import in_force

TODAY = timezone.localdate()
MEETING = TODAY + dt.timedelta(days=30)


def long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@pytest.fixture
def case(world):
    """A plan in force for a child with a linked professional, a school with no email address,
    a parent, and an educational psychologist who gave advice this year."""
    child = world.linked
    professional = world.user(Role.PROFESSIONAL)
    professional.email = "nurse@ourshire-nhs.example"
    professional.save()
    SettingAttendance.objects.create(
        child=child, organisation=world.school, start_date=dt.date(2020, 9, 1)
    )
    FamilyMember.objects.create(
        child=child,
        full_name="Petra Pangolin",
        relationship="mother",
        parental_responsibility=True,
        email="petra@family.example",
    )
    case = in_force(world, child=child, issued_ago=300)
    record(
        world,
        case,
        "advice_requested",
        200,
        id="psychological-9",
        source="psychological",
        source_label="Psychological advice",
        author="Dr Patel",
        organisation="Ourshire EP Service",
        email="ep@ourshire.example",
    )
    return case


def schedule(world, case, **extra):
    return review_services.review_schedule(
        actor=world.user(Role.SENCO), case=case, meeting_on=MEETING, **extra
    )


def invite(world, case, sent_on=TODAY):
    return review_services.invitations_record(
        actor=world.user(Role.SENCO),
        case=case,
        sent_on=sent_on,
        invitees=list(review_selectors.invitees_for(case)),
    )


def test_invitations_sent_today_email_each_professional_with_an_address(
    world, case, django_capture_on_commit_callbacks
):
    schedule(world, case, time="10am to 11:30am", place="Ourshire Primary, meeting room")
    senco = world.user(Role.SENCO)
    senco.email = "senco@ourshire-primary.example"
    senco.save()
    with django_capture_on_commit_callbacks(execute=True):
        event = invite(world, case)
    invitation = settings.NOTIFY_TEMPLATES["review_invitation"]
    messages = {m.to: m for m in NotifyMessage.objects.filter(template_id=invitation)}
    # The professional linked to the child and the author of advice, not the family (their own
    # messages tell them) nor the school (no address: a letter).
    assert set(messages) == {"nurse@ourshire-nhs.example", "ep@ourshire.example"}
    family = NotifyMessage.objects.exclude(template_id=invitation)
    assert [(m.to, m.template_id) for m in family] == [
        ("petra@family.example", settings.NOTIFY_TEMPLATES["family_review_invitation_email"])
    ]
    circulate_by = Deadline.objects.get(case=case, key="review_invitations").due
    assert circulate_by == MEETING - dt.timedelta(weeks=2)
    for message in messages.values():
        assert message.status == "delivered-locally"
        assert message.template_id == "00000000-0000-4000-8000-00000000a004"
        assert long(MEETING) in message.subject
        assert f"The meeting is on {long(MEETING)}." in message.body
        assert "Time: 10am to 11:30am. Place: Ourshire Primary, meeting room." in message.body
        assert "Leopold Pangolin" in message.body
        assert f"born {long(world.linked.date_of_birth)}" in message.body
        assert f"with all those invited by {long(circulate_by)}" in message.body
        assert "How to contribute" in message.body
        assert "senco@ourshire-primary.example" in message.body  # where to send it
        assert "regulation 20(3)" in message.body
        assert "regulation 20(4)" in message.body
        assert case.reference in message.subject
    assert messages["ep@ourshire.example"].body.startswith("Dear Dr Patel,")
    rows = StaffEmail.objects.filter(kind="review_invitation")
    assert {r.key for r in rows} == {
        f"review:{event.pk}:professional:{world.user(Role.PROFESSIONAL).pk}",
        f"review:{event.pk}:advice:psychological-9",
    }
    assert all(r.sent_on == TODAY for r in rows)
    assert event.details["emailed"] is True
    assert (
        AuditEntry.objects.filter(
            object_type="ehc.StaffEmail", child_id=case.child_id, summary__contains="invitation"
        ).count()
        == 2
    )


def test_the_review_page_says_who_was_emailed_and_who_needs_a_letter(world, case):
    schedule(world, case)
    invite(world, case)
    page = client_for(world, Role.SENCO).get(reverse("ehc:review", args=[case.pk]))
    text = page.content.decode()
    assert f"Emailed to nurse@ourshire-nhs.example on {long(TODAY)}" in text
    assert f"Emailed to ep@ourshire.example on {long(TODAY)}" in text
    assert "Send a letter to Ourshire Primary (school or setting)" in text
    assert "Through the family&#39;s own messages" in text or "Through the family's own" in text
    assert "regulation 20(3)" in text


def test_invitations_recorded_for_an_earlier_day_email_nobody(world, case):
    schedule(world, case)
    event = invite(world, case, sent_on=TODAY - dt.timedelta(days=2))
    assert event.details["emailed"] is False
    assert not NotifyMessage.objects.exists()
    text = client_for(world, Role.SENCO).get(reverse("ehc:review", args=[case.pk])).content
    assert b"Sent another way (not emailed from here)" in text
    assert b"Send a letter" not in text


def test_no_meeting_scheduled_no_email(world, case):
    event = invite(world, case)
    assert event.details["emailed"] is False
    assert not NotifyMessage.objects.exists()


def test_an_invitation_is_never_emailed_twice(world, case):
    schedule(world, case)
    event = invite(world, case)
    assert NotifyMessage.objects.count() == 2
    again = invitations.invitations_email(
        actor=world.user(Role.SENCO),
        case=case,
        event=event,
        invitees=review_selectors.invitees_for(case),
    )
    assert again == []
    assert NotifyMessage.objects.count() == 2


def test_the_invitations_page_emails_when_sent_today(world, case):
    schedule(world, case)
    client = client_for(world, Role.SENCO)
    url = reverse("ehc:review_invitations", args=[case.pk])
    form = client.get(url).content.decode()
    assert "Enter today&#39;s date to email the invitation now" in form or (
        "Enter today's date to email the invitation now" in form
    )
    response = client.post(
        url,
        {"invitees": list(review_selectors.invitees_for(case)), **date_fields("sent_on", TODAY)},
    )
    assert response.status_code == 302
    assert NotifyMessage.objects.count() == 2


def test_the_meeting_time_and_place_are_kept(world, case):
    client = client_for(world, Role.SENCO)
    response = client.post(
        reverse("ehc:review_schedule", args=[case.pk]),
        {
            "kind": "annual",
            "time": "2pm",
            "place": "Online",
            **date_fields("meeting_on", MEETING),
        },
    )
    assert response.status_code == 302
    event = case.events.get(type="review_meeting_scheduled")
    assert (event.details["time"], event.details["place"]) == ("2pm", "Online")


def test_a_place_too_long_is_refused_and_kept(world, case):
    client = client_for(world, Role.SENCO)
    place = "A" * 201
    response = client.post(
        reverse("ehc:review_schedule", args=[case.pk]),
        {"kind": "annual", "time": "2pm", "place": place, **date_fields("meeting_on", MEETING)},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert 'href="#place"' in text
    assert place in text
    assert 'value="2pm"' in text
    assert not case.events.filter(type="review_meeting_scheduled").exists()
