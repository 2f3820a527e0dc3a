"""Shared set-up for the tests of what a family can ask for and send."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import unescape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from sendpath.ehc.cases import services as case_services
from sendpath.ehc.models import Case, PlanNeed, PlanOutcome, PlanProvision
from sendpath.ehc.plans import issuing
from sendpath.people.models import Child, FamilyMember, Role, User
from sendpath.people.tests.factories import PASSWORD, ChildFactory, UserFactory


@dataclass
class Family:
    parent: User
    child: Child  # the parent's child, aged 11
    young_person: User
    own: Child  # the young person's own record, aged 20
    too_young: User
    too_young_child: Child  # a young person's own account, but only 14
    other_parent: User
    other_child: Child
    closed_to_parent: Child  # over 16, parents' access stopped


def years_ago(years: int) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, month=1, day=15)


def build_family(world) -> Family:
    parent = world.user(Role.FAMILY)
    parent.email = "parent@example.org"
    parent.save(update_fields=["email"])
    child = world.family_child
    young_person = UserFactory(username="youngperson", role=Role.FAMILY, email="yp@example.org")
    own = ChildFactory(
        first_name="Yolanda",
        last_name="Kestrel",
        date_of_birth=years_ago(20),
        responsible_authority=world.la,
        young_person_user=young_person,
    )
    too_young = UserFactory(username="tooyoung", role=Role.FAMILY)
    too_young_child = ChildFactory(
        first_name="Tobias",
        last_name="Heron",
        date_of_birth=years_ago(14),
        responsible_authority=world.la,
        young_person_user=too_young,
    )
    other_parent = UserFactory(username="otherparent", role=Role.FAMILY)
    other_child = ChildFactory(
        first_name="Ottoline", last_name="Badger", responsible_authority=world.la
    )
    FamilyMember.objects.create(
        child=other_child,
        full_name="Olive Badger",
        relationship="mother",
        parental_responsibility=True,
        user=other_parent,
    )
    closed = ChildFactory(
        first_name="Cressida",
        last_name="Wombat",
        date_of_birth=years_ago(17),
        responsible_authority=world.la,
        parents_access="stop",
    )
    FamilyMember.objects.create(
        child=closed,
        full_name="Pamela Wombat",
        relationship="mother",
        parental_responsibility=True,
        user=parent,
    )
    return Family(
        parent=parent,
        child=child,
        young_person=young_person,
        own=own,
        too_young=too_young,
        too_young_child=too_young_child,
        other_parent=other_parent,
        other_child=other_child,
        closed_to_parent=closed,
    )


def client_of(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def body(response) -> str:
    return unescape(response.content.decode())


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def pdf(name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7 a report", content_type="application/pdf")


def case_with_draft(world, child: Child, *, sent_days_ago: int = 3) -> Case:
    """A case whose draft plan was sent ``sent_days_ago`` days ago."""
    caseworker = world.user(Role.CASEWORKER)
    start = sent_days_ago + 100
    case = case_services.case_open(
        actor=caseworker, child=child, source="parent", received_on=days_ago(start)
    )
    for type_, day, details in (
        ("decision_to_assess", start - 30, {"outcome": "yes"}),
        ("assessment_outcome", start - 80, {"outcome": "plan"}),
    ):
        case_services.event_record(
            actor=caseworker, case=case, type=type_, date=days_ago(day), details=details
        )
    case.refresh_from_db()
    plan = case.plan
    plan.section_a = "Loves drawing and wants to be a vet"
    plan.save(update_fields=["section_a"])
    need = PlanNeed.objects.create(plan=plan, area="Communication", description="Finds words hard")
    outcome = PlanOutcome.objects.create(
        plan=plan, what="Talks in short sentences", by_when="July", how_measured="Therapist"
    )
    outcome.needs.add(need)
    provision = PlanProvision.objects.create(
        plan=plan,
        section="F",
        what="Speech therapy",
        who="Therapist",
        how_often="Weekly",
        how_long="30 minutes",
    )
    provision.needs.add(need)
    issuing.draft_send(
        actor=caseworker, case=case, sent_on=days_ago(sent_days_ago), warnings_checked=True
    )
    case.refresh_from_db()
    return case


def case_in_force(world, child: Child, *, issued_ago: int = 300, meeting_in: int | None = 10):
    """A case whose final plan was issued ``issued_ago`` days ago, with a review meeting
    arranged ``meeting_in`` days ahead (none when None)."""
    from sendpath.ehc.reviews import services as reviews

    caseworker = world.user(Role.CASEWORKER)
    start = issued_ago + 150
    case = case_services.case_open(
        actor=caseworker, child=child, source="parent", received_on=days_ago(start)
    )
    for type_, day, details in (
        ("decision_to_assess", start - 30, {"outcome": "yes"}),
        ("assessment_outcome", start - 100, {"outcome": "plan"}),
        ("draft_plan_sent", start - 110, {}),
        ("final_plan_issued", issued_ago, {}),
    ):
        case_services.event_record(
            actor=caseworker, case=case, type=type_, date=days_ago(day), details=details
        )
    case.refresh_from_db()
    if meeting_in is not None:
        reviews.review_schedule(
            actor=caseworker,
            case=case,
            meeting_on=timezone.localdate() + dt.timedelta(days=meeting_in),
        )
        case.refresh_from_db()
    return case
