"""A school's SEND data profile: its register's figures against hand-counted pupils, the
authority's schools beside them, and who may open it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sendpath.people.models import Role, SettingAttendance
from sendpath.people.tests.factories import PASSWORD, ChildFactory, OrganisationFactory
from sendpath.support.partners.selectors import school_profile

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 1)  # school year starting September 2026
START = dt.date(2025, 9, 1)


def pupil(school, *, dob, sex="F", need="SLCN", provision="K", cared_for=False, left=None):
    child = ChildFactory(
        responsible_authority=school.local_authority,
        date_of_birth=dob,
        sex=sex,
        primary_need=need,
        sen_provision=provision,
        cared_for=cared_for,
    )
    SettingAttendance.objects.create(
        child=child, organisation=school, start_date=START, end_date=left
    )
    return child


@pytest.fixture
def schools(world):
    """Our school: 4 on the register (and one not, one who left); a second school of the same
    authority: 2; a school of another authority: 1, never counted."""
    ours, second = world.school, OrganisationFactory(name="Second", local_authority=world.la)
    # Year 3 in 2026/27: born 1 September 2018 to 31 August 2019.
    pupil(ours, dob=dt.date(2018, 9, 1), need="SLCN", sex="M")
    pupil(ours, dob=dt.date(2019, 8, 31), need="SEMH", sex="F", cared_for=True)
    pupil(ours, dob=dt.date(2019, 10, 1), need="SEMH", sex="M", provision="E")  # Year 2
    pupil(ours, dob=dt.date(2020, 1, 5), need="", sex="M")  # Year 2, need not recorded
    pupil(ours, dob=dt.date(2018, 9, 1), provision="N")  # not on the register
    pupil(ours, dob=dt.date(2018, 9, 1), left=dt.date(2026, 7, 20))  # left
    pupil(second, dob=dt.date(2018, 12, 1), need="SEMH", sex="F")  # Year 3
    pupil(second, dob=dt.date(2016, 5, 1), need="ASD", sex="F")  # Year 6
    pupil(world.other_school, dob=dt.date(2018, 12, 1), need="SEMH")
    return ours, second


def by_label(rows):
    return {r.label: (r.school, r.authority) for r in rows}


def test_profile_counts_match_a_hand_count(world, schools):
    # The world's own two children at our school (both "SLCN", SEN support, born 2015-03-02:
    # Year 7 in 2026/27, one cared for, sex F) are on the register too.
    profile = school_profile(school=world.school, today=TODAY)
    assert profile.register == 6
    assert profile.authority_register == 8
    assert by_label(profile.provision) == {"SEN support": (5, 7), "EHC plan": (1, 1)}
    needs = by_label(profile.needs)
    assert needs["Speech, language and communication needs"] == (3, 3)
    assert needs["Social, emotional and mental health"] == (2, 3)
    assert needs["Autistic spectrum disorder"] == (0, 1)
    assert needs["Not recorded"] == (1, 1)
    assert by_label(profile.year_groups) == {
        "Year 2": (2, 2),
        "Year 3": (2, 3),
        "Year 6": (0, 1),
        "Year 7": (2, 2),
    }
    assert by_label(profile.sex) == {"Female": (3, 5), "Male": (3, 3)}
    assert by_label(profile.cared_for) == {"Cared for": (2, 2), "Not cared for": (4, 6)}
    assert profile.sex[0].school_percent == "50%"
    assert profile.sex[0].authority_percent == "62%"


def test_profile_page_for_the_senco_says_what_is_not_recorded(client, world, schools):
    assert client.login(username=world.user(Role.SENCO).username, password=PASSWORD)
    response = client.get(reverse("support:profile"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pupils on your register" in page
    assert "compares your school with the authority only" in page
    assert "Free school meals: not recorded" in page
    assert "Exclusions of pupils on the register: not recorded" in page
    assert world.ours.full_name not in page


def test_profile_empty_state(client, world):
    empty = OrganisationFactory(name="Empty", local_authority=world.la)
    world.user(Role.SENCO).organisation = empty
    world.user(Role.SENCO).save()
    assert client.login(username=world.user(Role.SENCO).username, password=PASSWORD)
    page = client.get(reverse("support:profile")).content.decode()
    assert "No pupil on your roll is on the SEN register" in page


@pytest.mark.parametrize(
    "who", [Role.CASEWORKER, Role.VIRTUAL_SCHOOL, Role.FAMILY, Role.LEADER, Role.PROFESSIONAL]
)
def test_only_a_senco_opens_the_profile(client, world, who):
    assert client.login(username=world.user(who).username, password=PASSWORD)
    assert client.get(reverse("support:profile")).status_code in (403, 404)
