"""The family's messages at each step: the right message to the right people, by each one's
preference, with the engine's dates (read from the stored messages, as Notify's local backend
keeps them)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sendpath.core.formatting import govuk_date
from sendpath.core.models import AuditEntry, NotifyMessage
from sendpath.core.signals import case_step_recorded
from sendpath.ehc.cases import services as case_services
from sendpath.ehc.models import CaseEvent, Deadline
from sendpath.ehc.tests.helpers import days_ago, open_case, record
from sendpath.people.models import ContactPreference, FamilyMember, ParentsAccess, Role
from sendpath.people.tests.factories import ChildFactory, UserFactory
from sendpath.portal.messages import services

pytestmark = pytest.mark.django_db


def template(name: str, channel: str = "email") -> str:
    return settings.NOTIFY_TEMPLATES[f"family_{name}_{'sms' if channel == 'sms' else 'email'}"]


def sent(name: str, channel: str = "email") -> list[NotifyMessage]:
    """The emails (or text messages) of one kind: letters use the email's template."""
    return list(
        NotifyMessage.objects.filter(template_id=template(name, channel), kind=channel).order_by(
            "to"
        )
    )


def due(case, key: str) -> str:
    return govuk_date(Deadline.objects.get(case=case, key=key).due)


@pytest.fixture
def family(world):
    """Aurelia's family: two parents by email (one also by text), a carer who wants letters,
    and a grandparent without parental responsibility (never told)."""
    child = world.ours
    make = FamilyMember.objects.create
    return {
        "mum": make(
            child=child,
            full_name="Mina Quokka",
            relationship="mother",
            parental_responsibility=True,
            email="mina@example.org",
        ),
        "dad": make(
            child=child,
            full_name="Dev Quokka",
            relationship="father",
            parental_responsibility=True,
            email="dev@example.org",
            contact_preference=ContactPreference.EMAIL_AND_TEXT,
            mobile="07700900111",
        ),
        "step": make(
            child=child,
            full_name="Sol Quokka",
            relationship="step_parent",
            parental_responsibility=True,
            email="sol@example.org",
            contact_preference=ContactPreference.LETTERS,
            address="2 Low Road\nOurtown OU2 2BB",
        ),
        "gran": make(
            child=child,
            full_name="Gwen Quokka",
            relationship="grandparent",
            parental_responsibility=False,
            email="gwen@example.org",
        ),
    }


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Do something and run what it queued on commit (the test's transaction never commits)."""

    def go(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return go


def test_request_received_tells_each_person_by_their_preference_with_the_decision_date(
    world, family, run
):
    case = run(open_case, world, received_days_ago=10)
    decision_by = due(case, "decide_whether_to_assess")
    emails = sent("request_received")
    assert [m.to for m in emails] == ["dev@example.org", "mina@example.org"]
    for message in emails:
        assert message.status == "delivered-locally"
        assert decision_by in message.body
        assert govuk_date(days_ago(10)) in message.body
        assert "regulation 5" in message.body
        assert message.regarding == f"case:{case.pk}"
        assert message.child_id == case.child_id
        assert "/my/" in message.body
    [text] = sent("request_received", "sms")
    assert text.to == "07700900111"
    assert decision_by in text.body
    assert text.recipient == "Dev Quokka"
    # Letters only: nothing emailed, a letter to print, with the same date.
    assert not NotifyMessage.objects.filter(to="sol@example.org").exists()
    [letter] = NotifyMessage.objects.filter(kind="letter")
    assert letter.status == "to-print"
    assert letter.to.startswith("Sol Quokka\n2 Low Road")
    assert decision_by in letter.body
    # Nobody without parental responsibility.
    assert not NotifyMessage.objects.filter(body__contains="Gwen").exists()
    assert not NotifyMessage.objects.filter(to="gwen@example.org").exists()
    # Four messages for the step, and an audit entry saying so.
    assert NotifyMessage.objects.count() == 4
    assert AuditEntry.objects.filter(
        child_id=case.child_id, summary__startswith="Queued 4 message(s) to the family"
    ).exists()


def test_the_whole_pathway_sends_each_message_with_the_engines_dates(world, family, run):
    case = run(open_case, world, received_days_ago=120)
    run(record, world, case, "decision_to_assess", 110, outcome="yes")
    [agreed] = sent("assessment_agreed")[:1]
    assert due(case, "decide_whether_to_issue_plan") in agreed.body
    assert due(case, "issue_final_plan") in agreed.body

    run(record, world, case, "advice_requested", 109, id="parent-1", source="parent")
    run(record, world, case, "advice_requested", 109, id="ep-1", source="psychological")
    advice = sent("advice_from_you")
    assert len(advice) == 2  # the parent's advice only: not the psychologist's
    assert due(case, "advice:parent-1") in advice[0].body

    run(record, world, case, "assessment_outcome", 80, outcome="plan")
    run(record, world, case, "draft_plan_sent", 60)
    draft = sent("draft_plan")
    assert len(draft) == 2
    assert due(case, "draft_representations_close") in draft[0].body
    assert "15 days" in draft[0].body
    [draft_text] = sent("draft_plan", "sms")
    assert due(case, "draft_representations_close") in draft_text.body

    run(record, world, case, "final_plan_issued", 40)
    final = sent("final_plan")
    assert len(final) == 2
    assert due(case, "annual_review") in final[0].body

    meeting = timezone.localdate() + dt.timedelta(days=20)
    run(record, world, case, "review_meeting_scheduled", -20)
    assert not sent("review_invitation")  # scheduling tells nobody yet
    run(record, world, case, "review_invitations_sent", 0)
    invitation = sent("review_invitation")
    assert len(invitation) == 2
    assert govuk_date(meeting) in invitation[0].body
    assert "/my/" in invitation[0].body
    assert "Aurelia's review meeting" in invitation[0].subject
    # Every letter too, for the parent who wants paper: one per step.
    letters = NotifyMessage.objects.filter(kind="letter", to__startswith="Sol Quokka")
    assert letters.count() == 6  # request, assessment, advice, draft, final, invitation


def test_a_decision_not_to_assess_gives_the_rights_to_mediation_and_appeal(world, family, run):
    case = run(open_case, world, received_days_ago=30)
    run(record, world, case, "decision_to_assess", 2, outcome="no")
    [refused, _] = sent("assessment_refused")
    assert "mediation adviser" in refused.body
    assert "SEND Tribunal" in refused.body
    assert "within 2 months of the date on our decision letter" in refused.body
    assert settings.MEDIATION_ADVISER.split("|")[0].strip() in refused.body
    # Once the decision letter is sent, the family's own dates come from the engine.
    run(record, world, case, "decision_notice_sent", 1)
    [dates, _] = sent("rights_dates")
    assert f"Do this by {due(case, 'contact_mediation_adviser')}." in dates.body
    assert f"Appeal by {due(case, 'appeal_deadline')}." in dates.body


def test_the_review_decision_says_what_was_decided(world, family, run):
    case = run(open_case, world, received_days_ago=500)
    run(record, world, case, "decision_to_assess", 480, outcome="yes")
    run(record, world, case, "assessment_outcome", 420, outcome="plan")
    run(record, world, case, "final_plan_issued", 400)
    run(record, world, case, "review_meeting_held", 30)
    run(record, world, case, "review_decision_notified", 5, outcome="amend")
    [decision, _] = sent("review_decision")
    assert "we will change the plan" in decision.body
    assert "We will send you a draft of the new plan" in decision.body


def test_no_message_for_a_step_recorded_in_a_transaction_that_rolls_back(
    world, family, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case(world, received_days_ago=30)
    before = NotifyMessage.objects.count()

    def decide_then_fail() -> None:
        with transaction.atomic():
            record(world, case, "decision_to_assess", 2, outcome="yes")
            raise RuntimeError("something later failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        decide_then_fail()
    assert callbacks == []
    assert NotifyMessage.objects.count() == before
    assert not sent("assessment_agreed")
    assert not CaseEvent.objects.filter(case=case, type="decision_to_assess").exists()


def test_a_step_announced_twice_tells_each_person_once(world, family, run):
    case = run(open_case, world, received_days_ago=10)
    event = CaseEvent.objects.get(case=case, type="request_received")
    count = NotifyMessage.objects.count()
    case_step_recorded.send(
        sender=CaseEvent, case_id=case.pk, event_id=event.pk, type="request_received"
    )
    assert NotifyMessage.objects.count() == count == 4


def test_a_correction_sends_nothing(world, family, run):
    case = run(open_case, world, received_days_ago=30)
    run(record, world, case, "decision_to_assess", 3, outcome="yes")
    first = CaseEvent.objects.get(case=case, type="decision_to_assess")
    count = NotifyMessage.objects.count()
    run(
        case_services.event_record,
        actor=world.user(Role.CASEWORKER),
        case=case,
        type="decision_to_assess",
        date=days_ago(2),
        details={"outcome": "yes"},
        supersedes=first,
    )
    assert NotifyMessage.objects.count() == count


# ---------------------------------------------------------------------------------------------
# The 16+ rule: who is told about a young person


@pytest.fixture
def young_person(world):
    """A young person past compulsory school age with their own account, and a parent."""
    account = UserFactory(
        username="yp",
        role=Role.FAMILY,
        first_name="Rowan",
        last_name="Heron",
        email="rowan@example.org",
    )
    child = ChildFactory(
        first_name="Rowan",
        last_name="Heron",
        date_of_birth=dt.date(2008, 1, 10),
        responsible_authority=world.la,
        young_person_user=account,
    )
    FamilyMember.objects.create(
        child=child,
        full_name="Hana Heron",
        relationship="mother",
        parental_responsibility=True,
        email="hana@example.org",
    )
    return child


def test_a_parent_the_16_plus_rule_excludes_is_not_told_the_young_person_is(
    world, young_person, run
):
    young_person.parents_access = ParentsAccess.STOP
    young_person.save()
    run(open_case, world, child=young_person, received_days_ago=5, source="young_person")
    [message] = sent("request_received")
    assert message.to == "rowan@example.org"
    assert message.recipient == "Rowan Heron"
    assert not NotifyMessage.objects.filter(to="hana@example.org").exists()


def test_until_the_young_person_decides_both_are_told(world, young_person, run):
    run(open_case, world, child=young_person, received_days_ago=5, source="young_person")
    assert [m.to for m in sent("request_received")] == ["hana@example.org", "rowan@example.org"]


def test_when_the_young_person_lacks_capacity_the_parent_is_still_told(world, young_person, run):
    young_person.parents_access = ParentsAccess.STOP
    young_person.lacks_capacity_recorded_on = days_ago(100)
    young_person.save()
    run(open_case, world, child=young_person, received_days_ago=5, source="young_person")
    assert "hana@example.org" in [m.to for m in sent("request_received")]


def test_the_young_persons_own_preference_is_used(world, young_person, run):
    young_person.parents_access = ParentsAccess.STOP
    young_person.young_person_contact_preference = ContactPreference.EMAIL_AND_TEXT
    young_person.young_person_mobile = "07700900222"
    young_person.save()
    run(open_case, world, child=young_person, received_days_ago=5, source="young_person")
    [text] = sent("request_received", "sms")
    assert text.to == "07700900222"


# ---------------------------------------------------------------------------------------------
# Late steps, after the nightly refresh


def test_a_late_step_is_told_once_after_the_nightly_refresh(world, family, run):
    case = run(open_case, world, received_days_ago=50)  # the decision was due 8 days ago
    assert Deadline.objects.get(case=case, key="decide_whether_to_assess").status == "overdue"
    assert not sent("step_late")
    run(case_services.refresh_all)
    late = sent("step_late")
    assert [m.to for m in late] == ["dev@example.org", "mina@example.org"]
    decision_by = due(case, "decide_whether_to_assess")
    assert f"This should have happened by {decision_by}" in late[0].body
    assert "our decision on whether to do the assessment" in late[0].body
    assert "the SEND Regulations 2014, regulation 5(1)" in late[0].body
    assert len(sent("step_late", "sms")) == 1
    assert NotifyMessage.objects.filter(kind="letter", subject__startswith="Sorry").count() == 1
    # The next night, and the one after: nothing more about the same deadline.
    run(case_services.refresh_all)
    run(case_services.refresh_all, full=True)
    assert len(sent("step_late")) == 2


def test_a_step_late_for_long_before_messages_began_is_not_announced(world, family, run):
    run(open_case, world, received_days_ago=80)  # due 38 days ago
    run(case_services.refresh_all)
    assert not sent("step_late")


def test_a_step_done_on_time_is_never_told_late(world, family, run):
    case = run(open_case, world, received_days_ago=50)
    run(record, world, case, "decision_to_assess", 45, outcome="yes")
    run(case_services.refresh_all)
    assert not sent("step_late")


def test_services_queue_nothing_for_a_step_that_changes_nothing_for_the_family(world, family, run):
    case = run(open_case, world, received_days_ago=30)
    count = NotifyMessage.objects.count()
    run(record, world, case, "advice_requested", 20, id="ep-1", source="psychological")
    event = CaseEvent.objects.get(case=case, type="advice_requested")
    assert services.family_messages_for_step(case_id=case.pk, event_id=event.pk) == []
    assert NotifyMessage.objects.count() == count


def test_a_carer_who_reads_the_plan_is_told_of_the_final_plan_only(world, run):
    child = world.ours_cared_for
    carer = UserFactory(username="carer", role=Role.FAMILY, email="carer@example.org")
    FamilyMember.objects.create(
        child=child,
        full_name="Kit Marmot",
        relationship="foster_carer",
        parental_responsibility=False,
        plan_read_access=True,
        user=carer,
    )
    case = run(open_case, world, child=child, received_days_ago=200, source="social_care")
    run(record, world, case, "decision_to_assess", 190, outcome="yes")
    run(record, world, case, "assessment_outcome", 150, outcome="plan")
    run(record, world, case, "draft_plan_sent", 120)
    assert not NotifyMessage.objects.filter(to="carer@example.org").exists()
    run(record, world, case, "final_plan_issued", 100)
    [message] = NotifyMessage.objects.filter(to="carer@example.org")
    assert message.template_id == template("final_plan")


def test_the_familys_own_late_advice_is_not_told_as_our_delay(world, family, run):
    case = run(open_case, world, received_days_ago=70)
    run(record, world, case, "decision_to_assess", 60, outcome="yes")
    run(record, world, case, "advice_requested", 50, id="parent-1", source="parent")
    run(record, world, case, "advice_requested", 50, id="ep-1", source="psychological")
    run(case_services.refresh_all)  # both were due 8 days ago
    late = sent("step_late")
    assert len(late) == 2  # one each for the two parents by email: the psychologist's advice
    assert all("advice from someone we asked" in m.body for m in late)
