"""A child's SEN support read by the SEND team and the Virtual School: the panel on the child's
record and the read-only overview, each role's reach, and the audit of every read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.people.models import Child, Organisation, Role, User
from sendpath.people.tests.factories import PASSWORD
from sendpath.support import money
from sendpath.support.models import (
    AdviceSource,
    Cycle,
    CycleAdvice,
    NextStep,
    ProvisionEntry,
    PupilVoice,
    Target,
    Wave,
    term_of,
)

pytestmark = pytest.mark.django_db

PANEL = "SEN support in school"


def give_support(child: Child, school: Organisation) -> Cycle:
    """Two cycles (the first reviewed), targets, advice, this year's provision and a voice."""
    today = timezone.localdate()
    first = Cycle.objects.create(
        child=child,
        school=school,
        number=1,
        started_on=today - dt.timedelta(days=120),
        review_due=today - dt.timedelta(days=70),
        reviewed_on=today - dt.timedelta(days=70),
        next_step=NextStep.ANOTHER_CYCLE,
    )
    second = Cycle.objects.create(
        child=child,
        school=school,
        number=2,
        previous=first,
        started_on=today - dt.timedelta(days=60),
        review_due=today + dt.timedelta(days=10),
    )
    Target.objects.create(cycle=first, outcome="Old target kept off the panel")
    Target.objects.create(cycle=second, outcome="Reads ten new words a week")
    CycleAdvice.objects.create(
        cycle=second,
        source=AdviceSource.SPEECH_AND_LANGUAGE,
        received_on=today - dt.timedelta(days=50),
        summary="Visual timetable",
    )
    year, term = term_of(today)
    for minutes in (60, 30):
        cost = money.term_cost(
            money.Costing(
                rate_pence=2400,
                per_session=False,
                minutes_per_week=minutes,
                sessions_per_week=0,
                weeks=12,
            )
        )
        ProvisionEntry.objects.create(
            child=child,
            school=school,
            school_year=year,
            term=term,
            description=f"Reading group {minutes}",
            wave=Wave.TARGETED,
            rate_pence=2400,
            minutes_per_week=minutes,
            weeks=12,
            cost_pence=cost,
        )
    ProvisionEntry.objects.create(  # last year: not in this year's total
        child=child,
        school=school,
        school_year=year - 1,
        term=term,
        description="Last year's group",
        wave=Wave.TARGETED,
        rate_pence=100_000,
        minutes_per_week=60,
        weeks=10,
        cost_pence=100_000,
    )
    PupilVoice.objects.create(
        child=child,
        cycle=second,
        method="three_wishes",
        gathered_on=today,
        gathered_by="Class teacher",
        content="More time outside",
    )
    return second


def sign_in(client, user: User) -> None:
    assert client.login(username=user.username, password=PASSWORD)


def test_caseworker_sees_the_panel_with_cycles_targets_totals_and_voice(client, world):
    give_support(world.ours, world.school)
    sign_in(client, world.user(Role.CASEWORKER))
    page = client.get(reverse("people:child", args=[world.ours.pk])).content.decode()
    assert PANEL in page
    assert "Reads ten new words a week" in page
    assert "Old target kept off the panel" not in page
    # 24 pounds an hour, 12 weeks: 60 minutes a week is 288 pounds, 30 minutes 144 pounds.
    assert "£432" in page
    assert "1 recorded" in page
    assert reverse("support:overview", args=[world.ours.pk]) in page
    assert reverse("support:pupil", args=[world.ours.pk]) in page
    assert page.count('id="sen-support"') == 1


def test_panel_empty_state(client, world):
    sign_in(client, world.user(Role.MANAGER))
    page = client.get(reverse("people:child", args=[world.ours.pk])).content.decode()
    assert "The school has recorded no SEN support for this child." in page


def test_virtual_school_sees_the_panel_for_a_cared_for_child(client, world):
    give_support(world.ours_cared_for, world.school)
    sign_in(client, world.user(Role.VIRTUAL_SCHOOL))
    page = client.get(reverse("people:child", args=[world.ours_cared_for.pk])).content.decode()
    assert PANEL in page


@pytest.mark.parametrize("who", [Role.SENCO, "other_senco", Role.PROFESSIONAL, Role.LEADER])
def test_others_see_no_panel(client, world, who):
    for child in (world.ours, world.linked, world.theirs):
        give_support(child, world.school)
    sign_in(client, world.user(who))
    for child in (world.ours, world.linked, world.theirs):
        page = client.get(reverse("people:child", args=[child.pk])).content.decode()
        # A SENCO has the school's own link instead (``support/contributions.py``).
        assert "Provision map this school year" not in page
        assert reverse("support:overview", args=[child.pk]) not in page


def test_family_sees_no_panel(client, world):
    give_support(world.family_child, world.school)
    sign_in(client, world.user(Role.FAMILY))
    response = client.get(reverse("people:child", args=[world.family_child.pk]))
    assert PANEL not in response.content.decode()


def test_overview_shows_cycles_provision_and_voice_and_audits_the_read(client, world):
    give_support(world.ours, world.school)
    user = world.user(Role.CASEWORKER)
    sign_in(client, user)
    response = client.get(reverse("support:overview", args=[world.ours.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Cycle 2",
        "Cycle 1",
        "Reads ten new words a week",
        "Visual timetable",
        "Reading group 60",
        "£432",
        "£1,000",
        "More time outside",
    ):
        assert text in page
    assert AuditEntry.objects.filter(
        actor=user, child_id=world.ours.pk, action=AuditAction.VIEWED
    ).exists()


def test_overview_empty_states(client, world):
    sign_in(client, world.user(Role.MANAGER))
    page = client.get(reverse("support:overview", args=[world.ours.pk])).content.decode()
    assert "No cycle has been recorded." in page
    assert "No provision has been recorded." in page


@pytest.mark.parametrize(
    ("who", "child"),
    [
        ("other_caseworker", "ours"),
        (Role.CASEWORKER, "theirs"),
        (Role.VIRTUAL_SCHOOL, "ours"),  # not cared for
        (Role.SENCO, "ours"),
        ("other_senco", "ours"),
        (Role.FAMILY, "family_child"),
        (Role.LEADER, "ours"),
        (Role.PROFESSIONAL, "linked"),
    ],
)
def test_overview_is_404_out_of_reach_and_the_refusal_audited(client, world, who, child):
    target = getattr(world, child)
    give_support(target, world.school)
    user = world.user(who)
    sign_in(client, user)
    response = client.get(reverse("support:overview", args=[target.pk]))
    assert response.status_code == 404
    assert (
        not AuditEntry.objects.filter(actor=user, action=AuditAction.VIEWED)
        .filter(child_id=target.pk, summary__icontains="support")
        .exists()
    )
    assert AuditEntry.objects.filter(actor=user, action=AuditAction.DENIED).exists()


def test_virtual_school_reads_the_overview_of_a_child_placed_here(client, world):
    give_support(world.theirs_placed_here, world.school)
    sign_in(client, world.user(Role.VIRTUAL_SCHOOL))
    response = client.get(reverse("support:overview", args=[world.theirs_placed_here.pk]))
    assert response.status_code == 200


def test_overview_refuses_a_post(client, world):
    sign_in(client, world.user(Role.CASEWORKER))
    response = client.post(reverse("support:overview", args=[world.ours.pk]))
    assert response.status_code == 405


def test_the_annual_review_page_starts_from_the_childs_views(client, world):
    from sendpath.ehc.tests.helpers import open_case

    give_support(world.ours, world.school)
    case = open_case(world)
    sign_in(client, world.user(Role.CASEWORKER))
    page = client.get(reverse("ehc:review", args=[case.pk])).content.decode()
    assert "The child&#39;s views from school (My Story)" in page
    assert "More time outside (Three wishes," in page
    assert reverse("support:overview", args=[world.ours.pk]) in page


def test_the_annual_review_page_says_when_the_school_has_no_views(client, world):
    from sendpath.ehc.tests.helpers import open_case

    case = open_case(world)
    sign_in(client, world.user(Role.CASEWORKER))
    page = client.get(reverse("ehc:review", args=[case.pk])).content.decode()
    assert "None recorded by the school" in page


def test_the_advice_page_shows_the_childs_views_from_school(client, world):
    from sendpath.ehc.tests.helpers import open_case

    give_support(world.ours, world.school)
    case = open_case(world)
    sign_in(client, world.user(Role.CASEWORKER))
    page = client.get(reverse("ehc:advice", args=[case.pk])).content.decode()
    assert "The child&#39;s views from school (My Story)" in page
    assert "More time outside (Three wishes," in page
