"""Factories and a small two-authority world for the tests."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

import factory

from sendpath.core.identifiers import nhs_check_digit, upn_check_letter
from sendpath.people.models import (
    Child,
    FamilyMember,
    Organisation,
    OrganisationKind,
    ProfessionalLink,
    Role,
    SettingAttendance,
    SettingType,
    User,
)

_upn_counter = itertools.count(100000000001)
_nhs_counter = itertools.count(999000001)
PASSWORD = "correct-horse-battery-staple"


def valid_upn() -> str:
    body = f"{next(_upn_counter):012d}"[-12:]
    return upn_check_letter(body) + body


def valid_nhs_number() -> str:
    while True:
        body = f"{next(_nhs_counter):09d}"
        check = nhs_check_digit(body)
        if check is not None:
            return f"{body}{check}"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.SCHOOL
    name = factory.Sequence(lambda n: f"Test School {n}")
    urn = factory.Sequence(lambda n: f"{900000 + n}")
    setting_type = SettingType.MAINSTREAM_MAINTAINED


class AuthorityFactory(OrganisationFactory):
    kind = OrganisationKind.LOCAL_AUTHORITY
    name = factory.Sequence(lambda n: f"Authority {n}")
    la_code = factory.Sequence(lambda n: f"{800 + n}")
    urn = ""
    setting_type = ""


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    role = Role.CASEWORKER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    first_name = factory.Sequence(lambda n: f"Child{n}")
    last_name = factory.Sequence(lambda n: f"Family{n}")
    date_of_birth = dt.date(2015, 3, 2)
    sex = "F"
    upn = factory.LazyFunction(valid_upn)
    sen_provision = "K"
    primary_need = "SLCN"


@dataclass
class World:
    la: Organisation
    other_la: Organisation
    school: Organisation
    other_school: Organisation
    health: Organisation
    users: dict[str, User] = field(default_factory=dict)
    # Children of our authority at our school, and of the other authority at theirs.
    ours: Child | None = None
    ours_cared_for: Child | None = None
    theirs: Child | None = None
    theirs_placed_here: Child | None = None
    linked: Child | None = None
    family_child: Child | None = None

    def user(self, role: str) -> User:
        return self.users[role]


def build_world() -> World:
    la = AuthorityFactory(name="Ourshire Council", la_code="901")
    other_la = AuthorityFactory(name="Theirshire Council", la_code="902")
    school = OrganisationFactory(name="Ourshire Primary", local_authority=la)
    other_school = OrganisationFactory(name="Theirshire Academy", local_authority=other_la)
    health = OrganisationFactory(
        kind=OrganisationKind.HEALTH,
        name="Ourshire NHS Trust",
        urn="",
        setting_type="",
        local_authority=la,
    )
    w = World(la=la, other_la=other_la, school=school, other_school=other_school, health=health)
    for role, org in (
        (Role.CASEWORKER, la),
        (Role.MANAGER, la),
        (Role.VIRTUAL_SCHOOL, la),
        (Role.SENCO, school),
        (Role.PROFESSIONAL, health),
        (Role.FAMILY, None),
        (Role.LEADER, la),
        (Role.ADMINISTRATOR, la),
    ):
        w.users[role] = UserFactory(username=str(role), role=role, organisation=org)
    w.users["other_caseworker"] = UserFactory(
        username="other_caseworker", role=Role.CASEWORKER, organisation=other_la
    )
    w.users["other_senco"] = UserFactory(
        username="other_senco", role=Role.SENCO, organisation=other_school
    )

    start = dt.date(2020, 9, 1)
    w.ours = ChildFactory(first_name="Aurelia", last_name="Quokka", responsible_authority=la)
    SettingAttendance.objects.create(child=w.ours, organisation=school, start_date=start)
    w.ours_cared_for = ChildFactory(
        first_name="Casimir",
        last_name="Marmot",
        responsible_authority=la,
        cared_for=True,
        looked_after_by=la,
    )
    SettingAttendance.objects.create(child=w.ours_cared_for, organisation=school, start_date=start)
    w.theirs = ChildFactory(
        first_name="Thaddeus", last_name="Ocelot", responsible_authority=other_la
    )
    SettingAttendance.objects.create(child=w.theirs, organisation=other_school, start_date=start)
    # Cared for by the other authority, living in ours: our Virtual School sees them.
    w.theirs_placed_here = ChildFactory(
        first_name="Perpetua",
        last_name="Narwhal",
        responsible_authority=other_la,
        resident_authority=la,
        cared_for=True,
        looked_after_by=other_la,
    )
    w.linked = ChildFactory(first_name="Leopold", last_name="Pangolin", responsible_authority=la)
    ProfessionalLink.objects.create(child=w.linked, user=w.users[Role.PROFESSIONAL])
    w.family_child = ChildFactory(
        first_name="Fenella", last_name="Wombat", responsible_authority=la
    )
    FamilyMember.objects.create(
        child=w.family_child,
        full_name="Pamela Wombat",
        relationship="mother",
        parental_responsibility=True,
        user=w.users[Role.FAMILY],
    )
    return w
