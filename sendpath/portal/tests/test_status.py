"""The family's status pages: the dates they see are the caseworker's, nobody sees another
child, and every read is audited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sendpath.core.formatting import govuk_date
from sendpath.core.models import AuditAction, AuditEntry
from sendpath.ehc.cases import services
from sendpath.ehc.models import Case, Deadline
from sendpath.ehc.presenters import live_status
from sendpath.people.models import FamilyMember, Role
from sendpath.people.tests.factories import PASSWORD, ChildFactory, UserFactory
from sendpath.portal.status import presenters

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def record(world, case: Case, type_: str, days: int, **details) -> None:
    services.event_record(
        actor=world.user(Role.CASEWORKER),
        case=case,
        type=type_,
        date=days_ago(days),
        details=details,
    )


@pytest.fixture
def parent(world):
    member = FamilyMember.objects.get(child=world.family_child, user=world.user(Role.FAMILY))
    member.has_account_access = True
    member.save()
    return world.user(Role.FAMILY)


def open_case(world, received_days_ago: int) -> Case:
    return services.case_open(
        actor=world.user(Role.CASEWORKER),
        child=world.family_child,
        source="parent",
        received_on=days_ago(received_days_ago),
    )


def _staff_dates(world, case: Case) -> dict[str, str]:
    """The due dates the caseworker's case page shows, by deadline key (its table's rows)."""
    page = signed_in(world.user(Role.CASEWORKER)).get(case.get_absolute_url())
    assert page.status_code == 200
    return page.content.decode()


def _family_dates(body: str) -> dict[str, str]:
    return dict(re.findall(r'class="app-due" data-key="([^"]+)">([^<]+)<', body))


# Every date the family sees equals the caseworker's ----------------------------------------


@pytest.mark.parametrize(
    "stage",
    ["just_received", "late_decision", "assessing", "draft_sent"],
)
def test_every_date_the_family_sees_is_the_stored_deadline_the_caseworker_sees(
    world, parent, stage
):
    if stage == "just_received":
        case = open_case(world, 10)
    elif stage == "late_decision":
        case = open_case(world, 60)  # the 6-week decision is late
    elif stage == "assessing":
        case = open_case(world, 50)
        record(world, case, "decision_to_assess", 10, outcome="yes")
    else:
        case = open_case(world, 110)
        record(world, case, "decision_to_assess", 80, outcome="yes")
        record(world, case, "assessment_outcome", 20, outcome="plan")
        record(world, case, "draft_plan_sent", 3)
    body = signed_in(parent).get(reverse("portal:child", args=[world.family_child.pk]))
    assert body.status_code == 200
    shown = _family_dates(body.content.decode())
    assert shown, "the family sees at least one date"
    staff_page = _staff_dates(world, case)
    today = timezone.localdate()
    for key, text in shown.items():
        stored = Deadline.objects.get(case=case, key=key)
        assert text == govuk_date(stored.due), key
        assert live_status(stored, today) in ("open", "overdue")
        assert govuk_date(stored.due) in staff_page
    # Every pending statutory deadline of the case is shown to the family.
    pending = {
        d.key
        for d in Deadline.objects.filter(case=case)
        if live_status(d, today) in ("open", "overdue") and d.key != "draft_plan_target"
    }
    assert pending == set(shown)


def test_a_late_step_is_said_plainly_with_the_caseworkers_name_and_email(world, parent):
    case = open_case(world, 60)
    worker = world.user(Role.CASEWORKER)
    worker.email = "casey@ourshire.example"
    worker.save()
    Case.objects.filter(pk=case.pk).update(caseworker=worker)
    due = Deadline.objects.get(case=case, key="decide_whether_to_assess").due
    body = signed_in(parent).get(reverse("portal:child", args=[world.family_child.pk]))
    text = body.content.decode()
    assert f"this should have happened by {govuk_date(due)}" in text
    assert f"Your caseworker is {worker.get_full_name()} ({worker.email})" in text
    assert "The law says within 6 weeks of getting the request" in text
    assert "regulation 5(1)" in text


def test_with_no_caseworker_the_send_teams_contact_is_given(world, parent):
    case = open_case(world, 10)
    Case.objects.filter(pk=case.pk).update(caseworker=None)
    world.la.email = "send@ourshire.example"
    world.la.save()
    body = signed_in(parent).get(reverse("portal:child", args=[world.family_child.pk]))
    assert "Contact the SEND team at Ourshire Council (send@ourshire.example)" in (
        body.content.decode()
    )


def test_the_dates_move_when_the_caseworker_records_a_decision(world, parent):
    case = open_case(world, 20)
    url = reverse("portal:child", args=[world.family_child.pk])
    client = signed_in(parent)
    before = _family_dates(client.get(url).content.decode())
    assert set(before) == {
        "decide_whether_to_assess",
        "decide_whether_to_issue_plan",
        "issue_final_plan",
    }
    record(world, case, "decision_to_assess", 1, outcome="yes")
    after = client.get(url).content.decode()
    assert "decide_whether_to_assess" not in _family_dates(after)
    assert "We decided to do an assessment" in after
    assert "Assessment: finding out about your child" in after


def test_internal_notes_and_staff_names_are_never_shown(world, parent):
    case = open_case(world, 30)
    services.event_record(
        actor=world.user(Role.MANAGER),
        case=case,
        type="note",
        date=days_ago(2),
        details={},
        note="Panel thinks the family is difficult",
    )
    record(
        world, case, "decision_to_assess", 1, outcome="yes", reasons="Panel reasons: secret words"
    )
    body = signed_in(parent).get(reverse("portal:child", args=[world.family_child.pk]))
    text = body.content.decode()
    assert "difficult" not in text
    assert "secret words" not in text
    assert world.user(Role.MANAGER).get_full_name() not in text


# Nobody sees another child -------------------------------------------------------------------

PAGES = ("portal:child", "portal:timeline", "portal:timeline_pdf", "portal:plan", "portal:plan_pdf")


@pytest.mark.parametrize("name", PAGES)
def test_a_family_never_reaches_another_child(world, parent, name):
    client = signed_in(parent)
    for child in (world.ours, world.theirs, world.ours_cared_for):
        before = AuditEntry.objects.filter(action=AuditAction.DENIED, child_id=child.pk).count()
        assert client.get(reverse(name, args=[child.pk])).status_code == 404
        after = AuditEntry.objects.filter(action=AuditAction.DENIED, child_id=child.pk).count()
        assert after == before + 1, "the refusal is audited"


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", [Role.SENCO, Role.CASEWORKER, "other_caseworker"])
def test_staff_get_a_404_on_the_family_pages(world, name, role):
    client = signed_in(world.user(role))
    child = world.family_child
    before = AuditEntry.objects.filter(action=AuditAction.DENIED, child_id=child.pk).count()
    assert client.get(reverse(name, args=[child.pk])).status_code == 404
    after = AuditEntry.objects.filter(action=AuditAction.DENIED, child_id=child.pk).count()
    assert after == before + 1
    assert client.get(reverse("portal:home")).url == reverse("home")


def test_a_parent_loses_the_page_when_the_young_person_stops_their_access(world, parent):
    from sendpath.people.models import ParentsAccess

    child = world.family_child
    child.date_of_birth = timezone.localdate() - dt.timedelta(days=17 * 366)
    child.young_person_user = UserFactory(username="young", role=Role.FAMILY)
    child.parents_access = ParentsAccess.STOP
    child.save()
    client = signed_in(parent)
    for name in PAGES:
        assert client.get(reverse(name, args=[child.pk])).status_code == 404
    home = client.get(reverse("portal:home")).content.decode()
    assert child.full_name not in home
    assert "You can no longer see the record" in home
    # The young person sees their own case.
    own = signed_in(child.young_person_user)
    page = own.get(reverse("portal:child", args=[child.pk]))
    assert page.status_code == 200
    assert "Your case" in page.content.decode()


# Audited reads -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["portal:child", "portal:timeline", "portal:plan"])
def test_each_read_writes_an_audit_entry(world, parent, name):
    open_case(world, 10)
    child = world.family_child
    before = AuditEntry.objects.filter(
        action=AuditAction.VIEWED, child_id=child.pk, actor=parent
    ).count()
    assert signed_in(parent).get(reverse(name, args=[child.pk])).status_code == 200
    after = AuditEntry.objects.filter(action=AuditAction.VIEWED, child_id=child.pk, actor=parent)
    assert after.count() > before


def test_the_home_page_lists_the_child_audited_and_the_old_home_redirects(world, parent):
    open_case(world, 10)
    client = signed_in(parent)
    assert client.get(reverse("home")).url == reverse("portal:home")
    child = world.family_child
    assert client.get(child.get_absolute_url()).url == reverse("portal:child", args=[child.pk])
    home = client.get(reverse("portal:home"))
    text = home.content.decode()
    assert child.full_name in text
    assert "We have the request for an assessment" in text
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEWED, child_id=child.pk, summary__contains="home page"
    ).exists()


def test_the_glossary_is_public(client):
    page = client.get(reverse("portal:glossary"))
    assert page.status_code == 200
    text = page.content.decode()
    for term in ("SENDIASS", "UPN", "EOTAS", "Representations", "Working day", "Tribunal"):
        assert term in text


def test_the_one_line_status_names_a_late_step(world, parent):
    open_case(world, 60)
    line = presenters.one_line(world.family_child, parent)
    assert "Something is late" in line


def test_a_child_with_no_case_says_so(world, parent):
    body = signed_in(parent).get(reverse("portal:child", args=[world.family_child.pk]))
    assert "There is no request" in body.content.decode()


def test_a_carer_with_plan_only_access_reaches_the_plan_and_nothing_else(world):
    child = world.ours_cared_for
    carer = UserFactory(username="carer", role=Role.FAMILY)
    FamilyMember.objects.create(
        child=child,
        full_name="Cora Carer",
        relationship="foster_carer",
        plan_read_access=True,
        user=carer,
        has_account_access=False,
    )
    client = signed_in(carer)
    assert client.get(reverse("portal:plan", args=[child.pk])).status_code == 200
    for name in ("portal:child", "portal:timeline", "portal:timeline_pdf"):
        assert client.get(reverse(name, args=[child.pk])).status_code == 404
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("ehc:carer_plan", args=[child.pk]) in home  # the FAMILY_HOME slot


def test_another_parent_of_the_same_authority_is_refused(world, parent):
    other = UserFactory(username="otherparent", role=Role.FAMILY)
    mine = ChildFactory(first_name="Ottilie", last_name="Tapir", responsible_authority=world.la)
    FamilyMember.objects.create(
        child=mine,
        full_name="Olga Tapir",
        relationship="mother",
        parental_responsibility=True,
        has_account_access=True,
        user=other,
    )
    client = signed_in(other)
    assert client.get(reverse("portal:child", args=[mine.pk])).status_code == 200
    assert client.get(reverse("portal:child", args=[world.family_child.pk])).status_code == 404


def test_a_family_limit_that_has_passed_is_not_called_late(world, parent):
    """The family's own limits (mediation, appeal) are shown while open, never as late."""
    case = open_case(world, 150)
    record(world, case, "decision_to_assess", 110, outcome="no", reasons="Needs met at school")
    record(world, case, "decision_notice_sent", 110, notice="not_to_assess")
    limits = Deadline.objects.filter(case=case, family_limit=True)
    assert limits.exists()
    assert all(live_status(d) == "overdue" for d in limits)
    status = presenters.case_status(case, young_person=False)
    assert not status.late_steps
    assert not [s for s in status.next_steps if s.key in {d.key for d in limits}]
    body = signed_in(parent).get(reverse("portal:child", args=[world.family_child.pk]))
    text = body.content.decode()
    assert "We decided not to do an assessment" in text
    assert "should have happened" not in text


def test_an_open_family_limit_is_shown_with_its_date(world, parent):
    case = open_case(world, 50)
    record(world, case, "decision_to_assess", 5, outcome="no", reasons="Needs met at school")
    record(world, case, "decision_notice_sent", 5, notice="not_to_assess")
    appeal = Deadline.objects.get(case=case, key="appeal_deadline")
    body = signed_in(parent).get(reverse("portal:child", args=[world.family_child.pk]))
    shown = _family_dates(body.content.decode())
    assert shown["appeal_deadline"] == govuk_date(appeal.due)
    assert "Last day to appeal to the tribunal" in body.content.decode()


def test_advice_is_named_by_who_gives_it_never_by_a_persons_name(world, parent):
    from sendpath.ehc.advice import services as advice_services

    case = open_case(world, 40)
    record(world, case, "decision_to_assess", 30, outcome="yes")
    advice_services.advice_request(
        actor=world.user(Role.CASEWORKER),
        case=case,
        source="psychological",
        requested_on=days_ago(29),
        author="Dr Ophelia Quill",
        organisation="Ourshire Psychology Service",
        email="",
    )
    body = signed_in(parent).get(reverse("portal:child", args=[world.family_child.pk]))
    text = body.content.decode()
    assert "We asked for advice from an educational psychologist" in text
    assert (
        '<dt class="govuk-summary-list__key">Advice from an educational psychologist</dt>' in text
    )
    assert "Quill" not in text
