"""Who is over- or under-represented: counts, flags, suppression, and who sees what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.insight import published
from sendpath.insight.groups import selectors
from sendpath.insight.groups.dimensions import dimension
from sendpath.insight.groups.tables import tables
from sendpath.insight.models import LocalPopulation
from sendpath.insight.rules import CHILDREN
from sendpath.people.models import Child, Role
from sendpath.people.tests.factories import PASSWORD, ChildFactory

PAGE = "/insight/groups/"


def signed_in(world, role):
    client = Client()
    assert client.login(username=world.user(role).username, password=PASSWORD)
    return client


def plans(world, n, *, authority=None, **fields):
    """n children of the authority with an EHC plan in force (SEN provision E)."""
    made = []
    for i in range(n):
        made.append(
            ChildFactory(
                responsible_authority=authority or world.la,
                sen_provision="E",
                last_name=f"Plan{(authority or world.la).la_code}{fields.get('sex', 'F')}{i:02d}",
                **fields,
            )
        )
    return made


def population(world, **sex):
    return LocalPopulation.objects.create(
        authority=world.la, counts={"sex": sex}, source="Test estimates", year="mid-2024"
    )


def table(user, population_key, dim):
    """One of the page's tables, as the page builds it for this user."""
    found = tables(user, on=timezone.localdate(), may_list=user.has_perm(CHILDREN))[population_key]
    return next(t for t in found if t.dimension.key == dim)


def row(t, key):
    return next(r for r in t.rows if r.key == key)


def test_counts_are_the_authoritys_own_and_never_anothers(world):
    plans(world, 12, sex="M")
    plans(world, 7, sex="F")
    plans(world, 30, sex="M", authority=world.other_la)
    response = signed_in(world, Role.LEADER).get(PAGE)
    assert response.status_code == 200
    sex = table(world.user(Role.LEADER), "plans", "sex")
    assert sex.total == 19
    assert row(sex, "M").count == 12
    assert row(sex, "F").count == 7
    assert row(sex, "M").share == 63.2  # 12 / 19, half-up to one place
    # The world's own children are on SEN Support (K) with SLCN.
    support = table(world.user(Role.LEADER), "sen-support", "need")
    assert (
        support.total
        == Child.objects.filter(responsible_authority=world.la, sen_provision="K").count()
    )


def test_a_large_different_group_is_flagged_and_a_similar_one_is_not(world):
    population(world, F=5000, M=5000)
    plans(world, 40, sex="M")
    plans(world, 10, sex="F")
    sex = table(world.user(Role.LEADER), "plans", "sex")
    names = sex.comparisons
    at = names.index("the authority's 0-25 population")
    assert row(sex, "M").compared[at].flag == "over"
    assert row(sex, "M").compared[at].ratio == 1.6
    assert row(sex, "F").compared[at].flag == "under"

    males = Child.objects.filter(sex="M", sen_provision="E").values_list("pk", flat=True)
    Child.objects.filter(pk__in=list(males)[:14]).update(sex="F")  # now 26 M, 24 F
    sex = table(world.user(Role.LEADER), "plans", "sex")
    assert row(sex, "M").count == 26
    assert row(sex, "M").compared[at].flag == ""
    assert row(sex, "F").compared[at].flag == ""


def test_counts_of_one_to_four_are_suppressed_and_never_flagged(world):
    population(world, F=5000, M=5000)
    plans(world, 3, sex="F")
    plans(world, 60, sex="M")
    body = signed_in(world, Role.MANAGER).get(PAGE).content.decode()
    assert "/insight/groups/plans/sex/" not in body
    assert 'c<span class="govuk-visually-hidden"> (not shown: fewer than 5)</span>' in body
    sex = table(world.user(Role.MANAGER), "plans", "sex")
    for key in ("F", "M"):  # 3 hidden, and 60 with it (the total would give it away)
        assert row(sex, key).count == "c"
        assert row(sex, key).share == "c"
        assert row(sex, key).children_url == ""
        assert all(c.flag == "" for c in row(sex, key).compared)
    # The manager's list of a suppressed group is refused too.
    url = reverse("insight:groups_children", args=["plans", "sex", "F"])
    assert signed_in(world, Role.MANAGER).get(url).status_code == 404


def test_a_leader_sees_counts_only_no_names_and_no_links(world):
    made = plans(world, 8, sex="M", first_name="Zebedee")
    response = signed_in(world, Role.LEADER).get(PAGE)
    body = response.content.decode()
    assert made[0].last_name not in body
    assert "Zebedee" not in body
    assert "/insight/groups/plans/" not in body
    url = reverse("insight:groups_children", args=["plans", "sex", "M"])
    assert signed_in(world, Role.LEADER).get(url).status_code == 403
    assert AuditEntry.objects.filter(action=AuditAction.DENIED, actor=world.user(Role.LEADER))


def test_a_manager_opens_the_children_behind_a_count_scoped_and_audited(world, settings):
    settings.PAGE_SIZE = 5
    ours = plans(world, 7, sex="M")
    theirs = plans(world, 6, sex="M", authority=world.other_la)
    manager = signed_in(world, Role.MANAGER)
    body = manager.get(PAGE).content.decode()
    url = reverse("insight:groups_children", args=["plans", "sex", "M"])
    assert f'href="{url}"' in body
    response = manager.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    shown = [c for c in ours if c.last_name in page]
    assert len(shown) == 5  # the first page of 7
    assert not any(c.last_name in page for c in theirs)
    assert "7 children and young people" in page
    audited = set(
        AuditEntry.objects.filter(
            action=AuditAction.VIEWED, actor=world.user(Role.MANAGER)
        ).values_list("child_id", flat=True)
    )
    assert {c.pk for c in shown} <= audited
    assert not audited & {c.pk for c in theirs}
    second = manager.get(url + "?page=2").content.decode()
    assert sum(c.last_name in second for c in ours) == 2


@pytest.mark.parametrize(
    "path",
    [
        "/insight/groups/plans/sex/X/",
        "/insight/groups/nobody/sex/M/",
        "/insight/groups/plans/nothing/M/",
    ],
)
def test_an_unknown_group_is_not_found(world, path):
    assert signed_in(world, Role.MANAGER).get(path).status_code == 404


def test_other_roles_are_refused(world):
    for role in (Role.CASEWORKER, Role.SENCO, Role.FAMILY):
        assert signed_in(world, role).get(PAGE).status_code == 403


def test_without_a_population_the_page_says_so_and_compares_with_england(world):
    plans(world, 10, sex="M")
    response = signed_in(world, Role.ADMINISTRATOR).get(PAGE)
    body = response.content.decode()
    assert "0 to 25 population is not known" in body
    assert reverse("insight:groups_population") in body
    sex = table(world.user(Role.ADMINISTRATOR), "plans", "sex")
    assert "the authority's 0-25 population" not in sex.comparisons
    # The test world's authority code (901) is not in DfE's files.
    assert "No published comparison is found for the authority" in body
    if published.folder() is not None:
        assert sex.comparisons[0].startswith("England's EHC plans, January 20")


@pytest.mark.skipif(published.folder() is None, reason="DfE's published files are not loaded")
def test_englands_shares_are_dfes():
    on = dt.date(2026, 1, 15)
    sex = selectors.england_counts(dimension("sex", on))
    ethnicity = selectors.england_counts(dimension("ethnicity", on))
    needs = selectors.england_counts(dimension("need", on))
    age = selectors.england_counts(dimension("age", on))
    assert sex
    assert ethnicity
    assert needs
    assert age
    period = selectors.england_period()
    total = published.value("caseload", "ehcplans", time_period=period, level=published.NATIONAL)
    unknown_sex = published.value(
        "caseload", "ehcplans", time_period=period, level=published.NATIONAL,
        topic="Sex", breakdown="Unknown",
    )  # fmt: skip
    assert sex["F"] + sex["M"] + (unknown_sex or 0) == total
    assert sum(v for v in ethnicity.values() if v) == total
    assert sum(v for v in age.values() if v) == total
    assert needs["NSA"] is None  # SEN Support's alone: England publishes none


def test_free_school_meals_compare_plans_with_sen_support_and_all_children(world):
    plans(world, 20, sex="M", fsm_eligible="Y")
    plans(world, 20, sex="M", fsm_eligible="N")
    for i in range(30):
        ChildFactory(responsible_authority=world.la, sen_provision="K", fsm_eligible="N",
                     last_name=f"Support{i}")  # fmt: skip
    fsm = table(world.user(Role.LEADER), "plans", "fsm")
    assert fsm.comparisons == [
        "the authority's SEN Support",
        "all the authority's children on record",
    ]
    eligible = row(fsm, "eligible")
    assert eligible.count == 20
    # SEN Support: none eligible of the 30 (plus the world's own, not known) -> 0.0%, no test.
    assert eligible.compared[0].share == 0.0
    assert eligible.compared[0].flag == ""
    assert any("DfE publishes no breakdown" in n for n in fsm.notes)
